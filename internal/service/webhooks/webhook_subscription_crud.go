package webhooks

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// findSubscription finds this app's subscription to a WABA: the app is the
// one the token belongs to (GET /app, read once per run), matched by id
// among every subscribed app; a non-empty list is not enough. Meta's list
// understood without this app in it is a framework.NotFoundError, returned
// with the app; an answer that cannot tell (100/33, a shape not
// understood) is any other error, never an absence.
func findSubscription(ctx context.Context, client *cloudapi.Client, waba string) (*cloudapi.App, *cloudapi.SubscribedApp, error) {
	app, err := client.App(ctx)
	if err != nil {
		return nil, nil, err
	}
	apps, err := client.SubscribedApps(ctx, waba)
	if err != nil {
		return app, nil, err
	}
	for i := range apps {
		if apps[i].ID == app.ID {
			return app, &apps[i], nil
		}
	}
	return app, nil, framework.NewNotFound("app %s is not subscribed to WhatsApp Business Account %s", app.ID, waba)
}

// flattenSubscription sets the remote attributes from a reading.
func flattenSubscription(waba string, app *cloudapi.App, sub *cloudapi.SubscribedApp, m *webhookSubscriptionModel) {
	m.ID = types.StringValue(waba)
	m.WABAID = types.StringValue(waba)
	m.AppID = types.StringValue(app.ID)
	m.AppName = types.StringValue(app.Name)
	m.OverrideCallbackURI = framework.OptionalString(sub.OverrideCallbackURI)
}

func (r *webhookSubscriptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config webhookSubscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, plan.Timeouts.Create, framework.DefaultWriteTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	waba := plan.WABAID.ValueString()
	framework.SetIdentity(ctx, resp.Identity, "whatsapp_business_account_id", plan.WABAID, &resp.Diagnostics)
	key := subscriptionKey(waba)
	defer hookLedgerOf(r.data).lock(key)()
	// guardAnnounceTakeover: look first. A plain POST on an app that is
	// already subscribed would remove an override this plan never announced
	// removing, and an adoption must be said.
	app, existing, err := findSubscription(ctx, client, waba)
	if app != nil && !planAppMatches("the webhook subscription of WhatsApp Business Account "+waba, plan.AppID, app, &resp.Diagnostics) {
		return
	}
	subscribedNow := false
	switch {
	case framework.NotFound(err):
		// Meta accepts an override only from an app already subscribed: a
		// plain POST first, then the override.
		if err := client.Subscribe(ctx, waba, cloudapi.Subscription{}); err != nil {
			resp.Diagnostics.Append(subscribeFailed(waba, err))
			return
		}
		subscribedNow = true
	case app == nil:
		resp.Diagnostics.Append(appReadFailed(waba, framework.OpCreate, err))
		return
	case err != nil:
		resp.Diagnostics.Append(subscriptionReadFailed(waba, framework.OpCreate, err))
		return
	case existing.OverrideCallbackURI != "" && !plan.OverrideCallbackURI.IsNull() && existing.OverrideCallbackURI != plan.OverrideCallbackURI.ValueString():
		// guardAnnounceTakeover: the plan never named the override it would
		// replace.
		resp.Diagnostics.Append(subscriptionOverrideExistsError(waba, existing.OverrideCallbackURI, plan.OverrideCallbackURI.ValueString()))
		return
	default:
		resp.Diagnostics.Append(subscriptionAdoptedWarning(waba, existing.OverrideCallbackURI, plan.OverrideCallbackURI.ValueString()))
	}
	plan.ID = types.StringValue(waba)
	plan.AppID, plan.AppName = types.StringValue(app.ID), types.StringValue(app.Name)
	if override := plan.OverrideCallbackURI.ValueString(); override != "" {
		if err := client.Subscribe(ctx, waba, cloudapi.Subscription{OverrideCallbackURI: override, VerifyToken: config.VerifyTokenWO.ValueString()}); err != nil {
			if !subscribedNow {
				resp.Diagnostics.Append(overrideAfterAdoptFailed(waba, err))
				return
			}
			// guardPartialCreate: what this create made is saved, and an
			// error taints it, so that destroy can remove it.
			resp.Diagnostics.Append(overrideAfterSubscribeFailed(waba, err))
			plan.OverrideCallbackURI = types.StringNull()
			hookLedgerOf(r.data).claim(key)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			return
		}
	}
	hookLedgerOf(r.data).claim(key)
	if subscribedNow || !plan.OverrideCallbackURI.IsNull() {
		r.readBack(ctx, client, &plan, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// readBack checks a write against a read. The write succeeded, so state
// records what was configured whatever the read says; a difference is a
// warning, and shows as drift on the next plan.
func (r *webhookSubscriptionResource) readBack(ctx context.Context, client *cloudapi.Client, plan *webhookSubscriptionModel, diags *diag.Diagnostics) {
	waba := plan.WABAID.ValueString()
	_, sub, err := findSubscription(ctx, client, waba)
	switch {
	case err != nil:
		diags.Append(subscriptionReadBackWarning(waba, err))
	case plan.OverrideCallbackURI.IsNull() && sub.OverrideCallbackURI != "":
		diags.Append(overrideStillSetWarning(waba, sub.OverrideCallbackURI))
	case sub.OverrideCallbackURI != plan.OverrideCallbackURI.ValueString():
		diags.Append(webhookReadBackWarning("Set the callback override of WhatsApp Business Account "+waba, "WhatsApp Business Account "+waba,
			plan.OverrideCallbackURI.ValueString(), sub.OverrideCallbackURI))
	}
}

func (r *webhookSubscriptionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state webhookSubscriptionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, state.Timeouts.Read, framework.DefaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	waba := state.ID.ValueString()
	framework.SetIdentity(ctx, resp.Identity, "whatsapp_business_account_id", state.ID, &resp.Diagnostics)
	app, sub, err := findSubscription(ctx, client, waba)
	if app == nil {
		resp.Diagnostics.Append(appReadFailed(waba, framework.OpRefresh, err))
		return
	}
	if d := guardSameApp(subscriptionObject(waba), state.AppID, state.AppName, app); d != nil {
		resp.Diagnostics.Append(d)
		return
	}
	switch {
	case framework.NotFound(err):
		resp.Diagnostics.Append(notSubscribedWarning(waba, app))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(subscriptionReadFailed(waba, framework.OpRefresh, err))
		return
	}
	flattenSubscription(waba, app, sub, &state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func subscriptionObject(waba string) string {
	return "the webhook subscription of WhatsApp Business Account " + waba
}

// sameApp is guardSameApp before a write: it reads the token's app (cached
// for the run) and reports whether the write may go ahead.
func (r *webhookSubscriptionResource) sameApp(ctx context.Context, client *cloudapi.Client, state webhookSubscriptionModel, op framework.Operation, diags *diag.Diagnostics) bool {
	waba := state.ID.ValueString()
	app, err := client.App(ctx)
	if err != nil {
		diags.Append(appReadFailed(waba, op, err))
		return false
	}
	if d := guardSameApp(subscriptionObject(waba), state.AppID, state.AppName, app); d != nil {
		diags.Append(d)
		return false
	}
	return true
}

func (r *webhookSubscriptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config webhookSubscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, plan.Timeouts.Update, framework.DefaultWriteTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	waba := state.ID.ValueString()
	framework.SetIdentity(ctx, resp.Identity, "whatsapp_business_account_id", state.ID, &resp.Diagnostics)
	defer hookLedgerOf(r.data).lock(subscriptionKey(waba))()
	if !r.sameApp(ctx, client, state, framework.OpUpdate, &resp.Diagnostics) {
		return
	}
	override := plan.OverrideCallbackURI.ValueString()
	var write *cloudapi.Subscription
	switch {
	case override != "" && (!plan.OverrideCallbackURI.Equal(state.OverrideCallbackURI) || !plan.VerifyTokenWOVersion.Equal(state.VerifyTokenWOVersion)):
		write = &cloudapi.Subscription{OverrideCallbackURI: override, VerifyToken: config.VerifyTokenWO.ValueString()}
	case override == "" && !state.OverrideCallbackURI.IsNull():
		// A plain POST subscribes the app again without an override.
		write = &cloudapi.Subscription{}
	}
	if write != nil {
		if err := client.Subscribe(ctx, waba, *write); err != nil {
			resp.Diagnostics.Append(overrideUpdateFailed(waba, err))
			return
		}
		r.readBack(ctx, client, &plan, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *webhookSubscriptionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state webhookSubscriptionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, state.Timeouts.Delete, framework.DefaultWriteTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	waba := state.ID.ValueString()
	key := subscriptionKey(waba)
	defer hookLedgerOf(r.data).lock(key)()
	// guardSameApp first: as another app, not even the skip is right.
	if !r.sameApp(ctx, client, state, framework.OpDelete, &resp.Diagnostics) {
		return
	}
	if hookLedgerOf(r.data).guardHookCreateBeforeDestroy(key) {
		resp.Diagnostics.Append(subscriptionKeptWarning(waba))
		return
	}
	if err := client.Unsubscribe(ctx, waba); err != nil {
		resp.Diagnostics.Append(unsubscribeFailed(waba, err))
	}
}

// ImportState reads the subscription first, so that "not subscribed" gets
// its own message (the id from `terraform import`, an import block's id or
// its identity). The app recorded is the token's. With an override, it
// records verify_token_wo_version 1, as the number webhook's import does.
func (r *webhookSubscriptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := framework.ImportID(ctx, req, "whatsapp_business_account_id", "a WhatsApp Business Account ID", "terraform import whatsapp_webhook_subscription.main 102290129340398", &resp.Diagnostics)
	if !ok {
		return
	}
	req.ID = id
	ctx, cancel, client := framework.StartOperation(ctx, r.data, framework.FixedTimeout, framework.DefaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	app, sub, err := findSubscription(ctx, client, req.ID)
	switch {
	case app == nil:
		resp.Diagnostics.Append(appReadFailed(req.ID, framework.OpImport, err))
		return
	case framework.NotFound(err):
		resp.Diagnostics.Append(importNotSubscribedError(req.ID, app))
		return
	case err != nil:
		resp.Diagnostics.Append(subscriptionReadFailed(req.ID, framework.OpImport, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("whatsapp_business_account_id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("app_id"), app.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("app_name"), app.Name)...)
	if sub.OverrideCallbackURI != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("verify_token_wo_version"), AdoptedVerifyTokenVersion)...)
	}
	framework.SetIdentity(ctx, resp.Identity, "whatsapp_business_account_id", types.StringValue(id), &resp.Diagnostics)
}
