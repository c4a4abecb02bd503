package cloudapi

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// The pacer against a clock the test controls: no wall-clock spacing is
// measured, so a loaded machine cannot fail it.
func TestPacerSpacesCallsOncePastTheThreshold(t *testing.T) {
	var (
		mu     sync.Mutex
		clock  = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
		slept  []time.Duration
		logged []string
	)
	p := newPacer(80, time.Second)
	p.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	p.sleep = func(_ context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		slept = append(slept, d)
		clock = clock.Add(d)
		return nil
	}
	log := func(_ context.Context, _ Level, msg string, _ map[string]any) { logged = append(logged, msg) }
	ctx := context.Background()

	// Below the threshold: no wait at all.
	p.observe(Usage{Reported: true, Percent: 50, Budget: "app"})
	for range 3 {
		if err := p.wait(ctx, log); err != nil {
			t.Fatal(err)
		}
	}
	if len(slept) != 0 || len(logged) != 0 {
		t.Fatalf("below 80%%: slept %v, logged %v", slept, logged)
	}

	// Past 80%: the first call goes at once, each next one a second later.
	p.observe(Usage{Reported: true, Percent: 86, Budget: "app"})
	for range 4 {
		if err := p.wait(ctx, log); err != nil {
			t.Fatal(err)
		}
	}
	want := []time.Duration{time.Second, time.Second, time.Second}
	if len(slept) != len(want) || slept[0] != want[0] || slept[1] != want[1] || slept[2] != want[2] {
		t.Errorf("slept %v, want %v", slept, want)
	}
	if len(logged) != 1 || !strings.Contains(logged[0], "86% of Meta's call budget (app) is used; spacing calls 1s apart") {
		t.Errorf("logged %v, want one announcement", logged)
	}

	// Past 95%: four times the spacing.
	slept = nil
	p.observe(Usage{Reported: true, Percent: 97, Budget: "app"})
	for range 2 {
		if err := p.wait(ctx, log); err != nil {
			t.Fatal(err)
		}
	}
	if len(slept) != 2 || slept[0] != time.Second || slept[1] != 4*time.Second {
		t.Errorf("past 95%%: slept %v, want the slot left from before (1s), then 4s", slept)
	}

	// A call that arrives after its slot does not wait.
	slept = nil
	clock = clock.Add(time.Minute)
	if err := p.wait(ctx, log); err != nil || len(slept) != 0 {
		t.Errorf("a late call waited %v (%v)", slept, err)
	}

	// A cancelled wait ends with the context's error.
	p.sleep = sleep
	p.now = time.Now
	p.next = time.Now().Add(time.Hour)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := p.wait(cancelled, log); err == nil {
		t.Error("a cancelled wait returned nil")
	}
}
