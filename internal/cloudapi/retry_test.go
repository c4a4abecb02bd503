package cloudapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// TestErrorCodeTable walks every row of reference/cloud-api.md's table: each
// code must classify as documented and be attempted once (never retried) or
// MaxRetries+1 times (retryable).
func TestErrorCodeTable(t *testing.T) {
	cases := []struct {
		code, subcode, status int
		retryable             bool
		check                 func(*cloudapi.Error) bool
	}{
		{code: 133016, retryable: false, check: (*cloudapi.Error).IsRateLimited},
		{code: 133005, retryable: false, check: (*cloudapi.Error).IsPINMismatch},
		{code: 133008, retryable: false},
		{code: 133009, retryable: false},
		{code: 133006, retryable: false},
		{code: 133010, retryable: false, check: (*cloudapi.Error).IsNotRegistered},
		{code: 100, subcode: 2207051, retryable: false, check: (*cloudapi.Error).IsNotRegistered},
		{code: 100, subcode: 33, retryable: false, check: (*cloudapi.Error).IsNotFound},
		{code: 803, status: 404, retryable: false, check: (*cloudapi.Error).IsNotFound},
		{code: 133015, retryable: true},
		{code: 133000, retryable: true},
		{code: 133004, status: 503, retryable: true},
		{code: 131000, status: 500, retryable: true},
		{code: 131031, retryable: false},
		{code: 1, status: 500, retryable: true},
		{code: 2, status: 503, retryable: true},
		{code: 4, status: 429, retryable: true},
		{code: 17, retryable: true},
		{code: 341, retryable: true},
		{code: 80007, status: 429, retryable: true},
		{code: 80008, retryable: true},
		{code: 190, status: 401, retryable: false, check: (*cloudapi.Error).IsAuth},
		{code: 10, status: 403, retryable: false, check: (*cloudapi.Error).IsAuth},
		{code: 200, status: 403, retryable: false, check: (*cloudapi.Error).IsAuth},
		{code: 299, status: 403, retryable: false, check: (*cloudapi.Error).IsAuth},
		{code: 100, retryable: false},
		// Same code, another status: classification must not change.
		{code: 133016, status: 429, retryable: false, check: (*cloudapi.Error).IsRateLimited},
		{code: 133004, status: 400, retryable: true},
	}
	for _, tc := range cases {
		t.Run(caseName(tc.code, tc.subcode, tc.status), func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			const maxRetries = 2
			c := h.client(t, func(cfg *cloudapi.Config) { cfg.MaxRetries = maxRetries })
			h.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Times: 10, Status: tc.status, Code: tc.code, Subcode: tc.subcode})
			err := c.Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"})
			apiErr, ok := cloudapi.AsError(err)
			if !ok {
				t.Fatalf("want *cloudapi.Error, got %v", err)
			}
			if apiErr.Code != tc.code || apiErr.Subcode != tc.subcode || apiErr.FBTraceID == "" {
				t.Errorf("parsed %+v", apiErr)
			}
			if apiErr.Retryable() != tc.retryable {
				t.Errorf("Retryable() = %v, want %v", apiErr.Retryable(), tc.retryable)
			}
			if tc.check != nil && !tc.check(apiErr) {
				t.Errorf("predicate false for %+v", apiErr)
			}
			wantAttempts := 1
			if tc.retryable {
				wantAttempts = maxRetries + 1
			}
			if got := h.emu.Count(emulator.OpRegister); got != wantAttempts {
				t.Errorf("attempts = %d, want %d", got, wantAttempts)
			}
			if apiErr.Attempts != wantAttempts {
				t.Errorf("Error.Attempts = %d, want %d", apiErr.Attempts, wantAttempts)
			}
		})
	}
}

func caseName(code, subcode, status int) string {
	return fmt.Sprintf("code_%d_subcode_%d_status_%d", code, subcode, status)
}

func TestRateLimitIsAttemptedExactlyOnce(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.SpendBudget(testNumber, emulator.OpRegister, emulator.RegistrationLimit)
	err := h.client(t).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"})
	if !cloudapi.IsRateLimited(err) {
		t.Fatalf("want 133016, got %v", err)
	}
	if got := h.emu.Count(emulator.OpRegister); got != 1 {
		t.Errorf("register attempts = %d, want exactly 1", got)
	}
}

func TestTransientThenSuccessTakesTwoAttempts(t *testing.T) {
	for name, fault := range map[string]emulator.Fault{
		"133004":          {Status: 503, Code: 133004},
		"html_502":        {Status: 502, RawBody: "<html><body>502 Bad Gateway</body></html>"},
		"dropped":         {DropConnection: true},
		"code_2":          {Status: 500, Code: 2},
		"133015_cooldown": {Code: 133015},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			fault.Operation = emulator.OpRegister
			h.emu.InjectFault(fault)
			if err := h.client(t).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"}); err != nil {
				t.Fatalf("Register: %v", err)
			}
			if got := h.emu.Count(emulator.OpRegister); got != 2 {
				t.Errorf("attempts = %d, want 2", got)
			}
		})
	}
}

func TestNonJSONErrorIsExplained(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Status: 404, RawBody: "<html>Not Found</html>"})
	_, err := h.client(t).PhoneNumber(context.Background(), testNumber)
	apiErr, ok := cloudapi.AsError(err)
	if !ok || !apiErr.NonJSONBody || apiErr.HTTPStatus != 404 || apiErr.Retryable() {
		t.Fatalf("got %#v", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "non-JSON") || !strings.Contains(msg, "text/html") || strings.Contains(msg, "invalid character") {
		t.Errorf("unclear message: %s", msg)
	}
}

func TestCancellationStopsBackoff(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Code: 133004, Status: 503, Times: 5})
	c := h.client(t, func(cfg *cloudapi.Config) { cfg.RetryWaitMin, cfg.RetryWaitMax = time.Minute, time.Minute })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() { done <- c.Register(ctx, testNumber, cloudapi.RegisterRequest{PIN: "123456"}) }()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("want context.Canceled, got %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("a cancelled context did not stop the backoff within a second")
	}
	if got := h.emu.Count(emulator.OpRegister); got != 1 {
		t.Errorf("attempts = %d, want 1", got)
	}
}

func TestResponseSizeIsCapped(t *testing.T) {
	big := `{"id":"1","verified_name":"` + strings.Repeat("x", cloudapi.MaxResponseBytes) + `"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(big))
	}))
	t.Cleanup(srv.Close)
	c, err := cloudapi.New(cloudapi.Config{BaseURL: srv.URL, AccessToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.PhoneNumber(context.Background(), "1")
	if err == nil || !strings.Contains(err.Error(), "exceeds") {
		t.Fatalf("want a size-cap error, got %v", err)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Code: 4, Status: 429, RetryAfter: "120"})
	// A Retry-After of two minutes must outweigh the millisecond backoff: the
	// call is still waiting when the context ends.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := h.client(t).Register(ctx, testNumber, cloudapi.RegisterRequest{PIN: "123456"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the wait to outlast the context, got %v", err)
	}
	if got := h.emu.Count(emulator.OpRegister); got != 1 {
		t.Errorf("attempts = %d, want 1 (still waiting out Retry-After)", got)
	}
}
