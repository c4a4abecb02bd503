package cloudapi

import (
	"fmt"
	"strings"
	"time"
)

// The failures that are not Meta's error envelope: no usable answer, an
// answer not understood, an outcome nobody could settle. None of them is
// ever read as "gone" or "not registered".

// TransportError is a call that got no usable HTTP answer (refused, reset,
// timed out, body cut off) after every attempt.
type TransportError struct {
	RequestLabel string
	Host         string
	Attempts     int
	// TimedOut is set when the last attempt ran out of its per-attempt
	// timeout (a server that hangs or drips its answer).
	TimedOut bool
	Timeout  time.Duration
	Err      error
}

func (e *TransportError) Error() string {
	if e.TimedOut {
		return fmt.Sprintf("%s: no complete answer from %s within %s, after %d attempt(s): %v", e.RequestLabel, e.Host, e.Timeout, e.Attempts, e.Err)
	}
	return fmt.Sprintf("%s: no answer from %s after %d attempt(s): %v", e.RequestLabel, e.Host, e.Attempts, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// NotUnderstoodError is a 2xx answer whose shape the client does not know:
// a field it decides on is missing, null or has an unknown value, or the
// body is not the JSON object it expects. It is never taken as "gone" or
// "not registered".
type NotUnderstoodError struct {
	RequestLabel string
	// Field is the JSON field at fault ("" for the body as a whole).
	Field string
	// Got describes what was received, shortened; bodies of the endpoints
	// read this way hold no secrets.
	Got string
	// Want says what a recognised answer holds.
	Want string
	// FBTraceID is the answer's X-Fb-Trace-Id header, if any.
	FBTraceID string
}

// TraceID is the answer's fbtrace_id, or why there is none.
func (e *NotUnderstoodError) TraceID() string {
	if e.FBTraceID == "" {
		return "none returned"
	}
	return e.FBTraceID
}

func (e *NotUnderstoodError) Error() string {
	where := "the answer"
	if e.Field != "" {
		where = "field " + e.Field
	}
	return fmt.Sprintf("%s: Meta's answer was not understood: %s is %s; expected %s", e.RequestLabel, where, e.Got, e.Want)
}

// UnknownOutcomeError is a register or deregister that may or may not have
// taken effect: its answer was lost (reset, cut, malformed, timed out or
// cancelled) or did not say (a transient error), and the read that followed
// could not settle it.
type UnknownOutcomeError struct {
	RequestLabel string
	// Attempts is how many requests may have reached Meta.
	Attempts int
	// Cause is why the write's own answer was not seen.
	Cause error
	// Observed is what the read afterwards showed ("" when it failed).
	Observed string
	// ReadErr is why the read afterwards failed, if it did.
	ReadErr error
}

func (e *UnknownOutcomeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: the outcome is unknown: no answer said whether it took effect (%v)", e.RequestLabel, e.Cause)
	if e.Observed != "" {
		fmt.Fprintf(&b, "; a read afterwards shows %s, which cannot tell whether the call took effect", e.Observed)
	}
	if e.ReadErr != nil {
		fmt.Fprintf(&b, "; the read afterwards failed too: %v", e.ReadErr)
	}
	return b.String()
}

func (e *UnknownOutcomeError) Unwrap() []error { return []error{e.Cause, e.ReadErr} }
