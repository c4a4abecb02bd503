package cloudapi

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// backoff is the wait before attempt n+1: the server's Retry-After when it
// sends one, capped by the longest wait, and otherwise an exponentially
// growing, jittered time between the shortest and the longest wait.
func (c *Client) backoff(attempt int, header http.Header) time.Duration {
	if header != nil {
		if d, ok := retryAfter(header.Get("Retry-After"), time.Now()); ok {
			// A Retry-After of an hour would hold a plan for an hour.
			return min(d, c.waitMax)
		}
	}
	return jitteredBackoff(c.waitMin, c.waitMax, attempt)
}

func jitteredBackoff(minWait, maxWait time.Duration, attempt int) time.Duration {
	wait := minWait
	for i := 1; i < attempt && wait < maxWait; i++ {
		wait *= 2
	}
	wait = min(wait, maxWait)
	// Full jitter over the upper half keeps retries of parallel applies apart.
	half := wait / 2
	if half <= 0 {
		return wait
	}
	return half + time.Duration(rand.Int64N(int64(half)+1)) //nolint:gosec // jitter needs no cryptographic randomness
}

// retryAfter parses a Retry-After header given in seconds or as an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// fitsBefore reports whether a wait of d ends before ctx's deadline.
func fitsBefore(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func minutes(d time.Duration) string {
	if m := int(d.Round(time.Minute) / time.Minute); m != 1 {
		return fmt.Sprintf("%d minutes", m)
	}
	return "1 minute"
}
