package emulator

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// numberReads is the module of the number's reads: the node with its
// health and readiness fields (health.go), its settings, and a WABA's
// phone_numbers listing; its state is the injected health.
type numberReads struct {
	e      *Emulator
	health map[string]HealthState
}

func newNumberReads(e *Emulator) module { return &numberReads{e: e, health: map[string]HealthState{}} }

func (m *numberReads) table() table {
	return table{
		operations: []operation{
			{name: OpGetPhoneNumber, pattern: "GET /{version}/{id}", handle: m.getPhoneNumber},
			{name: OpGetSettings, pattern: "GET /{version}/{id}/settings", handle: m.getSettings},
			{name: OpListPhoneNumbers, pattern: "GET /{version}/{id}/phone_numbers", onWABA: true, handle: m.listPhoneNumbers},
		},
		controls: m.controls(),
	}
}

func (m *numberReads) forget(id string) { delete(m.health, id) }

var phoneNumberFieldNames = append([]string{
	"id", "display_phone_number", "verified_name", "quality_rating", "platform_type",
	"status", "code_verification_status", "name_status", "throughput",
}, readinessFieldNames...)

// phoneNumberNodeLocked renders a number with the fields asked for; the
// health and readiness fields come from health.go.
func (m *numberReads) phoneNumberNodeLocked(n *Number, fields []string) map[string]any {
	all := map[string]any{
		"id": n.ID, "display_phone_number": n.DisplayPhoneNumber, "verified_name": n.VerifiedName,
		"quality_rating": n.QualityRating, "platform_type": n.PlatformType, "status": n.Status,
		"code_verification_status": n.CodeVerificationStatus, "name_status": n.NameStatus,
		"throughput": map[string]any{"level": n.ThroughputLevel},
	}
	maps.Copy(all, m.readinessLocked(n))
	out := map[string]any{"id": n.ID}
	for _, f := range fields {
		if v, present := all[f]; present { // health_status may be left out (HealthState.Omit)
			out[f] = v
		}
	}
	return out
}

// parseFields refuses a field the node type does not have, as Graph does.
func parseFields(raw string) ([]string, *graphError) {
	if raw == "" {
		// Graph's default field set for this node type.
		return []string{"display_phone_number", "verified_name", "quality_rating"}, nil
	}
	fields := strings.Split(raw, ",")
	for _, f := range fields {
		if !slices.Contains(phoneNumberFieldNames, f) {
			return nil, errParam(fmt.Sprintf("Tried accessing nonexisting field (%s) on node type (WhatsAppBusinessPhoneNumber)", f), "")
		}
	}
	return fields, nil
}

func (m *numberReads) getPhoneNumber(c *graphCall) answer {
	e := m.e
	fields, g := parseFields(c.query.Get("fields"))
	if g != nil {
		return fail(g)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	n, g := e.numberLocked(c.id)
	if g != nil {
		return fail(g)
	}
	return ok(m.phoneNumberNodeLocked(n, fields))
}

func (m *numberReads) getSettings(c *graphCall) answer {
	e := m.e
	e.mu.Lock()
	defer e.mu.Unlock()
	n, g := e.numberLocked(c.id)
	if g != nil {
		return fail(g)
	}
	storage := map[string]any{"status": "default"}
	if n.Region != "" {
		storage = map[string]any{"status": "in_country_storage_enabled", "data_localization_region": n.Region}
	}
	return ok(map[string]any{"storage_configuration": storage})
}

func (m *numberReads) listPhoneNumbers(c *graphCall) answer {
	e := m.e
	fields, g := parseFields(c.query.Get("fields"))
	if g != nil {
		return fail(g)
	}
	start, limit, g := e.pageWindow(c)
	if g != nil {
		return fail(g)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, known := e.wabas[c.id]; !known {
		return fail(errNoSuchObject(c.id))
	}
	var numbers []*Number
	for _, n := range e.wabaNumbersLocked(c.id) {
		if !n.Hidden {
			numbers = append(numbers, n)
		}
	}
	out := e.page(c, start, limit, len(numbers), func(i int) map[string]any { return m.phoneNumberNodeLocked(numbers[i], fields) })
	return ok(out)
}
