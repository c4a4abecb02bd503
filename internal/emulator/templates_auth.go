package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Authentication templates (docs/development/templates.md, "What the
// emulator and the provider chose for authentication templates"): the OTP
// button, strictly checked, read back as a URL button whose URL Meta
// makes; the body and footer read back in the shape the control API
// chooses, since Meta's is unconfirmed.

// How an authentication template's BODY and FOOTER read back.
const (
	// AuthReadBackBoth: the preset texts and the settings
	// (add_security_recommendation, code_expiration_minutes). The default.
	AuthReadBackBoth = "both"
	// AuthReadBackText: the preset texts only.
	AuthReadBackText = "text"
	// AuthReadBackSettings: the settings only, no text.
	AuthReadBackSettings = "settings"
)

var otpButtonKeys = []string{"type", "otp_type", "text", "autofill_text", "supported_apps", "zero_tap_terms_accepted"}

// readOTPButton checks an OTP button (authentication only: readButtons
// refuses it elsewhere) and renders it as Meta reads it back: a URL button
// whose URL carries otp_type and, for ONE_TAP and ZERO_TAP, the autofill
// label and the first app (Meta's one-tap read-back example). The codes:
// 2388050 (a button's fields), 2388040 (a length).
func readOTPButton(b map[string]any, where, text string) (map[string]any, *graphError) {
	for k := range b {
		if !slices.Contains(otpButtonKeys, k) {
			return nil, templateError(2388050, fmt.Sprintf("%s: an OTP button takes no %s", where, k), "An OTP button has otp_type, text, autofill_text, supported_apps and zero_tap_terms_accepted; Meta makes its URL.")
		}
	}
	otp, _ := b["otp_type"].(string)
	otp = strings.ToUpper(otp)
	q := url.Values{"otp_type": {otp}}
	switch otp {
	case "COPY_CODE":
		for _, k := range []string{"autofill_text", "supported_apps", "zero_tap_terms_accepted"} {
			if _, present := b[k]; present {
				return nil, templateError(2388050, fmt.Sprintf("%s: a COPY_CODE button takes no %s", where, k), "autofill_text and supported_apps are for ONE_TAP and ZERO_TAP; zero_tap_terms_accepted for ZERO_TAP.")
			}
		}
	case "ONE_TAP", "ZERO_TAP":
		apps, _ := b["supported_apps"].([]any)
		if len(apps) == 0 || len(apps) > 5 {
			return nil, templateError(2388050, where+": ONE_TAP and ZERO_TAP need 1 to 5 supported_apps", fmt.Sprintf("got %d", len(apps)))
		}
		for j, raw := range apps {
			app, _ := raw.(map[string]any)
			pkg, _ := app["package_name"].(string)
			hash, _ := app["signature_hash"].(string)
			if len(app) != 2 || len(pkg) > 224 || !androidPackage.MatchString(pkg) || !signatureHash.MatchString(hash) {
				return nil, templateError(2388050, fmt.Sprintf("%s.supported_apps[%d]: invalid package_name or signature_hash", where, j),
					"Each app is {package_name, signature_hash}: package_name an Android package (at most 224 characters); signature_hash 11 characters of [A-Za-z0-9+/=].")
			}
			if j == 0 {
				q.Set("package_name", pkg)
				q.Set("signature_hash", hash)
			}
		}
		terms, present := b["zero_tap_terms_accepted"]
		switch {
		case otp == "ZERO_TAP" && terms != true:
			return nil, templateError(2388050, where+": ZERO_TAP needs zero_tap_terms_accepted: true", "Accept Meta's zero-tap terms; without them the template is not created.")
		case otp == "ONE_TAP" && present:
			return nil, templateError(2388050, where+": zero_tap_terms_accepted is for ZERO_TAP buttons", "")
		}
		autofill := "Autofill"
		if raw, present := b["autofill_text"]; present {
			s, isStr := raw.(string)
			if !isStr || s == "" {
				return nil, templateError(2388050, where+": autofill_text is a non-empty string", "")
			}
			if g := tooLong(where+" autofill_text", 25, s); g != nil {
				return nil, g
			}
			autofill = s
		}
		q.Set("cta_display_name", autofill)
	default:
		return nil, templateError(2388050, where+": otp_type must be COPY_CODE, ONE_TAP or ZERO_TAP", fmt.Sprintf("otp_type %v", b["otp_type"]))
	}
	if text == "" {
		text = "Copy code"
	}
	base := "https://www.whatsapp.com/otp/code/?" + q.Encode() + "&code=otp"
	return map[string]any{"type": "URL", "text": text, "url": base + "{{1}}", "example": []any{base + "123456"}}, nil
}

// render is a template node as a read answers it, with an authentication
// template's body and footer in the chosen shape.
func (m *templates) render(t *Template, fields []string) map[string]any {
	node := t.node(fields)
	comps, _ := node["components"].([]any)
	if t.Category != "AUTHENTICATION" || m.authShape == AuthReadBackBoth || comps == nil {
		return node
	}
	for _, raw := range comps {
		c, _ := raw.(map[string]any)
		if c["type"] != "BODY" && c["type"] != "FOOTER" {
			continue
		}
		if m.authShape == AuthReadBackText {
			delete(c, "add_security_recommendation")
			delete(c, "code_expiration_minutes")
		} else {
			delete(c, "text")
			delete(c, "example")
		}
	}
	return node
}

// SetAuthenticationReadBack chooses how authentication templates' body and
// footer read back: AuthReadBackBoth, AuthReadBackText or
// AuthReadBackSettings.
func (e *Emulator) SetAuthenticationReadBack(shape string) error {
	if !slices.Contains([]string{AuthReadBackBoth, AuthReadBackText, AuthReadBackSettings}, shape) {
		return errors.New("shape must be both, text or settings")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	stateOf[*templates](e).authShape = shape
	return nil
}

func authReadBackControl(e *Emulator) control {
	return control{"POST /_emulator/templates_authentication_readback", `{"shape":"text"}: how authentication templates' body and footer read back: "text" (Meta's preset texts), "settings" (add_security_recommendation, code_expiration_minutes) or "both" (the default)`,
		func(w http.ResponseWriter, r *http.Request) {
			var in struct {
				Shape string `json:"shape"`
			}
			if !decode(w, r, &in) {
				return
			}
			if err := e.SetAuthenticationReadBack(in.Shape); err != nil {
				writeControlError(w, http.StatusBadRequest, err.Error())
				return
			}
			writeControlJSON(w, http.StatusOK, map[string]string{"shape": in.Shape})
		}}
}

// errNoSuchNode is Graph's answer to a call on an id that is no node the
// token may see (a deleted template's included): 100/33.
func errNoSuchNode(method, id string) *graphError {
	g := errNoSuchObject(id)
	g.message = fmt.Sprintf("Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", method, id)
	return g
}
