package emulator_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestControlAPI(t *testing.T) {
	w := setup(t, emulator.Options{})
	mustOK(t, w.register("123456", "CH"))
	if r := w.do(http.MethodPost, "/_emulator/numbers/"+number+"/region", `{"region":"DE"}`); r.status != 200 {
		t.Fatalf("region: %s", r.raw)
	}
	if n, _ := w.emu.Number(number); n.Region != "DE" {
		t.Errorf("region = %q", n.Region)
	}
	view := w.do(http.MethodGet, "/_emulator/numbers/"+number, "")
	if _, leaked := view.body["pin"]; leaked || view.body["two_step_enabled"] != true || view.body["registers_used_72h"] != float64(1) {
		t.Errorf("view = %s", view.raw)
	}
	if r := w.do(http.MethodPost, "/_emulator/faults", `{"operation":"deregister","code":133016}`); r.status != 204 {
		t.Fatalf("fault: %s", r.raw)
	}
	if r := w.do(http.MethodPost, "/_emulator/faults", `{"operation":"get_phone_number","hang":true,"delay":"2s","times":5}`); r.status != 204 {
		t.Fatalf("fault: %s", r.raw)
	}
	queue := w.do(http.MethodGet, "/_emulator/faults", "")
	var faults []emulator.FaultWire
	if err := json.Unmarshal([]byte(queue.raw), &faults); err != nil || len(faults) != 2 || faults[1].Delay != "2s" || !faults[1].Hang || faults[1].Times != 5 {
		t.Errorf("fault queue = %s", queue.raw)
	}
	if r := w.deregister(); r.code() != 133016 {
		t.Errorf("queued fault not served: %s", r.raw)
	}
	if r := w.do(http.MethodDelete, "/_emulator/faults", ""); r.status != 204 {
		t.Fatalf("clear faults: %d", r.status)
	}
	mustOK(t, w.do(http.MethodGet, "/v26.0/"+number, ""))
	var log []emulator.Request
	if err := json.Unmarshal([]byte(w.do(http.MethodGet, "/_emulator/requests", "").raw), &log); err != nil {
		t.Fatal(err)
	}
	if len(log) != 3 || log[1].Operation != "deregister" || !log[1].Injected || log[2].Injected || log[2].Finished.Before(log[2].Started) {
		t.Errorf("log = %+v", log)
	}
	if r := w.doAuth(http.MethodGet, "/_emulator/requests", "", ""); r.status != http.StatusUnauthorized {
		t.Errorf("control API without token: %d", r.status)
	}
}

// A drill that misspells a field must fail loudly, not test nothing.
func TestControlAPIRefusesWhatItDoesNotKnow(t *testing.T) {
	w := setup(t, emulator.Options{})
	for _, tc := range []struct{ path, body string }{
		{"/_emulator/faults", `{"operation":"register","cde":133016}`},
		{"/_emulator/faults", `{"operation":"regster","code":133016}`},
		{"/_emulator/faults", `{"operation":"register","delay":"soon"}`},
		{"/_emulator/faults", `{"operation":"register"}`},
		{"/_emulator/numbers", `{"id":"1","colour":"blue"}`},
		{"/_emulator/numbers/" + number + "/access", `{}`},
		{"/_emulator/wabas/" + waba + "/calls", `{"count":0}`},
	} {
		if r := w.do(http.MethodPost, tc.path, tc.body); r.status != 400 {
			t.Errorf("POST %s %s: %d %s", tc.path, tc.body, r.status, r.raw)
		}
	}
	if r := w.do(http.MethodPost, "/_emulator/nonsense", "{}"); r.status != 404 {
		t.Errorf("unknown control path: %d", r.status)
	}
	if faults := w.emu.Faults(); len(faults) != 0 {
		t.Errorf("refused faults were queued: %+v", faults)
	}
}

func TestControlAPIAccessAndCalls(t *testing.T) {
	w := setup(t, emulator.Options{})
	if r := w.do(http.MethodPost, "/_emulator/numbers/"+number+"/access", `{"visible":false}`); r.status != 200 {
		t.Fatal(r.raw)
	}
	if r := w.do(http.MethodGet, "/v26.0/"+number, ""); r.code() != 100 || r.subcode() != 33 {
		t.Errorf("hidden: %s", r.raw)
	}
	w.do(http.MethodPost, "/_emulator/numbers/"+number+"/access", `{"visible":true}`)
	mustOK(t, w.do(http.MethodGet, "/v26.0/"+number, ""))
	if r := w.do(http.MethodPost, "/_emulator/wabas/"+waba+"/calls", `{"count":199}`); r.body["calls_last_hour"] != float64(200) {
		t.Errorf("calls = %s", r.raw)
	}
	if r := w.do(http.MethodGet, "/v26.0/"+number, ""); r.code() != 80007 {
		t.Errorf("past 200 calls: %s", r.raw)
	}
	if r := w.do(http.MethodGet, "/_emulator/versions", ""); !strings.Contains(r.raw, `"name":"v26.0"`) {
		t.Errorf("versions = %s", r.raw)
	}
}

// Meta's hourly call budget per app and account: 200 with no registered
// number, 5,000 with one; both usage headers on every answer; 80007 past
// it, with the minutes until it reopens.
func TestCallBudgetAndUsageHeaders(t *testing.T) {
	clock := emulator.NewManualClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	w := setup(t, emulator.Options{Clock: clock.Now})
	r := w.do(http.MethodGet, "/v26.0/"+number, "")
	var business map[string][]map[string]any
	if err := json.Unmarshal([]byte(r.header.Get("X-Business-Use-Case-Usage")), &business); err != nil || business[waba][0]["call_count"] != float64(0) {
		t.Fatalf("X-Business-Use-Case-Usage = %q", r.header.Get("X-Business-Use-Case-Usage"))
	}
	if r.header.Get("X-App-Usage") == "" {
		t.Error("no X-App-Usage")
	}
	w.emu.SpendCalls(waba, 198) // 199 calls, with the one above
	clock.Advance(10 * time.Minute)
	r = w.do(http.MethodGet, "/v26.0/"+number, "")
	_ = json.Unmarshal([]byte(r.header.Get("X-Business-Use-Case-Usage")), &business)
	if r.status != 200 || business[waba][0]["call_count"] != float64(100) {
		t.Fatalf("200th call: %d %s", r.status, r.header.Get("X-Business-Use-Case-Usage"))
	}
	r = w.do(http.MethodGet, "/v26.0/"+number, "")
	_ = json.Unmarshal([]byte(r.header.Get("X-Business-Use-Case-Usage")), &business)
	if r.code() != 80007 || business[waba][0]["estimated_time_to_regain_access"] != float64(50) {
		t.Fatalf("201st call: %s %s", r.raw, r.header.Get("X-Business-Use-Case-Usage"))
	}
	if got := w.emu.CallsUsed(waba); got != 200 {
		t.Errorf("a refused call was counted: %d", got)
	}
	// Registering a number raises the account's budget to 5,000.
	w.emu.Update(number, func(n *emulator.Number) { n.PlatformType = emulator.PlatformCloudAPI })
	mustOK(t, w.do(http.MethodGet, "/v26.0/"+number, ""))
	clock.Advance(time.Hour)
	r = w.do(http.MethodGet, "/v26.0/"+number, "")
	_ = json.Unmarshal([]byte(r.header.Get("X-Business-Use-Case-Usage")), &business)
	if business[waba][0]["call_count"] != float64(0) {
		t.Errorf("an hour later: %s", r.header.Get("X-Business-Use-Case-Usage"))
	}
}

func TestLatencyAndLiveLog(t *testing.T) {
	var lines []emulator.Request
	w := setup(t, emulator.Options{Latency: 30 * time.Millisecond, OnRequest: func(r emulator.Request) { lines = append(lines, r) }})
	mustOK(t, w.do(http.MethodGet, "/v26.0/"+number, ""))
	w.do(http.MethodGet, "/_emulator/requests", "")
	if len(lines) != 1 || lines[0].Finished.Sub(lines[0].Started) < 30*time.Millisecond {
		t.Errorf("live log = %+v", lines)
	}
}
