package emulator

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

var (
	pinPattern = regexp.MustCompile(`^[0-9]{6}$`)
	idPattern  = regexp.MustCompile(`^[0-9]+$`)
)

// register follows POST /{id}/register: every call that reaches the rules
// counts against the number's 72-hour budget, failed or not; a refusal for
// the budget itself (133016) does not.
func (e *Emulator) register(c *graphCall) answer {
	e.mu.Lock()
	defer e.mu.Unlock()
	n, g := e.numberLocked(c.id)
	if g != nil {
		return fail(g)
	}
	if len(e.windowLocked(c.id, OpRegister)) >= RegistrationLimit {
		return fail(rateLimited("register"))
	}
	e.recordCallLocked(c.id, OpRegister)

	if mp, _ := c.body["messaging_product"].(string); mp != "whatsapp" {
		return fail(errParam("The parameter messaging_product is required and must be \"whatsapp\"", ""))
	}
	pin, _ := c.body["pin"].(string)
	if !pinPattern.MatchString(pin) {
		return fail(errParam("Param pin must be a 6-digit number", "pin must match ^[0-9]{6}$"))
	}
	region := ""
	if raw, present := c.body["data_localization_region"]; present {
		region, _ = raw.(string)
		if !slices.Contains(Regions, region) {
			return fail(errParam("Param data_localization_region is invalid",
				"data_localization_region must be one of "+strings.Join(Regions, ", ")))
		}
	}
	var backup *Backup
	if raw, present := c.body["backup"]; present {
		m, _ := raw.(map[string]any)
		data, _ := m["data"].(string)
		password, _ := m["password"].(string)
		if data == "" || password == "" {
			return fail(errParam("Param backup must have both data and password", ""))
		}
		backup = &Backup{Data: data, Password: password}
		if n.PlatformType != PlatformOnPremise {
			// Meta documents backup for a migration from the On-Premises API
			// only; what it does with one for another number is not
			// documented, so the emulator refuses it, as strictly as Meta
			// might (code 100, a guess, docs/guides/testing-with-the-emulator).
			return fail(errParam("Param backup is only accepted for a phone number migrating from the On-Premises API",
				"This phone number is not on the On-Premises API (platform_type "+n.PlatformType+"): register it without backup."))
		}
	}
	if n.Provisioning {
		// Meta has not finished provisioning the display name [seen].
		return fail(&graphError{status: http.StatusBadRequest, code: 100, subcode: 2388001, typ: "OAuthException",
			message: "(#100) Cannot Create Certificate", details: "The number's display name certificate is not ready yet: Meta has not finished provisioning the number."})
	}
	if n.CodeVerificationStatus != "VERIFIED" {
		return fail(&graphError{status: http.StatusBadRequest, code: 133006, typ: "OAuthException",
			message: "Phone number re-verification needed", details: "Verify the phone number ownership before registering it."})
	}
	if e.opts.RegisterCooldown > 0 {
		if t, ok := e.lastDereg[c.id]; ok && e.opts.Clock().Sub(t) < e.opts.RegisterCooldown {
			return fail(&graphError{status: http.StatusBadRequest, code: 133015, typ: "OAuthException",
				message: "Please wait a few minutes before attempting to register this phone number", details: "The phone number was deregistered moments ago."})
		}
	}
	if n.PIN != "" && n.PIN != pin {
		return fail(&graphError{status: http.StatusBadRequest, code: 133005, typ: "OAuthException",
			message: "Two step verification PIN Mismatch", details: "The PIN does not match the two-step verification PIN of this number."})
	}
	if n.Registered() && n.Region != region {
		return fail(errParam("data_localization_region cannot be changed on a registered phone number",
			fmt.Sprintf("The number stores data in %q. Deregister it, then register it again with the new region (or without one to turn local storage off).", n.Region)))
	}
	n.PIN = pin
	n.PlatformType, n.Status, n.Region = PlatformCloudAPI, "CONNECTED", region
	if backup != nil {
		n.LastBackup = backup
	}
	return success()
}

func rateLimited(what string) *graphError {
	return &graphError{status: http.StatusBadRequest, code: 133016, typ: "OAuthException",
		message: "Account register deregister rate limit exceeded",
		details: fmt.Sprintf("More than %d %s requests for this phone number in the last 72 hours; try again later.", RegistrationLimit, what)}
}

func (e *Emulator) deregister(c *graphCall) answer {
	e.mu.Lock()
	defer e.mu.Unlock()
	n, g := e.numberLocked(c.id)
	if g != nil {
		return fail(g)
	}
	if len(e.windowLocked(c.id, OpDeregister)) >= RegistrationLimit {
		return fail(rateLimited("deregister"))
	}
	e.recordCallLocked(c.id, OpDeregister)
	if !n.Registered() {
		return fail(&graphError{status: http.StatusBadRequest, code: 100, subcode: 2207051, typ: "OAuthException",
			message: "Phone number not registered on the WhatsApp Business Platform."})
	}
	// Deregistering turns local storage off; the two-step PIN survives.
	n.PlatformType, n.Status, n.Region = PlatformNotApplicable, "DISCONNECTED", ""
	e.lastDereg[c.id] = e.opts.Clock()
	return success()
}

// setPIN is POST /{id} with {"pin": "..."}: it sets a new two-step PIN on a
// registered number without asking for the old one. (postNumber, in
// number_webhook.go, sends a body with webhook_configuration elsewhere.)
func (e *Emulator) setPIN(c *graphCall) answer {
	e.mu.Lock()
	defer e.mu.Unlock()
	n, g := e.numberLocked(c.id)
	if g != nil {
		return fail(g)
	}
	if _, both := c.body["webhook_configuration"]; both {
		return fail(errParam("Set pin and webhook_configuration in separate requests", ""))
	}
	pin, present := c.body["pin"].(string)
	if !present {
		return fail(errParam("No supported field to update: expected pin or webhook_configuration", ""))
	}
	if !pinPattern.MatchString(pin) {
		return fail(errParam("Param pin must be a 6-digit number", "pin must match ^[0-9]{6}$"))
	}
	if !n.Registered() {
		return fail(&graphError{status: http.StatusBadRequest, code: 133010, typ: "OAuthException",
			message: "Phone number Not Registered", details: "Register the number before setting its two-step verification PIN."})
	}
	n.PIN = pin
	return success()
}

// The 72-hour budget of each number: register and deregister calls in the
// moving window, counted whether they succeed or not.

// SpendBudget records n register or deregister calls for a number now, as
// if another tool had made them.
func (e *Emulator) SpendBudget(id, op string, n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for range n {
		e.recordCallLocked(id, op)
	}
}

// BudgetUsed counts the register or deregister calls of the moving window.
func (e *Emulator) BudgetUsed(id, op string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.windowLocked(id, op))
}

func (e *Emulator) windowLocked(id, op string) []time.Time {
	kept := within(e.budget[id][op], e.opts.Clock(), RegistrationWindow)
	if e.budget[id] != nil {
		e.budget[id][op] = kept
	}
	return kept
}

// within keeps the times of the moving window that ends now.
func within(times []time.Time, now time.Time, window time.Duration) []time.Time {
	var kept []time.Time
	for _, t := range times {
		if now.Sub(t) < window {
			kept = append(kept, t)
		}
	}
	return kept
}

func (e *Emulator) recordCallLocked(id, op string) {
	if e.budget[id] == nil {
		e.budget[id] = map[string][]time.Time{}
	}
	e.budget[id][op] = append(e.budget[id][op], e.opts.Clock())
}
