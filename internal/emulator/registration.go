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

// registration is the module of register, deregister and the two-step PIN,
// with each number's 72-hour register/deregister budget
// (control_registration.go has its control routes).
type registration struct {
	e *Emulator
	// budget holds each number's register and deregister calls of the
	// moving window; lastDereg its last deregister, for RegisterCooldown.
	budget    map[string]map[string][]time.Time
	lastDereg map[string]time.Time
}

func newRegistration(e *Emulator) module {
	return &registration{e: e, budget: map[string]map[string][]time.Time{}, lastDereg: map[string]time.Time{}}
}

func (m *registration) table() table {
	return table{
		operations: []operation{
			{name: OpRegister, pattern: "POST /{version}/{id}/register", write: true, handle: m.register},
			{name: OpDeregister, pattern: "POST /{version}/{id}/deregister", write: true, handle: m.deregister},
			// POST /{id} sets the PIN unless the webhooks module claims it
			// (number_webhook.go).
			{name: OpSetPIN, pattern: "POST /{version}/{id}", write: true, handle: m.setPIN},
		},
		controls: m.controls(),
	}
}

// forget keeps a removed number's budget: Meta counts calls per number id,
// and a number seeded again under the same id is the same number.
func (m *registration) forget(string) {}

// register follows POST /{id}/register: every call that reaches the rules
// counts against the number's 72-hour budget, failed or not; a refusal for
// the budget itself (133016) does not.
func (m *registration) register(c *graphCall) answer {
	e := m.e
	e.mu.Lock()
	defer e.mu.Unlock()
	n, g := e.numberLocked(c.id)
	if g != nil {
		return fail(g)
	}
	if len(m.windowLocked(c.id, OpRegister)) >= RegistrationLimit {
		return fail(rateLimited("register"))
	}
	m.recordCallLocked(c.id, OpRegister)

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
		if t, ok := m.lastDereg[c.id]; ok && e.opts.Clock().Sub(t) < e.opts.RegisterCooldown {
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

func (m *registration) deregister(c *graphCall) answer {
	e := m.e
	e.mu.Lock()
	defer e.mu.Unlock()
	n, g := e.numberLocked(c.id)
	if g != nil {
		return fail(g)
	}
	if len(m.windowLocked(c.id, OpDeregister)) >= RegistrationLimit {
		return fail(rateLimited("deregister"))
	}
	m.recordCallLocked(c.id, OpDeregister)
	if !n.Registered() {
		return fail(&graphError{status: http.StatusBadRequest, code: 100, subcode: 2207051, typ: "OAuthException",
			message: "Phone number not registered on the WhatsApp Business Platform."})
	}
	// Deregistering turns local storage off; the two-step PIN survives.
	n.PlatformType, n.Status, n.Region = PlatformNotApplicable, "DISCONNECTED", ""
	m.lastDereg[c.id] = e.opts.Clock()
	return success()
}

// setPIN is POST /{id} with {"pin": "..."}: it sets a new two-step PIN on a
// registered number without asking for the old one. (A body with webhook_configuration
// alone is the webhooks module's, number_webhook.go.)
func (m *registration) setPIN(c *graphCall) answer {
	e := m.e
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
	m := stateOf[*registration](e)
	for range n {
		m.recordCallLocked(id, op)
	}
}

// BudgetUsed counts the register or deregister calls of the moving window.
func (e *Emulator) BudgetUsed(id, op string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(stateOf[*registration](e).windowLocked(id, op))
}

func (m *registration) windowLocked(id, op string) []time.Time {
	kept := within(m.budget[id][op], m.e.opts.Clock(), RegistrationWindow)
	if m.budget[id] != nil {
		m.budget[id][op] = kept
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

func (m *registration) recordCallLocked(id, op string) {
	if m.budget[id] == nil {
		m.budget[id] = map[string][]time.Time{}
	}
	m.budget[id][op] = append(m.budget[id][op], m.e.opts.Clock())
}
