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

// TestErrorCodeTable walks every row of docs/development/cloud-api.md's table: each
// code must classify as documented and be attempted once (never retried) or
// MaxRetries+1 times (retryable).
func TestErrorCodeTable(t *testing.T) {
	cases := []struct {
		code, subcode, status int
		retryable             bool
		check                 func(*cloudapi.Error) bool
	}{
		{code: 133016, retryable: false, check: (*cloudapi.Error).IsRegisterBudgetSpent},
		{code: 133005, retryable: false, check: (*cloudapi.Error).IsPINMismatch},
		{code: 133008, retryable: false},
		{code: 133009, retryable: false},
		{code: 133006, retryable: false},
		{code: 133010, retryable: false, check: (*cloudapi.Error).SaysNotRegistered},
		{code: 100, subcode: 2207051, retryable: false, check: (*cloudapi.Error).SaysNotRegistered},
		{code: 100, subcode: 33, retryable: false, check: (*cloudapi.Error).NotVisible},
		{code: 803, status: 404, retryable: false, check: (*cloudapi.Error).NotVisible},
		{code: 133015, retryable: true},
		{code: 133000, retryable: true},
		{code: 133004, status: 503, retryable: true},
		{code: 131000, status: 500, retryable: true},
		{code: 131031, retryable: false},
		{code: 1, status: 500, retryable: true},
		{code: 2, status: 503, retryable: true},
		{code: 4, status: 429, retryable: true, check: (*cloudapi.Error).Throttled},
		{code: 17, retryable: true, check: (*cloudapi.Error).Throttled},
		{code: 32, retryable: true, check: (*cloudapi.Error).Throttled},
		{code: 341, retryable: true, check: (*cloudapi.Error).Throttled},
		{code: 613, retryable: true, check: (*cloudapi.Error).Throttled},
		{code: 80007, status: 429, retryable: true, check: (*cloudapi.Error).Throttled},
		{code: 80008, retryable: true, check: (*cloudapi.Error).Throttled},
		{code: 190, status: 401, retryable: false, check: (*cloudapi.Error).IsAuth},
		{code: 10, status: 403, retryable: false, check: (*cloudapi.Error).IsAuth},
		{code: 200, status: 403, retryable: false, check: (*cloudapi.Error).IsAuth},
		{code: 299, status: 403, retryable: false, check: (*cloudapi.Error).IsAuth},
		{code: 100, retryable: false},
		// Same code, another status: classification must not change.
		{code: 133016, status: 429, retryable: false, check: (*cloudapi.Error).IsRegisterBudgetSpent},
		{code: 133004, status: 400, retryable: true},
	}
	for _, tc := range cases {
		t.Run(caseName(tc.code, tc.subcode, tc.status), func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			const maxRetries = 2
			c := h.client(t, func(cfg *cloudapi.Config) { cfg.MaxRetries = maxRetries })
			// Classified on a read: register and deregister never resend
			// blind (see writes_test.go), so only a read shows the bare
			// retry policy of each code.
			h.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Times: 10, Status: tc.status, Code: tc.code, Subcode: tc.subcode})
			_, err := c.PhoneNumber(context.Background(), testNumber)
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
			switch {
			case tc.code == cloudapi.CodeWaitBeforeRegistering:
				wantAttempts = 2 // once more after the cooldown, then no more
			case tc.retryable:
				wantAttempts = maxRetries + 1
			}
			if got := h.emu.Count(emulator.OpGetPhoneNumber); got != wantAttempts {
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
	_, err := h.client(t).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"})
	if !cloudapi.IsRegisterBudgetSpent(err) {
		t.Fatalf("want 133016, got %v", err)
	}
	if got := h.emu.Count(emulator.OpRegister); got != 1 {
		t.Errorf("register attempts = %d, want exactly 1", got)
	}
}

// A register refused by a retryable Graph error that says it was not
// processed (133015) is sent again; one whose outcome an answer does not
// settle (a transient error, a gateway page, a dropped connection) is first
// settled by a read of the number, which here shows that it did not take
// effect.
func TestTransientThenSuccessTakesTwoAttempts(t *testing.T) {
	for name, tc := range map[string]struct {
		fault     emulator.Fault
		reconcile bool
	}{
		"133004":          {fault: emulator.Fault{Status: 503, Code: 133004}, reconcile: true},
		"code_2":          {fault: emulator.Fault{Status: 500, Code: 2}, reconcile: true},
		"133015_cooldown": {fault: emulator.Fault{Code: 133015}},
		"html_502":        {fault: emulator.Fault{Status: 502, RawBody: "<html><body>502 Bad Gateway</body></html>"}, reconcile: true},
		"dropped":         {fault: emulator.Fault{DropConnection: true}, reconcile: true},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			tc.fault.Operation = emulator.OpRegister
			h.emu.InjectFault(tc.fault)
			report, err := h.client(t).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"})
			if err != nil {
				t.Fatalf("Register: %v", err)
			}
			if got := h.emu.Count(emulator.OpRegister); got != 2 || report.Sent != 2 {
				t.Errorf("attempts = %d, reported sent = %d, want 2", got, report.Sent)
			}
			want := []string{"register", "register"}
			if tc.reconcile {
				want = []string{"register", "get_phone_number", "get_settings", "register"}
			}
			if got := h.emu.Operations(testNumber); !sameSet(got, want) {
				t.Errorf("calls = %v, want %v (in any order within a round trip)", got, want)
			}
		})
	}
}

// sameSet compares two call lists, ignoring the order of the concurrent
// reads (node and settings) of one round trip.
func sameSet(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	count := map[string]int{}
	for i := range got {
		count[got[i]]++
		count[want[i]]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return got[0] == want[0] && got[len(got)-1] == want[len(want)-1]
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
	go func() {
		_, err := c.Register(ctx, testNumber, cloudapi.RegisterRequest{PIN: "123456"})
		done <- err
	}()
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
	var nu *cloudapi.NotUnderstoodError
	if !errors.As(err, &nu) || !strings.Contains(err.Error(), "a body of more than 1048576 bytes") {
		t.Fatalf("want an oversize answer not understood, got %v", err)
	}
}

// A Retry-After of two minutes is capped by the longest retry wait (4ms in
// these tests): a header cannot hold a plan for an hour.
func TestRetryAfterIsCappedByTheLongestWait(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Code: 2, Status: 503, RetryAfter: "120"})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := h.client(t).PhoneNumber(ctx, testNumber); err != nil {
		t.Fatalf("want the capped wait to let the retry through, got %v", err)
	}
	if got := h.emu.Count(emulator.OpGetPhoneNumber); got != 2 {
		t.Errorf("attempts = %d, want 2", got)
	}
}
