package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const readinessFields = "?fields=health_status,is_pin_enabled,name_status,new_name_status,account_mode,throughput,messaging_limit_tier,webhook_configuration"

func health(t *testing.T, w *world) map[string]any {
	t.Helper()
	r := w.do(http.MethodGet, "/v26.0/"+number+readinessFields, "")
	h, ok := r.body["health_status"].(map[string]any)
	if r.status != 200 || !ok {
		t.Fatalf("read = %s", r.raw)
	}
	return h
}

func entity(h map[string]any, typ string) map[string]any {
	entities, _ := h["entities"].([]any)
	for _, e := range entities {
		if m := e.(map[string]any); m["entity_type"] == typ {
			return m
		}
	}
	return nil
}

func TestHealthIsDerivedAndInjectable(t *testing.T) {
	w := setup(t, emulator.Options{})
	h := health(t, w)
	if h["can_send_message"] != "BLOCKED" || !strings.Contains(jsonOf(t, entity(h, "PHONE_NUMBER")["errors"]), "133010") {
		t.Errorf("an unregistered number: %v", h)
	}
	mustOK(t, w.register("123456", ""))
	h = health(t, w)
	if h["can_send_message"] != "AVAILABLE" || len(h["entities"].([]any)) != 4 || entity(h, "APP")["id"] != emulator.DefaultAppID || entity(h, "WABA")["id"] != waba {
		t.Errorf("a registered number: %v", h)
	}
	w.emu.SetHealth(number, emulator.HealthState{CanSendMessage: "LIMITED", AdditionalInfo: []string{"Messaging limit reached"},
		Errors: []emulator.HealthError{{Code: 141006, Description: "limited", PossibleSolution: "wait"}}})
	h = health(t, w)
	if pn := entity(h, "PHONE_NUMBER"); h["can_send_message"] != "LIMITED" || pn["can_send_message"] != "LIMITED" || !strings.Contains(jsonOf(t, pn), `"error_code":141006`) {
		t.Errorf("injected LIMITED: %v", h)
	}
	// The control API puts a block on the WABA: the overall value follows.
	if r := w.do(http.MethodPost, "/_emulator/numbers/"+number+"/health", `{"can_send_message":"BLOCKED","entity_type":"WABA","errors":[{"error_code":131031,"error_description":"locked","possible_solution":"appeal"}]}`); r.status != 200 {
		t.Fatalf("control: %s", r.raw)
	}
	h = health(t, w)
	if h["can_send_message"] != "BLOCKED" || entity(h, "WABA")["can_send_message"] != "BLOCKED" || entity(h, "PHONE_NUMBER")["can_send_message"] != "AVAILABLE" {
		t.Errorf("injected WABA block: %v", h)
	}
	for _, body := range []string{`{"can_send_message":"SORT_OF"}`, `{"can_send_message":"LIMITED","entity_type":"TEMPLATE"}`, `{"can_send_message":"LIMITED","error":1}`} {
		if r := w.do(http.MethodPost, "/_emulator/numbers/"+number+"/health", body); r.status != 400 {
			t.Errorf("%s: %s", body, r.raw)
		}
	}
	mustOK(t, w.do(http.MethodPost, "/_emulator/numbers/"+number+"/health", `{"can_send_message":""}`))
	if h := health(t, w); h["can_send_message"] != "AVAILABLE" {
		t.Errorf("after removing the injection: %v", h)
	}
}

func TestReadinessFields(t *testing.T) {
	w := setup(t, emulator.Options{AppCallbackURL: "https://app.example.com/hook"})
	r := w.do(http.MethodGet, "/v26.0/"+number+readinessFields, "")
	for field, want := range map[string]any{"is_pin_enabled": false, "new_name_status": "NONE", "account_mode": "LIVE", "messaging_limit_tier": "TIER_1K", "name_status": "APPROVED"} {
		if r.body[field] != want {
			t.Errorf("%s = %v, want %v (%s)", field, r.body[field], want, r.raw)
		}
	}
	if conf := r.body["webhook_configuration"].(map[string]any); conf["application"] != "https://app.example.com/hook" || len(conf) != 1 {
		t.Errorf("webhook_configuration = %v", conf)
	}
	mustOK(t, w.register("123456", ""))
	if r := w.do(http.MethodGet, "/v26.0/"+number+"?fields=is_pin_enabled", ""); r.body["is_pin_enabled"] != true {
		t.Errorf("after a register with a PIN: %s", r.raw)
	}
	list := w.do(http.MethodGet, "/v26.0/"+waba+"/phone_numbers"+readinessFields, "")
	if !strings.Contains(list.raw, `"health_status"`) || list.status != 200 {
		t.Errorf("list with the readiness fields: %s", list.raw)
	}
}

// A number Meta has not finished provisioning reads NOT_APPLICABLE and
// refuses register with 100/2388001, which still counts against the budget.
func TestNotYetProvisionedNumber(t *testing.T) {
	w := setup(t, emulator.Options{})
	if r := w.do(http.MethodPost, "/_emulator/numbers/"+number+"/provisioning", `{"provisioning":true}`); r.status != 200 {
		t.Fatalf("control: %s", r.raw)
	}
	r := w.do(http.MethodGet, "/v26.0/"+number+"?fields=platform_type,throughput", "")
	if r.body["platform_type"] != "NOT_APPLICABLE" || r.body["throughput"].(map[string]any)["level"] != "NOT_APPLICABLE" {
		t.Errorf("read = %s", r.raw)
	}
	if r := w.register("123456", ""); r.code() != 100 || r.subcode() != 2388001 || !strings.Contains(r.raw, "Cannot Create Certificate") {
		t.Errorf("register = %s", r.raw)
	}
	if got := w.emu.BudgetUsed(number, emulator.OpRegister); got != 1 {
		t.Errorf("budget used = %d", got)
	}
	if r := w.do(http.MethodPost, "/_emulator/numbers/"+number+"/provisioning", `{}`); r.status != 400 {
		t.Errorf("an empty body: %s", r.raw)
	}
	w.emu.Update(number, func(n *emulator.Number) { n.Provisioning = false })
	mustOK(t, w.register("123456", ""))
	r = w.do(http.MethodGet, "/v26.0/"+number+"?fields=throughput", "")
	if r.body["throughput"].(map[string]any)["level"] != "STANDARD" {
		t.Errorf("after provisioning: %s", r.raw)
	}
}

func TestSubscribedAppsControlAndPaging(t *testing.T) {
	w := setup(t, emulator.Options{MaxPageSize: 1})
	for _, body := range []string{`{"app_id":"100","app_name":"Another app"}`, `{"app_id":"` + emulator.DefaultAppID + `","app_name":"Us"}`} {
		if r := w.do(http.MethodPost, "/_emulator/wabas/"+waba+"/subscribed_apps", body); r.status != 200 {
			t.Fatalf("control: %s", r.raw)
		}
	}
	p1 := w.do(http.MethodGet, "/v26.0/"+waba+"/subscribed_apps", "")
	paging, _ := p1.body["paging"].(map[string]any)
	after, _ := paging["cursors"].(map[string]any)["after"].(string)
	if ids := subscribedIDs(p1); len(ids) != 1 || ids[0] != "100" || paging["next"] == nil {
		t.Fatalf("page 1 = %s", p1.raw)
	}
	p2 := w.do(http.MethodGet, "/v26.0/"+waba+"/subscribed_apps?after="+after, "")
	if ids := subscribedIDs(p2); len(ids) != 1 || ids[0] != emulator.DefaultAppID || strings.Contains(p2.raw, `"next"`) {
		t.Errorf("page 2 = %s", p2.raw)
	}
	if r := w.do(http.MethodDelete, "/_emulator/wabas/"+waba+"/subscribed_apps/"+emulator.DefaultAppID, ""); r.status != 204 {
		t.Errorf("control delete: %d %s", r.status, r.raw)
	}
	if r := w.do(http.MethodDelete, "/_emulator/wabas/"+waba+"/subscribed_apps/"+emulator.DefaultAppID, ""); r.status != 404 {
		t.Errorf("second control delete: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/_emulator/wabas/"+waba+"/subscribed_apps", `{"app":"1"}`); r.status != 400 {
		t.Errorf("mistyped field: %s", r.raw)
	}
	if r := w.do(http.MethodGet, "/v26.0/999/subscribed_apps", ""); r.code() != 100 || r.subcode() != 33 {
		t.Errorf("unknown WABA: %s", r.raw)
	}
}

func TestHealthCanBeLeftOut(t *testing.T) {
	w := setup(t, emulator.Options{})
	if r := w.do(http.MethodPost, "/_emulator/numbers/"+number+"/health", `{"omit":true}`); r.status != 200 {
		t.Fatalf("control: %s", r.raw)
	}
	r := w.do(http.MethodGet, "/v26.0/"+number+"?fields=id,health_status,is_pin_enabled", "")
	if _, present := r.body["health_status"]; present || r.body["id"] != number {
		t.Errorf("health_status was not left out: %s", r.raw)
	}
	w.emu.SetHealth(number, emulator.HealthState{})
	if r := w.do(http.MethodGet, "/v26.0/"+number+"?fields=health_status", ""); r.body["health_status"] == nil {
		t.Errorf("health_status did not come back: %s", r.raw)
	}
}
