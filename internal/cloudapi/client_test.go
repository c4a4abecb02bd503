package cloudapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const (
	testToken     = "EAAG-test-token"
	testAppSecret = "app-secret-for-tests"
	testNumber    = emulator.DemoNumber
	testWABA      = emulator.DemoWABA
)

// recorded is a raw request as the server saw it, before any redaction.
type recorded struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   map[string]any
}

// harness is an emulator behind a recorder, on 127.0.0.1.
type harness struct {
	emu *emulator.Emulator
	srv *httptest.Server
	mu  sync.Mutex
	raw []recorded
}

func newHarness(t *testing.T, opts emulator.Options) *harness {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	h := &harness{emu: emulator.New(opts)}
	if err := h.emu.Load(emulator.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		rec := recorded{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone()}
		_ = json.Unmarshal(raw, &rec.Body)
		h.mu.Lock()
		h.raw = append(h.raw, rec)
		h.mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(raw)))
		h.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *harness) requests() []recorded {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]recorded(nil), h.raw...)
}

func (h *harness) client(t *testing.T, mutate ...func(*cloudapi.Config)) *cloudapi.Client {
	t.Helper()
	cfg := cloudapi.Config{
		BaseURL:      h.srv.URL,
		AccessToken:  testToken,
		MaxRetries:   3,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 4 * time.Millisecond,
		// Meta's "wait a few minutes" (133015) shortened for tests.
		RegisterCooldown: 2 * time.Millisecond,
		UserAgent:        "terraform-provider-whatsapp/test",
	}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := cloudapi.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestRegisterSendsTheDocumentedRequest(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client(t)
	if _, err := c.Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456", Region: "CH"}); err != nil {
		t.Fatalf("Register: %v", err)
	}
	reqs := h.requests()
	if len(reqs) != 1 {
		t.Fatalf("want 1 request, got %d", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodPost || r.Path != "/v26.0/"+testNumber+"/register" {
		t.Errorf("request line = %s %s", r.Method, r.Path)
	}
	want := map[string]any{"messaging_product": "whatsapp", "pin": "123456", "data_localization_region": "CH"}
	if fmt.Sprint(r.Body) != fmt.Sprint(want) {
		t.Errorf("body = %v, want %v", r.Body, want)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("Authorization = %q", got)
	}
	if got := r.Header.Get("User-Agent"); got != "terraform-provider-whatsapp/test" {
		t.Errorf("User-Agent = %q", got)
	}
	if got := r.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q", got)
	}
	if strings.Contains(r.RawQuery, "appsecret_proof") {
		t.Errorf("appsecret_proof sent without an app secret: %q", r.RawQuery)
	}
	n, _ := h.emu.Number(testNumber)
	if !n.Registered() || n.Region != "CH" || n.PIN != "123456" {
		t.Errorf("emulator state after register = %+v", n)
	}
}

func TestRegisterWithoutRegionOmitsIt(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	if _, err := h.client(t).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"}); err != nil {
		t.Fatal(err)
	}
	if _, present := h.requests()[0].Body["data_localization_region"]; present {
		t.Errorf("data_localization_region sent although unset: %v", h.requests()[0].Body)
	}
}

func TestRegisterSendsMigrationBackup(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	// A backup is for a number that moves from the On-Premises API.
	h.emu.MovePlatform(testNumber, emulator.PlatformOnPremise)
	_, err := h.client(t).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456", Backup: &cloudapi.Backup{Data: "b64data", Password: "pw"}})
	if err != nil {
		t.Fatal(err)
	}
	backup, _ := h.requests()[0].Body["backup"].(map[string]any)
	if backup["data"] != "b64data" || backup["password"] != "pw" {
		t.Errorf("backup = %v", backup)
	}
}

func TestDeregisterSetPINAndReads(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client(t)
	ctx := context.Background()
	if _, err := c.Register(ctx, testNumber, cloudapi.RegisterRequest{PIN: "123456", Region: "DE"}); err != nil {
		t.Fatal(err)
	}
	n, err := c.PhoneNumber(ctx, testNumber)
	if err != nil {
		t.Fatal(err)
	}
	if !n.Registered() || n.DisplayPhoneNumber != "+41 44 668 18 00" || n.VerifiedName != "Acme Support" || n.Status != "CONNECTED" || n.ThroughputLevel != "STANDARD" {
		t.Errorf("PhoneNumber = %+v", n)
	}
	sc, err := c.StorageConfiguration(ctx, testNumber)
	if err != nil {
		t.Fatal(err)
	}
	if !sc.LocalStorageEnabled() || sc.Region != "DE" {
		t.Errorf("StorageConfiguration = %+v", sc)
	}
	if err := c.SetPIN(ctx, testNumber, "654321"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Deregister(ctx, testNumber); err != nil {
		t.Fatal(err)
	}
	reqs := h.requests()
	if got := reqs[1].RawQuery; !strings.Contains(got, "fields=") || !strings.Contains(got, "platform_type") {
		t.Errorf("PhoneNumber did not send an explicit fields list: %q", got)
	}
	if reqs[3].Method != http.MethodPost || reqs[3].Path != "/v26.0/"+testNumber || fmt.Sprint(reqs[3].Body) != "map[pin:654321]" {
		t.Errorf("SetPIN request = %+v", reqs[3])
	}
	if reqs[4].Path != "/v26.0/"+testNumber+"/deregister" || len(reqs[4].Body) != 0 {
		t.Errorf("Deregister request = %+v", reqs[4])
	}
	sc, err = c.StorageConfiguration(ctx, testNumber)
	if err != nil {
		t.Fatal(err)
	}
	if sc.LocalStorageEnabled() || sc.Region != "" {
		t.Errorf("deregister should turn local storage off, got %+v", sc)
	}
}

func TestAppSecretProofKnownVector(t *testing.T) {
	// Computed independently: HMAC-SHA256(key=app secret, message=token), hex.
	const want = "6d356e4e436047702f0767ce27779474e5437414432adf1ed0a885b02c054e3c"
	if got := cloudapi.AppSecretProof(testToken, testAppSecret); got != want {
		t.Fatalf("AppSecretProof = %s, want %s", got, want)
	}
	h := newHarness(t, emulator.Options{AppSecret: testAppSecret})
	c := h.client(t, func(cfg *cloudapi.Config) { cfg.AppSecret = testAppSecret })
	if _, err := c.PhoneNumber(context.Background(), testNumber); err != nil {
		t.Fatalf("emulator requiring appsecret_proof refused the client: %v", err)
	}
	if q := h.requests()[0].RawQuery; !strings.Contains(q, "appsecret_proof="+want) {
		t.Errorf("query %q lacks appsecret_proof=%s", q, want)
	}
	wrong := h.client(t, func(cfg *cloudapi.Config) { cfg.AppSecret = "another-secret" })
	_, err := wrong.PhoneNumber(context.Background(), testNumber)
	if apiErr, ok := cloudapi.AsError(err); !ok || apiErr.Code != 100 || !strings.Contains(apiErr.Message, "appsecret_proof") {
		t.Errorf("wrong app secret: got %v", err)
	}
}

func TestMissingTokenSendsNothing(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client(t, func(cfg *cloudapi.Config) { cfg.AccessToken = "" })
	_, err := c.Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"})
	if !errors.Is(err, cloudapi.ErrNoAccessToken) {
		t.Fatalf("want ErrNoAccessToken, got %v", err)
	}
	if n := len(h.requests()); n != 0 {
		t.Errorf("%d requests sent without a token", n)
	}
}

func TestNonNumericIDIsRefusedLocally(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	for _, id := range []string{"../me", strings.Repeat("1", 21)} {
		_, err := h.client(t).Deregister(context.Background(), id)
		if err == nil || !strings.Contains(err.Error(), "not a Graph id") {
			t.Fatalf("%s: want a local refusal, got %v", id, err)
		}
	}
	if n := len(h.requests()); n != 0 {
		t.Errorf("%d requests sent for a bad id", n)
	}
}

func TestBaseURLRules(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://graph.facebook.com":       true,
		"https://proxy.example.com/fb":     true,
		"http://127.0.0.1:8089":            true,
		"http://127.9.9.9":                 true,
		"http://localhost:1234":            true,
		"http://[::1]:1234":                true,
		"http://graph.facebook.com":        false,
		"http://10.0.0.5:8080":             false,
		"ftp://127.0.0.1":                  false,
		"graph.facebook.com":               false,
		"https://host/?token=x":            false,
		"https://graph.facebook.com/v25.0": false,
		"https://proxy.example.com/v26/fb": false,
		"https://proxy.example.com/v1beta": true,
	} {
		_, err := cloudapi.ParseBaseURL(raw)
		if (err == nil) != ok {
			t.Errorf("ParseBaseURL(%q) error = %v, want ok=%v", raw, err, ok)
		}
	}
	_, err := cloudapi.New(cloudapi.Config{BaseURL: "http://graph.facebook.com", AccessToken: "t"})
	if err == nil || !strings.Contains(err.Error(), "clear text") {
		t.Errorf("New with clear-text base URL: %v", err)
	}
	if _, err := cloudapi.New(cloudapi.Config{APIVersion: "25"}); err == nil {
		t.Error("New accepted api version \"25\"")
	}
	_, err = cloudapi.ParseBaseURL("https://graph.facebook.com/v25.0")
	if err == nil || !strings.Contains(err.Error(), "api_version") || !strings.Contains(err.Error(), "/v25.0/v26.0/") {
		t.Errorf("a version in the path: %v", err)
	}
	// Credentials given in the URL are never repeated in the error.
	for _, raw := range []string{"https://user:hunter2secret@graph.facebook.com", "https://graph.facebook.com/?access_token=EAAGsecret", "http://u:hunter2secret@[::1:bad"} {
		_, err := cloudapi.ParseBaseURL(raw)
		if err == nil || strings.Contains(err.Error(), "hunter2secret") || strings.Contains(err.Error(), "EAAGsecret") {
			t.Errorf("ParseBaseURL(%q) = %v: refused, without the credentials", raw, err)
		}
	}
}

func TestPhoneNumbersFollowsPaging(t *testing.T) {
	h := newHarness(t, emulator.Options{MaxPageSize: 2})
	for i := 1; i <= 4; i++ {
		h.emu.AddNumber(emulator.Number{ID: fmt.Sprintf("20000000000000%d", i), WABAID: testWABA, DisplayPhoneNumber: fmt.Sprintf("+1 555 000 000%d", i)})
	}
	var logged strings.Builder
	c := h.client(t, func(cfg *cloudapi.Config) {
		cfg.Log = func(_ context.Context, _ cloudapi.Level, msg string, fields map[string]any) {
			fmt.Fprintln(&logged, msg, fields)
		}
	})
	numbers, err := c.PhoneNumbers(context.Background(), testWABA)
	if err != nil {
		t.Fatal(err)
	}
	if len(numbers) != 6 {
		t.Fatalf("want 6 numbers over 3 pages, got %d", len(numbers))
	}
	if numbers[0].ID != testNumber || numbers[5].ID != "200000000000004" {
		t.Errorf("order lost: first %s, last %s", numbers[0].ID, numbers[5].ID)
	}
	reqs := h.requests()
	if len(reqs) != 3 {
		t.Fatalf("want 3 page requests, got %d", len(reqs))
	}
	for _, r := range reqs {
		if strings.Contains(r.RawQuery, "access_token") {
			t.Errorf("the client sent the token in a query string: %q", r.RawQuery)
		}
	}
	if !strings.Contains(reqs[2].RawQuery, "after=") {
		t.Errorf("third page request has no cursor: %q", reqs[2].RawQuery)
	}
	if strings.Contains(logged.String(), testToken) {
		t.Errorf("token in logs: %s", logged.String())
	}
}

func TestUnknownIDIsNotVisibleNeverGone(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	_, err := h.client(t).PhoneNumber(context.Background(), "999")
	apiErr, ok := cloudapi.AsError(err)
	if !ok || !apiErr.NotVisible() || apiErr.Retryable() || apiErr.FBTraceID == "" {
		t.Fatalf("want a not-found error with a trace id, got %#v", err)
	}
	if len(h.requests()) != 1 {
		t.Errorf("not-found was retried: %d requests", len(h.requests()))
	}
	if !strings.Contains(err.Error(), "fbtrace_id: "+apiErr.FBTraceID) || strings.Contains(apiErr.Summary(), apiErr.FBTraceID) {
		t.Errorf("Error() must carry the fbtrace_id and Summary() must not: %v / %s", err, apiErr.Summary())
	}
}

func TestConnectionsAreReused(t *testing.T) {
	emu := emulator.New(emulator.Options{Token: testToken})
	emu.AddNumber(emulator.Number{ID: testNumber})
	var mu sync.Mutex
	opened := 0
	srv := httptest.NewUnstartedServer(emu)
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			mu.Lock()
			opened++
			mu.Unlock()
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := cloudapi.New(cloudapi.Config{BaseURL: srv.URL, AccessToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := c.PhoneNumber(context.Background(), testNumber); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if opened != 1 {
		t.Errorf("5 sequential calls opened %d connections, want 1", opened)
	}
}

func TestInjectedDelayHoldsTheCall(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Delay: time.Minute})
	c := h.client(t, func(cfg *cloudapi.Config) { cfg.MaxRetries = 0 })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := c.PhoneNumber(ctx, testNumber); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a call held by a one-minute delay should hit the context deadline, got %v", err)
	}
	// Only a delay: the next call is answered normally.
	if _, err := c.PhoneNumber(context.Background(), testNumber); err != nil {
		t.Fatal(err)
	}
}
