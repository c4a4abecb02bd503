package emulator

import (
	"net/http"
	"slices"
)

// numberAsCodeControl adds the control routes for health, provisioning,
// business profiles and subscribed apps (control.go has the others):
//
//	POST   /_emulator/numbers/{id}/health              a HealthState; {"can_send_message":""} removes it
//	POST   /_emulator/numbers/{id}/provisioning        {"provisioning":true}: Meta has not finished provisioning
//	GET    /_emulator/numbers/{id}/business_profile    the profile
//	POST   /_emulator/numbers/{id}/business_profile    replace the profile (BusinessProfile JSON), out of band
//	GET    /_emulator/wabas/{id}/subscribed_apps       the subscriptions
//	POST   /_emulator/wabas/{id}/subscribed_apps       {"app_id","app_name","override_callback_uri"}: subscribe an app out of band
//	DELETE /_emulator/wabas/{id}/subscribed_apps/{app} unsubscribe an app out of band
func (e *Emulator) numberAsCodeControl(handle func(pattern string, h http.HandlerFunc)) {
	handle("POST /_emulator/numbers/{id}/health", e.numberControl(func(id string, w http.ResponseWriter, r *http.Request) bool {
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
	}))
	handle("POST /_emulator/numbers/{id}/provisioning", e.numberControl(func(id string, w http.ResponseWriter, r *http.Request) bool {
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
	}))
	handle("GET /_emulator/numbers/{id}/business_profile", func(w http.ResponseWriter, r *http.Request) {
		p, ok := e.BusinessProfile(r.PathValue("id"))
		if !ok {
			writeControlError(w, http.StatusNotFound, "no number "+r.PathValue("id"))
			return
		}
		writeControlJSON(w, http.StatusOK, p)
	})
	handle("POST /_emulator/numbers/{id}/business_profile", func(w http.ResponseWriter, r *http.Request) {
		var in BusinessProfile
		if !decode(w, r, &in) {
			return
		}
		if !e.UpdateBusinessProfile(r.PathValue("id"), func(p *BusinessProfile) { *p = in }) {
			writeControlError(w, http.StatusNotFound, "no number "+r.PathValue("id"))
			return
		}
		p, _ := e.BusinessProfile(r.PathValue("id"))
		writeControlJSON(w, http.StatusOK, p)
	})
	handle("GET /_emulator/wabas/{id}/subscribed_apps", func(w http.ResponseWriter, r *http.Request) {
		writeControlJSON(w, http.StatusOK, append([]Subscription{}, e.Subscriptions(r.PathValue("id"))...))
	})
	handle("POST /_emulator/wabas/{id}/subscribed_apps", func(w http.ResponseWriter, r *http.Request) {
		var in Subscription
		if !decode(w, r, &in) {
			return
		}
		if !idPattern.MatchString(r.PathValue("id")) || !idPattern.MatchString(in.ID) {
			writeControlError(w, http.StatusBadRequest, "the WABA id and app_id must be digits")
			return
		}
		e.SubscribeOutOfBand(r.PathValue("id"), in)
		writeControlJSON(w, http.StatusOK, e.Subscriptions(r.PathValue("id")))
	})
	handle("DELETE /_emulator/wabas/{id}/subscribed_apps/{app}", func(w http.ResponseWriter, r *http.Request) {
		if !e.UnsubscribeOutOfBand(r.PathValue("id"), r.PathValue("app")) {
			writeControlError(w, http.StatusNotFound, "app "+r.PathValue("app")+" is not subscribed to WABA "+r.PathValue("id"))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}
