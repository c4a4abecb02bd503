package templates

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The data source whatsapp_message_templates: a WABA's templates, every
// page, filtered by Meta (status, category, name, language) and then here
// again, since Meta's name filter also matches parts of names.

var (
	_ datasource.DataSource              = (*messageTemplatesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*messageTemplatesDataSource)(nil)
)

// NewMessageTemplatesDataSource is the factory for whatsapp_message_templates.
func NewMessageTemplatesDataSource() datasource.DataSource { return &messageTemplatesDataSource{} }

type messageTemplatesDataSource struct {
	data *framework.ProviderData
}

type messageTemplatesDataModel struct {
	WABAID    types.String          `tfsdk:"whatsapp_business_account_id"`
	Status    types.String          `tfsdk:"status"`
	Category  types.String          `tfsdk:"category"`
	Name      types.String          `tfsdk:"name"`
	Language  types.String          `tfsdk:"language"`
	ID        types.String          `tfsdk:"id"`
	Templates []messageTemplateItem `tfsdk:"templates"`
	Timeouts  timeouts.Value        `tfsdk:"timeouts"`
}

type messageTemplateItem struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	Language         types.String `tfsdk:"language"`
	Status           types.String `tfsdk:"status"`
	Category         types.String `tfsdk:"category"`
	PreviousCategory types.String `tfsdk:"previous_category"`
	ParameterFormat  types.String `tfsdk:"parameter_format"`
	QualityScore     types.String `tfsdk:"quality_score"`
	RejectedReason   types.String `tfsdk:"rejected_reason"`
	TTLSeconds       types.Int64  `tfsdk:"message_send_ttl_seconds"`
}

func (d *messageTemplatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message_templates"
}

func (d *messageTemplatesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	filter := func(desc string, v validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Validators: []validator.String{v}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the message templates of a WhatsApp Business Account, with their review status, category and quality, following the API's paging to the end " +
			"(`GET /{waba-id}/message_templates`, the fields asked for explicitly). Each filter is passed to Meta and applied again here: `name` matches exactly " +
			"(Meta's name filter also matches parts of names). Read-only.",
		Attributes: map[string]schema.Attribute{
			"whatsapp_business_account_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account (WABA) ID.",
				Required:            true,
				Validators:          []validator.String{framework.GraphID("the numeric WhatsApp Business Account ID")},
			},
			"status": filter("Keep only the templates of this status: `"+strings.Join(cloudapi.TemplateStatuses, "`, `")+"`.",
				stringvalidator.OneOf(cloudapi.TemplateStatuses...)),
			"category": filter("Keep only the templates of this category (the one Meta holds now): `"+strings.Join(cloudapi.TemplateCategories, "`, `")+"`.",
				stringvalidator.OneOf(cloudapi.TemplateCategories...)),
			"name": filter("Keep only the templates of exactly this name (every language of it, unless `language` is set).",
				stringvalidator.RegexMatches(templateNamePattern, "must be lower-case letters (a-z), digits and underscores only, such as order_update_v2")),
			"language": filter("Keep only the templates in this language, such as `en_US`.",
				stringvalidator.RegexMatches(languagePattern, "must be a language code such as en, en_US or pt_BR")),
			"id": computed("The WhatsApp Business Account ID."),
			"templates": schema.ListNestedAttribute{
				MarkdownDescription: "The templates that match, in the API's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                computed("Meta's template id."),
					"name":              computed("The template name."),
					"language":          computed("The language code."),
					"status":            computed("The review status: PENDING, APPROVED, REJECTED, PAUSED, DISABLED, ARCHIVED, ..."),
					"category":          computed("The category Meta holds now."),
					"previous_category": computed("The category before Meta re-categorized the template; null when it did not."),
					"parameter_format":  computed("`POSITIONAL` or `NAMED`."),
					"quality_score":     computed("GREEN, YELLOW, RED or UNKNOWN; null when Meta gives none."),
					"rejected_reason":   computed("Meta's reason when the template is REJECTED (`NONE` otherwise)."),
					"message_send_ttl_seconds": schema.Int64Attribute{
						MarkdownDescription: "The template's message TTL in seconds; null when Meta's default applies.",
						Computed:            true,
					},
				}},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{ReadDescription: "How long the read may take, retries and waits included (default 90s)."})},
	}
}

func (d *messageTemplatesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *messageTemplatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m messageTemplatesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, d.data, m.Timeouts.Read, framework.DefaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	waba := m.WABAID.ValueString()
	f := templateFilterOf(m)
	list, err := client.Templates(ctx, waba, f)
	if err != nil {
		resp.Diagnostics.Append(templatesListFailed(waba, err))
		return
	}
	m.ID = types.StringValue(waba)
	m.Templates = []messageTemplateItem{}
	for i := range list {
		if t := &list[i]; templateMatches(t, f) {
			m.Templates = append(m.Templates, flattenTemplateItem(t))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// templateFilterOf is the data source's filter, for Meta.
func templateFilterOf(m messageTemplatesDataModel) cloudapi.TemplateFilter {
	var f cloudapi.TemplateFilter
	f.Name = m.Name.ValueString()
	if s := m.Status.ValueString(); s != "" {
		f.Statuses = []string{s}
	}
	if c := m.Category.ValueString(); c != "" {
		f.Categories = []string{c}
	}
	if l := m.Language.ValueString(); l != "" {
		f.Languages = []string{l}
	}
	return f
}

// templateMatches applies the filter again, exactly: Meta's name filter
// matches parts of names, and a filter Meta ignored must not widen the
// result.
func templateMatches(t *cloudapi.Template, f cloudapi.TemplateFilter) bool {
	in := func(list []string, v string) bool { return len(list) == 0 || list[0] == v }
	return (f.Name == "" || t.Name == f.Name) && in(f.Statuses, t.Status) && in(f.Categories, t.Category) && in(f.Languages, t.Language)
}

func flattenTemplateItem(t *cloudapi.Template) messageTemplateItem {
	it := messageTemplateItem{
		ID: types.StringValue(t.ID), Name: types.StringValue(t.Name), Language: types.StringValue(t.Language),
		Status: types.StringValue(t.Status), Category: types.StringValue(t.Category), PreviousCategory: framework.OptionalString(t.PreviousCategory),
		ParameterFormat: types.StringValue(t.ParameterFormat), QualityScore: framework.OptionalString(t.QualityScore),
		RejectedReason: types.StringValue(t.RejectedReason), TTLSeconds: types.Int64PointerValue(t.TTLSeconds),
	}
	if t.RejectedReason == "" {
		it.RejectedReason = types.StringValue("NONE")
	}
	return it
}
