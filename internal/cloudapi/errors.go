package cloudapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Graph error codes the provider reasons about. The table in
// docs/development/cloud-api.md is the source of truth for which are retryable.
const (
	CodeUnknown                 = 1
	CodeService                 = 2
	CodeAppRateLimit            = 4
	CodePermission              = 10
	CodeUserRateLimit           = 17
	CodePageRateLimit           = 32
	CodeInvalidParameter        = 100
	CodeAccessToken             = 190
	CodeAccountRateLimit        = 341
	CodeCallRateLimit           = 613
	CodeObjectNotFound          = 803
	CodeCallbackVerification    = 2200
	CodeDeprecatedVersion       = 2635
	CodeBusinessRateLimit       = 80007
	CodeBusinessUseCaseLimit    = 80008
	CodeSomethingWentWrong      = 131000
	CodeAccountLocked           = 131031
	CodeDeregistrationPending   = 133000
	CodeTemporarilyUnavailable  = 133004
	CodePINMismatch             = 133005
	CodeNeedsReverification     = 133006
	CodeTooManyPINGuesses       = 133008
	CodePINTooFast              = 133009
	CodeNotRegistered           = 133010
	CodeWaitBeforeRegistering   = 133015
	CodeRegistrationRateLimited = 133016

	SubcodeObjectDoesNotExist = 33
	SubcodeNotRegistered      = 2207051
	// SubcodeCannotCreateCertificate is a register refused because Meta has
	// not finished provisioning the number's display name [seen].
	SubcodeCannotCreateCertificate = 2388001
)

// ErrNoAccessToken is returned, before anything is sent, by every call that
// needs a token when the client was built without one.
var ErrNoAccessToken = errors.New("no access token is configured")

// Error is a failed Graph API call: either Meta's JSON error envelope or, when
// something in front of Graph answered (a gateway page), a description of the
// non-JSON body. Its text never contains request secrets.
type Error struct {
	HTTPStatus   int
	Code         int
	Subcode      int
	Type         string
	Message      string
	UserTitle    string
	UserMessage  string
	Details      string
	FBTraceID    string
	NonJSONBody  bool
	ContentType  string
	Attempts     int
	RequestLabel string
	// RegainAccess is Meta's estimated_time_to_regain_access for a throttled
	// call (zero when the answer carried none).
	RegainAccess time.Duration
}

// Error is the whole story, fbtrace_id included, for plain Go callers.
func (e *Error) Error() string {
	return fmt.Sprintf("%s [fbtrace_id: %s]", e.Summary(), e.TraceID())
}

// Summary is Error without the fbtrace_id, for callers that print the trace
// on a line of its own.
func (e *Error) Summary() string {
	var b strings.Builder
	if e.RequestLabel != "" {
		b.WriteString(e.RequestLabel)
		b.WriteString(": ")
	}
	if e.NonJSONBody {
		fmt.Fprintf(&b, "HTTP %d with a non-JSON body", e.HTTPStatus)
		if e.ContentType != "" {
			fmt.Fprintf(&b, " (%s)", e.ContentType)
		}
		b.WriteString(": the answer came from a proxy or gateway in front of the Graph API, not from the API itself")
	} else {
		fmt.Fprintf(&b, "Graph API error %d", e.Code)
		if e.Subcode != 0 {
			fmt.Fprintf(&b, " (subcode %d)", e.Subcode)
		}
		fmt.Fprintf(&b, ", HTTP %d", e.HTTPStatus)
		if e.Message != "" {
			fmt.Fprintf(&b, ": %s", e.Message)
		}
		if e.UserTitle != "" || e.UserMessage != "" {
			fmt.Fprintf(&b, " — %s", strings.TrimSpace(e.UserTitle+" "+e.UserMessage))
		}
		if e.Details != "" {
			fmt.Fprintf(&b, " (details: %s)", e.Details)
		}
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " [after %d attempts]", e.Attempts)
	}
	return b.String()
}

// scrub removes secrets Meta's texts may echo.
func (e *Error) scrub(secrets []string) {
	for _, f := range []*string{&e.Message, &e.UserTitle, &e.UserMessage, &e.Details} {
		*f = scrub(*f, secrets)
	}
}

// TraceID is the fbtrace_id Meta support asks for, or a placeholder saying
// why there is none.
func (e *Error) TraceID() string {
	if e.FBTraceID == "" {
		return "none returned"
	}
	return e.FBTraceID
}

// Retryable reports whether sending the same request again may succeed.
// Classification is by Graph code, never by HTTP status, except for bodies
// that are not Graph errors at all.
func (e *Error) Retryable() bool {
	if e.NonJSONBody || e.Code == 0 {
		return e.HTTPStatus >= 500 || e.HTTPStatus == http.StatusTooManyRequests
	}
	switch e.Code {
	case CodeWaitBeforeRegistering, CodeDeregistrationPending, CodeTemporarilyUnavailable,
		CodeSomethingWentWrong, CodeUnknown, CodeService:
		return true
	}
	return e.Throttled()
}

// refusedUnprocessed reports a retryable refusal that says the request was
// not processed: throttling, "wait before registering" and "previous
// deregistration incomplete". Other transient errors (1, 2, 131000, 133004)
// do not say whether a write took effect.
func (e *Error) refusedUnprocessed() bool {
	return e.Throttled() || e.Code == CodeWaitBeforeRegistering || e.Code == CodeDeregistrationPending
}

// Throttled is Meta's call-rate limiting (per app, per user, per WhatsApp
// Business Account), as opposed to the register/deregister budget 133016.
func (e *Error) Throttled() bool {
	switch e.Code {
	case CodeAppRateLimit, CodeUserRateLimit, CodePageRateLimit, CodeAccountRateLimit,
		CodeCallRateLimit, CodeBusinessRateLimit, CodeBusinessUseCaseLimit:
		return true
	}
	return false
}

// ThrottleScope names the budget a throttled call ran into.
func (e *Error) ThrottleScope() string {
	switch e.Code {
	case CodeAppRateLimit:
		return "the app's call budget (code 4)"
	case CodeUserRateLimit:
		return "the user's call budget (code 17)"
	case CodePageRateLimit, CodeCallRateLimit:
		return fmt.Sprintf("Graph's call-rate limit (code %d)", e.Code)
	case CodeAccountRateLimit:
		return "the account's call budget (code 341)"
	case CodeBusinessRateLimit:
		return "the WhatsApp Business Account's hourly call budget for this app (code 80007)"
	case CodeBusinessUseCaseLimit:
		return "the business use case's call budget (code 80008)"
	}
	return fmt.Sprintf("a call-rate limit (code %d)", e.Code)
}

// IsRegisterBudgetSpent is the number's 10-per-72-hours register/deregister
// budget (133016), not the hourly call budget (Throttled).
func (e *Error) IsRegisterBudgetSpent() bool { return e.Code == CodeRegistrationRateLimited }

// IsPINMismatch means two-step verification is on with a different PIN.
func (e *Error) IsPINMismatch() bool { return e.Code == CodePINMismatch }

// SaysNotRegistered is Meta's error for an operation on a number that is
// not registered. It is a hint, not proof: callers confirm it with a read
// before they act on it.
func (e *Error) SaysNotRegistered() bool {
	return e.Code == CodeNotRegistered || (e.Code == CodeInvalidParameter && e.Subcode == SubcodeNotRegistered)
}

// NotVisible is Graph's answer for an id that does not exist *or* that the
// token may not see (100/33, 803). It never proves that the object is gone.
func (e *Error) NotVisible() bool {
	return e.Code == CodeObjectNotFound || (e.Code == CodeInvalidParameter && e.Subcode == SubcodeObjectDoesNotExist)
}

// IsAppSecretProofRefused means Meta refused the appsecret_proof: the app
// secret is wrong, or missing for an app that requires one. Graph answers
// it with code 100 and says so only in its message (docs/development/cloud-api.md).
func (e *Error) IsAppSecretProofRefused() bool {
	return e.Code == CodeInvalidParameter && strings.Contains(strings.ToLower(e.Message), "appsecret_proof")
}

// IsAuth means the token is invalid, expired, or lacks a permission.
func (e *Error) IsAuth() bool {
	return e.Code == CodeAccessToken || e.Code == CodePermission || (e.Code >= 200 && e.Code <= 299)
}

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return apiErr, true
	}
	return nil, false
}

// IsRegisterBudgetSpent, IsNotVisible and IsPINMismatch test any error
// chain, so callers need not unwrap first.
func IsRegisterBudgetSpent(err error) bool {
	e, ok := AsError(err)
	return ok && e.IsRegisterBudgetSpent()
}
func IsNotVisible(err error) bool  { e, ok := AsError(err); return ok && e.NotVisible() }
func IsPINMismatch(err error) bool { e, ok := AsError(err); return ok && e.IsPINMismatch() }

// graphErrorEnvelope is Meta's error body: {"error": {...}}.
type graphErrorEnvelope struct {
	Error *struct {
		Message      string `json:"message"`
		Type         string `json:"type"`
		Code         int    `json:"code"`
		Subcode      int    `json:"error_subcode"`
		UserTitle    string `json:"error_user_title"`
		UserMessage  string `json:"error_user_msg"`
		FBTraceID    string `json:"fbtrace_id"`
		ErrorDetails struct {
			Details string `json:"details"`
		} `json:"error_data"`
	} `json:"error"`
}

// parseError reads a non-2xx answer. A body that is not Meta's envelope
// (a gateway page, or an envelope without a code) is reported as such.
func parseError(status int, header http.Header, raw []byte) *Error {
	var env graphErrorEnvelope
	if err := json.Unmarshal(raw, &env); err != nil || env.Error == nil || env.Error.Code == 0 {
		return &Error{
			HTTPStatus:  status,
			NonJSONBody: true,
			ContentType: header.Get("Content-Type"),
			FBTraceID:   header.Get("X-Fb-Trace-Id"),
		}
	}
	e := env.Error
	trace := e.FBTraceID
	if trace == "" {
		trace = header.Get("X-Fb-Trace-Id")
	}
	return &Error{
		HTTPStatus:  status,
		Code:        e.Code,
		Subcode:     e.Subcode,
		Type:        e.Type,
		Message:     e.Message,
		UserTitle:   e.UserTitle,
		UserMessage: e.UserMessage,
		Details:     e.ErrorDetails.Details,
		FBTraceID:   trace,
	}
}
