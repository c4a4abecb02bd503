package profile

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// whatsapp_business_profile: this file (schema, model, plan) and
// business_profile_crud.go. The texts are in diagnostics_profile.go.
//
// Only the fields in the configuration are managed. Each field is Optional
// and Computed with UseStateForUnknown: one left out is never sent, keeps
// what Meta has, and its changes outside Terraform refresh into state
// without a plan to undo them. "Not set" is "" (and [] for websites), as
// Meta leaves empty fields out of its answer.

var (
	_ resource.Resource                   = (*businessProfileResource)(nil)
	_ resource.ResourceWithConfigure      = (*businessProfileResource)(nil)
	_ resource.ResourceWithIdentity       = (*businessProfileResource)(nil)
	_ resource.ResourceWithImportState    = (*businessProfileResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*businessProfileResource)(nil)
	_ resource.ResourceWithValidateConfig = (*businessProfileResource)(nil)
)

// NewBusinessProfileResource is the factory for whatsapp_business_profile.
func NewBusinessProfileResource() resource.Resource { return &businessProfileResource{} }

type businessProfileResource struct {
	data *framework.ProviderData
}

type businessProfileModel struct {
	ID                            types.String   `tfsdk:"id"`
	PhoneNumberID                 types.String   `tfsdk:"phone_number_id"`
	About                         types.String   `tfsdk:"about"`
	Address                       types.String   `tfsdk:"address"`
	Description                   types.String   `tfsdk:"description"`
	Email                         types.String   `tfsdk:"email"`
	Websites                      types.List     `tfsdk:"websites"`
	Vertical                      types.String   `tfsdk:"vertical"`
	ProfilePictureHandleWO        types.String   `tfsdk:"profile_picture_handle_wo"`
	ProfilePictureHandleWOVersion types.Int64    `tfsdk:"profile_picture_handle_wo_version"`
	ProfilePictureURL             types.String   `tfsdk:"profile_picture_url"`
	Timeouts                      timeouts.Value `tfsdk:"timeouts"`
}

// texts lists the text fields with their API names, in a fixed order.
func (m *businessProfileModel) texts() []struct {
	name string
	v    *types.String
} {
	return []struct {
		name string
		v    *types.String
	}{{"about", &m.About}, {"address", &m.Address}, {"description", &m.Description}, {"email", &m.Email}, {"vertical", &m.Vertical}}
}

func (r *businessProfileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_profile"
}

// IdentitySchema: identified by phone_number_id.
func (r *businessProfileResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = framework.IdentitySchema("phone_number_id", "The phone number ID from WhatsApp Manager.")
}

func (r *businessProfileResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *businessProfileResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	managed := " Managed only when set here: left out, it is not sent and keeps what Meta has."
	text := func(desc string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc + managed, Optional: true, Computed: true, Validators: validators,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the WhatsApp business profile of a phone number: the about text, address, description, email, websites, industry and picture " +
			"that WhatsApp users see when they open the business's profile.\n\n" +
			"Creating or changing it calls `POST /{phone-number-id}/whatsapp_business_profile` with only the fields this configuration sets; " +
			"refresh calls `GET` on the same edge. **Destroying it makes no API call**: Meta has no way to delete a profile, so it stays as it is, and the plan says so. " +
			"Every limit is checked at `terraform validate`. None of these calls spends the 10-per-72-hours register budget.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID, the same as `phone_number_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID from WhatsApp Manager (1 to 20 digits; not the phone number itself).",
				Required:            true,
				Validators:          []validator.String{framework.GraphID("the numeric phone number ID from WhatsApp Manager, not the phone number")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"about": text(fmt.Sprintf("The profile's About text, shown under the name: 1 to %d characters (it cannot be empty).", cloudapi.MaxProfileAbout),
				framework.TextLength(1, cloudapi.MaxProfileAbout)),
			"address": text(fmt.Sprintf("The business's address, at most %d characters; \"\" clears it.", cloudapi.MaxProfileAddress),
				framework.TextLength(0, cloudapi.MaxProfileAddress)),
			"description": text(fmt.Sprintf("The business's description, at most %d characters; \"\" clears it.", cloudapi.MaxProfileDescription),
				framework.TextLength(0, cloudapi.MaxProfileDescription)),
			"email": text(fmt.Sprintf("The contact email address, at most %d characters; \"\" clears it.", cloudapi.MaxProfileEmail),
				framework.TextLength(0, cloudapi.MaxProfileEmail), framework.EmailValidator{}),
			"vertical": text("The business's industry, one of `"+strings.Join(cloudapi.Verticals, "`, `")+"`. "+
				"`\"\"` is refused: Meta documents vertical as this enum and no way to clear it, so leave it out to stop managing it.",
				stringvalidator.OneOf(cloudapi.Verticals...)),
			"websites": schema.ListAttribute{
				MarkdownDescription: fmt.Sprintf("Up to %d websites, each an http:// or https:// URL of at most %d characters; [] clears them.",
					cloudapi.MaxProfileWebsites, cloudapi.MaxProfileWebsite) + managed,
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Validators: []validator.List{listvalidator.SizeAtMost(cloudapi.MaxProfileWebsites),
					listvalidator.ValueStringsAre(framework.WebsiteURL())},
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"profile_picture_handle_wo": schema.StringAttribute{
				MarkdownDescription: "A handle from Meta's Resumable Upload API for a new profile picture. Write-only (Terraform 1.11 or later): " +
					"a handle is good for one use, so it is sent and never stored. Requires `profile_picture_handle_wo_version`; bump the version to apply a new handle.",
				Optional:   true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.AlsoRequires(path.MatchRoot("profile_picture_handle_wo_version"))},
			},
			"profile_picture_handle_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Goes with `profile_picture_handle_wo`. Change this number to send a new handle (an in-place update).",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1), int64validator.AlsoRequires(path.MatchRoot("profile_picture_handle_wo"))},
			},
			"profile_picture_url": schema.StringAttribute{
				MarkdownDescription: "The URL of the profile picture, as Meta serves it; null when there is none.",
				Computed:            true,
			},
		},
		Blocks: map[string]schema.Block{"timeouts": framework.WriteTimeouts(ctx)},
	}
}

func (r *businessProfileResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	framework.ValidateTimeouts(ctx, req.Config, resp)
}

// ModifyPlan shows id in the plan, keeps profile_picture_url unless a new
// handle is sent, and says before a destroy that nothing is deleted. It
// never calls the API.
func (r *businessProfileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state businessProfileModel
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(profileStaysWarning(state.ID.ValueString()))
		return
	}
	var plan businessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.PhoneNumberID.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), plan.PhoneNumberID)...)
	}
	if !req.State.Raw.IsNull() && plan.ProfilePictureHandleWOVersion.Equal(state.ProfilePictureHandleWOVersion) && plan.PhoneNumberID.Equal(state.PhoneNumberID) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("profile_picture_url"), state.ProfilePictureURL)...)
	}
}
