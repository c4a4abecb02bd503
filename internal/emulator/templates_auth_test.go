package emulator_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func authBody(name, components string, extra ...string) string {
	more := ""
	for _, e := range extra {
		more += "," + e
	}
	return fmt.Sprintf(`{"name":%q,"language":"en_US","category":"AUTHENTICATION","components":[%s]%s}`, name, components, more)
}

const (
	authBodyComp   = `{"type":"BODY","add_security_recommendation":true}`
	authFooterComp = `{"type":"FOOTER","code_expiration_minutes":10}`
	app            = `{"package_name":"com.example.bank","signature_hash":"K8a/AINcGX7"}`
)

func otpButtons(button string) string { return `{"type":"BUTTONS","buttons":[` + button + `]}` }

// An authentication create is checked strictly: Meta's fixed texts, one
// OTP button with its rules, the code expiry and the TTL range.
func TestTemplateAuthenticationCreateRules(t *testing.T) {
	w := setup(t, emulator.Options{})
	apps := func(n int) string {
		var list []string
		for range n {
			list = append(list, app)
		}
		return "[" + strings.Join(list, ",") + "]"
	}
	for _, tc := range []struct {
		name, body string
		subcode    int
	}{
		{"body text", authBody("a1", `{"type":"BODY","text":"Code {{1}}"},`+otpButtons(`{"type":"OTP","otp_type":"COPY_CODE"}`)), 2388072},
		{"footer text", authBody("a2", authBodyComp+`,{"type":"FOOTER","text":"Soon"}`+","+otpButtons(`{"type":"OTP","otp_type":"COPY_CODE"}`)), 2388073},
		{"expiry 91", authBody("a3", authBodyComp+`,{"type":"FOOTER","code_expiration_minutes":91}`+","+otpButtons(`{"type":"OTP","otp_type":"COPY_CODE"}`)), 2388073},
		{"no button", authBody("a4", authBodyComp), 2388050},
		{"two otp", authBody("a5", authBodyComp+","+otpButtons(`{"type":"OTP","otp_type":"COPY_CODE"},{"type":"OTP","otp_type":"COPY_CODE"}`)), 2388050},
		{"quick reply", authBody("a6", authBodyComp+","+otpButtons(`{"type":"QUICK_REPLY","text":"Hi"}`)), 2388050},
		{"zero tap terms", authBody("a7", authBodyComp+","+otpButtons(`{"type":"OTP","otp_type":"ZERO_TAP","supported_apps":`+apps(1)+`}`)), 2388050},
		{"six apps", authBody("a8", authBodyComp+","+otpButtons(`{"type":"OTP","otp_type":"ONE_TAP","supported_apps":`+apps(6)+`}`)), 2388050},
		{"no apps", authBody("a9", authBodyComp+","+otpButtons(`{"type":"OTP","otp_type":"ONE_TAP"}`)), 2388050},
		{"bad hash", authBody("a10", authBodyComp+","+otpButtons(`{"type":"OTP","otp_type":"ONE_TAP","supported_apps":[{"package_name":"com.example.bank","signature_hash":"short"}]}`)), 2388050},
		{"autofill on copy code", authBody("a11", authBodyComp+","+otpButtons(`{"type":"OTP","otp_type":"COPY_CODE","autofill_text":"Fill"}`)), 2388050},
		{"autofill length", authBody("a12", authBodyComp+","+otpButtons(`{"type":"OTP","otp_type":"ONE_TAP","autofill_text":"`+strings.Repeat("a", 26)+`","supported_apps":`+apps(1)+`}`)), 2388040},
		{"otp url", authBody("a13", authBodyComp+","+otpButtons(`{"type":"OTP","otp_type":"COPY_CODE","url":"https://a.example"}`)), 2388050},
		{"header", authBody("a14", `{"type":"HEADER","format":"TEXT","text":"Code"},`+authBodyComp+","+otpButtons(`{"type":"OTP","otp_type":"COPY_CODE"}`)), 2388047},
		{"otp in utility", `{"name":"u1","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Hi"},` + otpButtons(`{"type":"OTP","otp_type":"COPY_CODE"}`) + `]}`, 2388050},
	} {
		if r := w.do(http.MethodPost, templatesPath(), tc.body); r.code() != 100 || r.subcode() != tc.subcode {
			t.Errorf("%s: %d %s, want 100/%d", tc.name, r.status, r.raw, tc.subcode)
		}
	}
	if r := w.do(http.MethodPost, templatesPath(), authBody("t1", authBodyComp+","+otpButtons(`{"type":"OTP","otp_type":"COPY_CODE"}`), `"message_send_ttl_seconds":901`)); r.code() != 100 {
		t.Errorf("ttl 901: %s", r.raw)
	}
	if got := len(w.emu.Templates(waba)); got != 0 {
		t.Fatalf("refused creates stored %d templates", got)
	}
	id := createTemplate(t, w, authBody("login_code", authBodyComp+","+authFooterComp+","+
		otpButtons(`{"type":"OTP","otp_type":"ZERO_TAP","text":"Copy","autofill_text":"Fill in","zero_tap_terms_accepted":true,"supported_apps":`+apps(2)+`}`), `"message_send_ttl_seconds":600`))

	// Read back: the OTP button as a URL button Meta makes; the body and
	// footer in the shape chosen.
	for shape, want := range map[string][2]bool{emulator.AuthReadBackBoth: {true, true}, emulator.AuthReadBackText: {true, false}, emulator.AuthReadBackSettings: {false, true}} {
		if err := w.emu.SetAuthenticationReadBack(shape); err != nil {
			t.Fatal(err)
		}
		r := w.do(http.MethodGet, "/v26.0/"+id, "")
		comps, _ := r.body["components"].([]any)
		if len(comps) != 3 {
			t.Fatalf("%s: components %v", shape, comps)
		}
		body, footer := comps[0].(map[string]any), comps[1].(map[string]any)
		_, bodyText := body["text"]
		_, rec := body["add_security_recommendation"]
		_, footerText := footer["text"]
		_, minutes := footer["code_expiration_minutes"]
		if bodyText != want[0] || footerText != want[0] || rec != want[1] || minutes != want[1] {
			t.Errorf("%s: body %v, footer %v", shape, body, footer)
		}
		button := comps[2].(map[string]any)["buttons"].([]any)[0].(map[string]any)
		u := fmt.Sprint(button["url"])
		if button["type"] != "URL" || !strings.Contains(u, "otp_type=ZERO_TAP") || !strings.Contains(u, "package_name=com.example.bank") ||
			!strings.Contains(u, "cta_display_name=Fill+in") || !strings.HasSuffix(u, "code=otp{{1}}") {
			t.Errorf("%s: OTP button read back as %v", shape, button)
		}
	}
	if err := w.emu.SetAuthenticationReadBack("preset"); err == nil {
		t.Error("an unknown shape was accepted")
	}
}

// The id of a deleted template answers Meta's 100/33 for a missing node,
// not a phone number's error.
func TestTemplateDeletedIDIsAMissingNode(t *testing.T) {
	w := setup(t, emulator.Options{})
	id := createTemplate(t, w, orderBody)
	if r := w.do(http.MethodDelete, templatesPath()+"?hsm_id="+id+"&name=order_ready", ""); r.status != 200 {
		t.Fatalf("delete = %s", r.raw)
	}
	other := createTemplate(t, w, strings.Replace(orderBody, "order_ready", "order_other", 1))
	if !w.emu.DeleteTemplateOutOfBand(other) {
		t.Fatal("no template to delete out of band")
	}
	for _, gone := range []string{id, other} {
		r := w.do(http.MethodGet, "/v26.0/"+gone+"?fields=id,name,language,category,status,components", "")
		msg := fmt.Sprint(r.body["error"].(map[string]any)["message"])
		if r.code() != 100 || r.subcode() != 33 || !strings.HasPrefix(msg, "Unsupported get request. Object with ID '"+gone+"' does not exist") || strings.Contains(msg, "PhoneNumber") {
			t.Errorf("GET of deleted %s = %s", gone, r.raw)
		}
		if r := w.do(http.MethodPost, "/v26.0/"+gone, `{"components":[]}`); r.code() != 100 || r.subcode() != 33 {
			t.Errorf("POST to deleted %s = %s", gone, r.raw)
		}
	}
}
