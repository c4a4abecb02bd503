package cloudapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// A register whose answer is lost after Meta acted is never sent again: a
// read settles it, and exactly one register is spent.
func TestLostAnswerAfterRegisterIsSettledByARead(t *testing.T) {
	for name, f := range map[string]emulator.Fault{
		"reset after processing": {Act: true, DropConnection: true},
		"cut body":               {Act: true, CutBody: true},
		"malformed 2xx":          {Act: true, Malformed: true},
		"oversize 2xx":           {Act: true, Oversize: true},
		"hang after acting":      {Act: true, Hang: true},
		"drip after acting":      {Act: true, Drip: 50 * time.Millisecond},
		"gateway page":           {Act: true, Status: 502, RawBody: "<html>502</html>"},
		"unknown 2xx shape":      {Act: true, Status: 200, ContentType: "application/json", RawBody: `{"success":"yes"}`},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			f.Operation, f.Times = emulator.OpRegister, 10
			h.emu.InjectFault(f)
			c := h.client(t, func(cfg *cloudapi.Config) { cfg.AttemptTimeout = 300 * time.Millisecond })
			report, err := c.Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456", Region: "DE"})
			if err != nil {
				t.Fatalf("Register: %v", err)
			}
			if report.LostAnswer == nil || report.Sent != 1 {
				t.Errorf("report = %+v, want a lost answer confirmed by a read, one call sent", report)
			}
			if got := h.emu.BudgetUsed(testNumber, emulator.OpRegister); got != 1 {
				t.Errorf("registers spent = %d, want exactly 1", got)
			}
			if n, _ := h.emu.Number(testNumber); !n.Registered() || n.Region != "DE" {
				t.Errorf("number = %+v", n)
			}
		})
	}
}

// A lost answer where Meta did not act: the read shows it, and only then is
// the register sent again.
func TestLostAnswerWithoutEffectIsSentAgainAfterTheRead(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, CutBody: true})
	report, err := h.client(t).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"})
	if err != nil {
		t.Fatal(err)
	}
	if report.Sent != 2 || report.LostAnswer != nil {
		t.Errorf("report = %+v", report)
	}
	want := []string{"register", "get_phone_number", "get_settings", "register"}
	if got := h.emu.Operations(testNumber); !sameSet(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
}

// The same lost answer, with no retries left: the error says the read
// showed no effect; nothing is claimed, nothing is resent.
func TestLostAnswerWithoutEffectAndNoRetriesLeft(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, DropConnection: true})
	_, err := h.client(t, func(cfg *cloudapi.Config) { cfg.MaxRetries = 0 }).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"})
	var noEffect *cloudapi.NoEffectError
	if !errors.As(err, &noEffect) || noEffect.Observed == "" {
		t.Fatalf("want NoEffectError, got %v", err)
	}
	if got := h.emu.Count(emulator.OpRegister); got != 1 {
		t.Errorf("registers = %d, want 1", got)
	}
}

// When the read cannot settle it, the outcome is unknown: an error, with
// what was seen, and no second register.
func TestLostAnswerThatAReadCannotSettle(t *testing.T) {
	t.Run("read fails", func(t *testing.T) {
		h := newHarness(t, emulator.Options{})
		h.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Act: true, DropConnection: true})
		h.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Status: 500, Code: 2, Times: 100})
		_, err := h.client(t).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"})
		var unknown *cloudapi.UnknownOutcomeError
		if !errors.As(err, &unknown) || unknown.ReadErr == nil || unknown.Attempts != 1 {
			t.Fatalf("want UnknownOutcomeError with the read's failure, got %v", err)
		}
		if got := h.emu.Count(emulator.OpRegister); got != 1 {
			t.Errorf("registers = %d, want 1", got)
		}
	})
	t.Run("register again of a registered number", func(t *testing.T) {
		h := newHarness(t, emulator.Options{})
		h.emu.Update(testNumber, func(n *emulator.Number) { n.PlatformType, n.PIN = emulator.PlatformCloudAPI, "123456" })
		h.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, DropConnection: true})
		_, err := h.client(t).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456", Again: true})
		var unknown *cloudapi.UnknownOutcomeError
		if !errors.As(err, &unknown) || unknown.Observed == "" {
			t.Fatalf("want UnknownOutcomeError with what the read saw, got %v", err)
		}
		if got := h.emu.Count(emulator.OpRegister); got != 1 {
			t.Errorf("registers = %d, want 1", got)
		}
	})
}

func TestLostAnswerAfterDeregisterIsSettledByARead(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.Update(testNumber, func(n *emulator.Number) { n.PlatformType = emulator.PlatformCloudAPI })
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpDeregister, Act: true, DropConnection: true})
	report, err := h.client(t).Deregister(context.Background(), testNumber)
	if err != nil || report.LostAnswer == nil || report.Sent != 1 {
		t.Fatalf("report %+v, err %v", report, err)
	}
	if got := h.emu.BudgetUsed(testNumber, emulator.OpDeregister); got != 1 {
		t.Errorf("deregisters spent = %d, want 1", got)
	}
}

// "Not registered" from a deregister counts as done only when a read
// confirms it.
func TestDeregisterNotRegisteredNeedsConfirmation(t *testing.T) {
	t.Run("confirmed", func(t *testing.T) {
		h := newHarness(t, emulator.Options{})
		report, err := h.client(t).Deregister(context.Background(), testNumber)
		if err != nil || !report.AlreadyDone {
			t.Fatalf("report %+v, err %v", report, err)
		}
	})
	for name, f := range map[string]emulator.Fault{
		"133010":  {Code: 133010},
		"100/33":  {Code: 100, Subcode: 33},
		"803":     {Code: 803, Status: 404},
		"2207051": {Code: 100, Subcode: 2207051},
	} {
		t.Run("contradicted by the read: "+name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			h.emu.Update(testNumber, func(n *emulator.Number) { n.PlatformType = emulator.PlatformCloudAPI })
			f.Operation = emulator.OpDeregister
			h.emu.InjectFault(f)
			report, err := h.client(t).Deregister(context.Background(), testNumber)
			var unconfirmed *cloudapi.UnconfirmedAbsenceError
			if !errors.As(err, &unconfirmed) || unconfirmed.Observed == "" || report.AlreadyDone {
				t.Fatalf("want UnconfirmedAbsenceError, got %+v, %v", report, err)
			}
		})
	}
	t.Run("not visible to the token", func(t *testing.T) {
		h := newHarness(t, emulator.Options{})
		h.emu.Update(testNumber, func(n *emulator.Number) { n.PlatformType, n.Hidden = emulator.PlatformCloudAPI, true })
		_, err := h.client(t).Deregister(context.Background(), testNumber)
		var unconfirmed *cloudapi.UnconfirmedAbsenceError
		if !errors.As(err, &unconfirmed) || !cloudapi.IsNotVisible(unconfirmed.ReadErr) {
			t.Fatalf("want UnconfirmedAbsenceError with a 100/33 read, got %v", err)
		}
	})
}

// A write that certainly never left (connection refused) may be retried.
func TestWriteThatNeverLeftIsRetried(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := cloudapi.New(cloudapi.Config{BaseURL: url, AccessToken: testToken, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	report, err := c.Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"})
	var transport *cloudapi.TransportError
	if !errors.As(err, &transport) || transport.Attempts != 3 || report.Sent != 0 {
		t.Fatalf("want 3 attempts that never left, got %+v, %v", report, err)
	}
}

// Ctrl-C while a register is on the wire: its answer is awaited for the
// write grace, so the outcome is seen rather than guessed.
func TestCancelledRegisterGetsItsGrace(t *testing.T) {
	h := newHarness(t, emulator.Options{Latency: 200 * time.Millisecond})
	c := h.client(t, func(cfg *cloudapi.Config) { cfg.WriteGrace = 2 * time.Second })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	report, err := c.Register(ctx, testNumber, cloudapi.RegisterRequest{PIN: "123456"})
	if err != nil || report.LostAnswer != nil {
		t.Fatalf("the answer came within the grace: %+v, %v", report, err)
	}
	if n, _ := h.emu.Number(testNumber); !n.Registered() {
		t.Error("not registered")
	}
}

// A grace shorter than the wait: the client gives up on the answer, then
// reads the number (on a context of its own) to learn what happened.
func TestCancelledRegisterBeyondItsGraceIsSettledByARead(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Act: true, Hang: true})
	c := h.client(t, func(cfg *cloudapi.Config) { cfg.WriteGrace = 50 * time.Millisecond })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	report, err := c.Register(ctx, testNumber, cloudapi.RegisterRequest{PIN: "123456"})
	if err != nil || report.LostAnswer == nil {
		t.Fatalf("want the register confirmed by the read after the grace, got %+v, %v", report, err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("cancel plus grace took %v", took)
	}
}

// Cancelled before a register leaves: nothing is sent.
func TestCancelledBeforeSendingSendsNothing(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.client(t).Register(ctx, testNumber, cloudapi.RegisterRequest{PIN: "123456"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if n := len(h.requests()); n != 0 {
		t.Errorf("%d requests sent after cancellation", n)
	}
}

// A transient error after Meta acted does not say whether the register
// took effect: a read decides, and one register is spent.
func TestTransientErrorAfterActingIsSettledByARead(t *testing.T) {
	for _, code := range []int{1, 2, 131000, 133004} {
		h := newHarness(t, emulator.Options{})
		h.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Act: true, Code: code, Status: 500, Times: 10})
		report, err := h.client(t).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"})
		if err != nil || report.LostAnswer == nil || h.emu.Count(emulator.OpRegister) != 1 {
			t.Errorf("code %d: %+v, %v after %d registers", code, report, err, h.emu.Count(emulator.OpRegister))
		}
	}
}

// 133015 refuses a register that was not processed, and each refusal may
// count: one more attempt after the cooldown, then the call stops.
func TestWaitBeforeRegisteringIsTriedOnceMore(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Code: 133015, Times: 10})
	_, err := h.client(t).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"})
	if apiErr, ok := cloudapi.AsError(err); !ok || apiErr.Code != cloudapi.CodeWaitBeforeRegistering || h.emu.Count(emulator.OpRegister) != 2 {
		t.Fatalf("want 133015 after two attempts, got %v after %d", err, h.emu.Count(emulator.OpRegister))
	}
}

// Graph may quote what it was sent; the client's errors never do.
func TestErrorsNeverEchoSecrets(t *testing.T) {
	h := newHarness(t, emulator.Options{AppSecret: testAppSecret})
	proof := cloudapi.AppSecretProof(testToken, testAppSecret)
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpSetPIN, Code: 100,
		Message: "Bad pin 654321 with token " + testToken + " proof " + proof + " secret " + testAppSecret})
	err := h.client(t, func(cfg *cloudapi.Config) { cfg.AppSecret = testAppSecret }).SetPIN(context.Background(), testNumber, "654321")
	if err == nil {
		t.Fatal("want an error")
	}
	for _, secret := range []string{"654321", testToken, proof, testAppSecret} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the error repeats a secret: %v", err)
		}
	}
}

// The trace of the read that failed to settle a lost answer is kept.
func TestUnknownOutcomeKeepsTheReadsTrace(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Act: true, DropConnection: true})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Code: 10, Status: 403, Times: 10})
	_, err := h.client(t).Register(context.Background(), testNumber, cloudapi.RegisterRequest{PIN: "123456"})
	apiErr, ok := cloudapi.AsError(err)
	if !ok || apiErr.Code != 10 || apiErr.FBTraceID == "" {
		t.Fatalf("want the read's 10 with its trace in the chain, got %v", err)
	}
}
