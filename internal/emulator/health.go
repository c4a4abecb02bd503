package emulator

import (
	"cmp"
	"slices"
)

// Health and readiness: the node fields a data source reads besides the
// registration (docs/development/cloud-api.md, "Reading state back"). Health is
// derived from the number (registered: AVAILABLE; not registered or still
// provisioning: BLOCKED, with error 133010) unless a state is injected with
// SetHealth, which is how tests show LIMITED and BLOCKED numbers.

// The messaging health values Meta documents.
const (
	HealthAvailable = "AVAILABLE"
	HealthLimited   = "LIMITED"
	HealthBlocked   = "BLOCKED"
)

// DemoBusiness is the business portfolio of every WABA in the emulator, as
// the health entities name it.
const DemoBusiness = "506914307656634"

var readinessFieldNames = []string{"health_status", "is_pin_enabled", "new_name_status", "account_mode", "messaging_limit_tier", "webhook_configuration"}

// HealthError is one entry of an entity's errors.
type HealthError struct {
	Code             int    `json:"error_code"`
	Description      string `json:"error_description"`
	PossibleSolution string `json:"possible_solution"`
}

// HealthState is an injected health: the entity (PHONE_NUMBER, WABA,
// BUSINESS or APP; PHONE_NUMBER when empty) takes CanSendMessage with its
// errors and additional info, the others stay AVAILABLE, and the overall
// value is the worst of them. A zero CanSendMessage removes the injection.
type HealthState struct {
	// Omit leaves health_status out of the number's answers altogether, as
	// Meta sometimes does for one number of a list.
	Omit           bool          `json:"omit,omitempty"`
	CanSendMessage string        `json:"can_send_message"`
	EntityType     string        `json:"entity_type,omitempty"`
	Errors         []HealthError `json:"errors,omitempty"`
	AdditionalInfo []string      `json:"additional_info,omitempty"`
}

// SetHealth injects (or, with a zero state, removes) a number's health and
// reports whether the number exists.
func (e *Emulator) SetHealth(id string, s HealthState) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.numbers[id]; !ok {
		return false
	}
	m := stateOf[*numberReads](e)
	if s.CanSendMessage == "" && !s.Omit {
		delete(m.health, id)
		return true
	}
	s.EntityType = cmp.Or(s.EntityType, "PHONE_NUMBER")
	s.Errors = slices.Clone(s.Errors)
	s.AdditionalInfo = slices.Clone(s.AdditionalInfo)
	m.health[id] = s
	return true
}

// readinessLocked renders the health and readiness fields of a number.
func (m *numberReads) readinessLocked(n *Number) map[string]any {
	out := map[string]any{
		"health_status":         m.healthLocked(n),
		"is_pin_enabled":        n.PIN != "",
		"new_name_status":       n.NewNameStatus,
		"account_mode":          n.AccountMode,
		"messaging_limit_tier":  n.MessagingLimitTier,
		"webhook_configuration": m.webhookConfigurationLocked(n),
	}
	if m.health[n.ID].Omit {
		delete(out, "health_status")
	}
	if n.Provisioning {
		out["throughput"] = map[string]any{"level": PlatformNotApplicable}
	}
	return out
}

func (m *numberReads) webhookConfigurationLocked(n *Number) map[string]any {
	conf := map[string]any{}
	if m.e.opts.AppCallbackURL != "" {
		conf["application"] = m.e.opts.AppCallbackURL
	}
	if s, ok := stateOf[*webhooks](m.e).subscribedLocked(n.WABAID); ok && s.OverrideCallbackURI != "" {
		conf["whatsapp_business_account"] = s.OverrideCallbackURI
	}
	if n.WebhookOverride != "" {
		conf["phone_number"] = n.WebhookOverride
	}
	return conf
}

func (m *numberReads) healthLocked(n *Number) map[string]any {
	type entity struct{ typ, id string }
	entities := []entity{{"PHONE_NUMBER", n.ID}}
	if n.WABAID != "" {
		entities = append(entities, entity{"WABA", n.WABAID})
	}
	entities = append(entities, entity{"BUSINESS", DemoBusiness}, entity{"APP", m.e.opts.AppID})

	injected, hasInjected := m.health[n.ID]
	if !hasInjected && (!n.Registered() || n.Provisioning) {
		injected, hasInjected = HealthState{CanSendMessage: HealthBlocked, EntityType: "PHONE_NUMBER", Errors: []HealthError{{
			Code: 133010, Description: "The phone number is not registered on the Cloud API.",
			PossibleSolution: "Register the phone number (POST /{phone-number-id}/register).",
		}}}, true
	}
	overall := HealthAvailable
	list := make([]map[string]any, 0, len(entities))
	for _, ent := range entities {
		item := map[string]any{"entity_type": ent.typ, "id": ent.id, "can_send_message": HealthAvailable}
		if hasInjected && injected.EntityType == ent.typ {
			item["can_send_message"] = injected.CanSendMessage
			if len(injected.Errors) > 0 {
				item["errors"] = injected.Errors
			}
			if len(injected.AdditionalInfo) > 0 {
				item["additional_info"] = injected.AdditionalInfo
			}
			overall = worse(overall, injected.CanSendMessage)
		}
		list = append(list, item)
	}
	return map[string]any{"can_send_message": overall, "entities": list}
}

// worse is the overall value: BLOCKED beats LIMITED beats AVAILABLE; an
// injected value outside these three is passed on as it is.
func worse(a, b string) string {
	rank := map[string]int{HealthAvailable: 0, HealthLimited: 1, HealthBlocked: 2}
	ra, okA := rank[a]
	rb, okB := rank[b]
	if !okB || (okA && rb > ra) {
		return b
	}
	return a
}
