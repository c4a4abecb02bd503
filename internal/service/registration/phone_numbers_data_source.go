package registration

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

var (
	_ datasource.DataSource              = (*phoneNumbersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*phoneNumbersDataSource)(nil)
)

// NewPhoneNumbersDataSource is the factory for whatsapp_phone_numbers.
func NewPhoneNumbersDataSource() datasource.DataSource { return &phoneNumbersDataSource{} }

type phoneNumbersDataSource struct {
	data *framework.ProviderData
}

type phoneNumbersDataModel struct {
	WABAID       types.String        `tfsdk:"whatsapp_business_account_id"`
	Registered   types.Bool          `tfsdk:"registered"`
	ID           types.String        `tfsdk:"id"`
	PhoneNumbers []phoneNumberListed `tfsdk:"phone_numbers"`
	Timeouts     timeouts.Value      `tfsdk:"timeouts"`
}

type phoneNumberListed struct {
	ID types.String `tfsdk:"id"`
	phoneNumberFields
}

func (d *phoneNumbersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_numbers"
}

func (d *phoneNumbersDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	item := phoneNumberFieldAttributes()
	item["id"] = schema.StringAttribute{MarkdownDescription: "The phone number ID.", Computed: true}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every phone number of a WhatsApp Business Account, with each number's health and readiness, following the API's paging to the end. Read-only.",
		Attributes: map[string]schema.Attribute{
			"whatsapp_business_account_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account (WABA) ID.",
				Required:            true,
				Validators:          []validator.String{framework.GraphID("the numeric WhatsApp Business Account ID")},
			},
			"registered": schema.BoolAttribute{
				MarkdownDescription: "When set, keep only the numbers whose registration on the Cloud API matches (`true`: registered, `false`: not registered).",
				Optional:            true,
			},
			"id": schema.StringAttribute{MarkdownDescription: "The WhatsApp Business Account ID.", Computed: true},
			"phone_numbers": schema.ListNestedAttribute{
				MarkdownDescription: "The numbers, in the API's order.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: item},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeouts(ctx)},
	}
}

func (d *phoneNumbersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *phoneNumbersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m phoneNumbersDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := readContext(ctx, d.data, m.Timeouts, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	waba := m.WABAID.ValueString()
	numbers, err := client.PhoneNumberDetails(ctx, waba)
	if err != nil {
		resp.Diagnostics.Append(framework.ObjectAPIError("Could not list the phone numbers of WhatsApp Business Account "+waba,
			"The whatsapp_phone_numbers data source could not read the account's numbers. "+framework.OpDataSource.Unchanged("numbers"), err, framework.WABAObject(waba, framework.OpDataSource)))
		return
	}
	m.ID = types.StringValue(waba)
	m.PhoneNumbers = []phoneNumberListed{}
	for i := range numbers {
		n := &numbers[i]
		if !m.Registered.IsNull() && m.Registered.ValueBool() != n.Registered() {
			continue
		}
		m.PhoneNumbers = append(m.PhoneNumbers, phoneNumberListed{ID: types.StringValue(n.ID), phoneNumberFields: flattenNumber(n)})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
