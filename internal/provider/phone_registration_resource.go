package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

var (
	_ resource.Resource                = (*phoneRegistrationResource)(nil)
	_ resource.ResourceWithConfigure   = (*phoneRegistrationResource)(nil)
	_ resource.ResourceWithImportState = (*phoneRegistrationResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*phoneRegistrationResource)(nil)
)

const (
	defaultCreateTimeout = 10 * time.Minute
	defaultUpdateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 5 * time.Minute
)

// NewPhoneRegistrationResource is the factory for whatsapp_phone_registration.
func NewPhoneRegistrationResource() resource.Resource { return &phoneRegistrationResource{} }

type phoneRegistrationResource struct {
	data *providerData
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

func (r *phoneRegistrationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_registration"
}

func (r *phoneRegistrationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	pinValidators := []validator.String{
		secretFormat(pinPattern, "must be exactly 6 digits (0-9)"),
	}
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
			budgetSentence + " Every plan that replaces or destroys a registration says so in a warning.",
		Attributes: map[string]schema.Attribute{
			"id": computed("The phone number ID, the same as `phone_number_id`."),
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID from WhatsApp Manager (digits only; not the phone number itself). " +
					"Changing it deregisters the old number and registers the new one.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.RegexMatches(digitsPattern, "must be the numeric phone number ID from WhatsApp Manager, not the phone number")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"pin": schema.StringAttribute{
				MarkdownDescription: "The six-digit two-step verification PIN. If the number already has two-step verification, this must be its current PIN; " +
					"otherwise it becomes the PIN. Changing it later sets the new PIN in place (no deregister). Stored in state as a sensitive value; " +
					"use `pin_wo` to keep it out of state. Exactly one of `pin` and `pin_wo` is required.",
				Optional:   true,
				Sensitive:  true,
				Validators: append([]validator.String{stringvalidator.ExactlyOneOf(path.MatchRoot("pin_wo"))}, pinValidators...),
			},
			"pin_wo": schema.StringAttribute{
				MarkdownDescription: "Write-only form of `pin` (Terraform 1.11 or later): sent to the API, never stored in the plan or state. " +
					"Requires `pin_wo_version`; bump the version to set a new PIN.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: append([]validator.String{stringvalidator.AlsoRequires(path.MatchRoot("pin_wo_version"))}, pinValidators...),
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
				Validators:    []validator.String{stringvalidator.OneOf(cloudapi.Regions...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"reregister_triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values; changing them registers the number again in place, with its current PIN and region and without a deregister. " +
					"Use it after Meta approves a display-name change, for example `{ display_name = \"Acme Support\" }`. Each change spends one register of the budget. " +
					"Adding an empty map, emptying it or removing it calls nothing.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"migration_backup_data_wo": schema.StringAttribute{
				MarkdownDescription: "Only for a number migrating from the On-Premises API: the backup `data` sent as `backup` with the register. Write-only and sensitive; " +
					"used on create only, so changing it later does nothing. Requires `migration_backup_password_wo`.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("migration_backup_password_wo")), stringvalidator.LengthAtLeast(1)},
			},
			"migration_backup_password_wo": schema.StringAttribute{
				MarkdownDescription: "The password of `migration_backup_data_wo`. Write-only and sensitive; used on create only.",
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
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *phoneRegistrationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// client returns the API client, or adds why there is none.
func (r *phoneRegistrationResource) client(diags *diag.Diagnostics) *cloudapi.Client {
	return clientFrom(r.data, diags)
}

// configuredPIN is the PIN the configuration asks for: pin, or pin_wo read
// from the configuration (write-only values are never in plan or state).
func configuredPIN(config phoneRegistrationModel) string {
	if !config.PIN.IsNull() {
		return config.PIN.ValueString()
	}
	return config.PINWO.ValueString()
}

func (r *phoneRegistrationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config phoneRegistrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(d...)
	if d.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := plan.PhoneNumberID.ValueString()
	region := plan.DataLocalizationRegion.ValueString()

	// Look before spending a register: a number that is already registered
	// with another region cannot take this one without a deregister, which
	// is what create_before_destroy would try.
	current, err := client.PhoneNumber(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Could not read phone number "+id+" before registering it",
			r.preflightFailureWhat(id), err)
		return
	}
	if current.Registered() {
		storage, err := client.StorageConfiguration(ctx, id)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Could not read the settings of phone number "+id+" before registering it",
				r.preflightFailureWhat(id), err)
			return
		}
		if storage.Region != region {
			resp.Diagnostics.AddAttributeError(path.Root("data_localization_region"), "Phone number "+id+" is already registered with another region",
				fmt.Sprintf("Phone number %s is registered on the Cloud API with data_localization_region %s, and this configuration asks for %s. "+
					"Local storage cannot change on a registered number, so the register would fail. No register call was spent and the number is unchanged.\n\n"+
					"If this resource uses lifecycle { create_before_destroy = true }, remove it: create_before_destroy is not supported for whatsapp_phone_registration, "+
					"because the new registration and the old one are the same number. Terraform's default (destroy, then create) deregisters first and is what a region change needs. "+
					"If the number was registered outside Terraform, import it (terraform import) or set data_localization_region to %s.",
					id, regionLabel(storage.Region), regionLabel(region), regionLabel(storage.Region)))
			return
		}
	}

	reg := cloudapi.RegisterRequest{PIN: configuredPIN(config), Region: region}
	if !config.MigrationBackupDataWO.IsNull() {
		reg.Backup = &cloudapi.Backup{Data: config.MigrationBackupDataWO.ValueString(), Password: config.MigrationBackupPasswordWO.ValueString()}
	}
	registerCtx, attempts := cloudapi.WithAttemptCounter(ctx)
	err = client.Register(registerCtx, id, reg)
	warnRetriedBudgetCall(&resp.Diagnostics, "register", id, attempts)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Could not register phone number "+id, registerFailureWhat(id, current.Registered(), r.data.run.deregisteredInThisRun(id)), err)
		return
	}
	r.data.run.markRegistered(id)

	plan.ID = types.StringValue(id)
	r.readBack(ctx, client, &plan, &resp.Diagnostics, "Registered")
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// readBack fills the computed attributes after a successful write. The write
// happened, so state must record it whatever the read says (otherwise the
// next apply would register again and spend another call): a failed read
// leaves the computed attributes empty until the next refresh, and the
// region stays the one Meta accepted, so that a region read back otherwise
// shows as drift on the next plan instead of failing this apply.
func (r *phoneRegistrationResource) readBack(ctx context.Context, client *cloudapi.Client, plan *phoneRegistrationModel, diags *diag.Diagnostics, done string) {
	id := plan.ID.ValueString()
	read := *plan
	gone, err := r.readRemote(ctx, client, &read)
	if err != nil || gone != "" {
		setComputedNull(plan)
		why := gone
		if err != nil {
			why = err.Error()
		}
		diags.AddWarning(done+" phone number "+id+", but could not read it back",
			"The call succeeded and is saved in state. Reading the number back failed ("+why+"); the next refresh fills in the computed attributes.")
		return
	}
	if !read.DataLocalizationRegion.Equal(plan.DataLocalizationRegion) {
		diags.AddWarning(done+" phone number "+id+", but Meta reports another region",
			fmt.Sprintf("The register carried data_localization_region %s and succeeded, but the number's settings report %s right after it. "+
				"If the next plan still shows a difference, the region did not take effect; check it in WhatsApp Manager before applying a replacement.",
				regionLabel(plan.DataLocalizationRegion.ValueString()), regionLabel(read.DataLocalizationRegion.ValueString())))
	}
	read.DataLocalizationRegion = plan.DataLocalizationRegion
	*plan = read
}

// preflightFailureWhat describes a create that stopped before its register.
func (r *phoneRegistrationResource) preflightFailureWhat(id string) string {
	if r.data.run.deregisteredInThisRun(id) {
		return fmt.Sprintf("Phone number %s is now DEREGISTERED: this apply deregistered it to replace its registration, and the read that comes before the register failed, "+
			"so the register was not attempted. Fix the cause below, then run terraform apply again; it registers the number.", id)
	}
	return "Nothing was registered and no register call was spent."
}

func registerFailureWhat(id string, wasRegistered, deregisteredNow bool) string {
	switch {
	case deregisteredNow:
		return fmt.Sprintf("Phone number %s is now DEREGISTERED: this apply deregistered it to replace its registration, and the register that should follow failed. "+
			"The number cannot send or receive messages on the Cloud API until it is registered again. "+
			"Nothing is lost: fix the cause below, then run terraform apply again; the plan shows the registration to create, and that apply registers the number.", id)
	case wasRegistered:
		return fmt.Sprintf("Phone number %s was already registered before this apply and still is; the register call failed and changed nothing.", id)
	default:
		return fmt.Sprintf("Phone number %s is not registered on the Cloud API. Fix the cause below, then run terraform apply again.", id)
	}
}

// readRemote fills the computed attributes and the region from the API. It
// returns a reason when the number is gone or no longer registered.
func (r *phoneRegistrationResource) readRemote(ctx context.Context, client *cloudapi.Client, m *phoneRegistrationModel) (string, error) {
	id := m.ID.ValueString()
	number, err := client.PhoneNumber(ctx, id)
	if err != nil {
		if cloudapi.IsNotFound(err) {
			return fmt.Sprintf("phone number %s no longer exists or the token cannot see it", id), nil
		}
		return "", err
	}
	if !number.Registered() {
		return fmt.Sprintf("phone number %s is no longer registered on the Cloud API (platform_type is %s): it was deregistered outside Terraform", id, number.PlatformType), nil
	}
	storage, err := client.StorageConfiguration(ctx, id)
	if err != nil {
		return "", err
	}
	m.PhoneNumberID = types.StringValue(id)
	m.DisplayPhoneNumber = types.StringValue(number.DisplayPhoneNumber)
	m.VerifiedName = types.StringValue(number.VerifiedName)
	m.PlatformType = types.StringValue(number.PlatformType)
	m.Status = types.StringValue(number.Status)
	m.QualityRating = types.StringValue(number.QualityRating)
	m.CodeVerificationStatus = types.StringValue(number.CodeVerificationStatus)
	m.DataLocalizationRegion = types.StringNull()
	if storage.Region != "" {
		m.DataLocalizationRegion = types.StringValue(storage.Region)
	}
	return "", nil
}

func setComputedNull(m *phoneRegistrationModel) {
	for _, v := range []*types.String{&m.DisplayPhoneNumber, &m.VerifiedName, &m.PlatformType, &m.Status, &m.QualityRating, &m.CodeVerificationStatus} {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
}

func (r *phoneRegistrationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state phoneRegistrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	gone, err := r.readRemote(ctx, client, &state)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Could not read phone number "+state.ID.ValueString(),
			"The registration in state was left as it was.", err)
		return
	}
	if gone != "" {
		resp.Diagnostics.AddWarning("Phone number "+state.ID.ValueString()+" removed from state",
			"The "+gone+". The registration has been removed from state, so the next plan shows it to be created, "+
				"and applying that plan registers the number again (one register of the 10-per-72-hours budget).")
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *phoneRegistrationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config phoneRegistrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(d...)
	if d.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	pin := configuredPIN(config)

	// The PIN goes first: a re-register in the same apply must present the
	// PIN the number has by then.
	if pinChanged(state, plan) {
		if err := client.SetPIN(ctx, id, pin); err != nil {
			addAPIError(&resp.Diagnostics, "Could not set the two-step verification PIN of phone number "+id,
				"The number is still registered and keeps its previous PIN.", err)
			return
		}
	}
	if triggersFire(state.ReregisterTriggers, plan.ReregisterTriggers) {
		registerCtx, attempts := cloudapi.WithAttemptCounter(ctx)
		err := client.Register(registerCtx, id, cloudapi.RegisterRequest{PIN: pin, Region: state.DataLocalizationRegion.ValueString()})
		warnRetriedBudgetCall(&resp.Diagnostics, "register", id, attempts)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Could not register phone number "+id+" again",
				"reregister_triggers changed, so the number was registered again in place. That register failed; the number was not deregistered and is still registered as before.", err)
			return
		}
	}

	r.readBack(ctx, client, &plan, &resp.Diagnostics, "Updated")
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// pinChanged reports whether the plan asks for a PIN other than the one in
// state: a new pin, a new pin_wo_version, or a switch between the two.
func pinChanged(state, plan phoneRegistrationModel) bool {
	if !plan.PIN.IsNull() {
		return !plan.PIN.Equal(state.PIN)
	}
	return !plan.PINWOVersion.Equal(state.PINWOVersion)
}

// triggersFire reports whether reregister_triggers asks for a register:
// the new map has entries and differs from the old. A null map and an empty
// one are the same, and emptying or removing the map calls nothing, so that
// tidying the configuration never spends the budget.
func triggersFire(before, after types.Map) bool {
	if after.IsUnknown() {
		return true
	}
	if after.IsNull() || len(after.Elements()) == 0 {
		return false
	}
	if before.IsNull() || before.IsUnknown() {
		return true
	}
	a, b := before.Elements(), after.Elements()
	if len(a) != len(b) {
		return true
	}
	for k, v := range b {
		if w, ok := a[k]; !ok || !v.Equal(w) {
			return true
		}
	}
	return false
}

func (r *phoneRegistrationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state phoneRegistrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	id := state.ID.ValueString()
	if r.data.run.registeredInThisRun(id) {
		resp.Diagnostics.AddWarning("Phone number "+id+" was not deregistered",
			"This apply registered phone number "+id+" moments ago for the object that replaces this one, which is what lifecycle { create_before_destroy = true } does. "+
				"Deregistering now would take the number offline, so the old object was removed from state without a deregister call; the number stays registered with its new settings. "+
				"create_before_destroy is not supported for whatsapp_phone_registration: remove it from the configuration.")
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(d...)
	if d.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	deregisterCtx, attempts := cloudapi.WithAttemptCounter(ctx)
	err := client.Deregister(deregisterCtx, id)
	warnRetriedBudgetCall(&resp.Diagnostics, "deregister", id, attempts)
	switch {
	case err == nil:
		r.data.run.markDeregistered(id)
	case cloudapi.IsNotRegistered(err), cloudapi.IsNotFound(err):
		// Already gone: the goal of a delete is reached.
		r.data.run.markDeregistered(id)
		resp.Diagnostics.AddWarning("Phone number "+id+" was already deregistered",
			"Meta reports the number as not registered (or gone), so there was nothing to deregister. The registration has been removed from state.")
	case cloudapi.IsRateLimited(err):
		addAPIError(&resp.Diagnostics, "Could not deregister phone number "+id,
			"Phone number "+id+" is STILL REGISTERED and keeps working: the deregister was refused and the registration stays in state. "+
				"The budget recovers within 72 hours of the oldest counted call.", err)
	default:
		addAPIError(&resp.Diagnostics, "Could not deregister phone number "+id,
			"Phone number "+id+" may still be registered; the registration stays in state so that the next apply can try again.", err)
	}
}

func (r *phoneRegistrationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !digitsPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q is not a phone number ID. Import with the numeric phone number ID from WhatsApp Manager, for example: terraform import whatsapp_phone_registration.main 106540352242922", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("phone_number_id"), req.ID)...)
}

func regionLabel(region string) string {
	if region == "" {
		return "(none: local storage off)"
	}
	return region
}
