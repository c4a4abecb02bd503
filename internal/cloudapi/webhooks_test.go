package cloudapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const testVerifyToken = "verify-token-from-a-vault"

// newHookServer is a callback endpoint on 127.0.0.1 that passes Meta's
// verification when it is sent testVerifyToken.
func newHookServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != testVerifyToken {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		_, _ = w.Write([]byte(q.Get("hub.challenge")))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAppIsReadOnceAndCached(t *testing.T) {
	h := newHarness(t, emulator.Options{AppID: "4242", AppName: "Acme"})
	c := h.client(t)
	for range 3 {
		app, err := c.App(context.Background())
		if err != nil || app.ID != "4242" || app.Name != "Acme" {
			t.Fatalf("App = %+v, %v", app, err)
		}
	}
	if n := h.emu.Count(emulator.OpGetApp); n != 1 {
		t.Errorf("GET /app calls = %d, want 1", n)
	}
	if reqs := h.requests(); reqs[0].Path != "/"+cloudapi.DefaultAPIVersion+"/app" {
		t.Errorf("path = %s", reqs[0].Path)
	}
}

func TestAppAnswersThatAreNotUnderstoodAreNotCached(t *testing.T) {
	for body, field := range map[string]string{`{"name":"x"}`: "id", `{"id":"abc"}`: "id", `{"id":7}`: "id", `[]`: ""} {
		h := newHarness(t, emulator.Options{})
		answer200(h, emulator.OpGetApp, body)
		c := h.client(t)
		var nu *cloudapi.NotUnderstoodError
		if _, err := c.App(context.Background()); !errors.As(err, &nu) || nu.Field != field {
			t.Errorf("%s: want NotUnderstoodError on %q, got %v", body, field, err)
		}
		h.emu.ClearFaults()
		if app, err := c.App(context.Background()); err != nil || app.ID != emulator.DefaultAppID {
			t.Errorf("%s: the next call = %+v, %v", body, app, err)
		}
	}
}

func TestSubscribedAppsFollowsEveryPage(t *testing.T) {
	h := newHarness(t, emulator.Options{MaxPageSize: 1})
	for i := range 3 {
		h.emu.SubscribeOutOfBand(testWABA, emulator.Subscription{App: emulator.App{ID: fmt.Sprint(100 + i), Name: "other"}})
	}
	h.emu.SubscribeOutOfBand(testWABA, emulator.Subscription{App: emulator.App{ID: emulator.DefaultAppID, Name: "us"}, OverrideCallbackURI: "https://127.0.0.1/x"})
	apps, err := h.client(t).SubscribedApps(context.Background(), testWABA)
	if err != nil || len(apps) != 4 || apps[3].ID != emulator.DefaultAppID || apps[3].OverrideCallbackURI != "https://127.0.0.1/x" || apps[0].OverrideCallbackURI != "" {
		t.Fatalf("apps = %+v, %v", apps, err)
	}
	if n := h.emu.Count(emulator.OpListSubscribedApps); n != 4 {
		t.Errorf("pages read = %d, want 4", n)
	}
}

func TestSubscribedAppsAnswersThatAreNotUnderstood(t *testing.T) {
	for body, field := range map[string]string{
		`{}`:            "data",
		`{"data":[{}]}`: "data[0].whatsapp_business_api_data",
		`{"data":[{"whatsapp_business_api_data":"1"}]}`:                                      "data[0].whatsapp_business_api_data",
		`{"data":[{"whatsapp_business_api_data":{"name":"x"}}]}`:                             "data[0].whatsapp_business_api_data.id",
		`{"data":[{"whatsapp_business_api_data":{"id":"my-app"}}]}`:                          "data[0].whatsapp_business_api_data.id",
		`{"data":[{"whatsapp_business_api_data":{"id":"1"},"override_callback_uri":["x"]}]}`: "data[0].override_callback_uri",
	} {
		h := newHarness(t, emulator.Options{})
		answer200(h, emulator.OpListSubscribedApps, body)
		var nu *cloudapi.NotUnderstoodError
		if _, err := h.client(t).SubscribedApps(context.Background(), testWABA); !errors.As(err, &nu) || nu.Field != field {
			t.Errorf("%s: want NotUnderstoodError on %s, got %v", body, field, err)
		}
	}
}

// Subscribe, override (verified by the endpoint), unsubscribe: the token
// goes out in the body only, and never reaches a log or an error.
func TestSubscriptionWrites(t *testing.T) {
	hook := newHookServer(t)
	h := newHarness(t, emulator.Options{CallbackClient: hook.Client()})
	var mu sync.Mutex
	var logged strings.Builder
	c := h.client(t, func(cfg *cloudapi.Config) {
		cfg.Log = func(_ context.Context, _ cloudapi.Level, msg string, fields map[string]any) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(&logged, "%s %v\n", msg, fields)
		}
	})
	ctx := context.Background()
	override := cloudapi.Subscription{OverrideCallbackURI: hook.URL + "/waba", VerifyToken: testVerifyToken}
	err := c.Subscribe(ctx, testWABA, override)
	if apiErr, ok := cloudapi.AsError(err); !ok || apiErr.Code != 100 || !strings.Contains(apiErr.Message, "must be subscribed") {
		t.Fatalf("override before subscribing: %v", err)
	}
	if err := c.Subscribe(ctx, testWABA, cloudapi.Subscription{}); err != nil {
		t.Fatal(err)
	}
	if err := c.Subscribe(ctx, testWABA, override); err != nil {
		t.Fatal(err)
	}
	if s, _ := h.emu.Subscribed(testWABA); s.OverrideCallbackURI != hook.URL+"/waba" {
		t.Errorf("subscription = %+v", s)
	}
	bad := override
	bad.VerifyToken = "another-token-value"
	err = c.Subscribe(ctx, testWABA, bad)
	if apiErr, ok := cloudapi.AsError(err); !ok || apiErr.Code != cloudapi.CodeCallbackVerification || apiErr.Retryable() {
		t.Errorf("a callback that refuses the token: %v", err)
	}
	if strings.Contains(fmt.Sprint(err), "another-token-value") {
		t.Errorf("the error repeats the verify token: %v", err)
	}
	if err := c.Unsubscribe(ctx, testWABA); err != nil {
		t.Fatal(err)
	}
	if _, ok := h.emu.Subscribed(testWABA); ok {
		t.Error("still subscribed")
	}
	reqs := h.requests()
	if len(reqs[1].Body) != 0 || reqs[2].Body["verify_token"] != testVerifyToken || reqs[4].Method != http.MethodDelete {
		t.Errorf("requests = %+v", reqs)
	}
	if out := logged.String(); strings.Contains(out, testVerifyToken) || strings.Contains(out, "another-token-value") || !strings.Contains(out, "verify_token:***") {
		t.Errorf("logs:\n%s", out)
	}
}

func TestNumberWebhookWrites(t *testing.T) {
	hook := newHookServer(t)
	h := newHarness(t, emulator.Options{CallbackClient: hook.Client(), AppCallbackURL: "https://app.example.com/hook"})
	c := h.client(t)
	ctx := context.Background()
	if err := c.Subscribe(ctx, testWABA, cloudapi.Subscription{}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetNumberWebhook(ctx, testNumber, hook.URL+"/number", testVerifyToken); err != nil {
		t.Fatal(err)
	}
	conf, err := c.NumberWebhookConfiguration(ctx, testNumber)
	if err != nil || conf.PhoneNumber != hook.URL+"/number" || conf.Application != "https://app.example.com/hook" || conf.WhatsAppBusinessAccount != "" {
		t.Fatalf("configuration = %+v, %v", conf, err)
	}
	if err := c.RemoveNumberWebhook(ctx, testNumber); err != nil {
		t.Fatal(err)
	}
	if conf, err := c.NumberWebhookConfiguration(ctx, testNumber); err != nil || conf.PhoneNumber != "" {
		t.Errorf("after removal = %+v, %v", conf, err)
	}
	if ops := h.emu.Operations(testNumber, emulator.OpSetNumberWebhook); len(ops) != 2 {
		t.Errorf("webhook writes = %v", ops)
	}
	if body := h.requests()[1].Body; fmt.Sprint(body) != fmt.Sprintf("map[webhook_configuration:map[override_callback_uri:%s/number verify_token:%s]]", hook.URL, testVerifyToken) {
		t.Errorf("set body = %v", body)
	}
	if body := h.requests()[3].Body; fmt.Sprint(body) != "map[webhook_configuration:map[override_callback_uri:]]" {
		t.Errorf("remove body = %v", body)
	}
}

func TestNumberWebhookAnswersThatAreNotUnderstood(t *testing.T) {
	for body, field := range map[string]string{
		`{"id":"` + testNumber + `"}`:                                            "webhook_configuration",
		`{"id":"` + testNumber + `","webhook_configuration":null}`:               "webhook_configuration",
		`{"id":"` + testNumber + `","webhook_configuration":{"phone_number":1}}`: "webhook_configuration.phone_number",
		`{"id":"999","webhook_configuration":{}}`:                                "id",
	} {
		h := newHarness(t, emulator.Options{})
		answer200(h, emulator.OpGetPhoneNumber, body)
		var nu *cloudapi.NotUnderstoodError
		if _, err := h.client(t).NumberWebhookConfiguration(context.Background(), testNumber); !errors.As(err, &nu) || nu.Field != field {
			t.Errorf("%s: want NotUnderstoodError on %s, got %v", body, field, err)
		}
	}
}

// An app listed twice: identical entries are one; different ones are not
// understood (which of them is the subscription cannot be told).
func TestSubscribedAppsListingAnAppTwice(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	app := emulator.App{ID: "555", Name: "Twin"}
	h.emu.SubscribeOutOfBand(testWABA, emulator.Subscription{App: app})
	h.emu.AppendSubscriptionOutOfBand(testWABA, emulator.Subscription{App: app})
	c := h.client(t)
	apps, err := c.SubscribedApps(context.Background(), testWABA)
	if err != nil || len(apps) != 1 {
		t.Fatalf("identical entries: %v %v", apps, err)
	}
	h.emu.AppendSubscriptionOutOfBand(testWABA, emulator.Subscription{App: app, OverrideCallbackURI: "https://twin.example/x"})
	var nu *cloudapi.NotUnderstoodError
	if _, err := c.SubscribedApps(context.Background(), testWABA); !errors.As(err, &nu) || nu.Field != "data" || !strings.Contains(nu.Got, "app 555 twice") {
		t.Errorf("different entries: %v", err)
	}
}

// Meta's 2200 quoting the verify token in the URL it called, in any
// encoding: the error never holds it.
func TestCallbackErrorNeverQuotesTheVerifyToken(t *testing.T) {
	const token = `v tok/é&+"x`
	for name, quoted := range map[string]string{
		"literal": token, "query": url.QueryEscape(token), "path": url.PathEscape(token),
		"json": `v tok/é&+\"x`, "json, HTML-escaped": `v tok/é\u0026+\"x`, "PHP's json_encode": `v tok\/\u00e9&+\"x`,
	} {
		h := newHarness(t, emulator.Options{})
		c := h.client(t)
		if err := c.Subscribe(context.Background(), testWABA, cloudapi.Subscription{}); err != nil {
			t.Fatal(err)
		}
		h.emu.InjectFault(emulator.Fault{Operation: emulator.OpSubscribeApp, Code: 2200, Message: "(#2200) Callback verification failed: url = https://127.0.0.1/x?hub.verify_token=" + quoted})
		err := c.Subscribe(context.Background(), testWABA, cloudapi.Subscription{OverrideCallbackURI: "https://127.0.0.1/x", VerifyToken: token})
		if err == nil || !strings.Contains(err.Error(), "hub.verify_token=***") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
