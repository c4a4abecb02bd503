package templates

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The list resource whatsapp_message_template (terraform query): every
// template of the WABA, one result per name and language, identified as
// the resource is (whatsapp_business_account_id, name, language). One call
// per page of the listing, asked for only when Terraform wants more
// results; include_resource costs nothing more (the list has every field).
// The resource object is what an import then reads, so that the generated
// configuration plans no change: the TTL is left out (not managed unless
// configured), and the category is Meta's current one.

var (
	_ list.ListResource              = (*messageTemplateList)(nil)
	_ list.ListResourceWithConfigure = (*messageTemplateList)(nil)
)

// NewMessageTemplateList is the factory for the whatsapp_message_template list resource.
func NewMessageTemplateList() list.ListResource { return &messageTemplateList{} }

type messageTemplateList struct {
	messageTemplateResource
}

func (l *messageTemplateList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = framework.WABAListSchema("Lists the message templates of a WhatsApp Business Account, one result per name and language, " +
		"for `terraform query` and `-generate-config-out`.")
}

func (l *messageTemplateList) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.messageTemplateResource.Configure(ctx, req, resp)
}

func (l *messageTemplateList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	framework.StartListing(ctx, l.data, req, stream, func(ctx context.Context, run *framework.Listing) {
		for t, err := range run.Client.EachTemplate(ctx, run.WABA) {
			if err != nil {
				run.Fail("Could not list the message templates of WhatsApp Business Account "+run.WABA, "The listing of templates stopped.", err)
				return
			}
			if t.Status == cloudapi.TemplateDeleted || t.Status == cloudapi.TemplatePendingDeletion {
				continue // deleted: nothing to manage
			}
			r := run.Result(ctx, "whatsapp_business_account_id", run.WABA, t.Name+" ("+t.Language+", "+t.Status+")")
			r.Diagnostics.Append(r.Identity.SetAttribute(ctx, path.Root("name"), t.Name)...)
			r.Diagnostics.Append(r.Identity.SetAttribute(ctx, path.Root("language"), t.Language)...)
			if req.IncludeResource {
				// As an import does (templateImportCategory): a template Meta
				// re-categorized keeps the category it was created with, and
				// current_category shows Meta's, so the plan after the import
				// of this configuration is empty.
				m := messageTemplateModel{WABAID: types.StringValue(run.WABA), TTLSeconds: types.Int64Null(), Category: types.StringValue(t.PreviousCategory)}
				flattenTemplate(ctx, &t, m, &m, &r.Diagnostics)
				framework.SetResource(ctx, &r, &m, &m.Timeouts)
			}
			if !run.Push(r) {
				return
			}
		}
	})
}
