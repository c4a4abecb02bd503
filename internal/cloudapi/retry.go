package cloudapi

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// checkRetry decides, for go-retryablehttp, whether an attempt is worth
// repeating. Graph errors are classified by their code (Error.Retryable);
// the body is read here and put back so the caller can still parse it.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		// The default policy already refuses what can never succeed: bad
		// scheme, too many redirects, certificate errors.
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	if resp.StatusCode < 400 {
		return false, nil
	}
	raw, readErr := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	if readErr != nil {
		// A body cut off mid-read is a network failure: worth another attempt.
		return true, nil //nolint:nilerr // the error is the reason to retry, not a failure of the check
	}
	apiErr := parseError(resp, raw)
	if info, ok := ctx.Value(callInfoKey{}).(*callInfo); ok {
		info.lastCode = apiErr.Code
	}
	return apiErr.Retryable(), nil
}

// backoff is backoff plus Meta's "wait a few minutes before registering"
// (133015), which no short wait can satisfy.
func (c *Client) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	wait := backoff(minWait, maxWait, attempt, resp)
	if resp != nil && resp.Request != nil {
		if info, ok := resp.Request.Context().Value(callInfoKey{}).(*callInfo); ok && info.lastCode == CodeWaitBeforeRegistering {
			wait = max(wait, c.cooldown)
		}
	}
	return wait
}

// backoff honours Retry-After when the server sends one, and otherwise waits
// an exponentially growing, jittered time between min and max.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d
		}
	}
	wait := minWait
	for i := 0; i < attempt && wait < maxWait; i++ {
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
