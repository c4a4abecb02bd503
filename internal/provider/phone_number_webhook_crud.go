package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// noNumberWebhookError is findNumberWebhook's typed "not found": Meta's
// webhook_configuration was understood and holds no phone_number override.
type noNumberWebhookError struct{ id string }

func (e *noNumberWebhookError) Error() string {
	return "phone number " + e.id + " has no callback override"
}

// findNumberWebhook reads a number's own callback override.
func findNumberWebhook(ctx context.Context, client *cloudapi.Client, id string) (string, error) {
	conf, err := client.NumberWebhookConfiguration(ctx, id)
	if err != nil {
		return "", err
	}
	if conf.PhoneNumber == "" {
		return "", &noNumberWebhookError{id: id}
	}
	return conf.PhoneNumber, nil
}

func (r *phoneNumberWebhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, req.Config, nil, &resp.State, &resp.Diagnostics)
}

func (r *phoneNumberWebhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var state phoneNumberWebhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, req.Plan, req.Config, &state, &resp.State, &resp.Diagnostics)
}

// tokenApp reads the token's app (cached for the run) and, with a prior
// state, applies guardSameApp.
func tokenApp(ctx context.Context, client *cloudapi.Client, id string, state *phoneNumberWebhookModel, op operation, diags *diag.Diagnostics) *cloudapi.App {
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
	op, timeout := opCreate, plan.Timeouts.Create
	if prior != nil {
		op, timeout = opUpdate, plan.Timeouts.Update
	}
	ctx, cancel, client := startOperation(ctx, r.data, timeout, defaultWriteTimeout, diags)
	defer cancel()
	if client == nil {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	uri := plan.OverrideCallbackURI.ValueString()
	key := numberWebhookKey(id)
	defer r.data.hooks.lock(key)()
	app := tokenApp(ctx, client, id, prior, op, diags)
	if app == nil {
		return
	}
	if prior == nil {
		existing, err := findNumberWebhook(ctx, client, id)
		if err != nil && !errors.As(err, new(*noNumberWebhookError)) {
			diags.Append(numberWebhookReadFailed(id, opCreate, err))
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
	r.data.hooks.claim(key)
	plan.ID = types.StringValue(id)
	plan.AppID = types.StringValue(app.ID)
	if got, err := findNumberWebhook(ctx, client, id); got != uri {
		if err != nil && !errors.As(err, new(*noNumberWebhookError)) {
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
	ctx, cancel, client := startOperation(ctx, r.data, state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	id := state.ID.ValueString()
	app := tokenApp(ctx, client, id, &state, opRefresh, &resp.Diagnostics)
	if app == nil {
		return
	}
	uri, err := findNumberWebhook(ctx, client, id)
	var gone *noNumberWebhookError
	switch {
	case errors.As(err, &gone):
		resp.Diagnostics.Append(numberWebhookGoneWarning(id))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(numberWebhookReadFailed(id, opRefresh, err))
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
	ctx, cancel, client := startOperation(ctx, r.data, state.Timeouts.Delete, defaultWriteTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	id := state.ID.ValueString()
	key := numberWebhookKey(id)
	defer r.data.hooks.lock(key)()
	if r.data.hooks.guardHookCreateBeforeDestroy(key) {
		resp.Diagnostics.Append(numberWebhookKeptWarning(id))
		return
	}
	if tokenApp(ctx, client, id, &state, opDelete, &resp.Diagnostics) == nil {
		return
	}
	if err := client.RemoveNumberWebhook(ctx, id); err != nil {
		resp.Diagnostics.Append(numberWebhookRemoveFailed(id, err))
	}
}

func (r *phoneNumberWebhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !validImportID(req.ID, "a phone number ID", "terraform import whatsapp_phone_number_webhook.support 106540352242922", &resp.Diagnostics) {
		return
	}
	ctx, cancel, client := startOperation(ctx, r.data, fixedTimeout, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	app := tokenApp(ctx, client, req.ID, nil, opImport, &resp.Diagnostics)
	if app == nil {
		return
	}
	_, err := findNumberWebhook(ctx, client, req.ID)
	var gone *noNumberWebhookError
	switch {
	case errors.As(err, &gone):
		resp.Diagnostics.Append(importNoNumberWebhookError(req.ID))
		return
	case err != nil:
		resp.Diagnostics.Append(numberWebhookReadFailed(req.ID, opImport, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("phone_number_id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("app_id"), app.ID)...)
}
