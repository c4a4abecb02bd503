package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
)

// TestCLINumberAsCodeLimitsAreCheckedAtValidate runs `terraform validate` on
// configurations of the webhook and profile resources that Meta would
// refuse, and checks that each error names the attribute at fault, repeats
// no secret, and that nothing was called.
func TestCLINumberAsCodeLimitsAreCheckedAtValidate(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	long := func(n int) string { return strings.Repeat("é", n) }
	hookURL := "https://hooks.example.com/whatsapp"
	token := acctest.TokenLines("a-secret-verify-token", 1)
	override := fmt.Sprintf("override_callback_uri = %q", hookURL)
	cases := []struct {
		name, body, attr, want, secret string
	}{
		// whatsapp_webhook_subscription
		{name: "subscription: http override", body: acctest.SubscriptionConfig(append([]string{`override_callback_uri = "http://hooks.example.com/x"`}, token...)...), attr: "override_callback_uri", want: "must be an https URL"},
		{name: "subscription: override of 201 characters", body: acctest.SubscriptionConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", "https://hooks.example.com/"+strings.Repeat("a", 175))}, token...)...), attr: "override_callback_uri", want: "it has 201 characters"},
		{name: "subscription: override with credentials", body: acctest.SubscriptionConfig(append([]string{`override_callback_uri = "https://ops:hunter2pw@hooks.example.com/x"`}, token...)...), attr: "override_callback_uri", want: "must not carry credentials", secret: "hunter2pw"},
		{name: "subscription: http override with credentials", body: acctest.SubscriptionConfig(append([]string{`override_callback_uri = "http://ops:hunter2pw@hooks.example.com/x"`}, token...)...), attr: "override_callback_uri", want: "must not carry credentials", secret: "hunter2pw"},
		{name: "subscription: override without a token", body: acctest.SubscriptionConfig(override), attr: "override_callback_uri", want: `"verify_token_wo" must be specified`},
		{name: "subscription: token without an override", body: acctest.SubscriptionConfig(token...), attr: "verify_token_wo", want: `"override_callback_uri" must be specified`, secret: "a-secret-verify-token"},
		{name: "subscription: token without its version", body: acctest.SubscriptionConfig(override, `verify_token_wo = "a-secret-verify-token"`), attr: "verify_token_wo", want: `"verify_token_wo_version" must be specified`, secret: "a-secret-verify-token"},
		{name: "subscription: version zero", body: acctest.SubscriptionConfig(override, `verify_token_wo = "t"`, `verify_token_wo_version = 0`), attr: "verify_token_wo_version", want: "at least 1"},
		{name: "subscription: empty token", body: acctest.SubscriptionConfig(override, `verify_token_wo = ""`, `verify_token_wo_version = 1`), attr: "verify_token_wo", want: "length must be at least 1"},
		{name: "subscription: WABA name", body: `resource "whatsapp_webhook_subscription" "x" { whatsapp_business_account_id = "acme" }`, attr: "whatsapp_business_account_id", want: "numeric WhatsApp Business Account ID"},
		{name: "subscription: zero timeout", body: acctest.SubscriptionConfig("timeouts {\n    create = \"0s\"\n  }"), attr: "create", want: "timeouts.create must be a duration above zero"},
		// whatsapp_phone_number_webhook
		{name: "number webhook: no token", body: acctest.NumberHookConfig(override), want: `"verify_token_wo" is required`},
		{name: "number webhook: ftp", body: acctest.NumberHookConfig(append([]string{`override_callback_uri = "ftp://hooks.example.com/x"`}, token...)...), attr: "override_callback_uri", want: "must be an https URL"},
		{name: "number webhook: no host", body: acctest.NumberHookConfig(append([]string{`override_callback_uri = "https:///x"`}, token...)...), attr: "override_callback_uri", want: "it has no host"},
		{name: "number webhook: phone number", body: strings.Replace(acctest.NumberHookConfig(append([]string{override}, token...)...), acctest.Number, "+41 44 668 18 00", 1), attr: "phone_number_id", want: "not the phone number"},
		// whatsapp_business_profile
		{name: "profile: empty about", body: acctest.ProfileConfig(`about = ""`), attr: "about", want: "must be 1 to 139 characters long (Meta's limit); it has 0"},
		{name: "profile: about of 140", body: acctest.ProfileConfig(fmt.Sprintf("about = %q", long(140))), attr: "about", want: "it has 140"},
		{name: "profile: address of 257", body: acctest.ProfileConfig(fmt.Sprintf("address = %q", long(257))), attr: "address", want: "must be at most 256 characters long"},
		{name: "profile: description of 513", body: acctest.ProfileConfig(fmt.Sprintf("description = %q", long(513))), attr: "description", want: "must be at most 512 characters long"},
		{name: "profile: email of 129", body: acctest.ProfileConfig(fmt.Sprintf("email = %q", strings.Repeat("a", 116)+"@acme.example")), attr: "email", want: "must be at most 128 characters long"},
		{name: "profile: not an email", body: acctest.ProfileConfig(`email = "support-at-acme"`), attr: "email", want: "must be an email address"},
		{name: "profile: three websites", body: acctest.ProfileConfig(`websites = ["https://a.example", "https://b.example", "https://c.example"]`), attr: "websites", want: "at most 2 elements"},
		{name: "profile: website without scheme", body: acctest.ProfileConfig(`websites = ["acme.example"]`), attr: "websites", want: "must be an http:// or https:// URL"},
		{name: "profile: website of 257", body: acctest.ProfileConfig(fmt.Sprintf("websites = [%q]", "https://acme.example/"+strings.Repeat("a", 236))), attr: "websites", want: "it has 257 characters"},
		{name: "profile: unknown vertical", body: acctest.ProfileConfig(`vertical = "SPACE"`), attr: "vertical", want: "RETAIL"},
		{name: "profile: lower-case vertical", body: acctest.ProfileConfig(`vertical = "retail"`), attr: "vertical", want: "value must be one of"},
		{name: "profile: handle without version", body: acctest.ProfileConfig(`profile_picture_handle_wo = "4::h"`), attr: "profile_picture_handle_wo", want: `"profile_picture_handle_wo_version" must be specified`},
		{name: "profile: version without handle", body: acctest.ProfileConfig(`profile_picture_handle_wo_version = 1`), attr: "profile_picture_handle_wo_version", want: `"profile_picture_handle_wo" must be specified`},
		{name: "profile: phone number id", body: strings.Replace(acctest.ProfileConfig(`about = "x"`), acctest.Number, "0041446681800x", 1), attr: "phone_number_id", want: "1 to 20 digits"},
		// Issue 16, case 8: what Meta refuses at apply, sometimes after a
		// first write of the same apply.
		{name: "subscription: override with a space", body: acctest.SubscriptionConfig(append([]string{`override_callback_uri = "https://hooks.example.com/whats app"`}, token...)...), attr: "override_callback_uri", want: "it contains white space"},
		{name: "number webhook: override with a trailing space", body: acctest.NumberHookConfig(append([]string{`override_callback_uri = "https://hooks.example.com/x "`}, token...)...), attr: "override_callback_uri", want: "it contains white space"},
		{name: "profile: website with a space", body: acctest.ProfileConfig(`websites = ["https://acme.example/about us"]`), attr: "websites", want: "it contains white space"},
		{name: "profile: email with a trailing dot", body: acctest.ProfileConfig(`email = "support@acme.example."`), attr: "email", want: "must be an email address"},
		{name: "profile: email with a double dot", body: acctest.ProfileConfig(`email = "support@acme..example"`), attr: "email", want: "must be an email address"},
		{name: "subscription: token with the newline file() gives", body: acctest.SubscriptionConfig(override, `verify_token_wo = "a-secret-verify-token\n"`, `verify_token_wo_version = 1`), attr: "verify_token_wo", want: "it ends with a newline, as file() gives: use trimspace(file(...))", secret: "a-secret-verify-token"},
		{name: "number webhook: token with a leading space", body: acctest.NumberHookConfig(override, `verify_token_wo = " a-secret-verify-token"`, `verify_token_wo_version = 1`), attr: "verify_token_wo", want: "starts or ends with white space", secret: "a-secret-verify-token"},
		{name: "profile: empty vertical", body: acctest.ProfileConfig(`vertical = ""`), attr: "vertical", want: "value must be one of"},
		// whatsapp_phone_number (a check needs health_status to exist)
		{name: "data source: no such attribute", body: `data "whatsapp_phone_number" "x" { phone_number_id = "1" }
output "x" { value = data.whatsapp_phone_number.x.health_status.can_send }`, want: "Unsupported attribute"},
	}
	for _, tc := range cases {
		c.ValidateRejects(tc.name, env.ProviderBlock()+tc.body, tc.attr, tc.want, tc.secret)
	}
	// The limits are Meta's own: values at the limit pass.
	c.WriteRaw(env.ProviderBlock() + acctest.ProfileConfig(fmt.Sprintf("about = %q", long(139)), fmt.Sprintf("address = %q", long(256)), fmt.Sprintf("description = %q", long(512)),
		`email = ""`, `vertical = "UNDEFINED"`, `websites = ["http://a.example", "https://b.example"]`) +
		acctest.SubscriptionConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", "https://hooks.example.com/"+strings.Repeat("a", 174))}, token...)...))
	if out, err := c.Run("validate"); err != nil {
		t.Errorf("values at Meta's limits were refused:\n%s", out)
	}
	if reqs := env.Emu.Requests(); len(reqs) != 0 {
		t.Errorf("validate called the API %d times: %+v", len(reqs), reqs)
	}
}
