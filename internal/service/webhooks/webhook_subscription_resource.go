package webhooks

import (
	"context"
	"fmt"

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

// whatsapp_webhook_subscription: this file (schema, model, plan) and
// webhook_subscription_crud.go (create, read, update, delete, import). The
// texts are in diagnostics_webhooks.go.

var (
	_ resource.Resource                   = (*webhookSubscriptionResource)(nil)
	_ resource.ResourceWithConfigure      = (*webhookSubscriptionResource)(nil)
	_ resource.ResourceWithIdentity       = (*webhookSubscriptionResource)(nil)
	_ resource.ResourceWithImportState    = (*webhookSubscriptionResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*webhookSubscriptionResource)(nil)
	_ resource.ResourceWithValidateConfig = (*webhookSubscriptionResource)(nil)
)

// NewWebhookSubscriptionResource is the factory for whatsapp_webhook_subscription.
func NewWebhookSubscriptionResource() resource.Resource { return &webhookSubscriptionResource{} }

type webhookSubscriptionResource struct {
	data *framework.ProviderData
}

type webhookSubscriptionModel struct {
	ID                   types.String   `tfsdk:"id"`
	WABAID               types.String   `tfsdk:"whatsapp_business_account_id"`
	OverrideCallbackURI  types.String   `tfsdk:"override_callback_uri"`
	VerifyTokenWO        types.String   `tfsdk:"verify_token_wo"`
	VerifyTokenWOVersion types.Int64    `tfsdk:"verify_token_wo_version"`
	AppID                types.String   `tfsdk:"app_id"`
	AppName              types.String   `tfsdk:"app_name"`
	Timeouts             timeouts.Value `tfsdk:"timeouts"`
}

func (r *webhookSubscriptionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_subscription"
}

// IdentitySchema: identified by whatsapp_business_account_id.
func (r *webhookSubscriptionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = framework.IdentitySchema("whatsapp_business_account_id", "The WhatsApp Business Account ID.")
}

func (r *webhookSubscriptionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

// verifyTokenAttributes are verify_token_wo and its version, as both
// webhook resources take them; required makes them mandatory.
func verifyTokenAttributes(required bool, also ...path.Expression) (schema.StringAttribute, schema.Int64Attribute) {
	token := schema.StringAttribute{
		MarkdownDescription: "The verify token Meta sends back to the callback URL when it verifies it (`hub.verify_token`); your endpoint must compare it and echo `hub.challenge`. " +
			"Write-only (Terraform 1.11 or later) and sensitive: sent to Meta, never stored in a plan file or in state, never logged. " +
			"Terraform cannot see it change: bump `verify_token_wo_version` to send a new one (Meta verifies the URL again).",
		Sensitive:  true,
		WriteOnly:  true,
		Required:   required,
		Optional:   !required,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1), framework.SecretEdgeValidator{}},
	}
	version := schema.Int64Attribute{
		MarkdownDescription: "Goes with `verify_token_wo`. Change this number to send a new `verify_token_wo` (an in-place update, verified again by Meta).",
		Required:            required,
		Optional:            !required,
		Validators:          []validator.Int64{int64validator.AtLeast(1)},
	}
	if !required {
		token.Validators = append(token.Validators, stringvalidator.AlsoRequires(append(also, path.MatchRoot("verify_token_wo_version"))...))
		version.Validators = append(version.Validators, int64validator.AlsoRequires(path.MatchRoot("verify_token_wo")))
	}
	return token, version
}

func (r *webhookSubscriptionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	token, version := verifyTokenAttributes(false, path.MatchRoot("override_callback_uri"))
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Subscribes this provider's app (the app the access token belongs to) to a WhatsApp Business Account's webhooks, " +
			"optionally with a WABA-level callback override. Without a subscription, the messaging events of the account's registered numbers reach no app of ours.\n\n" +
			"Creating it calls `POST /{waba-id}/subscribed_apps` without a body; with `override_callback_uri`, a second `POST` then sets the override, " +
			"because Meta accepts an override only from an app that is already subscribed, and verifies the URL (a GET that must echo `hub.challenge`). " +
			"Refresh finds this app in `GET /{waba-id}/subscribed_apps` by its id (from `GET /app`); destroying it calls `DELETE /{waba-id}/subscribed_apps`. " +
			"None of these calls spends the 10-per-72-hours register budget.",
		Attributes: map[string]schema.Attribute{
			"id": computed("The WhatsApp Business Account ID, the same as `whatsapp_business_account_id`."),
			"whatsapp_business_account_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account (WABA) ID. Changing it unsubscribes the app from the old account and subscribes it to the new one.",
				Required:            true,
				Validators:          []validator.String{framework.GraphID("the numeric WhatsApp Business Account ID")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"override_callback_uri": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Where Meta sends the messaging webhooks of the account's numbers instead of the app's callback URL "+
					"(an https URL of at most %d characters). A number's own override (`whatsapp_phone_number_webhook`) beats it. "+
					"Requires `verify_token_wo`. Removing it subscribes the app again without an override (a plain `POST`).", cloudapi.MaxCallbackURILength),
				Optional:   true,
				Validators: []validator.String{framework.CallbackURI(), stringvalidator.AlsoRequires(path.MatchRoot("verify_token_wo"))},
			},
			"verify_token_wo":         token,
			"verify_token_wo_version": version,
			"app_id":                  computed("The id of the subscribed app: the app the access token belongs to."),
			"app_name":                computed("The name of the subscribed app."),
		},
		Blocks: map[string]schema.Block{"timeouts": framework.WriteTimeouts(ctx)},
	}
}

func (r *webhookSubscriptionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	framework.ValidateTimeouts(ctx, req.Config, resp)
}

// ModifyPlan shows id in the plan and warns before an unsubscribe. It never
// calls the API.
func (r *webhookSubscriptionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.guardPlan(ctx, req, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	if !req.Plan.Raw.IsNull() {
		var waba types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("whatsapp_business_account_id"), &waba)...)
		if !waba.IsUnknown() && !waba.IsNull() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), waba)...)
		}
	}
	if req.State.Raw.IsNull() {
		return
	}
	var state webhookSubscriptionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(unsubscribeWarning(state.ID.ValueString()))
		return
	}
	var waba types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("whatsapp_business_account_id"), &waba)...)
	if !waba.Equal(state.WABAID) {
		// A replacement: the old account loses the subscription.
		resp.Diagnostics.Append(unsubscribeWarning(state.ID.ValueString()))
	}
}

// guardPlan runs guardHookPlan for the subscription of the planned (or,
// for a destroy, the recorded) WABA.
func (r *webhookSubscriptionResource) guardPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	obj := hookObject{stateApp: types.StringNull(), stateAppName: types.StringNull(), planURI: types.StringNull()}
	var waba types.String
	if !req.State.Raw.IsNull() {
		var uri types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("whatsapp_business_account_id"), &waba)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("app_id"), &obj.stateApp)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("app_name"), &obj.stateAppName)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("override_callback_uri"), &uri)...)
		obj.stateURI = uri.ValueString()
	}
	if !req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("whatsapp_business_account_id"), &waba)...)
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("override_callback_uri"), &obj.planURI)...)
	}
	if resp.Diagnostics.HasError() || waba.IsUnknown() {
		return
	}
	obj.key, obj.object = subscriptionKey(waba.ValueString()), "the webhook subscription of WhatsApp Business Account "+waba.ValueString()
	guardHookPlan(ctx, r.data, req, resp, obj)
}
