package cloudapi

import (
	"context"
	"iter"
)

// EachTemplate yields the templates of a WhatsApp Business Account page by
// page, with the fields asked for explicitly, asking for the next page only
// when the consumer wants more (eachItem): one call per page. A template
// listed twice is not understood (a cursor that went back). An error is
// yielded once, last.
//
// Meta's documentation: https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/message_templates/
func (c *Client) EachTemplate(ctx context.Context, wabaID string) iter.Seq2[Template, error] {
	q, label := templateQuery(TemplateFilter{}), templatesLabel(wabaID)
	return func(yield func(Template, error) bool) {
		seen := map[string]bool{}
		for t, err := range eachItem(ctx, c, label, []string{wabaID, "message_templates"}, q, decodeTemplate) {
			if err == nil && seen[t.ID] {
				err = &NotUnderstoodError{RequestLabel: label, Field: "data", Got: "template " + t.ID + " twice", Want: "each template once"}
			}
			if err != nil {
				yield(Template{}, err)
				return
			}
			seen[t.ID] = true
			if !yield(t, nil) {
				return
			}
		}
	}
}
