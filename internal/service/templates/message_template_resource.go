package templates

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// whatsapp_message_template: this file (schema, model, plan),
// message_template_validate.go and message_template_crud.go. The texts are
// in diagnostics_templates.go.

var (
	_ resource.Resource                   = (*messageTemplateResource)(nil)
	_ resource.ResourceWithConfigure      = (*messageTemplateResource)(nil)
	_ resource.ResourceWithIdentity       = (*messageTemplateResource)(nil)
	_ resource.ResourceWithImportState    = (*messageTemplateResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*messageTemplateResource)(nil)
	_ resource.ResourceWithValidateConfig = (*messageTemplateResource)(nil)
)

const templateType = "whatsapp_message_template"

// NewMessageTemplateResource is the factory for whatsapp_message_template.
func NewMessageTemplateResource() resource.Resource { return &messageTemplateResource{} }

type messageTemplateResource struct {
	data *framework.ProviderData
}

type messageTemplateModel struct {
	ID               types.String   `tfsdk:"id"`
	WABAID           types.String   `tfsdk:"whatsapp_business_account_id"`
	Name             types.String   `tfsdk:"name"`
	Language         types.String   `tfsdk:"language"`
	Category         types.String   `tfsdk:"category"`
	ParameterFormat  types.String   `tfsdk:"parameter_format"`
	Header           types.Object   `tfsdk:"header"`
	Body             types.Object   `tfsdk:"body"`
	Footer           types.Object   `tfsdk:"footer"`
	Buttons          types.List     `tfsdk:"buttons"`
	TTLSeconds       types.Int64    `tfsdk:"message_send_ttl_seconds"`
	Status           types.String   `tfsdk:"status"`
	RejectedReason   types.String   `tfsdk:"rejected_reason"`
	QualityScore     types.String   `tfsdk:"quality_score"`
	CurrentCategory  types.String   `tfsdk:"current_category"`
	PreviousCategory types.String   `tfsdk:"previous_category"`
	WaitForReview    types.Bool     `tfsdk:"wait_for_review"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

type headerModel struct {
	Format  types.String `tfsdk:"format"`
	Text    types.String `tfsdk:"text"`
	Example types.String `tfsdk:"example"`
}

type bodyModel struct {
	Text          types.String `tfsdk:"text"`
	Examples      types.List   `tfsdk:"examples"`
	NamedExamples types.Map    `tfsdk:"named_examples"`
	// AddSecurityRecommendation is an AUTHENTICATION template's (message_template_auth.go).
	AddSecurityRecommendation types.Bool `tfsdk:"add_security_recommendation"`
}

type footerModel struct {
	Text types.String `tfsdk:"text"`
	// CodeExpirationMinutes is an AUTHENTICATION template's.
	CodeExpirationMinutes types.Int64 `tfsdk:"code_expiration_minutes"`
}

type buttonModel struct {
	Type        types.String `tfsdk:"type"`
	Text        types.String `tfsdk:"text"`
	URL         types.String `tfsdk:"url"`
	PhoneNumber types.String `tfsdk:"phone_number"`
	Example     types.String `tfsdk:"example"`
	// The OTP button's settings (message_template_auth.go).
	OTPType              types.String `tfsdk:"otp_type"`
	AutofillText         types.String `tfsdk:"autofill_text"`
	SupportedApps        types.List   `tfsdk:"supported_apps"`
	ZeroTapTermsAccepted types.Bool   `tfsdk:"zero_tap_terms_accepted"`
}

var (
	headerAttrTypes = map[string]attr.Type{"format": types.StringType, "text": types.StringType, "example": types.StringType}
	bodyAttrTypes   = map[string]attr.Type{"text": types.StringType, "examples": types.ListType{ElemType: types.StringType},
		"named_examples": types.MapType{ElemType: types.StringType}, "add_security_recommendation": types.BoolType}
	footerAttrTypes = map[string]attr.Type{"text": types.StringType, "code_expiration_minutes": types.Int64Type}
	buttonAttrTypes = map[string]attr.Type{"type": types.StringType, "text": types.StringType, "url": types.StringType,
		"phone_number": types.StringType, "example": types.StringType, "otp_type": types.StringType, "autofill_text": types.StringType,
		"supported_apps": types.ListType{ElemType: appObjectType}, "zero_tap_terms_accepted": types.BoolType}
	buttonObjectType = types.ObjectType{AttrTypes: buttonAttrTypes}
)

// Limits Meta documents (../shared/reference/templates.md).
const (
	maxNameLength   = 512
	maxBodyText     = 1024
	maxHeaderText   = 60
	maxFooterText   = 60
	maxButtons      = 10
	maxButtonText   = 25
	maxButtonURL    = 2000
	maxButtonPhone  = 20
	maxCopyCodeText = 15
)

var (
	templateNamePattern = regexp.MustCompile(`^[a-z0-9_]+$`)
	languagePattern     = regexp.MustCompile(`^[a-z]{2,3}(_[A-Z]{2})?$`)
	headerFormats       = []string{"TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"}
	buttonTypes         = []string{"QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "OTP"}
	// buttonCaps are Meta's per-type caps within the 10 buttons.
	buttonCaps = map[string]int{"QUICK_REPLY": 10, "URL": 2, "PHONE_NUMBER": 1, "COPY_CODE": 1, "OTP": 1}
)

func (r *messageTemplateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message_template"
}

func (r *messageTemplateResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *messageTemplateResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages one WhatsApp message template: one name in one language of a WhatsApp Business Account, with its own id.\n\n" +
			"Creating it reads the account's templates first (an existing template of the same name and language is adopted, with a warning and nothing sent, when its content is the configuration's, " +
			"and refused otherwise, saying what differs, with the `terraform import` to adopt it), " +
			"then calls `POST /{waba-id}/message_templates`; a create whose answer was lost is settled by reading, never sent again blind. " +
			"A change of content calls `POST /{template-id}` with the components replaced whole: on an APPROVED template it spends one of Meta's edits " +
			"(once per 24 hours, 10 per 30 days) and sends the template back to review, and the plan says so. Destroying it deletes this language only " +
			"(`hsm_id` and `name`); the plan warns that deleting an APPROVED template blocks its name in that language for about 30 days. " +
			"`status`, `rejected_reason` and `quality_score` are read on every refresh. Every limit Meta documents is checked at `terraform validate`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Meta's template id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"whatsapp_business_account_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account ID the template belongs to. Changing it replaces the template.",
				Required:            true,
				Validators:          []validator.String{framework.GraphID("the numeric WhatsApp Business Account ID, not a phone number ID")},
				PlanModifiers:       replace,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The template name: lower-case letters, digits and underscores, 1 to %d characters. Changing it replaces the template.", maxNameLength),
				Required:            true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, maxNameLength),
					stringvalidator.RegexMatches(templateNamePattern, "must be lower-case letters (a-z), digits and underscores only, such as order_update_v2")},
				PlanModifiers: replace,
			},
			"language": schema.StringAttribute{
				MarkdownDescription: "The language code, such as `en_US` or `pt_BR`. Changing it replaces the template (each language is its own template).",
				Required:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(languagePattern, "must be a language code such as en, en_US or pt_BR")},
				PlanModifiers:       replace,
			},
			"category": schema.StringAttribute{
				MarkdownDescription: "`MARKETING`, `UTILITY` or `AUTHENTICATION`. An `AUTHENTICATION` template has Meta's fixed texts: no header and no body text, " +
					"only `body.add_security_recommendation`, `footer.code_expiration_minutes` and exactly one `OTP` button. " +
					"The category of an APPROVED template cannot change: the plan refuses it. When Meta re-categorizes the template (a UTILITY template read back as MARKETING), " +
					"`category` keeps the configured value, `current_category` shows Meta's, and refresh warns.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(cloudapi.TemplateCategories...)},
			},
			"parameter_format": schema.StringAttribute{
				MarkdownDescription: "`POSITIONAL` (the default: variables `{{1}}`, `{{2}}`, ...) or `NAMED` (variables `{{first_name}}`). Changing it replaces the template (Meta does not edit it).",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("POSITIONAL"),
				Validators:          []validator.String{stringvalidator.OneOf("POSITIONAL", "NAMED")},
				PlanModifiers:       replace,
			},
			"header": schema.SingleNestedAttribute{
				MarkdownDescription: "The header, optional.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"format": schema.StringAttribute{
						MarkdownDescription: "`" + strings.Join(headerFormats, "`, `") + "`.",
						Required:            true,
						Validators:          []validator.String{atRoot(stringvalidator.OneOf(headerFormats...))},
					},
					"text": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("The text of a `TEXT` header, at most %d characters and one variable.", maxHeaderText),
						Optional:            true,
						Validators:          []validator.String{atRoot(framework.TextLength(1, maxHeaderText))},
					},
					"example": schema.StringAttribute{
						MarkdownDescription: "The example Meta requires: for a `TEXT` header with a variable, its example value; for `IMAGE`, `VIDEO` and `DOCUMENT`, " +
							"an upload handle from Meta's Resumable Upload API (Meta reads it back as a URL; the configured handle is kept).",
						Optional: true,
					},
				},
			},
			"body": schema.SingleNestedAttribute{
				MarkdownDescription: "The body: required for `MARKETING` and `UTILITY` (with `text`); optional for `AUTHENTICATION`, whose text is Meta's " +
					"(\"{{1}} is your verification code.\"), where it only takes `add_security_recommendation`. Leaving it out there is the same as " +
					"`add_security_recommendation = false` (write it so: Meta's read-back cannot tell the two apart, and an imported template reads back without it).",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"text": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("The body text, 1 to %d characters. Positional variables are sequential from `{{1}}`; none at the very start or end. "+
							"Required for `MARKETING` and `UTILITY`; refused for `AUTHENTICATION` (Meta's fixed text).", maxBodyText),
						Optional:   true,
						Validators: []validator.String{atRoot(framework.TextLength(1, maxBodyText))},
					},
					"examples": schema.ListAttribute{
						MarkdownDescription: "With `POSITIONAL` variables: one example per variable, in order (`{{1}}` first).",
						ElementType:         types.StringType,
						Optional:            true,
					},
					"named_examples": schema.MapAttribute{
						MarkdownDescription: "With `NAMED` variables: one example per variable, by name.",
						ElementType:         types.StringType,
						Optional:            true,
					},
					"add_security_recommendation": schema.BoolAttribute{
						MarkdownDescription: "`AUTHENTICATION` only: `true` adds Meta's sentence \"For your security, do not share this code.\" to the body.",
						Optional:            true,
					},
				},
			},
			"footer": schema.SingleNestedAttribute{
				MarkdownDescription: "The footer, optional: `text` for `MARKETING` and `UTILITY`; `code_expiration_minutes` for `AUTHENTICATION` (Meta's text).",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"text": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("The footer text, 1 to %d characters, without variables (`MARKETING` and `UTILITY`).", maxFooterText),
						Optional:            true,
						Validators:          []validator.String{atRoot(framework.TextLength(1, maxFooterText))},
					},
					"code_expiration_minutes": schema.Int64Attribute{
						MarkdownDescription: fmt.Sprintf("`AUTHENTICATION` only: the footer \"This code expires in N minutes.\", N from %d to %d.", minCodeExpiration, maxCodeExpiration),
						Optional:            true,
					},
				},
			},
			"buttons": schema.ListNestedAttribute{
				MarkdownDescription: fmt.Sprintf("Up to %d buttons: `QUICK_REPLY` (up to 10, grouped together), `URL` (up to 2), `PHONE_NUMBER` (1), `COPY_CODE` (1); "+
					"an `AUTHENTICATION` template has exactly one, of type `OTP` (Meta reads it back as a `URL` button: that is not a diff).", maxButtons),
				Optional:   true,
				Validators: []validator.List{listvalidator.SizeBetween(1, maxButtons)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{
						MarkdownDescription: "`" + strings.Join(buttonTypes, "`, `") + "`.",
						Required:            true,
						Validators:          []validator.String{atRoot(stringvalidator.OneOf(buttonTypes...))},
					},
					"text": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("The button's label, 1 to %d characters (not set for `COPY_CODE`, whose label is Meta's).", maxButtonText),
						Optional:            true,
						Validators:          []validator.String{atRoot(framework.TextLength(1, maxButtonText))},
					},
					"url": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("A `URL` button's URL, at most %d characters; one variable `{{1}}` at its end at most.", maxButtonURL),
						Optional:            true,
						Validators:          []validator.String{atRoot(framework.TextLength(1, maxButtonURL))},
					},
					"phone_number": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("A `PHONE_NUMBER` button's number, at most %d characters.", maxButtonPhone),
						Optional:            true,
						Validators:          []validator.String{atRoot(framework.TextLength(1, maxButtonPhone))},
					},
					"example": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("A `URL` button with a variable: one full example URL. A `COPY_CODE` button: the example code, at most %d characters.", maxCopyCodeText),
						Optional:            true,
					},
					"otp_type":                otpTypeAttribute(),
					"autofill_text":           autofillTextAttribute(),
					"supported_apps":          supportedAppsAttribute(),
					"zero_tap_terms_accepted": zeroTapTermsAttribute(),
				}},
			},
			"message_send_ttl_seconds": schema.Int64Attribute{
				MarkdownDescription: "How long WhatsApp tries to deliver a message of this template: AUTHENTICATION 30 to 900 seconds and UTILITY 30 to 43,200 (or -1 for 30 days), " +
					"MARKETING 43,200 to 2,592,000. Left out, the value Meta holds is read into state and never sent: it is not managed (removing it from the configuration " +
					"does not reset it).",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{ttlFromStateWhenUnset{}},
			},
			"status":            computed("The review status Meta reports: PENDING, APPROVED, REJECTED, PAUSED, DISABLED, ARCHIVED, ... Read on every refresh."),
			"rejected_reason":   computed("Meta's reason when the template is REJECTED (`NONE` otherwise)."),
			"quality_score":     computed("GREEN, YELLOW, RED or UNKNOWN."),
			"current_category":  computed("The category Meta holds now: differs from `category` when Meta re-categorized the template."),
			"previous_category": computed("The category before Meta re-categorized the template; null when it did not."),
			"wait_for_review":   waitForReviewAttribute,
		},
		Blocks: map[string]schema.Block{"timeouts": framework.WriteTimeouts(ctx)},
	}
}

// ModifyPlan warns before what spends or blocks (an edit of an APPROVED
// template, the delete of one) and refuses what Meta would refuse
// (templateCategoryLocked, templateDisabledDelete, templateNotEditable) or
// what would strand the template (templateRecreateSameName). It decides on
// the status the last refresh read, and calls the API only for a destroy
// of a template state last saw other than APPROVED or DISABLED
// (statusForDelete, usually answered by the refresh's list).
func (r *messageTemplateResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		if !req.Plan.Raw.IsNull() {
			var plan messageTemplateModel
			resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
			if !resp.Diagnostics.HasError() {
				planSameName(ctx, req, resp, plan)
			}
			if !resp.Diagnostics.HasError() && allKnown(plan.WABAID, plan.Name, plan.Language) && r.data != nil {
				resp.Diagnostics.Append(claimsOf(r.data).hold(keyOf(plan)))
			}
		}
		return
	}
	var state messageTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// guardSameNameRecreate: the create half of a replacement, if one
	// follows, learns what it replaces.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateCreateFollows, nil)...)
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePlanOf, nil)...)
	} else {
		setKey(ctx, resp.Private, privatePlanOf, keyOf(state), &resp.Diagnostics)
	}
	if r.data != nil {
		resp.Diagnostics.Append(r.planClaims(ctx, req, state))
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if req.Plan.Raw.IsNull() {
		switch r.statusForDelete(ctx, &state, &resp.Diagnostics) {
		case cloudapi.TemplateApproved:
			resp.Diagnostics.Append(templateDeleteWarning(state))
		case cloudapi.TemplateDisabled:
			resp.Diagnostics.Append(templateDisabledDelete(state))
		}
		return
	}
	var plan messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.WABAID.Equal(state.WABAID) || !plan.Name.Equal(state.Name) || !plan.Language.Equal(state.Language) || !plan.ParameterFormat.Equal(state.ParameterFormat) {
		if plan.WABAID.Equal(state.WABAID) && plan.Name.Equal(state.Name) && plan.Language.Equal(state.Language) {
			resp.Diagnostics.Append(templateRecreateSameName(state))
			return
		}
		if state.Status.ValueString() == cloudapi.TemplateApproved {
			resp.Diagnostics.Append(templateDeleteWarning(state))
		}
		return // a replacement
	}
	if keepReadBackForms(ctx, req.Private, &plan, state, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
	if !templateEdits(plan, state) {
		// Nothing Meta holds changes (wait_for_review, timeouts, or the
		// category Meta set itself: categoryEdit): nothing is sent, and
		// what Meta decides stays known.
		keepComputed(&plan, state)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	status := state.Status.ValueString()
	if status != "" && !slices.Contains(editableStatuses, status) {
		resp.Diagnostics.Append(templateNotEditable(state))
		return
	}
	approved := status == cloudapi.TemplateApproved
	if approved && !plan.Category.IsUnknown() && categoryEdit(plan, state) {
		resp.Diagnostics.Append(templateCategoryLocked(state, plan.Category.ValueString()))
		return
	}
	if approved {
		r.planEditBudget(ctx, req, resp, state) // guardEditBudget
	}
}

// statusForDelete is the status a destroy plan decides on. Terraform 1.11
// plans the destroy of a removed block from the state as last stored, not
// as refreshed (hashicorp/terraform#35568): a template applied while
// PENDING and approved since would be destroyed unwarned. Unless state
// already says APPROVED or DISABLED, the template is read (from the
// account's list this refresh read, so usually no call); a failed read
// warns as for an APPROVED template, since it may be one.
func (r *messageTemplateResource) statusForDelete(ctx context.Context, state *messageTemplateModel, diags *diag.Diagnostics) string {
	status := state.Status.ValueString()
	if status == cloudapi.TemplateApproved || status == cloudapi.TemplateDisabled || r.data == nil || state.ID.ValueString() == "" {
		return status
	}
	var scratch diag.Diagnostics
	ctx, cancel, client := framework.StartOperation(ctx, r.data, framework.FixedTimeout, framework.DefaultReadTimeout, &scratch)
	defer cancel()
	if client == nil {
		return status
	}
	t, err := refreshTemplate(ctx, r.data, client, state.WABAID.ValueString(), state.ID.ValueString(), state.Name.ValueString())
	switch {
	case framework.NotFound(err):
		return status
	case err != nil:
		diags.Append(templateDeleteStatusUnknown(*state, err))
		return status
	}
	state.Status = types.StringValue(t.Status)
	return t.Status
}

// planClaims is guardOneAddressPerTemplate for an object in state: a
// destroy, an object that keeps its template, or the first half of a
// replacement by another template (whose create half holds the new one).
func (r *messageTemplateResource) planClaims(ctx context.Context, req resource.ModifyPlanRequest, state messageTemplateModel) diag.Diagnostic {
	claims := claimsOf(r.data)
	if req.Plan.Raw.IsNull() {
		if claims.adopted(state.ID.ValueString()) {
			// The apply of a create_before_destroy replacement plans the
			// delete of the replaced object after its create adopted this
			// very template: one template, one holder (Delete forgets it).
			return nil
		}
		return claims.destroy(keyOf(state))
	}
	var plan messageTemplateModel
	if req.Plan.Get(ctx, &plan).HasError() {
		return nil // reported by ModifyPlan
	}
	if allKnown(plan.WABAID, plan.Name, plan.Language) && keyOf(plan) == keyOf(state) {
		return claims.hold(keyOf(state))
	}
	return claims.destroy(keyOf(state))
}

// editableStatuses are the statuses Meta edits a template in.
var editableStatuses = []string{cloudapi.TemplateApproved, cloudapi.TemplateRejected, cloudapi.TemplatePaused}

// templateEdits reports whether plan changes what an edit sends.
func templateEdits(plan, state messageTemplateModel) bool {
	return categoryEdit(plan, state) || !plan.Header.Equal(state.Header) || !plan.Body.Equal(state.Body) ||
		!plan.Footer.Equal(state.Footer) || !plan.Buttons.Equal(state.Buttons) || !plan.TTLSeconds.Equal(state.TTLSeconds)
}

func (r *messageTemplateResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	framework.ValidateTimeouts(ctx, req.Config, resp)
	var m messageTemplateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateTemplate(ctx, m, &resp.Diagnostics)
}

var (
	pathCategory        = path.Root("category")
	pathParameterFormat = path.Root("parameter_format")
)
