package cloudapi

import (
	"net/http"
	"testing"
	"time"
)

func TestBackoffGrowsWithJitterWithinBounds(t *testing.T) {
	minWait, maxWait := 100*time.Millisecond, 2*time.Second
	for attempt := 1; attempt <= 8; attempt++ {
		ceiling := min(minWait<<(attempt-1), maxWait)
		for range 50 {
			d := jitteredBackoff(minWait, maxWait, attempt)
			if d < ceiling/2 || d > ceiling {
				t.Fatalf("attempt %d: wait %v outside [%v, %v]", attempt, d, ceiling/2, ceiling)
			}
		}
	}
}

func TestRetryAfterIsHonouredUpToTheLongestWait(t *testing.T) {
	c, err := New(Config{AccessToken: "t", RetryWaitMin: time.Millisecond, RetryWaitMax: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for header, want := range map[string]time.Duration{"7": 7 * time.Second, "3600": 30 * time.Second, "0": 0} {
		if got := c.backoff(1, http.Header{"Retry-After": {header}}); got != want {
			t.Errorf("Retry-After %s gave %v, want %v", header, got, want)
		}
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	if d, ok := retryAfter(now.Add(90*time.Second).Format(http.TimeFormat), now); !ok || d != 90*time.Second {
		t.Errorf("HTTP-date Retry-After gave %v %v", d, ok)
	}
	if _, ok := retryAfter("soon", now); ok {
		t.Error("accepted a malformed Retry-After")
	}
}

// A read that hangs is cut off by the attempt timeout and tried again; the
// provider bounds the whole read at 90s. The defaults must leave room for a
// second attempt inside that bound, or a single hang would fail a plan.
func TestDefaultAttemptTimeoutLeavesRoomForARetryInARead(t *testing.T) {
	c, err := New(Config{AccessToken: "t", MaxRetries: DefaultMaxRetries})
	if err != nil {
		t.Fatal(err)
	}
	const providerReadTimeout = 90 * time.Second
	if twoAttempts := 2*c.attemptTimeout + c.waitMin; twoAttempts >= providerReadTimeout {
		t.Errorf("two attempts take %v, not less than a read's %v", twoAttempts, providerReadTimeout)
	}
}
