package cloudapi_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// A read that hangs, or drips its body, is cut off by the attempt timeout
// and tried again.
func TestHungAndDrippingReadsAreCutOffAndRetried(t *testing.T) {
	for name, f := range map[string]emulator.Fault{
		"hang": {Hang: true},
		"drip": {Drip: 100 * time.Millisecond},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			f.Operation = emulator.OpGetPhoneNumber
			h.emu.InjectFault(f)
			c := h.client(t, func(cfg *cloudapi.Config) { cfg.AttemptTimeout = 200 * time.Millisecond })
			if _, err := c.PhoneNumber(context.Background(), testNumber); err != nil {
				t.Fatalf("the second attempt should answer: %v", err)
			}
			if got := h.emu.Count(emulator.OpGetPhoneNumber); got != 2 {
				t.Errorf("attempts = %d, want 2", got)
			}
		})
	}
}

// A host that never answers: the call fails with a timeout error naming
// the attempt timeout, and later calls make a single attempt each.
func TestAHostThatNeverAnswers(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Hang: true, Times: 100})
	c := h.client(t, func(cfg *cloudapi.Config) { cfg.AttemptTimeout = 100 * time.Millisecond; cfg.MaxRetries = 2 })
	_, err := c.PhoneNumber(context.Background(), testNumber)
	var transport *cloudapi.TransportError
	if !errors.As(err, &transport) || !transport.TimedOut || transport.Attempts != 3 {
		t.Fatalf("want a timed-out TransportError after 3 attempts, got %v", err)
	}
	if !strings.Contains(err.Error(), "within 100ms") {
		t.Errorf("the message does not name the timeout: %v", err)
	}
	if _, err := c.StorageConfiguration(context.Background(), testNumber); !errors.As(err, &transport) || transport.Attempts != 1 {
		t.Fatalf("after a dead host, want one attempt, got %v", err)
	}
	h.emu.ClearFaults()
	if _, err := c.PhoneNumber(context.Background(), testNumber); err != nil {
		t.Fatalf("once the host answers again: %v", err)
	}
}

// A throttled answer whose regain time does not fit in the caller's
// deadline fails at once, naming the wait; nothing is retried.
func TestThrottledWithALongRegainFailsAtOnce(t *testing.T) {
	h := newHarness(t, emulator.Options{CallsPerHour: 5})
	h.emu.SpendCalls(testWABA, 5)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := time.Now()
	_, err := h.client(t).PhoneNumber(ctx, testNumber)
	apiErr, ok := cloudapi.AsError(err)
	if !ok || apiErr.Code != cloudapi.CodeBusinessRateLimit || apiErr.RegainAccess != 60*time.Minute {
		t.Fatalf("want 80007 with 60 minutes to regain, got %v (%+v)", err, apiErr)
	}
	if got := h.emu.Count(emulator.OpGetPhoneNumber); got != 1 {
		t.Errorf("attempts = %d, want 1", got)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v to fail", took)
	}
}

// Without a deadline a long regain wait still does not burn the retries:
// it is the one wait the client makes, logged at INFO with the minutes.
func TestThrottledWaitIsLoggedAndBounded(t *testing.T) {
	h := newHarness(t, emulator.Options{CallsPerHour: 5})
	h.emu.SpendCalls(testWABA, 5)
	var mu sync.Mutex
	var infos []string
	c := h.client(t, func(cfg *cloudapi.Config) {
		cfg.Log = func(_ context.Context, level cloudapi.Level, msg string, _ map[string]any) {
			if level == cloudapi.LevelInfo {
				mu.Lock()
				infos = append(infos, msg)
				mu.Unlock()
			}
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	_, err := c.PhoneNumber(ctx, testNumber)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want the 60-minute wait to be under way when cancelled, got %v", err)
	}
	if got := h.emu.Count(emulator.OpGetPhoneNumber); got != 1 {
		t.Errorf("attempts = %d, want 1", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(infos) != 1 || !strings.Contains(infos[0], "waiting 60 minutes for Meta's call budget") {
		t.Errorf("INFO logs = %q", infos)
	}
}

// Usage headers are read and logged; above the threshold the client spaces
// its calls instead of running into the wall.
func TestUsageHeadersSlowTheClientDown(t *testing.T) {
	h := newHarness(t, emulator.Options{CallsPerHour: 100})
	h.emu.SpendCalls(testWABA, 85)
	var mu sync.Mutex
	var logged strings.Builder
	c := h.client(t, func(cfg *cloudapi.Config) {
		cfg.PaceInterval = 40 * time.Millisecond
		cfg.Log = func(_ context.Context, _ cloudapi.Level, msg string, fields map[string]any) {
			mu.Lock()
			fmt.Fprintln(&logged, msg, fields)
			mu.Unlock()
		}
	})
	for range 4 {
		if _, err := c.PhoneNumber(context.Background(), testNumber); err != nil {
			t.Fatal(err)
		}
	}
	// The spacing itself is TestPacerSpacesCallsOncePastTheThreshold's, on
	// a clock it controls: measured here it would fail on a loaded machine.
	mu.Lock()
	defer mu.Unlock()
	out := logged.String()
	if !strings.Contains(out, "call_budget_used_percent:86") || !strings.Contains(out, "spacing calls 40ms apart") {
		t.Errorf("logs lack the usage or the pacing:\n%s", out)
	}
}
