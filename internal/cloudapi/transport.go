package cloudapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// request is one API call.
type request struct {
	method string
	// label names the operation for errors and logs, for example
	// "register phone number 1234".
	label string
	// path is the node id, then edges.
	path  []string
	query url.Values
	body  map[string]any
	// budget marks a register or deregister. Such a call is never sent again
	// once it may have reached Meta without a definite answer: call returns
	// an *unseenError instead, and budgetWrite settles it with a read.
	budget bool
	// maxAttempts overrides the client's retry budget when positive.
	maxAttempts int
	// decode reads a 2xx body (nil: the body is ignored). It returns a
	// *NotUnderstoodError for a shape it does not know; any other error
	// means a malformed body, which a read retries.
	decode func(raw []byte) error
}

// callStats is what call reports besides its error.
type callStats struct {
	// attempts is every HTTP attempt made; sent those that may have reached
	// the server (its request headers were written).
	attempts, sent int
	// date is the Date header of the answer that succeeded (zero when
	// absent or unreadable).
	date time.Time
}

// unseenError is a budget write that may have reached Meta without a
// definite answer: a reset, a timeout, a cut or unknown 2xx body, a gateway
// page, or a cancellation while it was on the wire.
type unseenError struct {
	cause error
	// retryable says whether sending again could succeed once a read has
	// shown that this attempt did not take effect.
	retryable bool
}

func (e *unseenError) Error() string { return e.cause.Error() }
func (e *unseenError) Unwrap() error { return e.cause }

// attemptResult is one HTTP exchange.
type attemptResult struct {
	status   int
	header   http.Header
	raw      []byte
	err      error // no complete answer: transport failure or cut body
	sent     bool
	timedOut bool
	tooLarge bool
}

// call sends one request, retrying what may succeed on a retry, within the
// bounds of ctx, the attempt timeout and the retry budget.
func (c *Client) call(ctx context.Context, r *request) (callStats, error) {
	var stats callStats
	if c.token == "" {
		return stats, fmt.Errorf("%s: %w", r.label, ErrNoAccessToken)
	}
	if r.path[0] != appNode && !IDPattern.MatchString(r.path[0]) {
		return stats, fmt.Errorf("%s: id %q is not a Graph id (1 to %d digits)", r.label, r.path[0], maxIDLength)
	}
	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return stats, fmt.Errorf("%s: encoding request: %w", r.label, err)
		}
	}
	target := c.url(r.path, r.query)
	maxAttempts := c.maxRetries + 1
	if r.maxAttempts > 0 {
		maxAttempts = r.maxAttempts
	}
	if c.unreachable.Load() {
		maxAttempts = 1
	}
	info := &callInfo{label: r.label, path: "/" + c.version + "/" + strings.Join(r.path, "/"), body: r.body}
	secrets := append(bodySecrets(r.body), c.secrets...)

	var last error
	answered, hung, cooledDown := false, false, false
	for {
		if err := c.pace.wait(ctx, c.log); err != nil {
			return stats, stopped(r.label, stats.attempts, last, err)
		}
		if r.budget && ctx.Err() != nil {
			// Nothing of this attempt has left: stop here, not after sending.
			return stats, stopped(r.label, stats.attempts, last, ctx.Err())
		}
		stats.attempts++
		info.attempt = stats.attempts
		res := c.attempt(ctx, r, target, payload, info)
		if res.sent {
			stats.sent++
		}
		if res.err == nil {
			answered = true
			c.unreachable.Store(false)
		}

		var decodeErr error
		if res.err == nil && !res.tooLarge && res.status >= 200 && res.status <= 299 {
			decodeErr = decode2xx(r, res, secrets)
		}
		out := classify(attemptFacts{label: r.label, host: c.base.Host, budget: r.budget, attempts: stats.attempts, hung: hung,
			attemptTimeout: c.attemptTimeout, secrets: secrets, res: res, decodeErr: decodeErr, ctxErr: ctx.Err()})
		hung = out.hung

		var wait time.Duration
		switch out.kind {
		case outcomeSuccess:
			stats.date, _ = http.ParseTime(res.header.Get("Date"))
			return stats, nil
		case outcomeGraphError, outcomeNotUnderstood, outcomeLostAnswer:
			return stats, out.err
		case outcomeStopped:
			return stats, stopped(r.label, stats.attempts, out.err, ctx.Err())
		case outcomeRetryable:
			last = out.err
		case outcomeThrottled:
			last = out.err
			if out.regainTold {
				if !fitsBefore(ctx, out.regain) || stats.attempts >= maxAttempts {
					// Fail now rather than spend the retries against a
					// budget that Meta says is closed for longer.
					return stats, out.err
				}
				code := 0
				if apiErr, ok := AsError(out.err); ok {
					code = apiErr.Code
				}
				c.log(ctx, LevelInfo, fmt.Sprintf("Cloud API: %s: waiting %s for Meta's call budget to reopen", r.label, minutes(out.regain)),
					map[string]any{"code": code, "wait_minutes": out.regain.Minutes()})
				wait = out.regain
			} else {
				wait = max(c.backoff(stats.attempts, res.header), c.waitMax)
			}
		case outcomeWaitBeforeRegistering:
			last = out.err
			// Each refused register still counts against the budget: wait
			// Meta's "few minutes" once, then stop rather than spend more.
			if cooledDown {
				return stats, out.err
			}
			cooledDown = true
			wait = max(c.backoff(stats.attempts, res.header), c.cooldown)
		}
		if stats.attempts >= maxAttempts {
			if !answered {
				c.unreachable.Store(true)
			}
			return stats, last
		}
		if wait == 0 {
			wait = c.backoff(stats.attempts, res.header)
		}
		if !fitsBefore(ctx, wait) {
			// The next attempt would come after the caller's deadline.
			return stats, last
		}
		if err := sleep(ctx, wait); err != nil {
			return stats, stopped(r.label, stats.attempts, last, err)
		}
	}
}

func decode2xx(r *request, res attemptResult, secrets []string) error {
	if r.decode == nil {
		return nil
	}
	if err := r.decode(res.raw); err != nil {
		var nu *NotUnderstoodError
		if errors.As(err, &nu) {
			nu.RequestLabel = r.label
			nu.FBTraceID = res.header.Get("X-Fb-Trace-Id")
			nu.Got = scrub(nu.Got, secrets)
			return nu
		}
		return fmt.Errorf("%s: the HTTP %d answer is not well-formed JSON (%s): %w", r.label, res.status, res.header.Get("Content-Type"), err)
	}
	return nil
}

// attempt makes one HTTP exchange, the body read included, within the
// attempt timeout. A register or deregister runs on a context that outlives
// a cancellation by the write grace, so that its answer is seen.
func (c *Client) attempt(ctx context.Context, r *request, target string, payload []byte, info *callInfo) attemptResult {
	base := ctx
	if r.budget {
		var release context.CancelFunc
		base, release = withGrace(ctx, c.writeGrace)
		defer release()
	}
	actx, cancel := context.WithTimeout(base, c.attemptTimeout)
	defer cancel()
	var sent atomic.Bool
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{WroteHeaders: func() { sent.Store(true) }})

	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, r.method, target, body)
	if err != nil {
		return attemptResult{err: err}
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	c.logRequest(ctx, info)
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return attemptResult{err: transportCause(err, actx, ctx), sent: sent.Load(), timedOut: timedOut(actx, ctx)}
	}
	defer resp.Body.Close()
	raw, err := readCapped(resp.Body)
	res := attemptResult{status: resp.StatusCode, header: resp.Header, raw: raw, sent: true}
	if errors.Is(err, errTooLarge) {
		res.tooLarge = true
	} else if err != nil {
		res.err = fmt.Errorf("reading the HTTP %d answer: %w", resp.StatusCode, transportCause(err, actx, ctx))
		res.timedOut = timedOut(actx, ctx)
	}
	usage, _ := parseUsage(resp.Header)
	c.pace.observe(usage)
	c.logResponse(ctx, info, resp.StatusCode, time.Since(start), usage, res.err)
	return res
}

// withGrace derives a context that ignores ctx's cancellation for grace,
// then ends. It keeps ctx's values (loggers) but not its deadline.
func withGrace(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	gctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(grace, cancel) })
	return gctx, func() { stop(); cancel() }
}

func timedOut(actx, ctx context.Context) bool {
	return errors.Is(actx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
}

// transportCause strips the URL (whose query holds the appsecret_proof)
// from a transport error and names a per-attempt timeout as such.
func transportCause(err error, actx, ctx context.Context) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	if timedOut(actx, ctx) {
		return fmt.Errorf("the attempt timed out: %w", context.DeadlineExceeded)
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return fmt.Errorf("could not connect: %w", opErr.Err)
	}
	return err
}

// errTooLarge is an answer whose body passed MaxResponseBytes: not a cut
// or lost answer, but one no recognised answer looks like.
var errTooLarge = fmt.Errorf("the body exceeds %d bytes; refusing to read more", MaxResponseBytes)

func readCapped(r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxResponseBytes+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxResponseBytes {
		return nil, errTooLarge
	}
	return raw, nil
}

// stopped is the error of a call that ended because its context did.
func stopped(label string, attempts int, last, ctxErr error) error {
	if last == nil {
		return fmt.Errorf("%s: stopped after %d attempt(s): %w", label, attempts, ctxErr)
	}
	return fmt.Errorf("%s: stopped after %d attempt(s): %w (last failure: %w)", label, attempts, ctxErr, last)
}
