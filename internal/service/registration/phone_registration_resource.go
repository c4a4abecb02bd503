package registration

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// whatsapp_phone_registration lives in four files: this one (schema and
// model), phone_registration_crud.go (create, read, update, delete,
// import), phone_registration_plan.go (plan warnings and refusals) and
// phone_registration_validate.go. The replacement safety rules are in
// guards.go, the texts in diagnostics_registration.go.

var (
	_ resource.Resource                   = (*phoneRegistrationResource)(nil)
	_ resource.ResourceWithConfigure      = (*phoneRegistrationResource)(nil)
	_ resource.ResourceWithImportState    = (*phoneRegistrationResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*phoneRegistrationResource)(nil)
	_ resource.ResourceWithValidateConfig = (*phoneRegistrationResource)(nil)
	_ resource.ResourceWithIdentity       = (*phoneRegistrationResource)(nil)
)

// createRegistrationTimeout bounds a create, which may set the PIN,
// deregister and register: longer than framework.DefaultWriteTimeout.
const createRegistrationTimeout = 10 * time.Minute

// NewPhoneRegistrationResource is the factory for whatsapp_phone_registration.
func NewPhoneRegistrationResource() resource.Resource { return &phoneRegistrationResource{} }

type phoneRegistrationResource struct {
	data *framework.ProviderData
}

type phoneRegistrationModel struct {
	ID                        types.String   `tfsdk:"id"`
	PhoneNumberID             types.String   `tfsdk:"phone_number_id"`
	PIN                       types.String   `tfsdk:"pin"`
	PINWO                     types.String   `tfsdk:"pin_wo"`
	PINWOVersion              types.Int64    `tfsdk:"pin_wo_version"`
	DataLocalizationRegion    types.String   `tfsdk:"data_localization_region"`
	ReregisterTriggers        types.Map      `tfsdk:"reregister_triggers"`
	MigrationBackupDataWO     types.String   `tfsdk:"migration_backup_data_wo"`
	MigrationBackupPasswordWO types.String   `tfsdk:"migration_backup_password_wo"`
	DisplayPhoneNumber        types.String   `tfsdk:"display_phone_number"`
	VerifiedName              types.String   `tfsdk:"verified_name"`
	PlatformType              types.String   `tfsdk:"platform_type"`
	Status                    types.String   `tfsdk:"status"`
	QualityRating             types.String   `tfsdk:"quality_rating"`
	CodeVerificationStatus    types.String   `tfsdk:"code_verification_status"`
	Timeouts                  timeouts.Value `tfsdk:"timeouts"`
}

// computedRegistration lists the attributes read from Meta, in a fixed order.
func (m *phoneRegistrationModel) computedRegistration() []*types.String {
	return []*types.String{&m.DisplayPhoneNumber, &m.VerifiedName, &m.PlatformType, &m.Status, &m.QualityRating, &m.CodeVerificationStatus}
}

// configuredPIN is the PIN the configuration asks for: pin, or pin_wo read
// from the configuration (write-only values are never in plan or state).
func configuredPIN(config phoneRegistrationModel) string {
	if !config.PIN.IsNull() {
		return config.PIN.ValueString()
	}
	return config.PINWO.ValueString()
}

func (r *phoneRegistrationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_registration"
}

// IdentitySchema: a registration is identified by its phone number ID.
func (r *phoneRegistrationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = framework.IdentitySchema("phone_number_id", "The phone number ID from WhatsApp Manager.")
}

func (r *phoneRegistrationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *phoneRegistrationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	pinFormat := framework.SecretFormat(pinPattern, "must be exactly 6 digits (0-9)")
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc,
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Registers a verified business phone number on the WhatsApp Cloud API, so that it can send and receive messages.\n\n" +
			"Creating this resource calls `POST /{phone-number-id}/register`; destroying it calls `POST /{phone-number-id}/deregister`, " +
			"which stops the number working with the Cloud API (it deletes neither the number nor its messages). " +
			framework.BudgetSentence + " Before the deregister of a replacement, the provider checks that the number can be registered again and sets its PIN to the configured one (the preflight). " +
			"A number that is already registered with the configured region is adopted without a register.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID, the same as `phone_number_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{idIsPhoneNumberID{}},
			},
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID from WhatsApp Manager (1 to 20 digits; not the phone number itself). " +
					"Changing it deregisters the old number, which then stays deregistered, and registers the new one.",
				Required:      true,
				Validators:    []validator.String{framework.GraphID("the numeric phone number ID from WhatsApp Manager, not the phone number")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"pin": schema.StringAttribute{
				MarkdownDescription: "The six-digit two-step verification PIN. If the number already has two-step verification, this must be its current PIN; " +
					"otherwise it becomes the PIN. Changing it later sets the new PIN in place (no deregister). " +
					"**`pin` is stored in state and in saved plan files** (masked in the CLI, but in clear in `terraform show -json`); " +
					"use `pin_wo` to keep it out of both. Exactly one of `pin` and `pin_wo` is required.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{pinFormat},
			},
			"pin_wo": schema.StringAttribute{
				MarkdownDescription: "Write-only form of `pin` (Terraform 1.11 or later): sent to the API, never stored in a plan file or in state. " +
					"Requires `pin_wo_version`; bump the version to set a new PIN. Feed it from an `ephemeral = true` variable: a plan file saves " +
					"the values of ordinary variables, so a PIN passed through one would be in the plan after all.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("pin_wo_version")), pinFormat},
			},
			"pin_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Goes with `pin_wo`. Terraform cannot see a write-only value change, so change this number to apply a new `pin_wo` (an in-place update).",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("pin_wo")), int64validator.AtLeast(1)},
			},
			"data_localization_region": schema.StringAttribute{
				MarkdownDescription: "Country where Meta stores the number's messages at rest (local storage), one of `" + strings.Join(cloudapi.Regions, "`, `") + "`. " +
					"Unset means no local storage. **It cannot change in place: setting, changing or removing it deregisters the number and registers it again**, " +
					"so messaging stops in between and the change spends one deregister and one register of the 10-per-72-hours budget.",
				Optional:      true,
				Validators:    []validator.String{regionValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"reregister_triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values; changing them registers the number again in place, with its current PIN and region and without a deregister. " +
					"Use it after Meta approves a display-name change, for example `{ display_name = \"Acme Support\" }`. Each change spends one register of the budget. " +
					"Adding an empty map, emptying it or removing it calls nothing, and neither does the first apply after an import, which only records the values. " +
					"The alternative, on Terraform 1.14 or later: invoke the `whatsapp_phone_registration_reregister` action (`terraform apply -invoke=...`), which needs no change to this resource.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"migration_backup_data_wo": schema.StringAttribute{
				MarkdownDescription: "Only for a number migrating from the On-Premises API: the backup `data` sent as `backup` with the register. Write-only and sensitive; " +
					"sent only to a number that reads as on the On-Premises API right before a register (otherwise dropped with a warning), so changing it later does nothing. Requires `migration_backup_password_wo`.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("migration_backup_password_wo")), stringvalidator.LengthAtLeast(1)},
			},
			"migration_backup_password_wo": schema.StringAttribute{
				MarkdownDescription: "The password of `migration_backup_data_wo`. Write-only and sensitive; sent with it, only to a number on the On-Premises API.",
				Optional:            true,
				Sensitive:           true,
				WriteOnly:           true,
				Validators:          []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("migration_backup_data_wo")), stringvalidator.LengthAtLeast(1)},
			},
			"display_phone_number":     computed("The phone number as people see it, for example `+41 44 668 18 00`."),
			"verified_name":            computed("The display name Meta approved for the number."),
			"platform_type":            computed("`CLOUD_API` while the number is registered on the Cloud API."),
			"status":                   computed("Meta's connection status of the number, for example `CONNECTED`."),
			"quality_rating":           computed("`GREEN`, `YELLOW`, `RED` or `UNKNOWN`: Meta's rating of recent message quality."),
			"code_verification_status": computed("Whether the number's ownership is verified (`VERIFIED`); registering needs it."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true,
				CreateDescription: "How long a create may take, retries and waits included (default 10m).",
				ReadDescription:   "How long a refresh may take (default 90s): a plan against an API that does not answer ends then.",
				UpdateDescription: "How long an update may take (default 5m).",
				DeleteDescription: "How long a destroy may take (default 5m)."}),
		},
	}
}
