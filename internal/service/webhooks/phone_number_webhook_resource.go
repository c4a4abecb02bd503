package webhooks

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
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

// whatsapp_phone_number_webhook: this file (schema, model, plan) and
// phone_number_webhook_crud.go. The texts are in diagnostics_webhooks.go.

var (
	_ resource.Resource                   = (*phoneNumberWebhookResource)(nil)
	_ resource.ResourceWithConfigure      = (*phoneNumberWebhookResource)(nil)
	_ resource.ResourceWithIdentity       = (*phoneNumberWebhookResource)(nil)
	_ resource.ResourceWithImportState    = (*phoneNumberWebhookResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*phoneNumberWebhookResource)(nil)
	_ resource.ResourceWithValidateConfig = (*phoneNumberWebhookResource)(nil)
)

// NewPhoneNumberWebhookResource is the factory for whatsapp_phone_number_webhook.
func NewPhoneNumberWebhookResource() resource.Resource { return &phoneNumberWebhookResource{} }

type phoneNumberWebhookResource struct {
	data *framework.ProviderData
}

type phoneNumberWebhookModel struct {
	ID                   types.String   `tfsdk:"id"`
	PhoneNumberID        types.String   `tfsdk:"phone_number_id"`
	OverrideCallbackURI  types.String   `tfsdk:"override_callback_uri"`
	VerifyTokenWO        types.String   `tfsdk:"verify_token_wo"`
	VerifyTokenWOVersion types.Int64    `tfsdk:"verify_token_wo_version"`
	AppID                types.String   `tfsdk:"app_id"`
	Timeouts             timeouts.Value `tfsdk:"timeouts"`
}

func (r *phoneNumberWebhookResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_number_webhook"
}

// IdentitySchema: identified by phone_number_id.
func (r *phoneNumberWebhookResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = framework.IdentitySchema("phone_number_id", "The phone number ID from WhatsApp Manager.")
}

func (r *phoneNumberWebhookResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *phoneNumberWebhookResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	token, version := verifyTokenAttributes(true)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sets a phone number's own webhook callback override: Meta sends the number's messaging webhooks there, " +
			"instead of the WABA's override or the app's callback URL (template and account events still go to the app's URL).\n\n" +
			"Creating or changing it calls `POST /{phone-number-id}` with `webhook_configuration`; Meta accepts it only from an app subscribed to the number's " +
			"WhatsApp Business Account, and verifies the URL (a GET that must echo `hub.challenge`). Manage the subscription with `whatsapp_webhook_subscription` " +
			"and give this resource `depends_on` on it. Destroying it sends `override_callback_uri = \"\"`, which removes the override. " +
			"A create reads the number first: an override with the same URL is adopted with a warning, one with another URL is refused with `terraform import` advice, " +
			"because the plan never named the URL it would replace. " +
			"None of these calls spends the 10-per-72-hours register budget.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID, the same as `phone_number_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID from WhatsApp Manager (1 to 20 digits; not the phone number itself). Changing it removes the old number's override and sets the new one's.",
				Required:            true,
				Validators:          []validator.String{framework.GraphID("the numeric phone number ID from WhatsApp Manager, not the phone number")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"override_callback_uri": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Where Meta sends the number's messaging webhooks: an https URL of at most %d characters, "+
					"whose endpoint answers Meta's verification.", cloudapi.MaxCallbackURILength),
				Required:   true,
				Validators: []validator.String{framework.CallbackURI()},
			},
			"verify_token_wo":         token,
			"verify_token_wo_version": version,
			"app_id": schema.StringAttribute{
				MarkdownDescription: "The id of the app that set the override: the app the access token belonged to. " +
					"Refresh, changes and destroy are refused when the token now belongs to another app, so that one app never clears another's override.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": framework.WriteTimeouts(ctx)},
	}
}

func (r *phoneNumberWebhookResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	framework.ValidateTimeouts(ctx, req.Config, resp)
}

// ModifyPlan shows id in the plan, and runs guardHookPlan; its only call is
// the token's app, which Configure has read already.
func (r *phoneNumberWebhookResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.guardPlan(ctx, req, resp)
	if resp.Diagnostics.HasError() || req.Plan.Raw.IsNull() {
		return
	}
	var number types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("phone_number_id"), &number)...)
	if !number.IsUnknown() && !number.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), number)...)
	}
}

// guardPlan runs guardHookPlan for the override of the planned (or, for a
// destroy, the recorded) number.
func (r *phoneNumberWebhookResource) guardPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	obj := hookObject{stateApp: types.StringNull(), stateAppName: types.StringNull(), planURI: types.StringNull()}
	var number types.String
	if !req.State.Raw.IsNull() {
		var uri types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("phone_number_id"), &number)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("app_id"), &obj.stateApp)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("override_callback_uri"), &uri)...)
		obj.stateURI = uri.ValueString()
	}
	if !req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("phone_number_id"), &number)...)
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("override_callback_uri"), &obj.planURI)...)
	}
	if resp.Diagnostics.HasError() || number.IsUnknown() {
		return
	}
	obj.key, obj.object = numberWebhookKey(number.ValueString()), "the callback override of phone number "+number.ValueString()
	guardHookPlan(ctx, r.data, req, resp, obj)
}
