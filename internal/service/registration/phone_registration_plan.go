package registration

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan speaks to whoever reads the plan: every plan that deregisters a
// number, spends its register budget or sets its PIN says so in a warning,
// and a plan that would strand a number is refused (guardReplacementAnnounced,
// guardDuplicateNumber). It never calls the API.
//
// Terraform plans a replacement in two calls: first as an update of the
// object in state (which cannot know it will be replaced when -replace or
// replace_triggered_by forces it), then, once Terraform decides to
// replace, as a create with no prior state. Terraform shows the second
// call's errors but drops its warnings (they would repeat the first's), so
// the first call announces what it can see (a region change) and hands
// what it saw to the second in private state (privatePlanOf), which
// refuses what would strand the number, whatever forced the replacement.
func (r *phoneRegistrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	switch {
	case req.Plan.Raw.IsNull() && req.State.Raw.IsNull():
		return
	case req.Plan.Raw.IsNull():
		r.planDestroy(ctx, req, resp)
	case req.State.Raw.IsNull():
		r.planCreate(ctx, req, resp)
	default:
		r.planExisting(ctx, req, resp)
	}
}

func (r *phoneRegistrationResource) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state phoneRegistrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	forgetPlanKeys(ctx, resp.Private, &resp.Diagnostics)
	number := describeNumber(state)
	if r.claims() != nil && r.claims().destroy(state.ID.ValueString()) != claimOK {
		resp.Diagnostics.Append(destroyKeptNumberError(number))
		return
	}
	resp.Diagnostics.Append(destroyWarning(number))
}

// planCreate is a new registration, or the create half of a replacement.
func (r *phoneRegistrationResource) planCreate(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var plan phoneRegistrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.PhoneNumberID
	var prior planOf
	replacing := getPrivate(ctx, req.Private, privatePlanOf, &prior)
	diags := &resp.Diagnostics
	diags.Append(resp.Private.SetKey(ctx, privatePlanOf, nil)...)
	if !id.IsUnknown() {
		setPrivate(ctx, resp.Private, privateRegisterFollows, registerFollows{PhoneNumberID: id.ValueString(), Region: plan.DataLocalizationRegion.ValueString()}, diags)
	}
	switch {
	case replacing && prior.PhoneNumberID == id.ValueString():
		// guardReplacementAnnounced: the same number, deregistered and
		// registered again. The first half has claimed it already, and
		// announced it if it could tell; Terraform shows only errors here.
		number := prior.PhoneNumberID
		if prior.Display != "" {
			number += " (" + prior.Display + ")"
		}
		if unverifiedStatus(prior.Verification) {
			diags.Append(replaceUnverifiedError(number, prior.Verification))
		}
	case replacing:
		// phone_number_id changed: the first half said so and claimed the
		// new number.
		diags.Append(createWarning(valueLabel(id)))
	case r.data != nil && !id.IsUnknown() && runLedgerOf(r.data).handingOver(id.ValueString()):
		// The apply plans a replacement's create again after its Delete
		// passed the preflight: the plan announced it already.
	default:
		if !id.IsUnknown() && r.claims() != nil && r.claims().claim(id.ValueString(), false) != claimOK {
			diags.Append(duplicateNumberError(id.ValueString()))
			return
		}
		diags.Append(createWarning(valueLabel(id)))
	}
}

// planExisting is a registration in state: unchanged, updated, or the first
// half of a replacement.
func (r *phoneRegistrationResource) planExisting(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state, config phoneRegistrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	unchanged := req.Plan.Raw.Equal(req.State.Raw)
	plan := state
	if !unchanged {
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	number := describeNumber(state)
	if id := plan.PhoneNumberID; !id.IsUnknown() && r.claims() != nil {
		switch r.claims().claim(id.ValueString(), true) {
		case claimTwice:
			resp.Diagnostics.Append(duplicateNumberError(id.ValueString()))
			return
		case claimDestroyKept:
			resp.Diagnostics.Append(destroyKeptNumberError(number))
			return
		}
	}
	key := r.pinKey()
	last, known := lastAppliedPIN(ctx, req.Private, key)
	cmp := sync.OnceValue(func() lastPIN { return compareLastPIN(config, key, last, known) })
	setPrivate(ctx, resp.Private, privatePlanOf, planOf{
		PhoneNumberID: state.ID.ValueString(),
		Display:       state.DisplayPhoneNumber.ValueString(),
		Region:        state.DataLocalizationRegion.ValueString(),
		Verification:  state.CodeVerificationStatus.ValueString(),
		PINSet:        pinSetReason(state, config, cmp),
	}, &resp.Diagnostics)
	if guardPINRotated(state, plan, config, cmp) {
		resp.Diagnostics.Append(pinRotatedWarning(number))
	}
	if unchanged {
		return
	}
	switch {
	case plan.PhoneNumberID.IsUnknown():
		// guardReplacementAnnounced: the replacement may be of the same
		// number or of another, and the Delete cannot tell which; without
		// the preflight, a register of the same number could strand it.
		resp.Diagnostics.Append(unknownNumberReplaceError(number))
		return
	case r.data != nil && runLedgerOf(r.data).importedHere(state.ID.ValueString()) &&
		(!plan.PhoneNumberID.Equal(state.PhoneNumberID) || !plan.DataLocalizationRegion.Equal(state.DataLocalizationRegion)):
		// guardAdoptedPIN: the plan that imports a number writes nothing.
		changes := []string{"data_localization_region " + regionLabel(state.DataLocalizationRegion.ValueString()) + " → " + regionValueLabel(plan.DataLocalizationRegion)}
		if !plan.PhoneNumberID.Equal(state.PhoneNumberID) {
			changes = []string{"phone_number_id " + state.PhoneNumberID.ValueString() + " → " + valueLabel(plan.PhoneNumberID)}
		}
		resp.Diagnostics.Append(adoptingReplaceError(number, changes))
		return
	case !plan.PhoneNumberID.Equal(state.PhoneNumberID):
		resp.Diagnostics.Append(numberSwapWarning(number, valueLabel(plan.PhoneNumberID)))
	case !plan.DataLocalizationRegion.Equal(state.DataLocalizationRegion):
		// guardReplacementAnnounced, where the first call can see it.
		if unverifiedStatus(state.CodeVerificationStatus.ValueString()) {
			resp.Diagnostics.Append(replaceUnverifiedError(number, state.CodeVerificationStatus.ValueString()))
			return
		}
		changes := []string{"data_localization_region " + regionLabel(state.DataLocalizationRegion.ValueString()) + " → " + regionValueLabel(plan.DataLocalizationRegion)}
		resp.Diagnostics.Append(replacementWarning(number, changes, pinSetReason(state, config, cmp)))
	default:
		adopted := wasAdopted(ctx, req.Private)
		switch {
		case pinTakenAsGiven(adopted, state, plan):
			if !plan.PIN.Equal(state.PIN) || !plan.PINWOVersion.Equal(state.PINWOVersion) {
				resp.Diagnostics.Append(pinTakenAsGivenWarning(number))
			}
		default:
			if why := pinChanged(state, plan); why != "" {
				resp.Diagnostics.Append(pinWillBeSetWarning(state.ID.ValueString(), number, why))
			}
		}
		if adopted && triggersFire(state.ReregisterTriggers, plan.ReregisterTriggers) {
			resp.Diagnostics.Append(triggersRecordedWarning(number))
		}
		if !adopted && reregisterWanted(state, plan) {
			resp.Diagnostics.Append(reregisterWarning(number))
			// A register after a display-name change may change these.
			for _, attr := range []string{"verified_name", "status"} {
				resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(attr), types.StringUnknown())...)
			}
		}
	}
}

// unverifiedStatus is a refreshed code_verification_status that definitely
// forbids a register; "" (Meta left it out) is for the apply's preflight to
// read.
func unverifiedStatus(status string) bool {
	return status != "" && !strings.EqualFold(status, "VERIFIED")
}

func (r *phoneRegistrationResource) pinKey() *pinKey {
	if r.data == nil {
		return nil
	}
	return pinKeyOf(r.data)
}

func (r *phoneRegistrationResource) claims() *numberClaims {
	if r.data == nil {
		return nil
	}
	return numberClaimsOf(r.data)
}

// lastPIN is the configured PIN compared, once per plan (hashing costs),
// with the one the last apply presented.
type lastPIN int

const (
	lastPINUnknown lastPIN = iota // no hash in state, or the PIN is unknown until apply
	lastPINSame
	lastPINDifferent
)

func compareLastPIN(config phoneRegistrationModel, key *pinKey, last pinHash, known bool) lastPIN {
	if !known || config.PIN.IsUnknown() || config.PINWO.IsUnknown() {
		return lastPINUnknown
	}
	if key.matches(last, configuredPIN(config)) {
		return lastPINSame
	}
	return lastPINDifferent
}

// pinSetReason says why the PIN a replacement would present is not known
// to be the one the last apply presented ("" when it is). The replacement
// sets it first either way (guardPreflight); the plan says whether it is
// a new PIN.
func pinSetReason(state, config phoneRegistrationModel, cmp func() lastPIN) string {
	switch {
	case config.PIN.IsUnknown(), config.PINWO.IsUnknown():
		return "the configured PIN is not known until apply"
	case !config.PIN.IsNull() && !state.PIN.IsNull():
		if config.PIN.Equal(state.PIN) {
			return ""
		}
		return "pin changes"
	}
	switch cmp() {
	case lastPINUnknown:
		return "the PIN the number has is not known to this state (after an import, an apply made before the provider kept track, or under another access token)"
	case lastPINDifferent:
		return "the configured PIN differs from the one the last apply presented"
	}
	return ""
}

// guardPINRotated reports a pin_wo that is not the PIN the last apply
// presented, while pin_wo_version (the only change Terraform can see)
// stays the same: this plan sets nothing.
func guardPINRotated(state, plan, config phoneRegistrationModel, cmp func() lastPIN) bool {
	return !config.PINWO.IsNull() && !config.PINWO.IsUnknown() &&
		plan.PINWOVersion.Equal(state.PINWOVersion) && cmp() == lastPINDifferent
}

// idIsPhoneNumberID plans id as phone_number_id, which it always is: the
// plan shows it instead of "(known after apply)", also for a replacement.
// As an attribute plan modifier it costs a fraction of setting the whole
// plan's attribute in ModifyPlan.
type idIsPhoneNumberID struct{}

func (idIsPhoneNumberID) Description(context.Context) string {
	return "id is the phone_number_id"
}

func (m idIsPhoneNumberID) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (idIsPhoneNumberID) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	var number types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("phone_number_id"), &number)...)
	if !number.IsUnknown() && !number.IsNull() {
		resp.PlanValue = number
	}
}

func describeNumber(m phoneRegistrationModel) string {
	id := m.ID.ValueString()
	if d := m.DisplayPhoneNumber.ValueString(); d != "" {
		return fmt.Sprintf("%s (%s)", id, d)
	}
	return id
}

func valueLabel(v types.String) string {
	if v.IsUnknown() {
		return "(known after apply)"
	}
	return v.ValueString()
}

func regionValueLabel(v types.String) string {
	if v.IsUnknown() {
		return "(known after apply)"
	}
	return regionLabel(v.ValueString())
}
