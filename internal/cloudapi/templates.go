package cloudapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Message templates: create, list, read, edit and delete a WABA's
// templates (docs/development/templates.md has the facts and what is
// unconfirmed). A template is one name in one language, with its own id.
//
// Writes here are not retried blind. A create whose answer was lost is
// settled by FindTemplate (name and language, matched exactly), and sent
// again only when the complete list shows it absent; a delete whose answer
// was lost, by the WABA's list for its name; an edit, which spends the
// edit budget of an APPROVED template and cannot be told from a read, is
// reported as an UnknownOutcomeError.

// templatesPageLimit is the page size asked for (Meta's default and
// maximum are unconfirmed; the answer's paging decides).
const templatesPageLimit = 100

// Template statuses (Meta's generated SDK's enum).
const (
	TemplateApproved        = "APPROVED"
	TemplateArchived        = "ARCHIVED"
	TemplateDeleted         = "DELETED"
	TemplateDisabled        = "DISABLED"
	TemplateInAppeal        = "IN_APPEAL"
	TemplateLimitExceeded   = "LIMIT_EXCEEDED"
	TemplatePaused          = "PAUSED"
	TemplatePending         = "PENDING"
	TemplatePendingDeletion = "PENDING_DELETION"
	TemplateRejected        = "REJECTED"
)

// TemplateStatuses are the statuses a template may read back with; any
// other is not understood.
var TemplateStatuses = []string{TemplateApproved, TemplateArchived, TemplateDeleted, TemplateDisabled, TemplateInAppeal,
	TemplateLimitExceeded, TemplatePaused, TemplatePending, TemplatePendingDeletion, TemplateRejected}

// TemplateCategories are the categories of a template.
var TemplateCategories = []string{"AUTHENTICATION", "MARKETING", "UTILITY"}

// TemplateRejectedReasons are Meta's rejected_reason values ("NONE" for a
// template that is not rejected).
var TemplateRejectedReasons = []string{"NONE", "ABUSIVE_CONTENT", "CATEGORY_NOT_AVAILABLE", "INCORRECT_CATEGORY",
	"INVALID_FORMAT", "PROMOTIONAL", "SCAM", "TAG_CONTENT_MISMATCH"}

// templateComponentTypes are the component types a read-back may hold.
var templateComponentTypes = []string{"HEADER", "BODY", "FOOTER", "BUTTONS", "CAROUSEL", "LIMITED_TIME_OFFER"}

// templateFields are asked for on every read: the list's default leaves
// out quality_score, rejected_reason and message_send_ttl_seconds.
var templateFields = strings.Join([]string{"id", "name", "language", "category", "previous_category", "status",
	"rejected_reason", "parameter_format", "quality_score", "components", "message_send_ttl_seconds"}, ",")

// Template is a message template as Meta reads it back: component types
// upper case, media handles as URLs, OTP buttons as URL buttons.
type Template struct {
	ID       string
	Name     string
	Language string
	Category string
	// PreviousCategory is set when Meta re-categorized the template.
	PreviousCategory string
	Status           string
	// RejectedReason is "NONE" unless the template is rejected (or "" when
	// Meta left it out).
	RejectedReason  string
	ParameterFormat string
	// QualityScore is GREEN, YELLOW, RED or UNKNOWN ("" when absent).
	QualityScore string
	Components   []TemplateComponent
	// TTLSeconds is message_send_ttl_seconds, nil when not set.
	TTLSeconds *int64
}

// TemplateComponent is one component as read back. Example is Meta's
// example object as it came (its shape varies with the component).
type TemplateComponent struct {
	Type    string
	Format  string
	Text    string
	Example json.RawMessage
	Buttons []TemplateButton
	// AddSecurityRecommendation and CodeExpirationMinutes are an
	// authentication template's body and footer settings, when Meta reads
	// them back.
	AddSecurityRecommendation *bool
	CodeExpirationMinutes     *int64
}

// TemplateButton is one button as read back. The OTP fields are set
// when Meta reads an OTP button back as itself (it is documented to read
// it back as a URL button, whose URL carries them).
type TemplateButton struct {
	Type                 string
	Text                 string
	URL                  string
	PhoneNumber          string
	Example              []string
	OTPType              string
	AutofillText         string
	SupportedApps        []TemplateApp
	ZeroTapTermsAccepted *bool
}

// TemplateApp is an Android app of a one-tap or zero-tap OTP button.
type TemplateApp struct {
	PackageName   string
	SignatureHash string
}

// CreateTemplateRequest is the body of a create. Components are in Meta's
// shapes ({"type":"BODY","text":...,"example":...}); the caller builds and
// validates them.
type CreateTemplateRequest struct {
	Name            string
	Language        string
	Category        string
	ParameterFormat string // "" leaves Meta's default, POSITIONAL
	Components      []map[string]any
	TTLSeconds      *int64
}

// CreatedTemplate is a create's answer.
type CreatedTemplate struct {
	ID     string
	Status string
	// Category is the category Meta gave it, which may differ from the
	// request's (a UTILITY request approved as MARKETING).
	Category string
	// LostAnswer is set when the create's answer was lost and FindTemplate
	// found the template afterwards (the fields then come from that read).
	LostAnswer error
	// Sent counts the creates that may have reached Meta.
	Sent int
}

// CreateTemplate creates a template. Each create may spend one of the
// WABA's 100 creations per hour, so a create whose answer was lost is
// settled by FindTemplate and sent again only when the template is
// definitely absent; a template found then is reported as created (the
// caller compares its content). A definite "already exists" is Meta's
// 100/2388024 (IsTemplateExists).
//
// Meta's documentation: https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/message_templates/
func (c *Client) CreateTemplate(ctx context.Context, wabaID string, r CreateTemplateRequest) (*CreatedTemplate, error) {
	body := map[string]any{"name": r.Name, "language": r.Language, "category": r.Category, "components": r.Components}
	if r.ParameterFormat != "" {
		body["parameter_format"] = r.ParameterFormat
	}
	if r.TTLSeconds != nil {
		body["message_send_ttl_seconds"] = *r.TTLSeconds
	}
	label := fmt.Sprintf("create message template %s (%s) in WhatsApp Business Account %s", r.Name, r.Language, wabaID)
	var out CreatedTemplate
	var found *Template
	sent, lost, err := c.settledWrite(ctx, settledWrite{
		label: label,
		send: func(attempts int) (callStats, error) {
			return c.call(ctx, &request{
				method: "POST", label: label, path: []string{wabaID, "message_templates"}, body: body,
				budget: true, maxAttempts: attempts,
				decode: func(raw []byte) error {
					var err error
					out, err = decodeCreatedTemplate(raw)
					return err
				},
			})
		},
		judge: func(rctx context.Context) (verdict, string, error) {
			t, ok, err := c.FindTemplate(rctx, wabaID, r.Name, r.Language)
			switch {
			case err != nil:
				return undecided, "", err
			case !ok:
				return noEffect, "no template " + r.Name + " in " + r.Language, nil
			case t.Status == TemplateDeleted || t.Status == TemplatePendingDeletion:
				// A deleted template of the name is not the one created:
				// the create did not take effect (if it did and the list
				// lags, a create sent again is refused as a duplicate).
				return noEffect, fmt.Sprintf("only the deleted template %s (%s)", t.ID, t.Status), nil
			}
			found = t
			return tookEffect, fmt.Sprintf("template %s (%s, %s)", t.ID, t.Status, t.Category), nil
		},
	})
	out.Sent = sent
	if err != nil {
		return nil, err
	}
	if lost != nil {
		out = CreatedTemplate{ID: found.ID, Status: found.Status, Category: found.Category, LostAnswer: lost, Sent: sent}
	}
	return &out, nil
}

func decodeCreatedTemplate(raw []byte) (CreatedTemplate, error) {
	obj, err := decodeObject(raw)
	if err != nil {
		return CreatedTemplate{}, err
	}
	var out CreatedTemplate
	if out.ID, err = obj.required("id", "the template id"); err == nil && !IDPattern.MatchString(out.ID) {
		err = &NotUnderstoodError{Field: "id", Got: describeJSON(obj["id"]), Want: "a numeric template id"}
	}
	if err == nil {
		out.Status, err = obj.oneOf("status", TemplateStatuses...)
	}
	if err == nil {
		out.Category, err = obj.oneOf("category", TemplateCategories...)
	}
	return out, err
}

// Template reads one template by id.
//
// Meta's documentation: https://developers.facebook.com/docs/graph-api/reference/whats-app-business-hsm
func (c *Client) Template(ctx context.Context, templateID string) (*Template, error) {
	var out *Template
	_, err := c.call(ctx, &request{
		method: "GET", label: "read message template " + templateID, path: []string{templateID},
		query: url.Values{"fields": {templateFields}},
		decode: func(raw []byte) error {
			obj, err := decodeObject(raw)
			if err != nil {
				return err
			}
			t, err := decodeTemplate(obj)
			if err == nil && t.ID != templateID {
				err = &NotUnderstoodError{Field: "id", Got: describeJSON(obj["id"]), Want: "the id asked for, " + templateID}
			}
			out = &t
			return err
		},
	})
	return out, err
}

// TemplateFilter narrows a list. Name matches any part of a name, as
// Meta's filter does; Statuses, Categories and Languages are any of.
type TemplateFilter struct {
	Name       string
	Statuses   []string
	Categories []string
	Languages  []string
}

// Templates lists a WABA's templates, every page, with the fields asked
// for explicitly. Meta's name filter matches parts of names: FindTemplate
// matches exactly.
//
// Meta's documentation: https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/message_templates/
// ListedTemplate is one item of TemplatesEach: the template, or, when Meta
// listed it in a shape this client does not recognise (a component type or
// a status it does not know), Err, with the id when it was readable.
type ListedTemplate struct {
	Template
	Err error
}

// TemplatesEach lists every template of a WABA, every page, as Templates
// does, but an item that is not understood does not fail the list: it is
// listed with its error, so that one template in a shape of Meta's that
// this client does not know (another tool's, say) leaves the others
// readable. A page that is not understood, or a template listed twice,
// still fails the list.
func (c *Client) TemplatesEach(ctx context.Context, wabaID string, f TemplateFilter) ([]ListedTemplate, error) {
	all, err := listTemplates(ctx, c, wabaID, f, func(obj object) (ListedTemplate, error) {
		t, err := decodeTemplate(obj)
		if err != nil {
			// What was read before the field not understood (the id, the
			// name, the language, in that order) is kept to tell which
			// template it is; what was not is empty.
			odd := Template{ID: t.ID, Name: t.Name, Language: t.Language}
			if !IDPattern.MatchString(odd.ID) {
				odd = Template{}
			}
			return ListedTemplate{Template: odd, Err: err}, nil
		}
		return ListedTemplate{Template: t}, nil
	}, func(l ListedTemplate) string { return l.ID })
	// An item's error did not pass the transport, which labels and scrubs
	// what it decodes: do it here, since callers log it.
	for i := range all {
		var nu *NotUnderstoodError
		if errors.As(all[i].Err, &nu) {
			nu.RequestLabel = templatesLabel(wabaID)
			nu.Got = scrub(nu.Got, c.secrets)
		}
	}
	return all, err
}

// templatesLabel names a WABA's template list in errors and logs.
func templatesLabel(wabaID string) string {
	return "list the message templates of WhatsApp Business Account " + wabaID
}

// listTemplates reads every page of a WABA's template list with decode,
// and refuses a template listed twice (a cursor that went back).
func listTemplates[T any](ctx context.Context, c *Client, wabaID string, f TemplateFilter, decode func(object) (T, error), idOf func(T) string) ([]T, error) {
	label := templatesLabel(wabaID)
	all, err := listAll(ctx, c, label, []string{wabaID, "message_templates"}, templateQuery(f), decode)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, t := range all {
		id := idOf(t)
		if id != "" && seen[id] {
			return nil, &NotUnderstoodError{RequestLabel: label, Field: "data", Got: "template " + id + " twice", Want: "each template once"}
		}
		seen[id] = true
	}
	return all, nil
}

// templateQuery is a template list's query: the fields asked for
// explicitly, the page size, and Meta's filters.
func templateQuery(f TemplateFilter) url.Values {
	q := url.Values{"fields": {templateFields}, "limit": {strconv.Itoa(templatesPageLimit)}}
	if f.Name != "" {
		q.Set("name", f.Name)
	}
	for key, list := range map[string][]string{"status": f.Statuses, "category": f.Categories, "language": f.Languages} {
		if len(list) > 0 {
			q.Set(key, strings.Join(list, ","))
		}
	}
	return q
}

func (c *Client) Templates(ctx context.Context, wabaID string, f TemplateFilter) ([]Template, error) {
	return listTemplates(ctx, c, wabaID, f, decodeTemplate, func(t Template) string { return t.ID })
}

// FindTemplate is the WABA's template of this name in this language,
// matched exactly, from a complete list: found is false only when every
// page was read and none matched. Two matches are not understood.
//
// Meta's documentation: https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/message_templates/
func (c *Client) FindTemplate(ctx context.Context, wabaID, name, language string) (t *Template, found bool, err error) {
	listed, err := c.TemplatesEach(ctx, wabaID, TemplateFilter{Name: name, Languages: []string{language}})
	if err != nil {
		return nil, false, err
	}
	var list []Template
	for _, l := range listed {
		switch {
		case l.Err == nil:
			list = append(list, l.Template)
		case l.Name != "" && l.Language != "" && (l.Name != name || l.Language != language):
			// Another template (Meta's name filter matches parts of
			// names), in a shape not understood: not the one looked for.
		default:
			// It may be the one looked for: nothing can be concluded. The
			// strict list says why, with Meta's fbtrace_id (the item's own
			// error has neither the request nor the trace).
			if _, strict := c.Templates(ctx, wabaID, TemplateFilter{Name: name, Languages: []string{language}}); strict != nil {
				return nil, false, strict
			}
			return nil, false, l.Err
		}
	}
	var deleted *Template
	for i := range list {
		if list[i].Name != name || list[i].Language != language {
			continue
		}
		if list[i].Status == TemplateDeleted || list[i].Status == TemplatePendingDeletion {
			// A deleted template may be listed beside the live one that
			// took its name: the live one is the answer, the deleted one
			// only when there is none.
			if deleted == nil {
				deleted = &list[i]
			}
			continue
		}
		if t != nil {
			return nil, false, &NotUnderstoodError{RequestLabel: "find message template " + name + " (" + language + ")", Field: "data",
				Got: fmt.Sprintf("templates %s and %s with that name and language", t.ID, list[i].ID), Want: "one template per name and language"}
		}
		t = &list[i]
	}
	if t == nil {
		t = deleted
	}
	return t, t != nil, nil
}

// TemplateEdit is what an edit changes; what is left empty is not sent.
// Components replace the template's components whole.
type TemplateEdit struct {
	Category   string
	Components []map[string]any
	TTLSeconds *int64
}

// EditTemplate edits a template in place. An edit of an APPROVED template
// spends one of its edits (once per 24 hours, 10 per 30 days) and sends it
// back to review, and a read cannot tell whether a lost edit took effect:
// an edit whose answer was lost is an UnknownOutcomeError, never sent
// again.
//
// Meta's documentation: https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management
func (c *Client) EditTemplate(ctx context.Context, templateID string, e TemplateEdit) error {
	_, err := c.EditTemplateAt(ctx, templateID, e)
	return err
}

// EditTemplateAt is EditTemplate that also says when the edit was made
// (editTime: the later of Meta's Date and the provider's clock).
func (c *Client) EditTemplateAt(ctx context.Context, templateID string, e TemplateEdit) (time.Time, error) {
	body := map[string]any{}
	if e.Category != "" {
		body["category"] = e.Category
	}
	if e.Components != nil {
		body["components"] = e.Components
	}
	if e.TTLSeconds != nil {
		body["message_send_ttl_seconds"] = *e.TTLSeconds
	}
	if len(body) == 0 {
		return time.Time{}, errors.New("edit message template " + templateID + ": nothing to edit")
	}
	label := "edit message template " + templateID
	stats, err := c.call(ctx, &request{method: "POST", label: label, path: []string{templateID}, body: body, budget: true, decode: decodeSuccess})
	var unseen *unseenError
	if errors.As(err, &unseen) {
		return c.Now(), &UnknownOutcomeError{RequestLabel: label, Attempts: stats.sent, Cause: unseen.cause}
	}
	return c.editTime(stats.date), err
}

// DeleteTemplate deletes one template: its id (hsm_id) and name, both
// required, so that no other language of the name is deleted (a delete by
// name alone deletes every language, and this client does not offer it).
// A delete whose answer was lost is settled by the WABA's list for the
// name: the id absent from a complete list is done.
//
// Meta's documentation: https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management
func (c *Client) DeleteTemplate(ctx context.Context, wabaID, templateID, name string) error {
	if templateID == "" || name == "" {
		return errors.New("delete message template: both the template id (hsm_id) and its name are required")
	}
	label := fmt.Sprintf("delete message template %s (%s) of WhatsApp Business Account %s", templateID, name, wabaID)
	_, _, err := c.settledWrite(ctx, settledWrite{
		label: label,
		send: func(attempts int) (callStats, error) {
			return c.call(ctx, &request{
				method: "DELETE", label: label, path: []string{wabaID, "message_templates"},
				query: url.Values{"hsm_id": {templateID}, "name": {name}}, budget: true, maxAttempts: attempts, decode: decodeSuccess,
			})
		},
		judge: func(rctx context.Context) (verdict, string, error) {
			list, err := c.Templates(rctx, wabaID, TemplateFilter{Name: name})
			if err != nil {
				return undecided, "", err
			}
			if slices.ContainsFunc(list, func(t Template) bool { return t.ID == templateID }) {
				return noEffect, "template " + templateID + " still listed", nil
			}
			return tookEffect, "template " + templateID + " no longer listed", nil
		},
	})
	return err
}

// settledWrite is a write that is never sent again on a guess: when its
// answer is lost, judge reads the world (on its own bounded context, so
// that it happens even after a Ctrl-C) and says whether it took effect.
type settledWrite struct {
	label string
	send  func(attempts int) (callStats, error)
	judge func(ctx context.Context) (verdict, string, error)
}

// settledWrite returns how many requests may have reached Meta and, when a
// lost answer was settled as done, its cause.
func (c *Client) settledWrite(ctx context.Context, w settledWrite) (sent int, lost error, err error) {
	remaining := c.maxRetries + 1
	for {
		stats, err := w.send(remaining)
		sent += stats.sent
		remaining -= stats.attempts
		var unseen *unseenError
		if !errors.As(err, &unseen) {
			return sent, nil, err
		}
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.reconcileTimeout)
		v, observed, readErr := w.judge(rctx)
		cancel()
		switch {
		case readErr != nil:
			return sent, nil, &UnknownOutcomeError{RequestLabel: w.label, Attempts: sent, Cause: unseen.cause, ReadErr: readErr}
		case v == tookEffect:
			c.log(ctx, LevelInfo, fmt.Sprintf("Cloud API: %s: the answer was lost, and a read shows %s: the call took effect", w.label, observed), nil)
			return sent, unseen.cause, nil
		case v == undecided:
			return sent, nil, &UnknownOutcomeError{RequestLabel: w.label, Attempts: sent, Cause: unseen.cause, Observed: observed}
		}
		if !unseen.retryable || remaining <= 0 || ctx.Err() != nil {
			return sent, nil, &NoEffectError{RequestLabel: w.label, Cause: unseen.cause, Observed: observed, Stopped: ctx.Err()}
		}
		c.log(ctx, LevelInfo, fmt.Sprintf("Cloud API: %s: the answer was lost, and a read shows %s: sending it again", w.label, observed), nil)
		if err := sleep(ctx, c.backoff(c.maxRetries+2-remaining, nil)); err != nil {
			return sent, nil, &NoEffectError{RequestLabel: w.label, Cause: unseen.cause, Observed: observed, Stopped: err}
		}
	}
}

// decodeTemplate reads a template node strictly: the fields the provider
// decides on must be there with values it knows.
func decodeTemplate(obj object) (Template, error) {
	var t Template
	var err error
	if t.ID, err = obj.required("id", "the template id"); err != nil {
		return t, err
	}
	if !IDPattern.MatchString(t.ID) {
		return t, &NotUnderstoodError{Field: "id", Got: describeJSON(obj["id"]), Want: "a numeric template id"}
	}
	if t.Name, err = obj.required("name", "the template name"); err != nil {
		return t, err
	}
	if t.Language, err = obj.required("language", "the template language"); err != nil {
		return t, err
	}
	if t.Category, err = obj.oneOf("category", TemplateCategories...); err != nil {
		return t, err
	}
	if _, present := obj["previous_category"]; present {
		if t.PreviousCategory, err = obj.oneOf("previous_category", TemplateCategories...); err != nil {
			return t, err
		}
	}
	if t.Status, err = obj.oneOf("status", TemplateStatuses...); err != nil {
		return t, err
	}
	if _, present := obj["rejected_reason"]; present {
		if t.RejectedReason, err = obj.oneOf("rejected_reason", TemplateRejectedReasons...); err != nil {
			return t, err
		}
	}
	if t.ParameterFormat, err = obj.oneOf("parameter_format", "POSITIONAL", "NAMED"); err != nil {
		return t, err
	}
	q, err := obj.child("quality_score")
	if err != nil {
		return t, err
	}
	if q != nil {
		if t.QualityScore, err = q.oneOf("score", "GREEN", "YELLOW", "RED", "UNKNOWN"); err != nil {
			return t, prefixField(err, "quality_score.")
		}
	}
	if _, present := obj["message_send_ttl_seconds"]; present {
		n, err := obj.integer("message_send_ttl_seconds")
		if err != nil {
			return t, err
		}
		t.TTLSeconds = &n
	}
	if _, present := obj["components"]; !present {
		return t, &NotUnderstoodError{Field: "components", Got: "missing", Want: "the template's components"}
	}
	comps, err := obj.objects("components")
	if err != nil {
		return t, err
	}
	for i, co := range comps {
		comp, err := decodeTemplateComponent(co)
		if err != nil {
			return t, prefixField(err, fmt.Sprintf("components[%d].", i))
		}
		t.Components = append(t.Components, comp)
	}
	return t, nil
}

func decodeTemplateComponent(obj object) (TemplateComponent, error) {
	var c TemplateComponent
	var err error
	if c.Type, err = obj.oneOf("type", templateComponentTypes...); err != nil {
		return c, err
	}
	if c.Format, err = obj.str("format"); err != nil {
		return c, err
	}
	if c.Format != "" {
		if c.Format, err = obj.oneOf("format", "TEXT", "IMAGE", "VIDEO", "GIF", "DOCUMENT", "LOCATION", "PRODUCT"); err != nil {
			return c, err
		}
	}
	if c.Text, err = obj.str("text"); err != nil {
		return c, err
	}
	c.Example = obj["example"]
	if c.AddSecurityRecommendation, err = obj.boolean("add_security_recommendation"); err != nil {
		return c, err
	}
	if _, present := obj["code_expiration_minutes"]; present {
		n, err := obj.integer("code_expiration_minutes")
		if err != nil {
			return c, err
		}
		c.CodeExpirationMinutes = &n
	}
	buttons, err := obj.objects("buttons")
	if err != nil {
		return c, err
	}
	for i, bo := range buttons {
		var b TemplateButton
		if b.Type, err = bo.required("type", "the button type"); err == nil {
			b.Type = strings.ToUpper(b.Type)
			if b.Text, err = bo.str("text"); err == nil {
				if b.URL, err = bo.str("url"); err == nil {
					if b.PhoneNumber, err = bo.str("phone_number"); err == nil {
						b.Example, err = bo.strs("example")
					}
				}
			}
		}
		if err == nil {
			err = decodeOTPSettings(bo, &b)
		}
		if err != nil {
			return c, prefixField(err, fmt.Sprintf("buttons[%d].", i))
		}
		c.Buttons = append(c.Buttons, b)
	}
	return c, nil
}

// Template errors Meta returns as 100 with a subcode (community-reported
// subcodes; the reference's section 4).
const (
	SubcodeTemplateExists       = 2388024
	SubcodeTemplateLimit        = 2388019
	SubcodeTemplateBeingDeleted = 2388023
	SubcodeTemplateNameInFlow   = 2388025
)

// IsTemplateExists is Meta's refusal of a create whose name and language
// already exist in the WABA.
func IsTemplateExists(err error) bool {
	e, ok := AsError(err)
	return ok && e.Code == CodeInvalidParameter && e.Subcode == SubcodeTemplateExists
}

// IsTemplateNameBlocked is Meta's refusal of a create whose name is still
// held, in that language, after a delete.
func IsTemplateNameBlocked(err error) bool {
	e, ok := AsError(err)
	return ok && e.Code == CodeInvalidParameter && (e.Subcode == SubcodeTemplateBeingDeleted || e.Subcode == SubcodeTemplateNameInFlow)
}

// IsTemplateLimit is the WABA's template cap.
func IsTemplateLimit(err error) bool {
	e, ok := AsError(err)
	return ok && e.Code == CodeInvalidParameter && e.Subcode == SubcodeTemplateLimit
}

// decodeOTPSettings reads an OTP button's settings, when Meta sends them.
func decodeOTPSettings(bo object, b *TemplateButton) error {
	var err error
	if b.OTPType, err = bo.str("otp_type"); err != nil {
		return err
	}
	b.OTPType = strings.ToUpper(b.OTPType)
	if b.AutofillText, err = bo.str("autofill_text"); err != nil {
		return err
	}
	if b.ZeroTapTermsAccepted, err = bo.boolean("zero_tap_terms_accepted"); err != nil {
		return err
	}
	apps, err := bo.objects("supported_apps")
	if err != nil {
		return err
	}
	for j, ao := range apps {
		var a TemplateApp
		if a.PackageName, err = ao.required("package_name", "the app's package name"); err == nil {
			a.SignatureHash, err = ao.required("signature_hash", "the app's signature hash")
		}
		if err != nil {
			return prefixField(err, fmt.Sprintf("supported_apps[%d].", j))
		}
		b.SupportedApps = append(b.SupportedApps, a)
	}
	return nil
}
