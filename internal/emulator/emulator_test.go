package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// These tests speak raw HTTP: the emulator is an independent check of the
// client, so its tests never use internal/cloudapi.

const (
	token  = "emulator-test-token"
	number = emulator.DemoNumber
	waba   = emulator.DemoWABA
)

type world struct {
	t   *testing.T
	emu *emulator.Emulator
	srv *httptest.Server
}

func setup(t *testing.T, opts emulator.Options) *world {
	t.Helper()
	opts.Token = token
	emu := emulator.New(opts)
	if err := emu.Load(emulator.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return &world{t: t, emu: emu, srv: srv}
}

// reply is a decoded answer.
type reply struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// code is the Graph error code of the answer (0 when none).
func (r reply) code() int {
	e, _ := r.body["error"].(map[string]any)
	c, _ := e["code"].(float64)
	return int(c)
}

func (r reply) subcode() int {
	e, _ := r.body["error"].(map[string]any)
	c, _ := e["error_subcode"].(float64)
	return int(c)
}

func (w *world) do(method, path, body string) reply {
	return w.doAuth(method, path, body, "Bearer "+token)
}

func (w *world) doAuth(method, path, body, auth string) reply {
	w.t.Helper()
	req, err := http.NewRequest(method, w.srv.URL+path, strings.NewReader(body))
	if err != nil {
		w.t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

func (w *world) register(pin, region string) reply {
	body := `{"messaging_product":"whatsapp","pin":"` + pin + `"`
	if region != "" {
		body += `,"data_localization_region":"` + region + `"`
	}
	return w.do(http.MethodPost, "/v26.0/"+number+"/register", body+"}")
}

func (w *world) deregister() reply { return w.do(http.MethodPost, "/v26.0/"+number+"/deregister", "") }

func TestRegisterBudgetIsAMoving72HourWindow(t *testing.T) {
	clock := emulator.NewManualClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	w := setup(t, emulator.Options{Clock: clock.Now})
	// Ten calls, an hour apart; the failed ones (wrong PIN) count too.
	for i := range emulator.RegistrationLimit {
		pin := "123456"
		if i%3 == 2 {
			pin = "999999"
		}
		r := w.register(pin, "")
		if pin == "999999" && r.code() != 133005 {
			t.Fatalf("call %d: want 133005, got %s", i+1, r.raw)
		}
		if pin == "123456" && r.status != 200 {
			t.Fatalf("call %d: %s", i+1, r.raw)
		}
		clock.Advance(time.Hour)
	}
	if got := w.emu.BudgetUsed(number, emulator.OpRegister); got != 10 {
		t.Fatalf("budget used = %d, want 10", got)
	}
	if r := w.register("123456", ""); r.code() != 133016 {
		t.Fatalf("11th register: want 133016, got %s", r.raw)
	}
	// The first call was made 10h ago; it leaves the window at 72h.
	clock.Advance(72*time.Hour - 10*time.Hour - time.Second)
	if r := w.register("123456", ""); r.code() != 133016 {
		t.Fatalf("one second before the oldest call expires: want 133016, got %s", r.raw)
	}
	clock.Advance(2 * time.Second)
	if r := w.register("123456", ""); r.status != 200 {
		t.Fatalf("after the oldest call left the window: %s", r.raw)
	}
	// Deregister has a budget of its own, untouched so far.
	if r := w.deregister(); r.status != 200 {
		t.Fatalf("deregister: %s", r.raw)
	}
	if got := w.emu.BudgetUsed(number, emulator.OpDeregister); got != 1 {
		t.Errorf("deregister budget used = %d, want 1", got)
	}
}

func TestDeregisterBudgetAndNotRegistered(t *testing.T) {
	w := setup(t, emulator.Options{})
	if r := w.deregister(); r.code() != 100 || r.subcode() != 2207051 {
		t.Fatalf("deregister of an unregistered number: want 100/2207051, got %s", r.raw)
	}
	w.emu.SpendBudget(number, emulator.OpDeregister, 9) // the failed call above was the first
	if r := w.deregister(); r.code() != 133016 {
		t.Fatalf("11th deregister: want 133016, got %s", r.raw)
	}
}

func TestPINSurvivesDeregister(t *testing.T) {
	w := setup(t, emulator.Options{})
	mustOK(t, w.register("111111", ""))
	mustOK(t, w.deregister())
	if r := w.register("222222", ""); r.code() != 133005 {
		t.Fatalf("register with another PIN after deregister: want 133005, got %s", r.raw)
	}
	mustOK(t, w.register("111111", ""))
	mustOK(t, w.do(http.MethodPost, "/v26.0/"+number, `{"pin":"333333"}`))
	if n, _ := w.emu.Number(number); n.PIN != "333333" {
		t.Errorf("PIN after setting it = %q", n.PIN)
	}
}

func TestRegionCannotChangeWhileRegistered(t *testing.T) {
	w := setup(t, emulator.Options{})
	mustOK(t, w.register("123456", "CH"))
	for _, region := range []string{"DE", ""} {
		r := w.register("123456", region)
		if details, _ := r.body["error"].(map[string]any)["error_data"].(map[string]any)["details"].(string); r.code() != 100 || !strings.Contains(details, "Deregister") {
			t.Fatalf("region %q on a registered CH number: want a code 100 refusal, got %s", region, r.raw)
		}
	}
	if n, _ := w.emu.Number(number); n.Region != "CH" {
		t.Fatalf("region changed in place to %q", n.Region)
	}
	mustOK(t, w.register("123456", "CH")) // same region: re-register is fine
	mustOK(t, w.deregister())
	mustOK(t, w.register("123456", "DE"))
	r := w.do(http.MethodGet, "/v26.0/"+number+"/settings", "")
	if sc, _ := r.body["storage_configuration"].(map[string]any); sc["status"] != "in_country_storage_enabled" || sc["data_localization_region"] != "DE" {
		t.Errorf("settings after deregister+register = %s", r.raw)
	}
}

func TestRegisterValidatesItsBody(t *testing.T) {
	w := setup(t, emulator.Options{})
	for name, body := range map[string]string{
		"no messaging_product": `{"pin":"123456"}`,
		"wrong product":        `{"messaging_product":"sms","pin":"123456"}`,
		"short pin":            `{"messaging_product":"whatsapp","pin":"12345"}`,
		"letters in pin":       `{"messaging_product":"whatsapp","pin":"12a456"}`,
		"unknown region":       `{"messaging_product":"whatsapp","pin":"123456","data_localization_region":"US"}`,
		"lower-case region":    `{"messaging_product":"whatsapp","pin":"123456","data_localization_region":"de"}`,
		"backup w/o password":  `{"messaging_product":"whatsapp","pin":"123456","backup":{"data":"x"}}`,
		"not JSON":             `pin=123456`,
	} {
		t.Run(name, func(t *testing.T) {
			r := w.do(http.MethodPost, "/v26.0/"+number+"/register", body)
			if r.status != 400 || r.code() != 100 {
				t.Fatalf("status %d: %s", r.status, r.raw)
			}
			if strings.Contains(name, "region") && !strings.Contains(r.raw, "AU, ID, IN") {
				t.Errorf("region error does not list the regions: %s", r.raw)
			}
		})
	}
}

func TestAuthAndTheVersionCalendar(t *testing.T) {
	clock := emulator.NewManualClock(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	w := setup(t, emulator.Options{Clock: clock.Now})
	get := func(path, auth string) int { return w.doAuth(http.MethodGet, path, "", auth).code() }
	for _, tc := range []struct {
		path, auth string
		code       int
	}{
		{"/v26.0/" + number, "", 190},
		{"/v26.0/" + number, "Bearer wrong", 190},
		{"/v26.0/" + number, "Bearer " + token, 0},
		{"/v25.0/" + number, "Bearer " + token, 0},
		{"/v20.0/" + number, "Bearer " + token, 2635}, // expired 2026-09-24
		{"/v18.0/" + number, "Bearer " + token, 2635}, // before the calendar
		{"/v27.0/" + number, "Bearer " + token, 100},  // not released
		{"/26.0/" + number, "Bearer " + token, 100},   // not a version
		{"/v26.0/404", "Bearer " + token, 100},        // unknown id
		{"/v26.0/" + number + "/nonsense", "Bearer " + token, 100},
		{"/v26.0/" + number + "?fields=id,secret_field", "Bearer " + token, 100},
	} {
		if c := get(tc.path, tc.auth); c != tc.code {
			t.Errorf("GET %s (%q): code %d, want %d", tc.path, tc.auth, c, tc.code)
		}
	}
	// v25.0 retires on 2028-07-29; v26.0 has no date yet.
	clock.Advance(time.Date(2028, 7, 29, 0, 0, 0, 0, time.UTC).Sub(clock.Now()))
	if c := get("/v25.0/"+number, "Bearer "+token); c != 2635 {
		t.Errorf("v25.0 on its retirement day: code %d", c)
	}
	if c := get("/v26.0/"+number, "Bearer "+token); c != 0 {
		t.Errorf("v26.0 in 2028: code %d", c)
	}
}

func TestPagingNextLinkCarriesTheTokenLikeMeta(t *testing.T) {
	w := setup(t, emulator.Options{MaxPageSize: 2})
	w.emu.AddNumber(emulator.Number{ID: "2001", WABAID: waba})
	p1 := w.do(http.MethodGet, "/v26.0/"+waba+"/phone_numbers", "")
	data, _ := p1.body["data"].([]any)
	paging, _ := p1.body["paging"].(map[string]any)
	next, _ := paging["next"].(string)
	if len(data) != 2 || next == "" {
		t.Fatalf("page 1 = %s", p1.raw)
	}
	u, err := url.Parse(next)
	if err != nil || u.Query().Get("access_token") != token {
		t.Errorf("next link = %s", next)
	}
	p2 := w.doAuth(http.MethodGet, strings.TrimPrefix(next, w.srv.URL), "", "")
	data, _ = p2.body["data"].([]any)
	if len(data) != 1 || data[0].(map[string]any)["id"] != "2001" || strings.Contains(p2.raw, `"next"`) {
		t.Errorf("page 2 = %s", p2.raw)
	}
}

func TestOutOfBandChangesAndHiddenNumbers(t *testing.T) {
	w := setup(t, emulator.Options{})
	mustOK(t, w.register("123456", "CH"))
	w.emu.DeregisterOutOfBand(number)
	if r := w.do(http.MethodGet, "/v26.0/"+number+"?fields=platform_type", ""); r.body["platform_type"] != "NOT_APPLICABLE" {
		t.Errorf("after out-of-band deregister: %s", r.raw)
	}
	if got := w.emu.BudgetUsed(number, emulator.OpDeregister); got != 0 {
		t.Errorf("out-of-band changes spent budget: %d", got)
	}
	// A token that lost access sees 100/33 for a number that still exists.
	w.emu.Update(number, func(n *emulator.Number) { n.Hidden = true })
	for _, r := range []reply{w.do(http.MethodGet, "/v26.0/"+number, ""), w.deregister(), w.register("123456", "")} {
		if r.code() != 100 || r.subcode() != 33 {
			t.Errorf("hidden number: %s", r.raw)
		}
	}
	if list := w.do(http.MethodGet, "/v26.0/"+waba+"/phone_numbers", ""); strings.Contains(list.raw, number) {
		t.Errorf("a hidden number is listed: %s", list.raw)
	}
	w.emu.RemoveNumber(number)
	if r := w.do(http.MethodGet, "/v26.0/"+number, ""); r.code() != 100 || r.subcode() != 33 {
		t.Errorf("removed number: %s", r.raw)
	}
}

func mustOK(t *testing.T, r reply) {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
}
