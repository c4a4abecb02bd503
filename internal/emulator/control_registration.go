package emulator

import (
	"net/http"
	"slices"
)

// controls are the routes that play the worlds a registration and its
// replacement must survive: changes made out of band, in WhatsApp Manager
// or by another tool.
func (m *registration) controls() []control {
	e := m.e
	return []control{
		{"POST /_emulator/numbers/{id}/deregister", "deregister out of band, without spending the budget",
			e.numberControl(func(id string, _ http.ResponseWriter, _ *http.Request) bool {
				return e.DeregisterOutOfBand(id)
			})},
		{"POST /_emulator/numbers/{id}/region", `{"region":"DE"} or {"region":""}: change the data localization region out of band`,
			e.numberControl(func(id string, w http.ResponseWriter, r *http.Request) bool {
				var in struct {
					Region string `json:"region"`
				}
				return decode(w, r, &in) && e.Update(id, func(n *Number) { n.Region = in.Region })
			})},
		{"POST /_emulator/numbers/{id}/pin", `{"pin":"123456"}: the PIN changed in WhatsApp Manager`,
			e.numberControl(func(id string, w http.ResponseWriter, r *http.Request) bool {
				var in struct {
					PIN string `json:"pin"`
				}
				if !decode(w, r, &in) {
					return false
				}
				if !pinPattern.MatchString(in.PIN) {
					writeControlError(w, http.StatusBadRequest, "pin must be 6 digits")
					return false
				}
				return e.Update(id, func(n *Number) { n.PIN = in.PIN })
			})},
		{"POST /_emulator/numbers/{id}/verification", `{"code_verification_status":"VERIFIED"|"NOT_VERIFIED"|"EXPIRED"}: a register then answers 133006 until it is VERIFIED`,
			e.numberControl(func(id string, w http.ResponseWriter, r *http.Request) bool {
				var in struct {
					Status string `json:"code_verification_status"`
				}
				if !decode(w, r, &in) {
					return false
				}
				if !slices.Contains([]string{"VERIFIED", "NOT_VERIFIED", "EXPIRED"}, in.Status) {
					writeControlError(w, http.StatusBadRequest, "code_verification_status must be VERIFIED, NOT_VERIFIED or EXPIRED")
					return false
				}
				return e.Update(id, func(n *Number) { n.CodeVerificationStatus = in.Status })
			})},
		{"POST /_emulator/numbers/{id}/platform", `{"platform_type":"ON_PREMISE"|"NOT_APPLICABLE"|"CLOUD_API"}: the number moved out of band (ON_PREMISE: to an On-Premises client)`,
			e.numberControl(func(id string, w http.ResponseWriter, r *http.Request) bool {
				var in struct {
					Platform string `json:"platform_type"`
				}
				if !decode(w, r, &in) {
					return false
				}
				if !slices.Contains([]string{PlatformCloudAPI, PlatformOnPremise, PlatformNotApplicable}, in.Platform) {
					writeControlError(w, http.StatusBadRequest, "platform_type must be CLOUD_API, ON_PREMISE or NOT_APPLICABLE")
					return false
				}
				return e.MovePlatform(id, in.Platform)
			})},
		{"POST /_emulator/numbers/{id}/budget", `{"operation":"register"|"deregister","count":N}: N calls of the 72-hour window spent by another tool`,
			e.numberControl(func(id string, w http.ResponseWriter, r *http.Request) bool {
				var in struct {
					Operation string `json:"operation"`
					Count     int    `json:"count"`
				}
				if !decode(w, r, &in) {
					return false
				}
				if in.Operation != OpRegister && in.Operation != OpDeregister {
					writeControlError(w, http.StatusBadRequest, "operation must be register or deregister")
					return false
				}
				if in.Count < 1 || in.Count > RegistrationLimit {
					writeControlError(w, http.StatusBadRequest, "count must be between 1 and 10")
					return false
				}
				e.SpendBudget(id, in.Operation, in.Count)
				return true
			})},
	}
}

// MovePlatform moves a number to another platform out of band, without
// spending its budget: to an On-Premises client, off the Cloud API, or
// onto it. Local storage goes off unless the number lands on the Cloud API
// where it was.
func (e *Emulator) MovePlatform(id, platform string) bool {
	return e.Update(id, func(n *Number) {
		if platform != PlatformCloudAPI {
			n.Region = ""
		}
		n.PlatformType = platform
		switch platform {
		case PlatformNotApplicable:
			n.Status = "DISCONNECTED"
		default:
			n.Status = "CONNECTED"
		}
	})
}
