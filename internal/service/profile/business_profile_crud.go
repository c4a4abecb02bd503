package profile

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// profileUpdate is what an apply sends: the fields the configuration sets
// that differ from state (all of them on create, when state is nil), and
// the picture handle when its version changes. A field left out of the
// configuration is never sent.
func profileUpdate(ctx context.Context, config, plan businessProfileModel, state *businessProfileModel, diags *diag.Diagnostics) cloudapi.ProfileUpdate {
	var u cloudapi.ProfileUpdate
	dst := map[string]**string{"about": &u.About, "address": &u.Address, "description": &u.Description, "email": &u.Email, "vertical": &u.Vertical}
	cfg, planned := config.texts(), plan.texts()
	for i, f := range planned {
		if cfg[i].v.IsNull() || (state != nil && f.v.Equal(*state.texts()[i].v)) {
			continue
		}
		v := f.v.ValueString()
		*dst[f.name] = &v
	}
	if !config.Websites.IsNull() && (state == nil || !plan.Websites.Equal(state.Websites)) {
		websites := []string{}
		diags.Append(plan.Websites.ElementsAs(ctx, &websites, false)...)
		u.Websites = &websites
	}
	if !config.ProfilePictureHandleWO.IsNull() && (state == nil || !plan.ProfilePictureHandleWOVersion.Equal(state.ProfilePictureHandleWOVersion)) {
		u.ProfilePictureHandle = config.ProfilePictureHandleWO.ValueString()
	}
	return u
}

// flattenProfile sets every remote attribute from a reading.
func flattenProfile(p *cloudapi.BusinessProfile, m *businessProfileModel, diags *diag.Diagnostics) {
	values := map[string]string{"about": p.About, "address": p.Address, "description": p.Description, "email": p.Email, "vertical": p.Vertical}
	for _, f := range m.texts() {
		*f.v = types.StringValue(values[f.name])
	}
	websites, dd := types.ListValueFrom(context.Background(), types.StringType, append([]string{}, p.Websites...))
	diags.Append(dd...)
	m.Websites = websites
	m.ProfilePictureURL = framework.OptionalString(p.ProfilePictureURL)
}

// mergeProfile fills what the plan left unknown from a reading; what the
// plan knows stays as planned, as Terraform requires.
func mergeProfile(plan *businessProfileModel, p *cloudapi.BusinessProfile, diags *diag.Diagnostics) {
	var read businessProfileModel
	flattenProfile(p, &read, diags)
	have, got := plan.texts(), read.texts()
	for i := range have {
		if have[i].v.IsUnknown() {
			*have[i].v = *got[i].v
		}
	}
	if plan.Websites.IsUnknown() {
		plan.Websites = read.Websites
	}
	if plan.ProfilePictureURL.IsUnknown() {
		plan.ProfilePictureURL = read.ProfilePictureURL
	}
}

// nullUnknownProfile empties what is still unknown after a failed read back.
func nullUnknownProfile(plan *businessProfileModel) {
	for _, f := range plan.texts() {
		if f.v.IsUnknown() {
			*f.v = types.StringNull()
		}
	}
	if plan.Websites.IsUnknown() {
		plan.Websites = types.ListNull(types.StringType)
	}
	if plan.ProfilePictureURL.IsUnknown() {
		plan.ProfilePictureURL = types.StringNull()
	}
}

func (r *businessProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config businessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	framework.SetIdentity(ctx, resp.Identity, "phone_number_id", plan.PhoneNumberID, &resp.Diagnostics)
	r.apply(ctx, config, plan, nil, plan.Timeouts.Create, &resp.State, &resp.Diagnostics)
}

func (r *businessProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, config, state businessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	framework.SetIdentity(ctx, resp.Identity, "phone_number_id", plan.PhoneNumberID, &resp.Diagnostics)
	r.apply(ctx, config, plan, &state, plan.Timeouts.Update, &resp.State, &resp.Diagnostics)
}

// apply sends the update (if it carries anything), then reads the profile
// back for the attributes the plan left unknown.
func (r *businessProfileResource) apply(ctx context.Context, config, plan businessProfileModel, state *businessProfileModel,
	timeout func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), out *tfsdk.State, diags *diag.Diagnostics) {
	ctx, cancel, client := framework.StartOperation(ctx, r.data, timeout, framework.DefaultWriteTimeout, diags)
	defer cancel()
	if client == nil {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	u := profileUpdate(ctx, config, plan, state, diags)
	if diags.HasError() {
		return
	}
	if state == nil && !u.Empty() {
		// A create reads first: what it replaces is named (the plan could
		// not know it).
		before, err := client.BusinessProfile(ctx, id)
		if err != nil {
			diags.Append(profileReadBeforeCreateFailed(id, err))
			return
		}
		if replaced := profileReplaces(u, before); len(replaced) > 0 {
			diags.Append(profileReplacedWarning(id, replaced))
		}
	}
	if !u.Empty() {
		if err := client.UpdateBusinessProfile(ctx, id, u); err != nil {
			diags.Append(profileUpdateFailed(id, err))
			return
		}
	}
	plan.ID = types.StringValue(id)
	if read, err := client.BusinessProfile(ctx, id); err != nil {
		diags.Append(profileReadBackWarning(id, err))
		nullUnknownProfile(&plan)
	} else {
		if differ := profileNotApplied(u, read); len(differ) > 0 {
			diags.Append(profileReadBackMismatchWarning(id, differ))
		}
		mergeProfile(&plan, read, diags)
	}
	diags.Append(out.Set(ctx, &plan)...)
}

// profileReplaces lists the fields a create sends over a different value
// the profile already held ("field: X → Y").
func profileReplaces(u cloudapi.ProfileUpdate, before *cloudapi.BusinessProfile) []string {
	var out []string
	for _, f := range []struct {
		name string
		sent *string
		had  string
	}{{"about", u.About, before.About}, {"address", u.Address, before.Address}, {"description", u.Description, before.Description},
		{"email", u.Email, before.Email}, {"vertical", u.Vertical, before.Vertical}} {
		if f.sent != nil && f.had != "" && *f.sent != f.had {
			out = append(out, fmt.Sprintf("%s: %s → %s", f.name, framework.ShortQuote(f.had), framework.ShortQuote(*f.sent)))
		}
	}
	if u.Websites != nil && len(before.Websites) > 0 && !slices.Equal(*u.Websites, before.Websites) {
		out = append(out, fmt.Sprintf("websites: %q → %q", before.Websites, *u.Websites))
	}
	return out
}

// profileNotApplied compares what an update sent with what Meta reads
// back, field by field ("field: sent X, Meta reports Y"). The picture is
// left out: a handle is not what reads give.
func profileNotApplied(u cloudapi.ProfileUpdate, read *cloudapi.BusinessProfile) []string {
	var out []string
	for _, f := range []struct {
		name string
		sent *string
		got  string
	}{{"about", u.About, read.About}, {"address", u.Address, read.Address}, {"description", u.Description, read.Description},
		{"email", u.Email, read.Email}, {"vertical", u.Vertical, read.Vertical}} {
		if f.sent != nil && *f.sent != f.got {
			out = append(out, fmt.Sprintf("%s: sent %s, Meta reports %s", f.name, framework.ShortQuote(*f.sent), framework.ShortQuote(f.got)))
		}
	}
	if u.Websites != nil && !slices.Equal(*u.Websites, read.Websites) && (len(*u.Websites) > 0 || len(read.Websites) > 0) {
		out = append(out, fmt.Sprintf("websites: sent %q, Meta reports %q", *u.Websites, read.Websites))
	}
	return out
}

func (r *businessProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state businessProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, state.Timeouts.Read, framework.DefaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	id := state.ID.ValueString()
	framework.SetIdentity(ctx, resp.Identity, "phone_number_id", state.ID, &resp.Diagnostics)
	p, err := client.BusinessProfile(ctx, id)
	if err != nil {
		resp.Diagnostics.Append(profileReadFailed(id, err))
		return
	}
	state.PhoneNumberID = types.StringValue(id)
	flattenProfile(p, &state, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete calls nothing: a profile cannot be deleted (profileStaysWarning).
func (r *businessProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(profileStaysWarning(id.ValueString()))
}

// ImportState reads the profile first (the id from `terraform import`, an
// import block's id or its identity).
func (r *businessProfileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := framework.ImportID(ctx, req, "phone_number_id", "a phone number ID", "terraform import whatsapp_business_profile.support 106540352242922", &resp.Diagnostics)
	if !ok {
		return
	}
	req.ID = id
	ctx, cancel, client := framework.StartOperation(ctx, r.data, framework.FixedTimeout, framework.DefaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	if _, err := client.BusinessProfile(ctx, req.ID); err != nil {
		resp.Diagnostics.Append(importProfileReadFailed(req.ID, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("phone_number_id"), req.ID)...)
	framework.SetIdentity(ctx, resp.Identity, "phone_number_id", types.StringValue(id), &resp.Diagnostics)
}
