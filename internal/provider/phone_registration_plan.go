package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan speaks to whoever reads the plan: every plan that deregisters a
// number, spends its register budget or sets its PIN says so in a warning,
// and a plan that would strand a number is refused (guardPINDuringReplace).
// It never calls the API.
func (r *phoneRegistrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	// Most plans change nothing: a refresh of a registration as configured.
	// Decoding the models costs more than the rest of a plan, so compare
	// the raw values first; nothing to say when nothing changes.
	if !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	if req.State.Raw.IsNull() {
		if !req.Plan.Raw.IsNull() {
			var number types.String
			resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("phone_number_id"), &number)...)
			resp.Diagnostics.Append(createWarning(valueLabel(number)))
		}
		return
	}
	var state phoneRegistrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	number := describeNumber(state)
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(destroyWarning(number))
		return
	}
	var plan, config phoneRegistrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	switch {
	case !plan.PhoneNumberID.Equal(state.PhoneNumberID):
		resp.Diagnostics.Append(numberSwapWarning(number, valueLabel(plan.PhoneNumberID)))
	case !plan.DataLocalizationRegion.Equal(state.DataLocalizationRegion):
		changes := []string{"data_localization_region " + regionLabel(state.DataLocalizationRegion.ValueString()) + " → " + regionValueLabel(plan.DataLocalizationRegion)}
		if attr, why := guardPINDuringReplace(state, plan, config); why != "" {
			resp.Diagnostics.Append(pinDuringReplaceError(attr, number, changes, why))
			return
		}
		resp.Diagnostics.Append(replacementWarning(number, changes))
	default:
		if why := pinChanged(state, plan); why != "" {
			resp.Diagnostics.Append(pinWillBeSetWarning(state.ID.ValueString(), number, why))
		}
		if reregisterWanted(state, plan) {
			resp.Diagnostics.Append(reregisterWarning(number))
			// A register after a display-name change may change these.
			for _, attr := range []string{"verified_name", "status"} {
				resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(attr), types.StringUnknown())...)
			}
		}
	}
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
