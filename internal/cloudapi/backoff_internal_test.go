package cloudapi

import (
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
