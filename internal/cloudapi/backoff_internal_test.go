package cloudapi

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestBackoffGrowsWithJitterWithinBounds(t *testing.T) {
	minWait, maxWait := 100*time.Millisecond, 2*time.Second
	for attempt := range 8 {
		ceiling := min(minWait<<attempt, maxWait)
		for range 50 {
			d := backoff(minWait, maxWait, attempt, nil)
			if d < ceiling/2 || d > ceiling {
				t.Fatalf("attempt %d: wait %v outside [%v, %v]", attempt, d, ceiling/2, ceiling)
			}
		}
	}
}

func TestBackoffHonoursRetryAfter(t *testing.T) {
	resp := &http.Response{Header: http.Header{"Retry-After": {"7"}}}
	if d := backoff(time.Millisecond, time.Second, 0, resp); d != 7*time.Second {
		t.Errorf("Retry-After 7 gave %v", d)
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	if d, ok := retryAfter(now.Add(90*time.Second).Format(http.TimeFormat), now); !ok || d != 90*time.Second {
		t.Errorf("HTTP-date Retry-After gave %v %v", d, ok)
	}
	if _, ok := retryAfter("soon", now); ok {
		t.Error("accepted a malformed Retry-After")
	}
}

func TestBackoffWaitsOutTheRegisterCooldown(t *testing.T) {
	c, err := New(Config{AccessToken: "t", RegisterCooldown: 45 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[int]time.Duration{CodeWaitBeforeRegistering: 45 * time.Second, CodeTemporarilyUnavailable: 0} {
		info := &callInfo{lastCode: code}
		req, _ := http.NewRequestWithContext(context.WithValue(context.Background(), callInfoKey{}, info), http.MethodPost, "http://127.0.0.1/", nil)
		got := c.backoff(time.Millisecond, 2*time.Millisecond, 0, &http.Response{Request: req, Header: http.Header{}})
		if want > 0 && got != want {
			t.Errorf("code %d: wait %v, want %v", code, got, want)
		}
		if want == 0 && got > 2*time.Millisecond {
			t.Errorf("code %d: wait %v, want the ordinary backoff", code, got)
		}
	}
}

func TestAttemptCounterCountsRetries(t *testing.T) {
	ctx, counter := WithAttemptCounter(context.Background())
	c, err := New(Config{AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		req, _ := http.NewRequestWithContext(context.WithValue(ctx, callInfoKey{}, &callInfo{}), http.MethodGet, "http://127.0.0.1/", nil)
		c.logAttempt(nil, req, i)
	}
	if counter.Attempts() != 3 {
		t.Errorf("Attempts() = %d, want 3", counter.Attempts())
	}
}
