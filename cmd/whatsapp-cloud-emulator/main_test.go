package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestRefusesNonLoopbackAddresses(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":8089", "192.168.1.10:8089"} {
		err := run([]string{"-listen", addr}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("-listen %s: want a loopback refusal, got %v", addr, err)
		}
	}
}

func TestHelpExitsCleanlyAndNamesTheLogSubcommand(t *testing.T) {
	var out strings.Builder
	if err := run([]string{"-h"}, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"whatsapp-cloud-emulator log", "-latency", "-calls-per-hour", "-seed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
	if err := run([]string{"-no-such-flag"}, io.Discard); err == nil || errors.Is(err, flag.ErrHelp) {
		t.Errorf("an unknown flag: %v", err)
	}
}

func TestSeedFileAndFlags(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.json")
	seed := `{"wabas": ["900"], "numbers": [{"id": "901", "waba_id": "900", "display_phone_number": "+1 555 0101", "platform_type": "CLOUD_API", "data_localization_region": "DE"}]}`
	if err := os.WriteFile(path, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}
	emu := emulator.New(emulator.Options{Token: "t"})
	if err := seedEmulator(emu, path, "800", []string{"801=+1 555 0102", "802"}); err != nil {
		t.Fatal(err)
	}
	n, ok := emu.Number("901")
	if !ok || !n.Registered() || n.Region != "DE" || n.Status != "CONNECTED" {
		t.Errorf("seeded 901 = %+v", n)
	}
	if n, ok := emu.Number("801"); !ok || n.DisplayPhoneNumber != "+1 555 0102" || n.WABAID != "800" || n.Registered() {
		t.Errorf("seeded 801 = %+v", n)
	}
	if got := emu.SortedNumberIDs(); strings.Join(got, ",") != "801,802,901" {
		t.Errorf("numbers = %v", got)
	}
	if err := seedEmulator(emulator.New(emulator.Options{}), filepath.Join(t.TempDir(), "missing.json"), "", nil); err == nil {
		t.Error("a missing seed file was accepted")
	}
	typo := filepath.Join(t.TempDir(), "typo.json")
	if err := os.WriteFile(typo, []byte(`{"numbers": [{"id": "1", "colour": "blue"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := seedEmulator(emulator.New(emulator.Options{}), typo, "", nil); err == nil || !strings.Contains(err.Error(), "colour") {
		t.Errorf("a misspelt seed field was accepted: %v", err)
	}
	def := emulator.New(emulator.Options{})
	if err := seedEmulator(def, "", "", nil); err != nil || strings.Join(def.SortedNumberIDs(), ",") != emulator.DemoNumber+","+emulator.DemoNumberSale {
		t.Errorf("the default seed is not the demo account: %v %v", def.SortedNumberIDs(), err)
	}
}

func TestLogPrintsTheMaskedRequestLog(t *testing.T) {
	emu := emulator.New(emulator.Options{Token: "tok"})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	emu.AddNumber(emulator.Number{ID: "1"})
	req := httptest.NewRequest("POST", srv.URL+"/v25.0/1/register", strings.NewReader(`{"messaging_product":"whatsapp","pin":"123456"}`))
	req.Header.Set("Authorization", "Bearer tok")
	emu.ServeHTTP(httptest.NewRecorder(), req)

	var out strings.Builder
	if err := printLog([]string{"-url", srv.URL, "-token", "tok", "-only", "register"}, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.Contains(text, "/v25.0/1/register") || !strings.Contains(text, `"pin":"******"`) || strings.Contains(text, "123456") {
		t.Errorf("log output:\n%s", text)
	}
	if line := formatRequest(emu.Requests()[0]); !strings.Contains(line, "register -> 200") || strings.Contains(line, "123456") {
		t.Errorf("live log line: %s", line)
	}
	if err := printLog([]string{"-url", srv.URL, "-token", "wrong"}, &out); err == nil {
		t.Error("a wrong token was accepted by the control API")
	}
}

// -callback-insecure-loopback lets the emulator verify a callback served
// with a self-signed certificate on 127.0.0.1.
func TestCallbackInsecureLoopbackClient(t *testing.T) {
	var out strings.Builder
	if err := run([]string{"-h"}, &out); !errors.Is(err, flag.ErrHelp) || !strings.Contains(out.String(), "-callback-insecure-loopback") {
		t.Fatalf("usage lacks -callback-insecure-loopback: %v\n%s", err, out.String())
	}
	hook := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(r.URL.Query().Get("hub.challenge")))
	}))
	defer hook.Close()
	emu := emulator.New(emulator.Options{Token: "tok", CallbackClient: loopbackTestClient()})
	if err := emu.Load(emulator.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	post := func(body string) int {
		req := httptest.NewRequest("POST", "/v26.0/"+emulator.DemoWABA+"/subscribed_apps", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer tok")
		rec := httptest.NewRecorder()
		emu.ServeHTTP(rec, req)
		return rec.Code
	}
	if code := post(""); code != 200 {
		t.Fatalf("subscribe: %d", code)
	}
	if code := post(`{"override_callback_uri":"` + hook.URL + `/hook","verify_token":"t"}`); code != 200 {
		t.Errorf("override with a self-signed loopback callback: %d", code)
	}
	if code := post(`{"override_callback_uri":"https://hooks.example.com/hook","verify_token":"t"}`); code != 400 {
		t.Errorf("override on a remote host: %d", code)
	}
}

// The emulator's own webhook endpoint (-callback-listen): https on
// loopback, trusted by the emulator's verification, answering the challenge
// for its verify token only.
func TestCallbackEndpointAnswersMetasCheck(t *testing.T) {
	if _, err := startCallbackEndpoint(context.Background(), "0.0.0.0:0", "x"); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("a non-loopback -callback-listen: %v", err)
	}
	if srv, err := startCallbackEndpoint(context.Background(), "", "x"); srv != nil || err != nil {
		t.Errorf("-callback-listen \"\": %v %v", srv, err)
	}
	callback, err := startCallbackEndpoint(context.Background(), "127.0.0.1:0", "the-token")
	if err != nil {
		t.Fatal(err)
	}
	defer callback.Close()
	emu := emulator.New(emulator.Options{Token: "tok", CallbackClient: trustingClient(callback)})
	if err := emu.Load(emulator.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	post := func(body string) (int, string) {
		req := httptest.NewRequest("POST", "/v26.0/"+emulator.DemoWABA+"/subscribed_apps", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer tok")
		rec := httptest.NewRecorder()
		emu.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	if code, _ := post(""); code != 200 {
		t.Fatalf("subscribe: %d", code)
	}
	if code, body := post(`{"override_callback_uri":"` + callback.URL + `/whatsapp","verify_token":"the-token"}`); code != 200 {
		t.Errorf("override on the emulator's endpoint: %d %s", code, body)
	}
	if code, body := post(`{"override_callback_uri":"` + callback.URL + `/whatsapp","verify_token":"wrong"}`); code != 400 || !strings.Contains(body, "2200") || strings.Contains(body, "wrong") {
		t.Errorf("a wrong verify token: %d %s", code, body)
	}
	var out strings.Builder
	if err := run([]string{"-h"}, &out); !errors.Is(err, flag.ErrHelp) || !strings.Contains(out.String(), "-callback-listen") || !strings.Contains(out.String(), "-callback-verify-token") {
		t.Errorf("usage lacks the callback flags:\n%s", out.String())
	}
}
