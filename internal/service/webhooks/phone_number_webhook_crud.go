package webhooks

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// findNumberWebhook reads a number's own callback override. Meta's
// webhook_configuration understood and holding no phone_number override is
// a framework.NotFoundError.
func findNumberWebhook(ctx context.Context, client *cloudapi.Client, id string) (string, error) {
	conf, err := client.NumberWebhookConfiguration(ctx, id)
	if err != nil {
		return "", err
	}
	if conf.PhoneNumber == "" {
		return "", framework.NewNotFound("phone number %s has no callback override", id)
	}
	return conf.PhoneNumber, nil
}

func (r *phoneNumberWebhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	setNumberIdentity(ctx, req.Plan.GetAttribute, resp.Identity, &resp.Diagnostics)
	r.write(ctx, req.Plan, req.Config, nil, &resp.State, &resp.Diagnostics)
}

func (r *phoneNumberWebhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var state phoneNumberWebhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	framework.SetIdentity(ctx, resp.Identity, "phone_number_id", state.ID, &resp.Diagnostics)
	r.write(ctx, req.Plan, req.Config, &state, &resp.State, &resp.Diagnostics)
}

// setNumberIdentity records the phone_number_id of a plan as the identity.
func setNumberIdentity(ctx context.Context, get func(context.Context, path.Path, any) diag.Diagnostics, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	var id types.String
	diags.Append(get(ctx, path.Root("phone_number_id"), &id)...)
	framework.SetIdentity(ctx, identity, "phone_number_id", id, diags)
}

// tokenApp reads the token's app (cached for the run) and, with a prior
// state, applies guardSameApp.
func tokenApp(ctx context.Context, client *cloudapi.Client, id string, state *phoneNumberWebhookModel, op framework.Operation, diags *diag.Diagnostics) *cloudapi.App {
	app, err := client.App(ctx)
	if err != nil {
		diags.Append(numberWebhookAppReadFailed(id, op, err))
		return nil
	}
	if state != nil {
		if d := guardSameApp("the callback override of phone number "+id, state.AppID, types.StringNull(), app); d != nil {
			diags.Append(d)
			return nil
		}
	}
	return app
}

// write sets the override (create and update are the same call), then reads
// it back. The write succeeded, so state records it whatever the read says.
// A create reads first (guardAnnounceTakeover).
func (r *phoneNumberWebhookResource) write(ctx context.Context, planData tfsdk.Plan, configData tfsdk.Config, prior *phoneNumberWebhookModel, state *tfsdk.State, diags *diag.Diagnostics) {
	var plan, config phoneNumberWebhookModel
	diags.Append(planData.Get(ctx, &plan)...)
	diags.Append(configData.Get(ctx, &config)...)
	if diags.HasError() {
		return
	}
	op, timeout := framework.OpCreate, plan.Timeouts.Create
	if prior != nil {
		op, timeout = framework.OpUpdate, plan.Timeouts.Update
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, timeout, framework.DefaultWriteTimeout, diags)
	defer cancel()
	if client == nil {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	uri := plan.OverrideCallbackURI.ValueString()
	key := numberWebhookKey(id)
	defer hookLedgerOf(r.data).lock(key)()
	app := tokenApp(ctx, client, id, prior, op, diags)
	if app == nil {
		return
	}
	if prior == nil {
		if !planAppMatches("the callback override of phone number "+id, plan.AppID, app, diags) {
			return
		}
		existing, err := findNumberWebhook(ctx, client, id)
		if err != nil && !framework.NotFound(err) {
			diags.Append(numberWebhookReadFailed(id, framework.OpCreate, err))
			return
		}
		switch guardAnnounceTakeover(existing, uri) {
		case overrideRefuse:
			diags.Append(numberOverrideExistsError(id, existing, uri))
			return
		case overrideAdopt:
			diags.Append(numberOverrideAdoptedWarning(id, existing))
		}
	}
	if err := client.SetNumberWebhook(ctx, id, uri, config.VerifyTokenWO.ValueString()); err != nil {
		diags.Append(numberWebhookSetFailed(id, op, err))
		return
	}
	hookLedgerOf(r.data).claim(key)
	plan.ID = types.StringValue(id)
	plan.AppID = types.StringValue(app.ID)
	if got, err := findNumberWebhook(ctx, client, id); got != uri {
		if err != nil && !framework.NotFound(err) {
			diags.Append(numberWebhookReadBackFailedWarning(id, err))
		} else {
			diags.Append(webhookReadBackWarning("Set the callback override of phone number "+id, "phone number "+id, uri, got))
		}
	}
	diags.Append(state.Set(ctx, &plan)...)
}

func (r *phoneNumberWebhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state phoneNumberWebhookModel
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
	app := tokenApp(ctx, client, id, &state, framework.OpRefresh, &resp.Diagnostics)
	if app == nil {
		return
	}
	uri, err := findNumberWebhook(ctx, client, id)
	switch {
	case framework.NotFound(err):
		resp.Diagnostics.Append(numberWebhookGoneWarning(id))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(numberWebhookReadFailed(id, framework.OpRefresh, err))
		return
	}
	state.PhoneNumberID = types.StringValue(id)
	state.OverrideCallbackURI = types.StringValue(uri)
	state.AppID = types.StringValue(app.ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete removes the override with an empty override_callback_uri; the
// number's webhooks then go to the WABA's override or the app's URL.
func (r *phoneNumberWebhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state phoneNumberWebhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, state.Timeouts.Delete, framework.DefaultWriteTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	id := state.ID.ValueString()
	key := numberWebhookKey(id)
	defer hookLedgerOf(r.data).lock(key)()
	// guardSameApp first: as another app, not even the skip is right.
	if tokenApp(ctx, client, id, &state, framework.OpDelete, &resp.Diagnostics) == nil {
		return
	}
	if hookLedgerOf(r.data).guardHookCreateBeforeDestroy(key) {
		resp.Diagnostics.Append(numberWebhookKeptWarning(id))
		return
	}
	if err := client.RemoveNumberWebhook(ctx, id); err != nil {
		resp.Diagnostics.Append(numberWebhookRemoveFailed(id, err))
	}
}

// ImportState reads the override first (the id from `terraform import`, an
// import block's id or its identity). An import cannot read the verify
// token: it records verify_token_wo_version 1, so that a configuration
// with verify_token_wo and verify_token_wo_version = 1 plans no change and
// the adopting apply verifies nothing; bumping the version sends a new
// token, verified by Meta.
func (r *phoneNumberWebhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := framework.ImportID(ctx, req, "phone_number_id", "a phone number ID", "terraform import whatsapp_phone_number_webhook.support 106540352242922", &resp.Diagnostics)
	if !ok {
		return
	}
	req.ID = id
	ctx, cancel, client := framework.StartOperation(ctx, r.data, framework.FixedTimeout, framework.DefaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	app := tokenApp(ctx, client, req.ID, nil, framework.OpImport, &resp.Diagnostics)
	if app == nil {
		return
	}
	_, err := findNumberWebhook(ctx, client, req.ID)
	switch {
	case framework.NotFound(err):
		resp.Diagnostics.Append(importNoNumberWebhookError(req.ID))
		return
	case err != nil:
		resp.Diagnostics.Append(numberWebhookReadFailed(req.ID, framework.OpImport, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("phone_number_id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("app_id"), app.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("verify_token_wo_version"), AdoptedVerifyTokenVersion)...)
	framework.SetIdentity(ctx, resp.Identity, "phone_number_id", types.StringValue(id), &resp.Diagnostics)
}

// AdoptedVerifyTokenVersion is the verify_token_wo_version an import
// records: the token the endpoint already answers is version 1.
const AdoptedVerifyTokenVersion int64 = 1
