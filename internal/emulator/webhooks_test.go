package emulator_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const verifyToken = "s3cret-verify-token"

// callback is a webhook endpoint on 127.0.0.1 that answers Meta's
// verification GET, and records what it was sent.
type callback struct {
	srv *httptest.Server
	mu  sync.Mutex
	// answer decides the reply to a verification: the status and body.
	answer func(token, challenge string) (int, string)
	gets   []string
}

func newCallback(t *testing.T) *callback {
	t.Helper()
	cb := &callback{answer: func(token, challenge string) (int, string) {
		if token != verifyToken {
			return http.StatusForbidden, "wrong token"
		}
		return http.StatusOK, challenge
	}}
	cb.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		cb.mu.Lock()
		cb.gets = append(cb.gets, r.Method+" "+q.Get("hub.mode"))
		answer := cb.answer
		cb.mu.Unlock()
		status, body := answer(q.Get("hub.verify_token"), q.Get("hub.challenge"))
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(cb.srv.Close)
	return cb
}

func (cb *callback) setAnswer(f func(token, challenge string) (int, string)) {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	cb.answer = f
}

func (cb *callback) calls() []string {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	return append([]string(nil), cb.gets...)
}

func withCallback(cb *callback) emulator.Options {
	return emulator.Options{CallbackClient: cb.srv.Client(), AppCallbackURL: "https://app.example.com/whatsapp"}
}

func subscribedIDs(r reply) []string {
	var ids []string
	data, _ := r.body["data"].([]any)
	for _, item := range data {
		app, _ := item.(map[string]any)["whatsapp_business_api_data"].(map[string]any)
		id, _ := app["id"].(string)
		ids = append(ids, id)
	}
	return ids
}

func TestAppIdentity(t *testing.T) {
	w := setup(t, emulator.Options{})
	r := w.do(http.MethodGet, "/v26.0/app", "")
	if r.body["id"] != emulator.DefaultAppID || r.body["name"] != emulator.DefaultAppName {
		t.Errorf("GET /app = %s", r.raw)
	}
	if r := w.do(http.MethodGet, "/v26.0/app?fields=id,secret", ""); r.code() != 100 {
		t.Errorf("unknown field: %s", r.raw)
	}
	custom := setup(t, emulator.Options{AppID: "111", AppName: "Other"})
	if r := custom.do(http.MethodGet, "/v26.0/app?fields=id,name", ""); r.body["id"] != "111" || r.body["name"] != "Other" {
		t.Errorf("custom app = %s", r.raw)
	}
	if r := w.doAuth(http.MethodGet, "/v26.0/app", "", "Bearer wrong"); r.code() != 190 {
		t.Errorf("GET /app with a wrong token: %s", r.raw)
	}
}

// The subscription's whole life: an override is refused before the plain
// subscribe, verified when set, removed by a plain POST, and DELETE
// unsubscribes (twice is fine).
func TestSubscriptionAndWABAOverride(t *testing.T) {
	cb := newCallback(t)
	w := setup(t, withCallback(cb))
	path := "/v26.0/" + waba + "/subscribed_apps"
	override := `{"override_callback_uri":"` + cb.srv.URL + `/waba","verify_token":"` + verifyToken + `"}`

	if r := w.do(http.MethodGet, path, ""); len(subscribedIDs(r)) != 0 || r.status != 200 {
		t.Fatalf("before: %s", r.raw)
	}
	if r := w.do(http.MethodPost, path, override); r.code() != 100 || !strings.Contains(r.raw, "must be subscribed") {
		t.Fatalf("override before subscribing: %s", r.raw)
	}
	if len(cb.calls()) != 0 {
		t.Fatalf("the callback was called for a refused override: %v", cb.calls())
	}
	mustOK(t, w.do(http.MethodPost, path, ""))
	if ids := subscribedIDs(w.do(http.MethodGet, path, "")); len(ids) != 1 || ids[0] != emulator.DefaultAppID {
		t.Fatalf("subscribed apps = %v", ids)
	}
	mustOK(t, w.do(http.MethodPost, path, override))
	if got := cb.calls(); len(got) != 1 || got[0] != "GET subscribe" {
		t.Errorf("verification calls = %v", got)
	}
	if s, _ := w.emu.Subscribed(waba); s.OverrideCallbackURI != cb.srv.URL+"/waba" {
		t.Errorf("subscription = %+v", s)
	}
	list := w.do(http.MethodGet, path, "")
	if !strings.Contains(list.raw, `"override_callback_uri":"`+cb.srv.URL+`/waba"`) || strings.Contains(list.raw, verifyToken) {
		t.Errorf("list = %s", list.raw)
	}
	node := w.do(http.MethodGet, "/v26.0/"+number+"?fields=webhook_configuration", "")
	if conf, _ := node.body["webhook_configuration"].(map[string]any); conf["whatsapp_business_account"] != cb.srv.URL+"/waba" || conf["application"] != "https://app.example.com/whatsapp" {
		t.Errorf("webhook_configuration = %s", node.raw)
	}
	mustOK(t, w.do(http.MethodPost, path, "")) // a plain POST removes the override
	if s, ok := w.emu.Subscribed(waba); !ok || s.OverrideCallbackURI != "" {
		t.Errorf("after a plain POST: %+v %v", s, ok)
	}
	mustOK(t, w.do(http.MethodDelete, path, ""))
	if _, ok := w.emu.Subscribed(waba); ok {
		t.Error("still subscribed after DELETE")
	}
	mustOK(t, w.do(http.MethodDelete, path, ""))
	for _, r := range w.emu.Requests() {
		if strings.Contains(r.Path+r.NumberID, waba) && r.NumberID != "" {
			t.Errorf("a WABA call is logged as a number's: %+v", r)
		}
	}
	if got := w.emu.CallsUsed(waba); got < 8 {
		t.Errorf("subscribed_apps calls spent %d of the WABA's hourly budget, want each counted", got)
	}
}

func TestOverridesAreCheckedAndVerified(t *testing.T) {
	cb := newCallback(t)
	w := setup(t, withCallback(cb))
	path := "/v26.0/" + waba + "/subscribed_apps"
	mustOK(t, w.do(http.MethodPost, path, ""))
	body := func(uri, token string) string {
		return `{"override_callback_uri":"` + uri + `","verify_token":"` + token + `"}`
	}
	for name, tc := range map[string]struct {
		body string
		code int
		want string
	}{
		"wrong token":          {body(cb.srv.URL, "nope"), 2200, "HTTP Status Code = 403"},
		"http":                 {body(strings.Replace(cb.srv.URL, "https", "http", 1), verifyToken), 100, "https"},
		"too long":             {body(cb.srv.URL+"/"+strings.Repeat("a", 200), verifyToken), 100, "at most 200 characters"},
		"no verify token":      {`{"override_callback_uri":"` + cb.srv.URL + `"}`, 100, "verify_token is required"},
		"empty override":       {body("", verifyToken), 100, "non-empty https URL"},
		"token without URI":    {`{"verify_token":"x"}`, 100, "only accepted with override_callback_uri"},
		"unknown field":        {`{"fields":"messages"}`, 100, "not a parameter"},
		"a host beyond 127/8":  {body("https://hooks.example.com/whatsapp", verifyToken), 2200, "only calls loopback hosts"},
		"credentials in URL":   {body("https://user:pw@127.0.0.1/x", verifyToken), 100, "credentials"},
		"unreachable loopback": {body("https://127.0.0.1:1/x", verifyToken), 2200, "could not be reached"},
	} {
		t.Run(name, func(t *testing.T) {
			r := w.do(http.MethodPost, path, tc.body)
			if r.code() != tc.code || !strings.Contains(r.raw, tc.want) {
				t.Errorf("want %d with %q, got %s", tc.code, tc.want, r.raw)
			}
			if strings.Contains(r.raw, verifyToken) {
				t.Errorf("the answer repeats the verify token: %s", r.raw)
			}
		})
	}
	cb.setAnswer(func(_, _ string) (int, string) { return http.StatusOK, "not the challenge" })
	if r := w.do(http.MethodPost, path, body(cb.srv.URL, verifyToken)); r.code() != 2200 || !strings.Contains(r.raw, "does not match the hub.challenge") {
		t.Errorf("wrong challenge: %s", r.raw)
	}
	if s, _ := w.emu.Subscribed(waba); s.OverrideCallbackURI != "" {
		t.Errorf("a refused override was kept: %+v", s)
	}
	for _, r := range w.emu.Requests() {
		if strings.Contains(r.Path, verifyToken) || strings.Contains(jsonOf(t, r.Body), verifyToken) {
			t.Errorf("the request log holds the verify token: %+v", r)
		}
	}
}

// A host that resolves elsewhere is never called: the refusal comes before
// any connection.
func TestCallbackNeverLeavesLoopback(t *testing.T) {
	var dialed []string
	client := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		dialed = append(dialed, r.URL.Host)
		return nil, http.ErrUseLastResponse
	})}
	w := setup(t, emulator.Options{CallbackClient: client})
	mustOK(t, w.do(http.MethodPost, "/v26.0/"+waba+"/subscribed_apps", ""))
	for _, host := range []string{"hooks.example.com", "10.0.0.1", "[fd00::1]", "127.0.0.1.nip.io"} {
		r := w.do(http.MethodPost, "/v26.0/"+waba+"/subscribed_apps", `{"override_callback_uri":"https://`+host+`/x","verify_token":"t"}`)
		if r.code() != 2200 || !strings.Contains(r.raw, "loopback") {
			t.Errorf("%s: %s", host, r.raw)
		}
	}
	if len(dialed) != 0 {
		t.Errorf("the emulator called %v", dialed)
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestNumberWebhookOverride(t *testing.T) {
	cb := newCallback(t)
	w := setup(t, withCallback(cb))
	path := "/v26.0/" + number
	set := `{"webhook_configuration":{"override_callback_uri":"` + cb.srv.URL + `/number","verify_token":"` + verifyToken + `"}}`
	if r := w.do(http.MethodPost, path, set); r.code() != 100 || !strings.Contains(r.raw, "must be subscribed") {
		t.Fatalf("before the WABA subscription: %s", r.raw)
	}
	mustOK(t, w.do(http.MethodPost, "/v26.0/"+waba+"/subscribed_apps", ""))
	mustOK(t, w.do(http.MethodPost, path, set))
	if n, _ := w.emu.Number(number); n.WebhookOverride != cb.srv.URL+"/number" {
		t.Errorf("override = %q", n.WebhookOverride)
	}
	r := w.do(http.MethodGet, path+"?fields=webhook_configuration", "")
	if conf, _ := r.body["webhook_configuration"].(map[string]any); conf["phone_number"] != cb.srv.URL+"/number" || r.body["id"] != number {
		t.Errorf("read = %s", r.raw)
	}
	for name, body := range map[string]string{
		"pin and webhook":     `{"pin":"123456","webhook_configuration":{"override_callback_uri":""}}`,
		"neither":             `{"name":"x"}`,
		"not an object":       `{"webhook_configuration":"https://x"}`,
		"no URI":              `{"webhook_configuration":{"verify_token":"x"}}`,
		"empty with a token":  `{"webhook_configuration":{"override_callback_uri":"","verify_token":"x"}}`,
		"unknown inner field": `{"webhook_configuration":{"override_callback_uri":"","fields":"messages"}}`,
	} {
		if r := w.do(http.MethodPost, path, body); r.code() != 100 {
			t.Errorf("%s: %s", name, r.raw)
		}
	}
	mustOK(t, w.do(http.MethodPost, path, `{"webhook_configuration":{"override_callback_uri":""}}`))
	if n, _ := w.emu.Number(number); n.WebhookOverride != "" {
		t.Errorf("not removed: %q", n.WebhookOverride)
	}
	if pins, hooks := len(w.emu.Operations(number, emulator.OpSetPIN)), len(w.emu.Operations(number, emulator.OpSetNumberWebhook)); pins != 2 || hooks != 7 {
		t.Errorf("logged %d set_pin and %d set_number_webhook, want 2 and 7", pins, hooks)
	}
	for _, r := range w.emu.Requests() {
		if strings.Contains(jsonOf(t, r.Body), verifyToken) {
			t.Errorf("the request log holds the verify token: %+v", r.Body)
		}
	}
	// Faults match the webhook write by its own name, not the PIN's.
	w.emu.InjectFault(emulator.Fault{Operation: emulator.OpSetNumberWebhook, Code: 2})
	if r := w.do(http.MethodPost, path, `{"pin":"123456"}`); r.code() != 133010 {
		t.Errorf("a PIN change met the webhook's fault: %s", r.raw)
	}
	if r := w.do(http.MethodPost, path, `{"webhook_configuration":{"override_callback_uri":""}}`); r.code() != 2 {
		t.Errorf("the webhook write did not meet its fault: %s", r.raw)
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// The control API's hostile webhook worlds: a token switched to another
// app, and a list naming an app twice.
func TestHostileWebhookControl(t *testing.T) {
	w := setup(t, emulator.Options{})
	if r := w.do(http.MethodPost, "/_emulator/app", `{"app_id":"777","app_name":"Other"}`); r.status != 200 {
		t.Fatalf("switch: %s", r.raw)
	}
	if r := w.do(http.MethodGet, "/v26.0/app?fields=id,name", ""); r.body["id"] != "777" || r.body["name"] != "Other" {
		t.Errorf("GET /app after the switch: %s", r.raw)
	}
	mustOK(t, w.do(http.MethodPost, "/v26.0/"+emulator.DemoWABA+"/subscribed_apps", ""))
	if _, ok := w.emu.SubscribedApp(emulator.DemoWABA, "777"); !ok {
		t.Error("the subscribe did not act as the switched app")
	}
	if _, ok := w.emu.SubscribedApp(emulator.DemoWABA, emulator.DefaultAppID); ok {
		t.Error("the subscribe acted as the original app")
	}
	if r := w.do(http.MethodPost, "/_emulator/app", `{"app_id":""}`); r.status != 200 || w.emu.App().ID != emulator.DefaultAppID {
		t.Errorf("switch back: %s", r.raw)
	}
	if r := w.do(http.MethodPost, "/_emulator/app", `{"app_id":"x"}`); r.status != 400 {
		t.Errorf("a bad app id: %s", r.raw)
	}
	if r := w.do(http.MethodPost, "/_emulator/wabas/"+emulator.DemoWABA+"/subscribed_apps/duplicate", `{"app_id":"777","app_name":"Other","override_callback_uri":"https://twin.example/x"}`); r.status != 200 {
		t.Fatalf("duplicate: %s", r.raw)
	}
	if n := len(w.emu.Subscriptions(emulator.DemoWABA)); n != 2 {
		t.Errorf("subscriptions = %d, want the app twice", n)
	}
}
