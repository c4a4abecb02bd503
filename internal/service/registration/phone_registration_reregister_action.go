package registration

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The action whatsapp_phone_registration_reregister (Terraform 1.14+):
// register a number again in place, for example after Meta approved a
// display-name change; the alternative to reregister_triggers for those
// who would rather invoke a register than keep a map in configuration.
//
// The PIN: action arguments can be neither sensitive nor write-only
// (framework v1.19 refuses both), and an action's arguments are written to
// the saved plan. So the action takes only phone_number_id, and the PIN is
// the provider's registration_pin (or WHATSAPP_REGISTRATION_PIN), which
// the provider masks in its logs and which reaches no plan file when an
// ephemeral value or the environment supplies it.
//
// guardReregisterAction (guards.go) reads the number before the register.

var (
	_ action.Action               = (*reregisterAction)(nil)
	_ action.ActionWithConfigure  = (*reregisterAction)(nil)
	_ action.ActionWithModifyPlan = (*reregisterAction)(nil)
)

// NewReregisterAction is the factory for the
// whatsapp_phone_registration_reregister action.
func NewReregisterAction() action.Action { return &reregisterAction{} }

type reregisterAction struct {
	data *framework.ProviderData
}

type reregisterModel struct {
	PhoneNumberID types.String `tfsdk:"phone_number_id"`
}

func (a *reregisterAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_registration_reregister"
}

func (a *reregisterAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Registers a phone number again in place, with its current data localization region and without a deregister: " +
			"this is how an approved display-name change takes effect, and messaging is not interrupted. Invoke it with " +
			"`terraform apply -invoke=action.whatsapp_phone_registration_reregister.<name>`, or from a resource's `lifecycle { action_trigger { ... } }`; " +
			"it is the alternative to `reregister_triggers` on `whatsapp_phone_registration`. Needs Terraform 1.14 or later (OpenTofu has no actions).\n\n" +
			"Each invocation spends one register of the number's budget, and its plan says so. " + framework.BudgetSentence + " " +
			"It reads the number first and refuses, spending nothing, unless the number is registered on the Cloud API and its " +
			"`code_verification_status` is `VERIFIED`. A register whose answer is lost is never sent again blind: the number is read, " +
			"and since a read cannot tell a second register from none, the action then fails and says so rather than spend another.\n\n" +
			"**The PIN** is the number's two-step verification PIN, taken from the provider's `registration_pin` or the `" + framework.EnvRegistrationPIN +
			"` environment variable, never from the action's arguments: those cannot be sensitive and are saved in plan files. Feed `registration_pin` " +
			"from an `ephemeral = true` variable, an ephemeral resource or the environment, and the PIN reaches neither plan files, nor state, nor logs.",
		Attributes: map[string]schema.Attribute{
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID (from WhatsApp Manager or the `whatsapp_phone_numbers` data source) of a number registered on the Cloud API.",
				Required:            true,
				Validators:          []validator.String{framework.GraphID("the numeric phone number ID from WhatsApp Manager, not the phone number")},
			},
		},
	}
}

func (a *reregisterAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = framework.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan announces the register and refuses a plan that has no PIN to
// present.
func (a *reregisterAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var cfg reregisterModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	number := "the number"
	if !cfg.PhoneNumberID.IsUnknown() {
		number = "phone number " + cfg.PhoneNumberID.ValueString()
	}
	resp.Diagnostics.Append(reregisterActionWarning(number))
	if a.data == nil || a.data.UnknownConfig {
		return
	}
	if d := reregisterPINProblem(a.data.RegistrationPIN()); d != nil {
		resp.Diagnostics.Append(d)
	}
}

func (a *reregisterAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg reregisterModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, a.data, framework.FixedTimeout, framework.DefaultWriteTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	pin := a.data.RegistrationPIN()
	if d := reregisterPINProblem(pin); d != nil {
		resp.Diagnostics.Append(d)
		return
	}
	id := cfg.PhoneNumberID.ValueString()
	progress := func(format string, args ...any) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
		}
	}
	// Resources of the same apply (an action_trigger) take turns with it.
	defer runLedgerOf(a.data).lock(id)()

	progress("Reading phone number %s before registering it again", id)
	reading, err := findNumber(ctx, client, id)
	if err != nil {
		resp.Diagnostics.Append(reregisterActionReadFailed(id, err))
		return
	}
	if d := guardReregisterAction(id, reading); d != nil {
		resp.Diagnostics.Append(d)
		return
	}
	progress("Registering phone number %s again (%s), one register of its budget; waiting for Meta's answer", id, regionLabel(reading.Region()))
	report, err := client.Register(ctx, id, cloudapi.RegisterRequest{PIN: pin, Region: reading.Region(), Again: true})
	reportBudgetWrite(&resp.Diagnostics, "register", id, report)
	if err != nil {
		resp.Diagnostics.Append(reregisterActionFailed(id, err))
		return
	}
	progress("Registered phone number %s again", id)
}
