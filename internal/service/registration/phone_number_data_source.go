package registration

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

var (
	_ datasource.DataSource              = (*phoneNumberDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*phoneNumberDataSource)(nil)
)

// NewPhoneNumberDataSource is the factory for whatsapp_phone_number.
func NewPhoneNumberDataSource() datasource.DataSource { return &phoneNumberDataSource{} }

type phoneNumberDataSource struct {
	data *framework.ProviderData
}

// phoneNumberFields are the attributes both data sources report per number.
type phoneNumberFields struct {
	DisplayPhoneNumber     types.String `tfsdk:"display_phone_number"`
	VerifiedName           types.String `tfsdk:"verified_name"`
	QualityRating          types.String `tfsdk:"quality_rating"`
	PlatformType           types.String `tfsdk:"platform_type"`
	Status                 types.String `tfsdk:"status"`
	CodeVerificationStatus types.String `tfsdk:"code_verification_status"`
	NameStatus             types.String `tfsdk:"name_status"`
	ThroughputLevel        types.String `tfsdk:"throughput_level"`
	Registered             types.Bool   `tfsdk:"registered"`
	numberReadiness
}

// flattenNumber maps a number node onto the data sources' fields.
func flattenNumber(d *cloudapi.NumberDetails) phoneNumberFields {
	n := &d.PhoneNumber
	return phoneNumberFields{
		DisplayPhoneNumber:     framework.OptionalString(n.DisplayPhoneNumber),
		VerifiedName:           framework.OptionalString(n.VerifiedName),
		QualityRating:          framework.OptionalString(n.QualityRating),
		PlatformType:           types.StringValue(string(n.Platform)),
		Status:                 framework.OptionalString(n.Status),
		CodeVerificationStatus: framework.OptionalString(n.CodeVerificationStatus),
		NameStatus:             framework.OptionalString(n.NameStatus),
		ThroughputLevel:        framework.OptionalString(n.ThroughputLevel),
		Registered:             types.BoolValue(n.Registered()),
		numberReadiness:        flattenReadiness(d),
	}
}

// phoneNumberFieldAttributes describes phoneNumberFields for a schema.
func phoneNumberFieldAttributes() map[string]schema.Attribute {
	s := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	attrs := readinessAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"display_phone_number":     s("The phone number as people see it."),
		"verified_name":            s("The display name Meta approved."),
		"quality_rating":           s("`GREEN`, `YELLOW`, `RED` or `UNKNOWN`."),
		"platform_type":            s("`CLOUD_API` when registered on the Cloud API, `ON_PREMISE` on the On-Premises API, `NOT_APPLICABLE` otherwise."),
		"status":                   s("Meta's connection status, for example `CONNECTED`."),
		"code_verification_status": s("`VERIFIED`, `NOT_VERIFIED` or `EXPIRED`."),
		"name_status":              s("Review status of the display name, for example `APPROVED`."),
		"throughput_level":         s("The number's messaging throughput level, for example `STANDARD`; `NOT_APPLICABLE` (with `platform_type` `NOT_APPLICABLE`) while Meta has not finished provisioning the number."),
		"registered":               schema.BoolAttribute{MarkdownDescription: "True when `platform_type` is `CLOUD_API`.", Computed: true},
	})
	return attrs
}

type phoneNumberDataModel struct {
	PhoneNumberID types.String `tfsdk:"phone_number_id"`
	ID            types.String `tfsdk:"id"`
	phoneNumberFields
	DataLocalizationRegion types.String   `tfsdk:"data_localization_region"`
	LocalStorageEnabled    types.Bool     `tfsdk:"local_storage_enabled"`
	Timeouts               timeouts.Value `tfsdk:"timeouts"`
}

func (d *phoneNumberDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_number"
}

func (d *phoneNumberDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := phoneNumberFieldAttributes()
	attrs["phone_number_id"] = schema.StringAttribute{
		MarkdownDescription: "The phone number ID from WhatsApp Manager (1 to 20 digits).",
		Required:            true,
		Validators:          []validator.String{framework.GraphID("the numeric phone number ID from WhatsApp Manager, not the phone number")},
	}
	attrs["id"] = schema.StringAttribute{MarkdownDescription: "The phone number ID.", Computed: true}
	attrs["data_localization_region"] = schema.StringAttribute{MarkdownDescription: "Where messages are stored at rest when local storage is on; null otherwise.", Computed: true}
	attrs["local_storage_enabled"] = schema.BoolAttribute{MarkdownDescription: "True when local storage (`in_country_storage_enabled`) is on; null when the number is not registered and its settings could not be read.", Computed: true}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one business phone number: its registration, quality, local-storage region, health (can it send messages?) and readiness, in one round trip. " +
			"Read-only: it calls no register or deregister, which makes it safe in `check` blocks and preconditions.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": dataSourceTimeouts(ctx)},
	}
}

// dataSourceTimeouts is the read timeout block both data sources take.
func dataSourceTimeouts(ctx context.Context) schema.Block {
	return timeouts.BlockWithOpts(ctx, timeouts.Opts{ReadDescription: "How long the read may take, retries and waits included (default 90s)."})
}

func (d *phoneNumberDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

// readContext bounds a data source read and starts its logging.
func readContext(ctx context.Context, data *framework.ProviderData, t timeouts.Value, diags *diag.Diagnostics) (context.Context, context.CancelFunc, *cloudapi.Client) {
	client := framework.ClientFrom(data, diags)
	timeout, dd := t.Read(ctx, framework.DefaultReadTimeout)
	diags.Append(dd...)
	if client == nil || diags.HasError() {
		return ctx, func() {}, nil
	}
	ctx, cancel := context.WithTimeout(data.LogContext(ctx), timeout)
	return ctx, cancel, client
}

func (d *phoneNumberDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m phoneNumberDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := readContext(ctx, d.data, m.Timeouts, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	id := m.PhoneNumberID.ValueString()
	reading, err := findNumberDetails(ctx, client, id)
	if err != nil {
		resp.Diagnostics.Append(framework.APIError("Could not read phone number "+id, "The whatsapp_phone_number data source could not read phone number "+id+".", err))
		return
	}
	m.ID = types.StringValue(reading.Details.ID)
	m.phoneNumberFields = flattenNumber(reading.Details)
	m.DataLocalizationRegion = framework.OptionalString(reading.Region())
	m.LocalStorageEnabled = types.BoolNull()
	if reading.Storage != nil {
		m.LocalStorageEnabled = types.BoolValue(reading.Storage.LocalStorageEnabled())
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
