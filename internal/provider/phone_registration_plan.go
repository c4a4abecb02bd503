package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan speaks to whoever reads the plan: every plan that deregisters a
// number, or spends its register budget, says so in a warning, and a plan
// that would strand a number is refused.
func (r *phoneRegistrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() {
		// id is always phone_number_id: show it in the plan instead of
		// "(known after apply)", also for a replacement.
		var number types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("phone_number_id"), &number)...)
		if !number.IsUnknown() && !number.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), number)...)
		}
	}
	if req.State.Raw.IsNull() {
		return
	}
	var state phoneRegistrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	number := describeNumber(state)

	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.AddWarning("Destroying this registration deregisters phone number "+number,
			"Applying this plan calls deregister on phone number "+number+". It then stops sending and receiving messages on the Cloud API "+
				"until it is registered again; the number and its message history are not deleted. "+
				"This spends one deregister of the number's budget: "+budgetSentence)
		return
	}

	var plan, config phoneRegistrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	var changes []string
	if !plan.PhoneNumberID.Equal(state.PhoneNumberID) {
		changes = append(changes, "phone_number_id "+state.PhoneNumberID.ValueString()+" → "+valueLabel(plan.PhoneNumberID))
	}
	if !plan.DataLocalizationRegion.Equal(state.DataLocalizationRegion) {
		changes = append(changes, "data_localization_region "+regionLabel(state.DataLocalizationRegion.ValueString())+" → "+regionValueLabel(plan.DataLocalizationRegion))
	}
	if len(changes) == 0 {
		if triggersFire(state.ReregisterTriggers, plan.ReregisterTriggers) {
			resp.Diagnostics.AddWarning("Phone number "+number+" will be registered again",
				"reregister_triggers changed, so applying this plan registers the number again in place, with its current PIN and region and without a deregister "+
					"(this is how an approved display-name change takes effect). Messaging is not interrupted. "+
					"It spends one register of the number's budget: "+budgetSentence)
		}
		return
	}

	if plan.PhoneNumberID.Equal(state.PhoneNumberID) {
		if attr, why := pinChangeDuringReplace(state, plan, config); why != "" {
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Change the PIN and the region of phone number "+number+" in two applies",
				fmt.Sprintf("This plan would deregister phone number %s and register it again (%s), and %s. "+
					"Two-step verification keeps the number's current PIN through a deregister, so a register with another PIN fails with error 133005 "+
					"after the deregister has succeeded, leaving the number offline. The plan is refused so that this cannot happen.\n\n"+
					"What to do: first apply with the old data_localization_region and the PIN you want (an in-place update that sets the PIN, with no deregister); "+
					"then change data_localization_region and apply again.", number, strings.Join(changes, ", "), why))
			return
		}
	}

	resp.Diagnostics.AddWarning("Phone number "+number+" will be deregistered and registered again",
		fmt.Sprintf("This plan replaces the registration of phone number %s: %s. Applying it deregisters the number, then registers it again.\n\n"+
			"- Messaging on the Cloud API stops between the deregister and the register (normally seconds).\n"+
			"- It spends one deregister and one register of the number's budget. %s\n"+
			"- If the register fails, the number stays deregistered; running terraform apply again registers it.\n"+
			"- Local storage cannot change in place, so there is no way to do this without the deregister.",
			number, strings.Join(changes, ", "), budgetSentence))
}

// pinChangeDuringReplace says which PIN attribute makes a replacement of the
// same number unsafe, and why; "" when the register will present the PIN
// the number has.
func pinChangeDuringReplace(state, plan, config phoneRegistrationModel) (string, string) {
	if !config.PIN.IsNull() {
		switch {
		case config.PIN.IsUnknown():
			return "pin", "the new pin is not known until apply, so the provider cannot check that it is the number's current PIN"
		case state.PIN.IsNull():
			return "pin", "the provider does not know the number's current PIN (after an import, or after pin_wo, it is not in state), so it cannot check that pin matches it"
		case !config.PIN.Equal(state.PIN):
			return "pin", "pin changes at the same time"
		}
		return "", ""
	}
	if !state.PINWOVersion.IsNull() {
		if !plan.PINWOVersion.Equal(state.PINWOVersion) {
			return "pin_wo_version", "pin_wo_version changes at the same time, which means a new PIN"
		}
		return "", ""
	}
	if !state.PIN.IsNull() && config.PINWO.Equal(state.PIN) {
		return "", ""
	}
	return "pin_wo", "the provider cannot tell whether pin_wo is the number's current PIN (the registration in state used another PIN or was imported)"
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
