package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

var (
	_ datasource.DataSource              = (*phoneNumberDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*phoneNumberDataSource)(nil)
)

// NewPhoneNumberDataSource is the factory for whatsapp_phone_number.
func NewPhoneNumberDataSource() datasource.DataSource { return &phoneNumberDataSource{} }

type phoneNumberDataSource struct {
	data *providerData
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
}

func newPhoneNumberFields(n *cloudapi.PhoneNumber) phoneNumberFields {
	return phoneNumberFields{
		DisplayPhoneNumber:     types.StringValue(n.DisplayPhoneNumber),
		VerifiedName:           types.StringValue(n.VerifiedName),
		QualityRating:          types.StringValue(n.QualityRating),
		PlatformType:           types.StringValue(n.PlatformType),
		Status:                 types.StringValue(n.Status),
		CodeVerificationStatus: types.StringValue(n.CodeVerificationStatus),
		NameStatus:             types.StringValue(n.NameStatus),
		ThroughputLevel:        types.StringValue(n.Throughput.Level),
		Registered:             types.BoolValue(n.Registered()),
	}
}

// phoneNumberFieldAttributes describes phoneNumberFields for a schema.
func phoneNumberFieldAttributes() map[string]schema.Attribute {
	s := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	return map[string]schema.Attribute{
		"display_phone_number":     s("The phone number as people see it."),
		"verified_name":            s("The display name Meta approved."),
		"quality_rating":           s("`GREEN`, `YELLOW`, `RED` or `UNKNOWN`."),
		"platform_type":            s("`CLOUD_API` when registered on the Cloud API, `ON_PREMISE` on the On-Premises API, `NOT_APPLICABLE` otherwise."),
		"status":                   s("Meta's connection status, for example `CONNECTED`."),
		"code_verification_status": s("`VERIFIED`, `NOT_VERIFIED` or `EXPIRED`."),
		"name_status":              s("Review status of the display name, for example `APPROVED`."),
		"throughput_level":         s("The number's messaging throughput level, for example `STANDARD`."),
		"registered":               schema.BoolAttribute{MarkdownDescription: "True when `platform_type` is `CLOUD_API`.", Computed: true},
	}
}

type phoneNumberDataModel struct {
	PhoneNumberID types.String `tfsdk:"phone_number_id"`
	ID            types.String `tfsdk:"id"`
	phoneNumberFields
	DataLocalizationRegion types.String `tfsdk:"data_localization_region"`
	LocalStorageEnabled    types.Bool   `tfsdk:"local_storage_enabled"`
}

func (d *phoneNumberDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_number"
}

func (d *phoneNumberDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := phoneNumberFieldAttributes()
	attrs["phone_number_id"] = schema.StringAttribute{
		MarkdownDescription: "The phone number ID from WhatsApp Manager (digits only).",
		Required:            true,
		Validators:          []validator.String{stringvalidator.RegexMatches(digitsPattern, "must be the numeric phone number ID from WhatsApp Manager, not the phone number")},
	}
	attrs["id"] = schema.StringAttribute{MarkdownDescription: "The phone number ID.", Computed: true}
	attrs["data_localization_region"] = schema.StringAttribute{MarkdownDescription: "Where messages are stored at rest when local storage is on; null otherwise.", Computed: true}
	attrs["local_storage_enabled"] = schema.BoolAttribute{MarkdownDescription: "True when local storage (`in_country_storage_enabled`) is on.", Computed: true}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one business phone number: its registration, quality and local-storage region. Read-only: it calls no register or deregister, " +
			"which makes it safe in `check` blocks and preconditions.",
		Attributes: attrs,
	}
}

func (d *phoneNumberDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *phoneNumberDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m phoneNumberDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client := clientFrom(d.data, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	id := m.PhoneNumberID.ValueString()
	number, err := client.PhoneNumber(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Could not read phone number "+id, "The whatsapp_phone_number data source could not read phone number "+id+".", err)
		return
	}
	storage, err := client.StorageConfiguration(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Could not read the settings of phone number "+id, "The number exists, but its local-storage setting could not be read.", err)
		return
	}
	m.ID = types.StringValue(number.ID)
	m.phoneNumberFields = newPhoneNumberFields(number)
	m.LocalStorageEnabled = types.BoolValue(storage.LocalStorageEnabled())
	m.DataLocalizationRegion = types.StringNull()
	if storage.Region != "" {
		m.DataLocalizationRegion = types.StringValue(storage.Region)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
