package emulator_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const (
	token  = "emulator-test-token"
	number = "106540352242922"
	waba   = "102290129340398"
)

func setup(t *testing.T, opts emulator.Options) (*emulator.Emulator, *cloudapi.Client, *httptest.Server) {
	t.Helper()
	opts.Token = token
	emu := emulator.New(opts)
	emu.AddNumber(emulator.Number{ID: number, WABAID: waba, DisplayPhoneNumber: "+41 44 668 18 00", VerifiedName: "Acme"})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	c, err := cloudapi.New(cloudapi.Config{BaseURL: srv.URL, AccessToken: token, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return emu, c, srv
}

func code(err error) int {
	if e, ok := cloudapi.AsError(err); ok {
		return e.Code
	}
	return -1
}

func TestRegisterBudgetIsAMoving72HourWindow(t *testing.T) {
	clock := emulator.NewManualClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	emu, c, _ := setup(t, emulator.Options{Clock: clock.Now})
	ctx := context.Background()
	// Ten calls, an hour apart; the failed ones (wrong PIN) count too.
	for i := range emulator.RegistrationLimit {
		pin := "123456"
		if i%3 == 2 {
			pin = "999999"
		}
		err := c.Register(ctx, number, cloudapi.RegisterRequest{PIN: pin})
		if pin == "999999" && code(err) != 133005 {
			t.Fatalf("call %d: want 133005, got %v", i+1, err)
		}
		if pin == "123456" && err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
		clock.Advance(time.Hour)
	}
	if got := emu.BudgetUsed(number, emulator.OpRegister); got != 10 {
		t.Fatalf("budget used = %d, want 10", got)
	}
	if err := c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "123456"}); code(err) != 133016 {
		t.Fatalf("11th register: want 133016, got %v", err)
	}
	// The first call was made 10h ago; it leaves the window at 72h.
	clock.Advance(72*time.Hour - 10*time.Hour - time.Second)
	if err := c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "123456"}); code(err) != 133016 {
		t.Fatalf("one second before the oldest call expires: want 133016, got %v", err)
	}
	clock.Advance(2 * time.Second)
	if err := c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "123456"}); err != nil {
		t.Fatalf("after the oldest call left the window: %v", err)
	}
	// Deregister has a budget of its own, untouched so far.
	if err := c.Deregister(ctx, number); err != nil {
		t.Fatalf("deregister: %v", err)
	}
	if got := emu.BudgetUsed(number, emulator.OpDeregister); got != 1 {
		t.Errorf("deregister budget used = %d, want 1", got)
	}
}

func TestDeregisterBudgetAndNotRegistered(t *testing.T) {
	emu, c, _ := setup(t, emulator.Options{})
	ctx := context.Background()
	err := c.Deregister(ctx, number)
	if !cloudapi.IsNotRegistered(err) {
		t.Fatalf("deregister of an unregistered number: want 100/2207051, got %v", err)
	}
	emu.SpendBudget(number, emulator.OpDeregister, 9) // the failed call above was the first
	if err := c.Deregister(ctx, number); code(err) != 133016 {
		t.Fatalf("11th deregister: want 133016, got %v", err)
	}
}

func TestPINSurvivesDeregister(t *testing.T) {
	emu, c, _ := setup(t, emulator.Options{})
	ctx := context.Background()
	must(t, c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "111111"}))
	must(t, c.Deregister(ctx, number))
	if err := c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "222222"}); !cloudapi.IsPINMismatch(err) {
		t.Fatalf("register with another PIN after deregister: want 133005, got %v", err)
	}
	must(t, c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "111111"}))
	must(t, c.SetPIN(ctx, number, "333333"))
	if n, _ := emu.Number(number); n.PIN != "333333" {
		t.Errorf("PIN after SetPIN = %q", n.PIN)
	}
}

func TestRegionCannotChangeWhileRegistered(t *testing.T) {
	emu, c, _ := setup(t, emulator.Options{})
	ctx := context.Background()
	must(t, c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "123456", Region: "CH"}))
	for _, region := range []string{"DE", ""} {
		err := c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "123456", Region: region})
		if e, ok := cloudapi.AsError(err); !ok || e.Code != 100 || !strings.Contains(e.Details, "Deregister") {
			t.Fatalf("region %q on a registered CH number: want a code 100 refusal, got %v", region, err)
		}
	}
	if n, _ := emu.Number(number); n.Region != "CH" {
		t.Fatalf("region changed in place to %q", n.Region)
	}
	must(t, c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "123456", Region: "CH"})) // same region: re-register is fine
	must(t, c.Deregister(ctx, number))
	must(t, c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "123456", Region: "DE"}))
	sc, err := c.StorageConfiguration(ctx, number)
	must(t, err)
	if sc.Region != "DE" {
		t.Errorf("region after deregister+register = %q", sc.Region)
	}
}

func TestRegisterValidatesItsBody(t *testing.T) {
	_, _, srv := setup(t, emulator.Options{})
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
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v25.0/"+number+"/register", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			must(t, err)
			defer resp.Body.Close()
			var env struct {
				Error struct {
					Code      int `json:"code"`
					ErrorData struct {
						Details string `json:"details"`
					} `json:"error_data"`
				} `json:"error"`
			}
			must(t, json.NewDecoder(resp.Body).Decode(&env))
			if resp.StatusCode != 400 || env.Error.Code != 100 {
				t.Fatalf("status %d code %d", resp.StatusCode, env.Error.Code)
			}
			if strings.Contains(name, "region") && !strings.Contains(env.Error.ErrorData.Details, "AU, ID, IN") {
				t.Errorf("region error does not list the regions: %q", env.Error.ErrorData.Details)
			}
		})
	}
}

func TestAuthAndVersions(t *testing.T) {
	clock := emulator.NewManualClock(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	_, _, srv := setup(t, emulator.Options{Clock: clock.Now})
	get := func(path, auth string) int {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		defer resp.Body.Close()
		var env struct {
			Error struct{ Code int } `json:"error"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&env)
		return env.Error.Code
	}
	if c := get("/v25.0/"+number, ""); c != 190 {
		t.Errorf("no token: code %d", c)
	}
	if c := get("/v25.0/"+number, "Bearer wrong"); c != 190 {
		t.Errorf("wrong token: code %d", c)
	}
	if c := get("/v25.0/"+number, "Bearer "+token); c != 0 {
		t.Errorf("good token: code %d", c)
	}
	if c := get("/v20.0/"+number, "Bearer "+token); c != 2635 {
		t.Errorf("v20.0 expired on 2026-09-24: code %d", c)
	}
	if c := get("/v25.0/404", "Bearer "+token); c != 100 {
		t.Errorf("unknown id: code %d", c)
	}
	if c := get("/v25.0/"+number+"?fields=id,secret_field", "Bearer "+token); c != 100 {
		t.Errorf("unknown field: code %d", c)
	}
}

func TestPagingNextLinkCarriesTheTokenLikeMeta(t *testing.T) {
	emu, _, srv := setup(t, emulator.Options{MaxPageSize: 2})
	emu.AddNumber(emulator.Number{ID: "2001", WABAID: waba})
	emu.AddNumber(emulator.Number{ID: "2002", WABAID: waba})
	type page struct {
		Data   []struct{ ID string } `json:"data"`
		Paging struct {
			Cursors struct{ After string } `json:"cursors"`
			Next    string                 `json:"next"`
		} `json:"paging"`
	}
	fetch := func(u string) page {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		defer resp.Body.Close()
		var p page
		must(t, json.NewDecoder(resp.Body).Decode(&p))
		return p
	}
	p1 := fetch(srv.URL + "/v25.0/" + waba + "/phone_numbers")
	if len(p1.Data) != 2 || p1.Paging.Next == "" {
		t.Fatalf("page 1 = %+v", p1)
	}
	next, err := url.Parse(p1.Paging.Next)
	must(t, err)
	if next.Query().Get("access_token") != token || next.Query().Get("after") != p1.Paging.Cursors.After {
		t.Errorf("next link = %s", p1.Paging.Next)
	}
	p2 := fetch(p1.Paging.Next)
	if len(p2.Data) != 1 || p2.Data[0].ID != "2002" || p2.Paging.Next != "" {
		t.Errorf("page 2 = %+v", p2)
	}
}

func TestFaultsAreConsumedInOrderAndMatchOperation(t *testing.T) {
	emu, c, _ := setup(t, emulator.Options{})
	ctx := context.Background()
	emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Code: 133004, Status: 503, Times: 2})
	_, err := c.PhoneNumber(ctx, number)
	must(t, err) // another operation is untouched
	for i := range 2 {
		if err := c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "123456"}); code(err) != 133004 {
			t.Fatalf("faulted register %d: %v", i, err)
		}
	}
	must(t, c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "123456"}))
	if got := emu.BudgetUsed(number, emulator.OpRegister); got != 1 {
		t.Errorf("injected faults counted against the budget: %d", got)
	}
	ops := emu.Operations(number)
	want := []string{"get_phone_number", "register", "register", "register"}
	if strings.Join(ops, ",") != strings.Join(want, ",") {
		t.Errorf("log = %v", ops)
	}
	for _, r := range emu.Requests() {
		if r.Operation == emulator.OpRegister && r.Body["pin"] != "******" {
			t.Errorf("PIN not masked in the request log: %v", r.Body)
		}
	}
}

func TestOutOfBandChanges(t *testing.T) {
	emu, c, _ := setup(t, emulator.Options{})
	ctx := context.Background()
	must(t, c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "123456", Region: "CH"}))
	emu.DeregisterOutOfBand(number)
	n, err := c.PhoneNumber(ctx, number)
	must(t, err)
	if n.Registered() || n.PlatformType != "NOT_APPLICABLE" {
		t.Errorf("after out-of-band deregister: %+v", n)
	}
	if got := emu.BudgetUsed(number, emulator.OpDeregister); got != 0 {
		t.Errorf("out-of-band changes spent budget: %d", got)
	}
	emu.RemoveNumber(number)
	if _, err := c.PhoneNumber(ctx, number); !cloudapi.IsNotFound(err) {
		t.Errorf("removed number: %v", err)
	}
}

func TestControlAPI(t *testing.T) {
	emu, c, srv := setup(t, emulator.Options{})
	ctx := context.Background()
	must(t, c.Register(ctx, number, cloudapi.RegisterRequest{PIN: "123456", Region: "CH"}))
	call := func(method, path, body string) *http.Response {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	if r := call(http.MethodPost, "/_emulator/numbers/"+number+"/region", `{"region":"DE"}`); r.StatusCode != 200 {
		t.Fatalf("region: %d", r.StatusCode)
	}
	if n, _ := emu.Number(number); n.Region != "DE" {
		t.Errorf("region = %q", n.Region)
	}
	resp := call(http.MethodGet, "/_emulator/numbers/"+number, "")
	var view map[string]any
	must(t, json.NewDecoder(resp.Body).Decode(&view))
	if _, leaked := view["pin"]; leaked || view["two_step_enabled"] != true || view["registers_used_72h"] != float64(1) {
		t.Errorf("view = %v", view)
	}
	if r := call(http.MethodPost, "/_emulator/faults", `{"operation":"deregister","code":133016}`); r.StatusCode != 204 {
		t.Fatalf("fault: %d", r.StatusCode)
	}
	if err := c.Deregister(ctx, number); code(err) != 133016 {
		t.Errorf("queued fault not served: %v", err)
	}
	call(http.MethodPost, "/_emulator/faults", `{"operation":"get_phone_number","code":2,"times":5}`)
	if r := call(http.MethodDelete, "/_emulator/faults", ""); r.StatusCode != 204 {
		t.Fatalf("clear faults: %d", r.StatusCode)
	}
	if _, err := c.PhoneNumber(ctx, number); err != nil {
		t.Errorf("cleared fault still served: %v", err)
	}
	resp = call(http.MethodGet, "/_emulator/requests", "")
	var log []emulator.Request
	must(t, json.NewDecoder(resp.Body).Decode(&log))
	if len(log) != 3 || log[1].Operation != "deregister" || !log[1].Injected || log[2].Injected {
		t.Errorf("log = %+v", log)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/_emulator/requests", nil)
	unauth, err := http.DefaultClient.Do(req)
	must(t, err)
	unauth.Body.Close()
	if unauth.StatusCode != http.StatusUnauthorized {
		t.Errorf("control API without token: %d", unauth.StatusCode)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
