package cloudapi

import (
	"errors"
	"fmt"
	"strings"
)

// Graph error codes the provider reasons about. The table in
// reference/cloud-api.md is the source of truth for which are retryable.
const (
	CodeUnknown                 = 1
	CodeService                 = 2
	CodeAppRateLimit            = 4
	CodePermission              = 10
	CodeUserRateLimit           = 17
	CodeInvalidParameter        = 100
	CodeAccessToken             = 190
	CodeAccountRateLimit        = 341
	CodeObjectNotFound          = 803
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
}

func (e *Error) Error() string {
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
	fmt.Fprintf(&b, " [fbtrace_id: %s]", e.TraceID())
	return b.String()
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
		return e.HTTPStatus >= 500 || e.HTTPStatus == 429
	}
	switch e.Code {
	case CodeWaitBeforeRegistering, CodeDeregistrationPending, CodeTemporarilyUnavailable,
		CodeSomethingWentWrong, CodeUnknown, CodeService,
		CodeAppRateLimit, CodeUserRateLimit, CodeAccountRateLimit, CodeBusinessRateLimit, CodeBusinessUseCaseLimit:
		return true
	}
	return false
}

// IsRateLimited is the 10-per-72-hours register/deregister budget (133016).
func (e *Error) IsRateLimited() bool { return e.Code == CodeRegistrationRateLimited }

// IsPINMismatch means two-step verification is on with a different PIN.
func (e *Error) IsPINMismatch() bool { return e.Code == CodePINMismatch }

// IsNotRegistered means the number is not registered on the Cloud API.
func (e *Error) IsNotRegistered() bool {
	return e.Code == CodeNotRegistered || (e.Code == CodeInvalidParameter && e.Subcode == SubcodeNotRegistered)
}

// IsNotFound means the phone number (or WABA) id does not exist.
func (e *Error) IsNotFound() bool {
	return e.Code == CodeObjectNotFound || (e.Code == CodeInvalidParameter && e.Subcode == SubcodeObjectDoesNotExist)
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

// IsRateLimited, IsNotRegistered, IsNotFound and IsPINMismatch test any error
// chain, so callers need not unwrap first.
func IsRateLimited(err error) bool   { e, ok := AsError(err); return ok && e.IsRateLimited() }
func IsNotRegistered(err error) bool { e, ok := AsError(err); return ok && e.IsNotRegistered() }
func IsNotFound(err error) bool      { e, ok := AsError(err); return ok && e.IsNotFound() }
func IsPINMismatch(err error) bool   { e, ok := AsError(err); return ok && e.IsPINMismatch() }
