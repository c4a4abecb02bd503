package cloudapi

import (
	"errors"
	"fmt"
	"time"
)

// The classification of one attempt's result, apart from what call does
// about it: classify is a pure function of what came back (status, headers,
// body, the decode result, a transport error, the context's state) and
// returns a typed outcome; call owns the retry and wait policy. Its table
// test is outcome_test.go.

// outcomeKind is what one attempt's result means.
type outcomeKind int

const (
	// outcomeSuccess is a 2xx answer whose body decoded (or was not read).
	outcomeSuccess outcomeKind = iota
	// outcomeGraphError is an error Meta gave that sending again cannot
	// fix (a Graph envelope or a gateway page with a 4xx status).
	outcomeGraphError
	// outcomeRetryable is a failure another attempt may cure: a transient
	// Graph error, a transport failure of a request that is safe to send
	// again (a read, or a write that never left), or a malformed 2xx body of
	// a read. The wait is the ordinary backoff.
	outcomeRetryable
	// outcomeThrottled is Meta's call-rate limiting; regain says how long
	// Meta told the client to wait, when it did.
	outcomeThrottled
	// outcomeWaitBeforeRegistering is 133015: Meta's "few minutes" after a
	// deregister, which call waits out once.
	outcomeWaitBeforeRegistering
	// outcomeLostAnswer is a budget write (register, deregister) that may
	// have reached Meta without a definite answer: err is an *unseenError,
	// and call never sends it again blind.
	outcomeLostAnswer
	// outcomeNotUnderstood is a 2xx answer of a shape the client does not
	// know, or a body over MaxResponseBytes.
	outcomeNotUnderstood
	// outcomeStopped is a transport failure while the caller's context was
	// done: the caller stopped the call, nothing more is tried.
	outcomeStopped
)

func (k outcomeKind) String() string {
	switch k {
	case outcomeSuccess:
		return "success"
	case outcomeGraphError:
		return "graph error"
	case outcomeRetryable:
		return "retryable"
	case outcomeThrottled:
		return "throttled"
	case outcomeWaitBeforeRegistering:
		return "wait before registering"
	case outcomeLostAnswer:
		return "lost answer"
	case outcomeNotUnderstood:
		return "not understood"
	case outcomeStopped:
		return "stopped"
	}
	return fmt.Sprintf("outcomeKind(%d)", int(k))
}

// attemptFacts is everything classify reads: the attempt's result and the
// call's facts it depends on.
type attemptFacts struct {
	label string
	host  string
	// budget marks a register or deregister (request.budget).
	budget bool
	// attempts counts the attempts so far, this one included.
	attempts int
	// hung is set when an earlier attempt of the call timed out.
	hung           bool
	attemptTimeout time.Duration
	secrets        []string
	res            attemptResult
	// decodeErr is decode2xx's result, for a 2xx answer only.
	decodeErr error
	// ctxErr is the caller's context's error once the attempt ended.
	ctxErr error
}

// outcome is classify's answer.
type outcome struct {
	kind outcomeKind
	// err is the call's error should it end here (nil on success). For
	// outcomeStopped it is the last failure, which stopped wraps.
	err error
	// regain and regainTold are Meta's wait for a throttled call.
	regain     time.Duration
	regainTold bool
	// hung carries the call's "an attempt timed out" on to the next attempt.
	hung bool
}

// classify says what one attempt's result means. It has no side effects and
// reads no clock but regainTime's parsing of an HTTP-date Retry-After.
func classify(f attemptFacts) outcome {
	res := f.res
	switch {
	case res.tooLarge:
		nu := &NotUnderstoodError{RequestLabel: f.label, Got: fmt.Sprintf("a body of more than %d bytes (HTTP %d)", MaxResponseBytes, res.status),
			Want: "an answer of the documented shape", FBTraceID: res.header.Get("X-Fb-Trace-Id")}
		if f.budget {
			return outcome{kind: outcomeLostAnswer, err: &unseenError{cause: nu}, hung: f.hung}
		}
		return outcome{kind: outcomeNotUnderstood, err: nu, hung: f.hung}
	case res.err != nil:
		// A server that hung once and is cut off by the caller's deadline
		// on the next attempt still hangs.
		hung := f.hung || res.timedOut
		te := &TransportError{RequestLabel: f.label, Host: f.host, Attempts: f.attempts, TimedOut: hung, Timeout: f.attemptTimeout, Err: res.err}
		switch {
		case f.budget && res.sent:
			return outcome{kind: outcomeLostAnswer, err: &unseenError{cause: te, retryable: true}, hung: hung}
		case f.ctxErr != nil:
			return outcome{kind: outcomeStopped, err: te, hung: hung}
		}
		return outcome{kind: outcomeRetryable, err: te, hung: hung}
	case res.status >= 200 && res.status <= 299:
		err := f.decodeErr
		var nu *NotUnderstoodError
		switch {
		case err == nil:
			return outcome{kind: outcomeSuccess, hung: f.hung}
		case f.budget:
			return outcome{kind: outcomeLostAnswer, err: &unseenError{cause: err, retryable: false}, hung: f.hung}
		case errors.As(err, &nu):
			return outcome{kind: outcomeNotUnderstood, err: err, hung: f.hung}
		}
		// A malformed body: worth another read.
		return outcome{kind: outcomeRetryable, err: err, hung: f.hung}
	}
	apiErr := parseError(res.status, res.header, res.raw)
	apiErr.Attempts, apiErr.RequestLabel = f.attempts, f.label
	apiErr.scrub(f.secrets)
	switch {
	case f.budget && (apiErr.NonJSONBody || apiErr.Retryable() && !apiErr.refusedUnprocessed()):
		// A gateway spoke, not Meta, or Meta failed in a way that does not
		// say whether it acted: the write may have happened.
		return outcome{kind: outcomeLostAnswer, err: &unseenError{cause: apiErr, retryable: apiErr.Retryable()}, hung: f.hung}
	case !apiErr.Retryable():
		return outcome{kind: outcomeGraphError, err: apiErr, hung: f.hung}
	case apiErr.Throttled():
		regain, told := regainTime(res.header)
		if told {
			apiErr.RegainAccess = regain
		}
		return outcome{kind: outcomeThrottled, err: apiErr, regain: regain, regainTold: told, hung: f.hung}
	case apiErr.Code == CodeWaitBeforeRegistering:
		return outcome{kind: outcomeWaitBeforeRegistering, err: apiErr, hung: f.hung}
	}
	return outcome{kind: outcomeRetryable, err: apiErr, hung: f.hung}
}
