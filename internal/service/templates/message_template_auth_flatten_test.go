package templates

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// How an OTP button's read-back (a URL button Meta makes, or the OTP
// button itself) flattens, with and without the configured form.
func TestFlattenOTPButton(t *testing.T) {
	ctx := context.Background()
	const oneTapURL = "https://www.whatsapp.com/otp/code/?otp_type=ONE_TAP&cta_display_name=Autofill&package_name=com.example.bank&signature_hash=K8a%2FAINcGX7&code=otp{{1}}"
	var diags diag.Diagnostics
	app := func(pkg, hash string) types.Object {
		return objectValue(ctx, appAttrTypes, appModel{PackageName: types.StringValue(pkg), SignatureHash: types.StringValue(hash)}, &diags)
	}
	apps := func(objs ...types.Object) types.List {
		var vals []types.Object
		vals = append(vals, objs...)
		l, _ := types.ListValueFrom(ctx, appObjectType, vals)
		return l
	}
	configured := buttonModel{Type: types.StringValue("OTP"), OTPType: types.StringValue("ONE_TAP"), Text: types.StringNull(), AutofillText: types.StringNull(),
		SupportedApps: apps(app("com.example.bank", "K8a/AINcGX7"), app("com.example.beta", "Xb3+AINcGX7")), ZeroTapTermsAccepted: types.BoolNull()}
	for _, tc := range []struct {
		name                      string
		read                      cloudapi.TemplateButton
		prior                     *buttonModel
		otp, text, autofill, apps string
	}{
		{"one tap, configured form kept", cloudapi.TemplateButton{Type: "URL", Text: "Copy code", URL: oneTapURL}, &configured,
			"ONE_TAP", "<null>", "<null>", `[{"package_name":"com.example.bank","signature_hash":"K8a/AINcGX7"},{"package_name":"com.example.beta","signature_hash":"Xb3+AINcGX7"}]`},
		{"one tap, imported", cloudapi.TemplateButton{Type: "URL", Text: "Copy code", URL: oneTapURL}, nil,
			"ONE_TAP", "<null>", "<null>", `[{"package_name":"com.example.bank","signature_hash":"K8a/AINcGX7"}]`},
		{"copy code, custom label imported", cloudapi.TemplateButton{Type: "URL", Text: "Copy it", URL: "https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}"}, nil,
			"COPY_CODE", `"Copy it"`, "<null>", "<null>"},
		{"no otp_type in the URL", cloudapi.TemplateButton{Type: "URL", Text: "Copy code", URL: "https://www.whatsapp.com/otp/copy/?code=otp{{1}}"}, nil,
			"COPY_CODE", "<null>", "<null>", "<null>"},
		{"another app first: drift", cloudapi.TemplateButton{Type: "URL", Text: "Copy code", URL: "https://www.whatsapp.com/otp/code/?otp_type=ONE_TAP&package_name=com.other.app&signature_hash=K8a%2FAINcGX7&code=otp{{1}}"}, &configured,
			"ONE_TAP", "<null>", "<null>", `[{"package_name":"com.other.app","signature_hash":"K8a/AINcGX7"}]`},
		{"read back as OTP", cloudapi.TemplateButton{Type: "OTP", OTPType: "one_tap", AutofillText: "Fill in", SupportedApps: []cloudapi.TemplateApp{{PackageName: "com.example.bank", SignatureHash: "K8a/AINcGX7"}}}, nil,
			"ONE_TAP", "<null>", `"Fill in"`, `[{"package_name":"com.example.bank","signature_hash":"K8a/AINcGX7"}]`},
	} {
		got := flattenOTPButton(ctx, tc.read, tc.prior, &diags)
		if got.OTPType.ValueString() != tc.otp || got.Text.String() != tc.text || got.AutofillText.String() != tc.autofill || got.SupportedApps.String() != tc.apps {
			t.Errorf("%s: otp %s, text %s, autofill %s, apps %s", tc.name, got.OTPType, got.Text, got.AutofillText, got.SupportedApps)
		}
	}
	if diags.HasError() {
		t.Fatal(diags)
	}
}

func TestSecurityRecommendation(t *testing.T) {
	yes, no := true, false
	priorTrue := bodyModel{AddSecurityRecommendation: types.BoolValue(true)}
	for _, tc := range []struct {
		c     cloudapi.TemplateComponent
		prior bodyModel
		want  bool
	}{
		{cloudapi.TemplateComponent{AddSecurityRecommendation: &yes}, bodyModel{}, true},
		{cloudapi.TemplateComponent{AddSecurityRecommendation: &no, Text: "For your security, do not share this code."}, priorTrue, false},
		{cloudapi.TemplateComponent{Text: "*{{1}}* is your verification code. For your security, do not share this code."}, bodyModel{}, true},
		{cloudapi.TemplateComponent{Text: "*{{1}}* is your verification code."}, priorTrue, false},
		{cloudapi.TemplateComponent{Text: "*{{1}}* é seu código de verificação."}, priorTrue, true}, // cannot tell: prior's
	} {
		if got := securityRecommendation(tc.c, tc.prior); got != tc.want {
			t.Errorf("securityRecommendation(%+v) = %v", tc.c, got)
		}
	}
}
