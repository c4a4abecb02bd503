package emulator

import (
	"net/http"
	"slices"
)

// controls are the routes that change what a number's reads show: its
// health and whether Meta has finished provisioning it.
func (m *numberReads) controls() []control {
	e := m.e
	return []control{
		{"POST /_emulator/numbers/{id}/health", `a HealthState ({"can_send_message":"LIMITED","entity_type":"WABA",...}); {"can_send_message":""} removes it`,
			e.numberControl(func(id string, w http.ResponseWriter, r *http.Request) bool {
				var in HealthState
				if !decode(w, r, &in) {
					return false
				}
				if in.CanSendMessage != "" && !slices.Contains([]string{HealthAvailable, HealthLimited, HealthBlocked}, in.CanSendMessage) {
					writeControlError(w, http.StatusBadRequest, "can_send_message must be AVAILABLE, LIMITED, BLOCKED, or empty to remove the injected health")
					return false
				}
				if in.EntityType != "" && !slices.Contains([]string{"PHONE_NUMBER", "WABA", "BUSINESS", "APP"}, in.EntityType) {
					writeControlError(w, http.StatusBadRequest, "entity_type must be PHONE_NUMBER, WABA, BUSINESS or APP")
					return false
				}
				return e.SetHealth(id, in)
			})},
		{"POST /_emulator/numbers/{id}/provisioning", `{"provisioning":true}: Meta has not finished provisioning the number (register answers 100/2388001)`,
			e.numberControl(func(id string, w http.ResponseWriter, r *http.Request) bool {
				var in struct {
					Provisioning *bool `json:"provisioning"`
				}
				if !decode(w, r, &in) {
					return false
				}
				if in.Provisioning == nil {
					writeControlError(w, http.StatusBadRequest, `give {"provisioning": true} or {"provisioning": false}`)
					return false
				}
				return e.Update(id, func(n *Number) { n.Provisioning = *in.Provisioning })
			})},
	}
}
