package templates

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// AUTHENTICATION templates (../shared/reference/templates.md, section 5;
// docs/development/templates.md, "Authentication templates"). Their texts
// are Meta's: the body is "{{1}} is your verification code." with an
// optional security sentence (body.add_security_recommendation), the footer
// "This code expires in N minutes." (footer.code_expiration_minutes), and
// exactly one OTP button (COPY_CODE, ONE_TAP or ZERO_TAP). Meta reads the
// OTP button back as a URL button whose URL it makes, and may read the
// body and footer back either as those settings or as the preset texts
// (unconfirmed): flattenAuthComponents derives the settings from either
// shape, and keeps the configured form of what a read-back cannot show.

const (
	categoryAuthentication = "AUTHENTICATION"
	minCodeExpiration      = 1
	maxCodeExpiration      = 90
	maxSupportedApps       = 5
	maxPackageName         = 224
	// Meta's labels when text and autofill_text are left out (in English;
	// other languages' are localized).
	defaultOTPText      = "Copy code"
	defaultAutofillText = "Autofill"
)

var (
	otpTypes       = []string{"COPY_CODE", "ONE_TAP", "ZERO_TAP"}
	androidPackage = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+$`)
	signatureHash  = regexp.MustCompile(`^[A-Za-z0-9+/=]{11}$`)
	firstNumber    = regexp.MustCompile(`[0-9]+`)
	appAttrTypes   = map[string]attr.Type{"package_name": types.StringType, "signature_hash": types.StringType}
	appObjectType  = types.ObjectType{AttrTypes: appAttrTypes}
)

type appModel struct {
	PackageName   types.String `tfsdk:"package_name"`
	SignatureHash types.String `tfsdk:"signature_hash"`
}

func otpTypeAttribute() schema.Attribute {
	return schema.StringAttribute{
		MarkdownDescription: "An `OTP` button's kind: `COPY_CODE` (the code is copied), `ONE_TAP` (an Android app fills it in, with a copy-code fallback) " +
			"or `ZERO_TAP` (an Android app receives it with no tap; needs `zero_tap_terms_accepted = true`). Required for `OTP`, refused for other types.",
		Optional:   true,
		Validators: []validator.String{atRoot(stringvalidator.OneOf(otpTypes...))},
	}
}

func autofillTextAttribute() schema.Attribute {
	return schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("A `ONE_TAP` or `ZERO_TAP` button's autofill label, 1 to %d characters (left out: Meta's, \"Autofill\").", maxButtonText),
		Optional:            true,
		Validators:          []validator.String{atRoot(framework.TextLength(1, maxButtonText))},
	}
}

func supportedAppsAttribute() schema.Attribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: fmt.Sprintf("A `ONE_TAP` or `ZERO_TAP` button's Android apps, 1 to %d (required there, refused elsewhere). "+
			"Meta's read-back shows the first app only, in the button's URL: the others are kept as configured.", maxSupportedApps),
		Optional: true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"package_name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The app's Android package name, such as `com.example.bank`: at most %d characters, two or more parts, each starting with a letter.", maxPackageName),
				Required:            true,
				Validators: []validator.String{atRoot(stringvalidator.LengthBetween(1, maxPackageName)),
					atRoot(stringvalidator.RegexMatches(androidPackage, "must be an Android package name such as com.example.bank"))},
			},
			"signature_hash": schema.StringAttribute{
				MarkdownDescription: "The app's signing key hash: exactly 11 characters of `A-Z a-z 0-9 + / =`.",
				Required:            true,
				Validators:          []validator.String{atRoot(stringvalidator.RegexMatches(signatureHash, "must be the app's 11-character signature hash (A-Z, a-z, 0-9, +, /, =)"))},
			},
		}},
	}
}

func zeroTapTermsAttribute() schema.Attribute {
	return schema.BoolAttribute{
		MarkdownDescription: "A `ZERO_TAP` button: must be `true`, accepting Meta's zero-tap terms (Meta does not create the template otherwise). Refused for other kinds.",
		Optional:            true,
	}
}

// ttlFromStateWhenUnset: message_send_ttl_seconds left out of the
// configuration is Meta's, not managed: the plan keeps what state read
// (null included) instead of "known after apply", and no edit sends it.
type ttlFromStateWhenUnset struct{}

func (ttlFromStateWhenUnset) Description(context.Context) string {
	return "left out, keeps the value read from Meta"
}

func (m ttlFromStateWhenUnset) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (ttlFromStateWhenUnset) PlanModifyInt64(_ context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.ConfigValue.IsNull() && !req.State.Raw.IsNull() && !req.Plan.Raw.IsNull() {
		resp.PlanValue = req.StateValue
	}
}

// validateCategoryContent holds the rules that depend on the category:
// what an AUTHENTICATION template must and must not have, and what only
// it may have.
func validateCategoryContent(ctx context.Context, m messageTemplateModel, diags *diag.Diagnostics) {
	auth := m.Category.ValueString() == categoryAuthentication
	body, hasBody := objectAs[bodyModel](ctx, m.Body, diags)
	footer, hasFooter := objectAs[footerModel](ctx, m.Footer, diags)
	var buttons []buttonModel
	if !m.Buttons.IsNull() && !m.Buttons.IsUnknown() {
		diags.Append(m.Buttons.ElementsAs(ctx, &buttons, false)...)
	}
	if !auth {
		switch {
		case m.Body.IsNull():
			attrError(diags, path.Root("body"), "Missing body", "A "+m.Category.ValueString()+" template needs body, with its text.")
		case hasBody && body.Text.IsNull():
			attrError(diags, path.Root("body").AtName("text"), "Missing body text", "A "+m.Category.ValueString()+" template needs body.text.")
		}
		if hasBody && !body.AddSecurityRecommendation.IsNull() {
			attrError(diags, path.Root("body").AtName("add_security_recommendation"), "Unexpected add_security_recommendation",
				"add_security_recommendation is for AUTHENTICATION templates, whose body text is Meta's; write the text you want in body.text.")
		}
		if hasFooter && footer.Text.IsNull() && footer.CodeExpirationMinutes.IsNull() {
			attrError(diags, path.Root("footer").AtName("text"), "Missing footer text", "A footer needs text.")
		}
		if hasFooter && !footer.CodeExpirationMinutes.IsNull() {
			attrError(diags, path.Root("footer").AtName("code_expiration_minutes"), "Unexpected code_expiration_minutes",
				"code_expiration_minutes is for AUTHENTICATION templates; write the footer you want in footer.text.")
		}
		for i, b := range buttons {
			if b.Type.ValueString() == "OTP" {
				attrError(diags, path.Root("buttons").AtListIndex(i).AtName("type"), "OTP buttons are for AUTHENTICATION templates",
					"Only an AUTHENTICATION template may carry a one-time password button; use COPY_CODE for an offer code, or category = \"AUTHENTICATION\".")
			}
		}
		return
	}
	why := " An AUTHENTICATION template's texts are Meta's: it takes body.add_security_recommendation, footer.code_expiration_minutes and one OTP button."
	if !m.Header.IsNull() {
		attrError(diags, path.Root("header"), "Unexpected header", "An AUTHENTICATION template has no header."+why)
	}
	if hasBody {
		for name, v := range map[string]attr.Value{"text": body.Text, "examples": body.Examples, "named_examples": body.NamedExamples} {
			if !v.IsNull() {
				attrError(diags, path.Root("body").AtName(name), "Unexpected body "+name, "An AUTHENTICATION template's body text is Meta's (\"{{1}} is your verification code.\"): remove body."+name+"."+why)
			}
		}
	}
	if hasFooter {
		if !footer.Text.IsNull() {
			attrError(diags, path.Root("footer").AtName("text"), "Unexpected footer text", "An AUTHENTICATION template's footer text is Meta's: set footer.code_expiration_minutes instead."+why)
		}
		if v := footer.CodeExpirationMinutes; !v.IsUnknown() && (v.IsNull() || v.ValueInt64() < minCodeExpiration || v.ValueInt64() > maxCodeExpiration) {
			attrError(diags, path.Root("footer").AtName("code_expiration_minutes"), "Invalid code_expiration_minutes",
				fmt.Sprintf("An AUTHENTICATION footer is \"This code expires in N minutes.\": footer.code_expiration_minutes is %d to %d (or leave footer out).", minCodeExpiration, maxCodeExpiration))
		}
	}
	if m.Buttons.IsUnknown() {
		return
	}
	if len(buttons) != 1 || (!buttons[0].Type.IsUnknown() && buttons[0].Type.ValueString() != "OTP") {
		attrError(diags, path.Root("buttons"), "An AUTHENTICATION template has exactly one OTP button",
			fmt.Sprintf("Meta requires one button of type OTP (otp_type COPY_CODE, ONE_TAP or ZERO_TAP) and no other button; this template has %d button(s).", len(buttons)))
	}
}

// validateOTPButton checks an OTP button's settings.
func validateOTPButton(b buttonModel, at path.Path, diags *diag.Diagnostics) {
	for name, v := range map[string]types.String{"url": b.URL, "phone_number": b.PhoneNumber, "example": b.Example} {
		if !v.IsNull() {
			attrError(diags, at.AtName(name), "Unexpected "+name, "An OTP button takes no "+name+": Meta makes its URL.")
		}
	}
	if b.OTPType.IsUnknown() {
		return
	}
	otp := b.OTPType.ValueString()
	if b.OTPType.IsNull() {
		attrError(diags, at.AtName("otp_type"), "Missing otp_type", "An OTP button needs otp_type: COPY_CODE, ONE_TAP or ZERO_TAP.")
		return
	}
	tap := otp == "ONE_TAP" || otp == "ZERO_TAP"
	if !tap {
		if !b.AutofillText.IsNull() {
			attrError(diags, at.AtName("autofill_text"), "Unexpected autofill_text", "autofill_text is for ONE_TAP and ZERO_TAP buttons; a COPY_CODE button has only text.")
		}
		if !b.SupportedApps.IsNull() {
			attrError(diags, at.AtName("supported_apps"), "Unexpected supported_apps", "supported_apps is for ONE_TAP and ZERO_TAP buttons, which hand the code to an Android app.")
		}
	} else if !b.SupportedApps.IsUnknown() {
		if n := len(b.SupportedApps.Elements()); n < 1 || n > maxSupportedApps {
			attrError(diags, at.AtName("supported_apps"), "Invalid supported_apps",
				fmt.Sprintf("A %s button needs supported_apps: 1 to %d Android apps ({ package_name, signature_hash }); got %d.", otp, maxSupportedApps, n))
		}
	}
	switch v := b.ZeroTapTermsAccepted; {
	case v.IsUnknown():
	case otp == "ZERO_TAP" && (v.IsNull() || !v.ValueBool()):
		attrError(diags, at.AtName("zero_tap_terms_accepted"), "Zero-tap terms not accepted",
			"A ZERO_TAP button needs zero_tap_terms_accepted = true: Meta does not create a zero-tap template without the acceptance of its terms.")
	case otp != "ZERO_TAP" && !v.IsNull():
		attrError(diags, at.AtName("zero_tap_terms_accepted"), "Unexpected zero_tap_terms_accepted", "zero_tap_terms_accepted is for ZERO_TAP buttons only.")
	}
}

// refuseOTPSettings refuses an OTP setting on another type of button.
func refuseOTPSettings(b buttonModel, at path.Path, typ string, diags *diag.Diagnostics) {
	for name, v := range map[string]attr.Value{"otp_type": b.OTPType, "autofill_text": b.AutofillText, "supported_apps": b.SupportedApps, "zero_tap_terms_accepted": b.ZeroTapTermsAccepted} {
		if !v.IsNull() {
			attrError(diags, at.AtName(name), "Unexpected "+name, "A "+typ+" button takes no "+name+": it is an OTP button's setting.")
		}
	}
}

// authComponents are an AUTHENTICATION template's components in Meta's
// request shapes.
func authComponents(ctx context.Context, m messageTemplateModel, diags *diag.Diagnostics) []map[string]any {
	body := map[string]any{"type": "BODY"}
	if b, ok := objectAs[bodyModel](ctx, m.Body, diags); ok && !b.AddSecurityRecommendation.IsNull() {
		body["add_security_recommendation"] = b.AddSecurityRecommendation.ValueBool()
	}
	out := []map[string]any{body}
	if f, ok := objectAs[footerModel](ctx, m.Footer, diags); ok && !f.CodeExpirationMinutes.IsNull() {
		out = append(out, map[string]any{"type": "FOOTER", "code_expiration_minutes": f.CodeExpirationMinutes.ValueInt64()})
	}
	var list []buttonModel
	if !m.Buttons.IsNull() && !m.Buttons.IsUnknown() {
		diags.Append(m.Buttons.ElementsAs(ctx, &list, false)...)
	}
	var buttons []any
	for _, b := range list {
		c := map[string]any{"type": "OTP", "otp_type": b.OTPType.ValueString()}
		for k, v := range map[string]types.String{"text": b.Text, "autofill_text": b.AutofillText} {
			if !v.IsNull() {
				c[k] = v.ValueString()
			}
		}
		if !b.SupportedApps.IsNull() {
			var apps []appModel
			diags.Append(b.SupportedApps.ElementsAs(ctx, &apps, false)...)
			list := []any{}
			for _, a := range apps {
				list = append(list, map[string]any{"package_name": a.PackageName.ValueString(), "signature_hash": a.SignatureHash.ValueString()})
			}
			c["supported_apps"] = list
		}
		if !b.ZeroTapTermsAccepted.IsNull() {
			c["zero_tap_terms_accepted"] = b.ZeroTapTermsAccepted.ValueBool()
		}
		buttons = append(buttons, c)
	}
	if len(buttons) > 0 {
		out = append(out, map[string]any{"type": "BUTTONS", "buttons": buttons})
	}
	return out
}

// flattenAuthComponents sets body, footer and buttons of an
// AUTHENTICATION template from Meta's read-back, in either shape: settings
// (add_security_recommendation, code_expiration_minutes) or preset texts.
// What the read-back cannot show (the apps after the first, a label left
// to Meta) keeps prior's form; prior is null after an import.
func flattenAuthComponents(ctx context.Context, t *cloudapi.Template, prior messageTemplateModel, m *messageTemplateModel, diags *diag.Diagnostics) {
	priorBody, hadBody := objectAs[bodyModel](ctx, prior.Body, diags)
	var priorButtons []buttonModel
	if !prior.Buttons.IsNull() && !prior.Buttons.IsUnknown() {
		diags.Append(prior.Buttons.ElementsAs(ctx, &priorButtons, false)...)
	}
	for _, c := range t.Components {
		switch c.Type {
		case "BODY":
			rec := securityRecommendation(c, priorBody)
			if !rec && (!hadBody || priorBody.AddSecurityRecommendation.IsNull()) {
				if hadBody {
					m.Body = prior.Body
				}
				continue // left out, or null: the same as false
			}
			m.Body = objectValue(ctx, bodyAttrTypes, bodyModel{Text: types.StringNull(), Examples: types.ListNull(types.StringType),
				NamedExamples: types.MapNull(types.StringType), AddSecurityRecommendation: types.BoolValue(rec)}, diags)
		case "FOOTER":
			f := footerModel{Text: types.StringNull(), CodeExpirationMinutes: types.Int64Null()}
			switch {
			case c.CodeExpirationMinutes != nil:
				f.CodeExpirationMinutes = types.Int64Value(*c.CodeExpirationMinutes)
			case firstNumber.MatchString(c.Text):
				n, _ := strconv.ParseInt(firstNumber.FindString(c.Text), 10, 64)
				f.CodeExpirationMinutes = types.Int64Value(n)
			default:
				if pf, ok := objectAs[footerModel](ctx, prior.Footer, diags); ok {
					f = pf
				}
			}
			m.Footer = objectValue(ctx, footerAttrTypes, f, diags)
		case "BUTTONS":
			var list []attr.Value
			for i, b := range c.Buttons {
				var pb *buttonModel
				if i < len(priorButtons) && priorButtons[i].Type.ValueString() == "OTP" {
					pb = &priorButtons[i]
				}
				list = append(list, objectValue(ctx, buttonAttrTypes, flattenOTPButton(ctx, b, pb, diags), diags))
			}
			l, dd := types.ListValue(buttonObjectType, list)
			diags.Append(dd...)
			m.Buttons = l
		}
	}
}

// securityRecommendation is what a read-back BODY says of the security
// sentence: the setting when Meta sends it, else whether the preset text
// has the (English) sentence; a text in another language that does not
// tell keeps prior's.
func securityRecommendation(c cloudapi.TemplateComponent, prior bodyModel) bool {
	switch {
	case c.AddSecurityRecommendation != nil:
		return *c.AddSecurityRecommendation
	case strings.Contains(c.Text, "do not share this code"):
		return true
	case strings.Contains(c.Text, "is your verification code"):
		return false
	}
	return prior.AddSecurityRecommendation.ValueBool()
}

// flattenOTPButton reads an OTP button back: Meta answers a URL button
// whose URL carries otp_type (and, for one-tap and zero-tap, the autofill
// label and the first app), or, perhaps, the OTP button itself.
func flattenOTPButton(ctx context.Context, b cloudapi.TemplateButton, prior *buttonModel, diags *diag.Diagnostics) buttonModel {
	out := buttonModel{Type: types.StringValue("OTP"), URL: types.StringNull(), PhoneNumber: types.StringNull(), Example: types.StringNull(),
		Text: types.StringNull(), AutofillText: types.StringNull(), SupportedApps: types.ListNull(appObjectType), ZeroTapTermsAccepted: types.BoolNull(),
		OTPType: types.StringNull()}
	q := url.Values{}
	if u, err := url.Parse(strings.ReplaceAll(b.URL, "{{1}}", "")); err == nil {
		q = u.Query()
	}
	otp := strings.ToUpper(b.OTPType)
	if otp == "" {
		otp = strings.ToUpper(q.Get("otp_type"))
	}
	if otp == "" {
		switch {
		case prior != nil && !prior.OTPType.IsNull():
			otp = prior.OTPType.ValueString()
		case q.Get("package_name") != "":
			otp = "ONE_TAP"
		default:
			otp = "COPY_CODE"
		}
	}
	out.OTPType = types.StringValue(otp)
	pick := func(read string, prior types.String, priorKnown bool, label string) types.String {
		switch {
		case read == "" || (priorKnown && prior.ValueString() == read):
			return prior
		case priorKnown && prior.IsNull():
			return prior // Meta's own label, perhaps localized: left to Meta
		case !priorKnown && strings.EqualFold(read, label):
			return types.StringNull()
		}
		return types.StringValue(read)
	}
	pText, pAutofill := types.StringNull(), types.StringNull()
	if prior != nil {
		pText, pAutofill = prior.Text, prior.AutofillText
	}
	out.Text = pick(b.Text, pText, prior != nil, defaultOTPText)
	tap := otp == "ONE_TAP" || otp == "ZERO_TAP"
	if !tap {
		return out
	}
	autofill := b.AutofillText
	if autofill == "" {
		autofill = q.Get("cta_display_name")
	}
	out.AutofillText = pick(autofill, pAutofill, prior != nil, defaultAutofillText)
	apps := b.SupportedApps
	if len(apps) == 0 && q.Get("package_name") != "" {
		apps = []cloudapi.TemplateApp{{PackageName: q.Get("package_name"), SignatureHash: q.Get("signature_hash")}}
	}
	var priorApps []appModel
	if prior != nil && !prior.SupportedApps.IsNull() {
		diags.Append(prior.SupportedApps.ElementsAs(ctx, &priorApps, false)...)
	}
	firstMatches := len(apps) == 1 && len(priorApps) > 0 && priorApps[0].PackageName.ValueString() == apps[0].PackageName &&
		priorApps[0].SignatureHash.ValueString() == apps[0].SignatureHash
	switch {
	case len(apps) == 0 || firstMatches:
		if prior != nil {
			out.SupportedApps = prior.SupportedApps
		}
	default:
		var list []attr.Value
		for _, a := range apps {
			list = append(list, objectValue(ctx, appAttrTypes, appModel{PackageName: types.StringValue(a.PackageName), SignatureHash: types.StringValue(a.SignatureHash)}, diags))
		}
		l, dd := types.ListValue(appObjectType, list)
		diags.Append(dd...)
		out.SupportedApps = l
	}
	switch {
	case b.ZeroTapTermsAccepted != nil && otp == "ZERO_TAP":
		out.ZeroTapTermsAccepted = types.BoolValue(*b.ZeroTapTermsAccepted)
	case otp == "ZERO_TAP":
		out.ZeroTapTermsAccepted = types.BoolValue(true) // Meta creates none without it
	}
	return out
}

// knownInt64 is v's value when it is known and set, else nil (not sent).
func knownInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueInt64Pointer()
}
