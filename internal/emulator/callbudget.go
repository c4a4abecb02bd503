package emulator

import (
	"encoding/json"
	"net/http"
	"time"
)

// Meta's hourly call budget per app and WhatsApp Business Account
// (docs/development/cloud-api.md): 200 calls while the account has no registered
// number, 5,000 once it has one; past it, code 80007. The app has a budget
// of its own across accounts (code 4). Both headers are on every answer.
const (
	callWindow               = time.Hour
	CallsPerHourUnregistered = 200
	CallsPerHourRegistered   = 5000
	appCallsKey              = "app"
)

// SpendCalls records n calls against an account's hourly budget now, as
// another tool of the same app would.
func (e *Emulator) SpendCalls(waba string, n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.opts.Clock()
	for range n {
		e.calls["waba:"+waba] = append(e.calls["waba:"+waba], now)
	}
}

// CallsUsed counts an account's calls of the last hour.
func (e *Emulator) CallsUsed(waba string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(within(e.calls["waba:"+waba], e.opts.Clock(), callWindow))
}

func (e *Emulator) callsPerHourLocked(waba string) int {
	if e.opts.CallsPerHour > 0 {
		return e.opts.CallsPerHour
	}
	for _, n := range e.wabaNumbersLocked(waba) {
		if n.Registered() {
			return CallsPerHourRegistered
		}
	}
	return CallsPerHourUnregistered
}

// chargeCall counts one call against the app's budget and, for a request on
// a known account's object, the account's. It returns the usage headers for
// the answer, and the throttle error when a budget is spent (such a refused
// call is not counted).
func (e *Emulator) chargeCall(waba string, known bool) (http.Header, *graphError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.opts.Clock()
	app := within(e.calls[appCallsKey], now, callWindow)
	appLimit := e.opts.AppCallsPerHour
	account := known && waba != ""
	var calls []time.Time
	limit := 0
	if account {
		calls = within(e.calls["waba:"+waba], now, callWindow)
		limit = e.callsPerHourLocked(waba)
	}
	header := func() http.Header {
		h := http.Header{}
		h.Set("X-App-Usage", usageJSON(map[string]any{"call_count": percent(len(app), appLimit), "total_cputime": 1, "total_time": 1,
			"estimated_time_to_regain_access": regainMinutes(app, appLimit, now)}))
		if account {
			h.Set("X-Business-Use-Case-Usage", usageJSON(map[string][]map[string]any{waba: {{
				"type": "whatsapp_business_management", "call_count": percent(len(calls), limit), "total_cputime": 1, "total_time": 1,
				"estimated_time_to_regain_access": regainMinutes(calls, limit, now),
			}}}))
		}
		return h
	}
	switch {
	case len(app) >= appLimit:
		return header(), &graphError{status: http.StatusBadRequest, code: 4, typ: "OAuthException",
			message: "(#4) Application request limit reached"}
	case account && len(calls) >= limit:
		return header(), &graphError{status: http.StatusBadRequest, code: 80007, typ: "OAuthException",
			message: "(#80007) There have been too many calls to this WhatsApp Business account. Wait a bit and try again."}
	}
	app = append(app, now)
	e.calls[appCallsKey] = app
	if account {
		calls = append(calls, now)
		e.calls["waba:"+waba] = calls
	}
	return header(), nil
}

func percent(n, limit int) int {
	if limit <= 0 {
		return 0
	}
	return min(100, n*100/limit)
}

// regainMinutes is when enough calls leave the window for one more to fit.
func regainMinutes(calls []time.Time, limit int, now time.Time) int {
	if len(calls) < limit || limit <= 0 {
		return 0
	}
	reopens := calls[len(calls)-limit].Add(callWindow)
	return int((reopens.Sub(now) + time.Minute - 1) / time.Minute)
}

func usageJSON(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}
