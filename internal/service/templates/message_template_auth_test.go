package templates_test

import (
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const (
	otpAddr  = "whatsapp_message_template.otp"
	copyAddr = "whatsapp_message_template.copy"
)

// authConfig is two AUTHENTICATION templates: a zero-tap one with every
// setting, and a copy-code one with none but the code expiry.
func authConfig() string {
	return fmt.Sprintf(`
resource "whatsapp_message_template" "otp" {
  whatsapp_business_account_id = %[1]q
  name     = "login_code"
  language = "en_US"
  category = "AUTHENTICATION"
  message_send_ttl_seconds = 600
  body   = { add_security_recommendation = true }
  footer = { code_expiration_minutes = 10 }
  buttons = [{
    type          = "OTP"
    otp_type      = "ZERO_TAP"
    text          = "Copy the code"
    autofill_text = "Fill in"
    supported_apps = [
      { package_name = "com.example.bank", signature_hash = "K8a/AINcGX7" },
      { package_name = "com.example.bank.beta", signature_hash = "Xb3+AINcGX7" },
    ]
    zero_tap_terms_accepted = true
  }]
}

resource "whatsapp_message_template" "copy" {
  whatsapp_business_account_id = %[1]q
  name     = "login_code"
  language = "pt_BR"
  category = "AUTHENTICATION"
  footer   = { code_expiration_minutes = 5 }
  buttons  = [{ type = "OTP", otp_type = "COPY_CODE" }]
}
`, acctest.WABA)
}

// An AUTHENTICATION template is created in Meta's shapes (settings, not
// texts; an OTP button) and reads back with no diff, whichever shape Meta
// reads the body and footer back in; so does the plan after an import.
func TestCLITemplateAuthentication(t *testing.T) {
	t.Parallel()
	for _, shape := range []string{emulator.AuthReadBackText, emulator.AuthReadBackSettings, emulator.AuthReadBackBoth} {
		t.Run(shape, func(t *testing.T) {
			t.Parallel()
			env := acctest.NewEnv(t)
			if err := env.Emu.SetAuthenticationReadBack(shape); err != nil {
				t.Fatal(err)
			}
			c := env.CLI(t)
			c.Write(authConfig())
			c.MustRunJSON("apply", "-auto-approve").ExpectApplied(t, map[string][]string{otpAddr: {"create"}, copyAddr: {"create"}})
			creates := env.Emu.Operations("", emulator.OpCreateTemplate)
			if len(creates) != 2 {
				t.Fatalf("creates = %v", creates)
			}
			var zeroTap map[string]any
			for _, tv := range env.Emu.Templates(acctest.WABA) {
				if tv.Language == "en_US" {
					zeroTap = map[string]any{"id": tv.ID}
				}
			}
			// What Meta was sent: the settings and the OTP button, no text.
			tv, _ := env.Emu.Template(fmt.Sprint(zeroTap["id"]))
			sent := map[string]map[string]any{}
			for _, comp := range tv.Components {
				typ := fmt.Sprint(comp["type"])
				sent[typ] = comp
			}
			if sent["BODY"]["add_security_recommendation"] != true || sent["FOOTER"]["code_expiration_minutes"] != 10 {
				t.Errorf("the emulator holds %v", tv.Components)
			}
			buttons, _ := sent["BUTTONS"]["buttons"].([]any)
			if len(buttons) != 1 || buttons[0].(map[string]any)["type"] != "URL" ||
				!strings.Contains(fmt.Sprint(buttons[0].(map[string]any)["url"]), "otp_type=ZERO_TAP") {
				t.Errorf("the OTP button is held as %v", buttons)
			}
			for _, addr := range []string{otpAddr, copyAddr} {
				authWorld(t, env, c.StateOf(addr))
			}
			s := c.StateOf(otpAddr).AttributeValues
			if body, _ := s["body"].(map[string]any); body["text"] != nil || body["add_security_recommendation"] != true {
				t.Errorf("body in state = %v", s["body"])
			}
			c.ExpectNoChanges()
			for _, addr := range []string{otpAddr, copyAddr} {
				if err := env.Emu.ReviewTemplate(fmt.Sprint(c.StateOf(addr).AttributeValues["id"]), "APPROVED", ""); err != nil {
					t.Fatal(err)
				}
			}
			c.MustRun("apply", "-refresh-only", "-auto-approve")
			c.ExpectNoChanges()

			// The plan after an import is empty too (by id and by name).
			for addr, importID := range map[string]string{otpAddr: acctest.WABA + "/login_code/en_US", copyAddr: acctest.WABA + "/" + fmt.Sprint(c.StateOf(copyAddr).AttributeValues["id"])} {
				c.MustRun("state", "rm", addr)
				c.MustRun("import", addr, importID)
			}
			c.ExpectNoChanges()
			if got := env.Emu.Operations("", emulator.OpCreateTemplate, emulator.OpEditTemplate); len(got) != 2 {
				t.Errorf("writes after import = %v", got)
			}

			// A real change still plans: a new code expiry is an edit.
			c.Replace("main.tf", "code_expiration_minutes = 10", "code_expiration_minutes = 15")
			acctest.ExpectChanges(t, c.SavedPlan(), map[string][]string{otpAddr: {"update"}})
		})
	}
}

// authWorld checks that an AUTHENTICATION template in state is the
// emulator's: identity, status, and the settings its body and footer read
// back with.
func authWorld(t *testing.T, env *acctest.Env, r *tfjson.StateResource) {
	t.Helper()
	if r == nil {
		t.Fatal("no template in state")
	}
	v := r.AttributeValues
	tv, ok := env.Emu.Template(fmt.Sprint(v["id"]))
	if !ok {
		t.Fatalf("state holds template %v, the emulator has none", v["id"])
	}
	if tv.Name != v["name"] || tv.Language != v["language"] || tv.Status != v["status"] || tv.Category != v["current_category"] || v["category"] != "AUTHENTICATION" {
		t.Errorf("state %v differs from the emulator's %+v", v, tv.Template)
	}
	body, _ := v["body"].(map[string]any)
	footer, _ := v["footer"].(map[string]any)
	for _, comp := range tv.Components {
		switch comp["type"] {
		case "BODY":
			if rec := comp["add_security_recommendation"] == true; rec != (body["add_security_recommendation"] == true) {
				t.Errorf("add_security_recommendation: state %v, emulator %v", body, comp)
			}
		case "FOOTER":
			if fmt.Sprint(comp["code_expiration_minutes"]) != fmt.Sprint(footer["code_expiration_minutes"]) {
				t.Errorf("code_expiration_minutes: state %v, emulator %v", footer, comp)
			}
		}
	}
}

// Every authentication rule is refused at validate, on its attribute,
// with no API call.
func TestCLITemplateAuthenticationValidate(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	auth := func(lines ...string) string {
		return env.Config(fmt.Sprintf(`
resource "whatsapp_message_template" "otp" {
  whatsapp_business_account_id = %q
  name     = "login_code"
  language = "en_US"
  category = "AUTHENTICATION"
  %s
}
`, acctest.WABA, strings.Join(lines, "\n  ")))
	}
	copyCode := `buttons = [{ type = "OTP", otp_type = "COPY_CODE" }]`
	oneTap := func(extra string) string {
		return `buttons = [{ type = "OTP", otp_type = "ONE_TAP", supported_apps = [{ package_name = "com.example.bank", signature_hash = "K8a/AINcGX7" }]` + extra + ` }]`
	}
	apps := func(n int) string {
		var list []string
		for i := range n {
			list = append(list, fmt.Sprintf(`{ package_name = "com.example.app%d", signature_hash = "K8a/AINcGX7" }`, i))
		}
		return "[" + strings.Join(list, ", ") + "]"
	}
	for _, tc := range []struct {
		name, attr, want string
		config           string
	}{
		{"body text", "body", "body text is Meta's", auth(`body = { text = "Your code is {{1}}." }`, copyCode)},
		{"body examples", "body", "remove body.examples", auth(`body = { examples = ["1"] }`, copyCode)},
		{"header", "header", "has no header", auth(`header = { format = "TEXT", text = "Code" }`, copyCode)},
		{"footer text", "footer", "footer text is Meta's", auth(`footer = { text = "Expires soon" }`, copyCode)},
		{"expiry low", "footer", "1 to 90", auth(`footer = { code_expiration_minutes = 0 }`, copyCode)},
		{"expiry high", "footer", "1 to 90", auth(`footer = { code_expiration_minutes = 91 }`, copyCode)},
		{"no button", "", "exactly one OTP button", auth(`body = { add_security_recommendation = true }`)},
		{"two buttons", "buttons", "exactly one OTP button", auth(`buttons = [{ type = "OTP", otp_type = "COPY_CODE" }, { type = "OTP", otp_type = "COPY_CODE" }]`)},
		{"other button", "buttons", "exactly one OTP button", auth(`buttons = [{ type = "QUICK_REPLY", text = "Hi" }]`)},
		{"otp_type missing", "buttons", "needs otp_type", auth(`buttons = [{ type = "OTP" }]`)},
		{"otp_type unknown", "buttons", "COPY_CODE", auth(`buttons = [{ type = "OTP", otp_type = "TWO_TAP" }]`)},
		{"otp url", "buttons", "takes no url", auth(`buttons = [{ type = "OTP", otp_type = "COPY_CODE", url = "https://a.example" }]`)},
		{"otp text length", "buttons", "25", auth(`buttons = [{ type = "OTP", otp_type = "COPY_CODE", text = "` + strings.Repeat("c", 26) + `" }]`)},
		{"autofill length", "buttons", "25", auth(oneTap(`, autofill_text = "` + strings.Repeat("a", 26) + `"`))},
		{"autofill copy code", "buttons", "autofill_text is for ONE_TAP", auth(`buttons = [{ type = "OTP", otp_type = "COPY_CODE", autofill_text = "Fill" }]`)},
		{"apps missing", "buttons", "needs supported_apps", auth(`buttons = [{ type = "OTP", otp_type = "ONE_TAP" }]`)},
		{"apps six", "buttons", "1 to 5 Android apps", auth(`buttons = [{ type = "OTP", otp_type = "ONE_TAP", supported_apps = ` + apps(6) + ` }]`)},
		{"apps copy code", "buttons", "supported_apps is for ONE_TAP", auth(`buttons = [{ type = "OTP", otp_type = "COPY_CODE", supported_apps = ` + apps(1) + ` }]`)},
		{"package name", "buttons", "Android package name", auth(`buttons = [{ type = "OTP", otp_type = "ONE_TAP", supported_apps = [{ package_name = "bank", signature_hash = "K8a/AINcGX7" }] }]`)},
		{"signature hash", "buttons", "11-character signature hash", auth(`buttons = [{ type = "OTP", otp_type = "ONE_TAP", supported_apps = [{ package_name = "com.example.bank", signature_hash = "short" }] }]`)},
		{"zero tap terms", "buttons", "zero_tap_terms_accepted = true", auth(`buttons = [{ type = "OTP", otp_type = "ZERO_TAP", supported_apps = ` + apps(1) + ` }]`)},
		{"zero tap terms false", "buttons", "zero_tap_terms_accepted = true", auth(`buttons = [{ type = "OTP", otp_type = "ZERO_TAP", zero_tap_terms_accepted = false, supported_apps = ` + apps(1) + ` }]`)},
		{"terms one tap", "buttons", "for ZERO_TAP buttons only", auth(oneTap(`, zero_tap_terms_accepted = true`))},
		{"ttl", "message_send_ttl_seconds", "30 to 900", auth(copyCode, `message_send_ttl_seconds = 901`)},
		{"ttl low", "message_send_ttl_seconds", "30 to 900", auth(copyCode, `message_send_ttl_seconds = 29`)},
		// What only an AUTHENTICATION template may have, and what the others need.
		{"otp in utility", "buttons", "OTP buttons are for AUTHENTICATION", env.Config(templateConfig(`body = { text = "Hi" }`, copyCode))},
		{"recommendation in utility", "body", "add_security_recommendation is for AUTHENTICATION", env.Config(templateConfig(`body = { text = "Hi", add_security_recommendation = true }`))},
		{"expiry in utility", "footer", "code_expiration_minutes is for AUTHENTICATION", env.Config(templateConfig(`body = { text = "Hi" }`, `footer = { code_expiration_minutes = 5 }`))},
		{"utility without body", "", "needs body", env.Config(templateConfig(`footer = { text = "Acme" }`))},
		{"utility without body text", "body", "needs body.text", env.Config(templateConfig(`body = { examples = [] }`))},
		{"otp fields on quick reply", "buttons", "it is an OTP button's setting", env.Config(templateConfig(`body = { text = "Hi" }`, `buttons = [{ type = "QUICK_REPLY", text = "Hi", otp_type = "COPY_CODE" }]`))},
	} {
		c.ValidateRejects(tc.name, tc.config, tc.attr, tc.want, "")
	}
	// What passes: each kind of OTP button, and a template with no body.
	for _, ok := range []string{
		auth(copyCode),
		auth(`body = { add_security_recommendation = true }`, `footer = { code_expiration_minutes = 90 }`, oneTap(`, autofill_text = "Fill"`), `message_send_ttl_seconds = 900`),
		auth(`buttons = [{ type = "OTP", otp_type = "ZERO_TAP", zero_tap_terms_accepted = true, supported_apps = `+apps(5)+` }]`, `message_send_ttl_seconds = 30`),
	} {
		c.WriteRaw(ok)
		if out, err := c.Run("validate"); err != nil {
			t.Errorf("validate refused:\n%s\n%s", ok, out)
		}
	}
	if ops := env.Emu.Operations(""); len(ops) != 0 {
		t.Errorf("validate called the API: %v", ops)
	}
}
