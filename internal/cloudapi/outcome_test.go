package cloudapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestClassifyEveryOutcome walks every branch of classify: each row is one
// attempt's result and the outcome call must act on.
func TestClassifyEveryOutcome(t *testing.T) {
	graph := func(status int, body string) attemptResult {
		return attemptResult{status: status, header: http.Header{"Content-Type": {"application/json"}, "X-Fb-Trace-Id": {"Atrace"}}, raw: []byte(body), sent: true}
	}
	envelope := func(code int) string {
		return `{"error":{"message":"m","type":"OAuthException","code":` + strconv.Itoa(code) + `,"fbtrace_id":"Abody"}}`
	}
	gateway := func(status int) attemptResult {
		return attemptResult{status: status, header: http.Header{"Content-Type": {"text/html"}}, raw: []byte("<html>bad gateway</html>"), sent: true}
	}
	throttledTold := graph(http.StatusBadRequest, envelope(CodeBusinessRateLimit))
	throttledTold.header = http.Header{"X-Business-Use-Case-Usage": {`{"1":[{"type":"whatsapp_business_management","call_count":100,"estimated_time_to_regain_access":7}]}`}}
	reset := errors.New("connection reset by peer")
	notUnderstood := &NotUnderstoodError{Field: "success", Got: "null", Want: "true"}

	type want struct {
		kind outcomeKind
		// unseen is set for a lost answer, and retryable is its retryable.
		unseen, retryable bool
		// errType names the type of the error (or of the unseen's cause).
		errType string
		hung    bool
		regain  time.Duration
	}
	for _, tc := range []struct {
		name string
		f    attemptFacts
		want want
	}{
		{"2xx decoded", attemptFacts{res: graph(200, `{"success":true}`)}, want{kind: outcomeSuccess}},
		{"2xx decoded, budget write", attemptFacts{budget: true, res: graph(200, `{"success":true}`)}, want{kind: outcomeSuccess}},
		{"2xx not understood, read", attemptFacts{res: graph(200, `{}`), decodeErr: notUnderstood}, want{kind: outcomeNotUnderstood, errType: "notUnderstood"}},
		{"2xx not understood, budget write", attemptFacts{budget: true, res: graph(200, `{}`), decodeErr: notUnderstood},
			want{kind: outcomeLostAnswer, unseen: true, errType: "notUnderstood"}},
		{"2xx malformed, read: read again", attemptFacts{res: graph(200, `{"succ`), decodeErr: errMalformed}, want{kind: outcomeRetryable, errType: "plain"}},
		{"2xx malformed, budget write", attemptFacts{budget: true, res: graph(200, `{"succ`), decodeErr: errMalformed},
			want{kind: outcomeLostAnswer, unseen: true, errType: "plain"}},
		{"body too large, read", attemptFacts{res: attemptResult{status: 200, header: http.Header{}, tooLarge: true, sent: true}},
			want{kind: outcomeNotUnderstood, errType: "notUnderstood"}},
		{"body too large, budget write", attemptFacts{budget: true, res: attemptResult{status: 200, header: http.Header{}, tooLarge: true, sent: true}},
			want{kind: outcomeLostAnswer, unseen: true, errType: "notUnderstood"}},
		{"transport failure, read", attemptFacts{res: attemptResult{err: reset, sent: true}}, want{kind: outcomeRetryable, errType: "transport"}},
		{"transport failure, read, timed out", attemptFacts{res: attemptResult{err: reset, sent: true, timedOut: true}},
			want{kind: outcomeRetryable, errType: "transport", hung: true}},
		{"transport failure after an earlier hang", attemptFacts{hung: true, res: attemptResult{err: reset}},
			want{kind: outcomeRetryable, errType: "transport", hung: true}},
		{"transport failure, caller stopped", attemptFacts{ctxErr: context.Canceled, res: attemptResult{err: reset, sent: true}},
			want{kind: outcomeStopped, errType: "transport"}},
		{"budget write sent, no answer", attemptFacts{budget: true, res: attemptResult{err: reset, sent: true}},
			want{kind: outcomeLostAnswer, unseen: true, retryable: true, errType: "transport"}},
		{"budget write sent, caller stopped: still lost", attemptFacts{budget: true, ctxErr: context.Canceled, res: attemptResult{err: reset, sent: true}},
			want{kind: outcomeLostAnswer, unseen: true, retryable: true, errType: "transport"}},
		{"budget write never left", attemptFacts{budget: true, res: attemptResult{err: reset}}, want{kind: outcomeRetryable, errType: "transport"}},
		{"budget write never left, caller stopped", attemptFacts{budget: true, ctxErr: context.DeadlineExceeded, res: attemptResult{err: reset}},
			want{kind: outcomeStopped, errType: "transport"}},
		{"Graph 100: final", attemptFacts{res: graph(400, envelope(CodeInvalidParameter))}, want{kind: outcomeGraphError, errType: "graph"}},
		{"Graph 133016: final, never retried", attemptFacts{budget: true, res: graph(400, envelope(CodeRegistrationRateLimited))},
			want{kind: outcomeGraphError, errType: "graph"}},
		{"Graph 131000, read: retry", attemptFacts{res: graph(500, envelope(CodeSomethingWentWrong))}, want{kind: outcomeRetryable, errType: "graph"}},
		{"Graph 131000, budget write: may have acted", attemptFacts{budget: true, res: graph(500, envelope(CodeSomethingWentWrong))},
			want{kind: outcomeLostAnswer, unseen: true, retryable: true, errType: "graph"}},
		{"Graph 133000, budget write: refused unprocessed, retry", attemptFacts{budget: true, res: graph(400, envelope(CodeDeregistrationPending))},
			want{kind: outcomeRetryable, errType: "graph"}},
		{"Graph 133015: wait before registering", attemptFacts{budget: true, res: graph(400, envelope(CodeWaitBeforeRegistering))},
			want{kind: outcomeWaitBeforeRegistering, errType: "graph"}},
		{"Graph 80007 with Meta's wait", attemptFacts{res: throttledTold}, want{kind: outcomeThrottled, errType: "graph", regain: 7 * time.Minute}},
		{"Graph 80007 without a wait", attemptFacts{res: graph(400, envelope(CodeBusinessRateLimit))}, want{kind: outcomeThrottled, errType: "graph"}},
		{"Graph 4 on a budget write: refused unprocessed", attemptFacts{budget: true, res: graph(400, envelope(CodeAppRateLimit))},
			want{kind: outcomeThrottled, errType: "graph"}},
		{"gateway 502, read: retry", attemptFacts{res: gateway(502)}, want{kind: outcomeRetryable, errType: "graph"}},
		{"gateway 502, budget write", attemptFacts{budget: true, res: gateway(502)}, want{kind: outcomeLostAnswer, unseen: true, retryable: true, errType: "graph"}},
		{"gateway 429, read: retry", attemptFacts{res: gateway(429)}, want{kind: outcomeRetryable, errType: "graph"}},
		{"gateway 404, read: final", attemptFacts{res: gateway(404)}, want{kind: outcomeGraphError, errType: "graph"}},
		{"gateway 404, budget write", attemptFacts{budget: true, res: gateway(404)}, want{kind: outcomeLostAnswer, unseen: true, errType: "graph"}},
		{"envelope without a code: a gateway", attemptFacts{res: graph(500, `{"error":{"message":"x"}}`)}, want{kind: outcomeRetryable, errType: "graph"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.f.label, tc.f.host, tc.f.attempts = "register phone number 1", "graph.example", 2
			got := classify(tc.f)
			if got.kind != tc.want.kind {
				t.Fatalf("kind %v, want %v (err %v)", got.kind, tc.want.kind, got.err)
			}
			if got.hung != tc.want.hung {
				t.Errorf("hung %v, want %v", got.hung, tc.want.hung)
			}
			if got.regain != tc.want.regain || got.regainTold != (tc.want.regain > 0) {
				t.Errorf("regain %v (told %v), want %v", got.regain, got.regainTold, tc.want.regain)
			}
			if tc.want.kind == outcomeSuccess {
				if got.err != nil {
					t.Fatalf("success with error %v", got.err)
				}
				return
			}
			cause := got.err
			var unseen *unseenError
			if isUnseen := errors.As(got.err, &unseen); isUnseen != tc.want.unseen {
				t.Fatalf("unseen %v, want %v (%T)", isUnseen, tc.want.unseen, got.err)
			}
			if unseen != nil {
				if unseen.retryable != tc.want.retryable {
					t.Errorf("unseen retryable %v, want %v", unseen.retryable, tc.want.retryable)
				}
				cause = unseen.cause
			}
			var (
				apiErr *Error
				te     *TransportError
				nu     *NotUnderstoodError
			)
			typ := "plain"
			switch {
			case errors.As(cause, &apiErr):
				typ = "graph"
				if apiErr.Attempts != 2 || apiErr.RequestLabel != "register phone number 1" {
					t.Errorf("the Graph error lost its call facts: %+v", apiErr)
				}
				if tc.want.regain > 0 && apiErr.RegainAccess != tc.want.regain {
					t.Errorf("RegainAccess %v, want %v", apiErr.RegainAccess, tc.want.regain)
				}
			case errors.As(cause, &te):
				typ = "transport"
				if te.TimedOut != tc.want.hung || te.Attempts != 2 || te.Host != "graph.example" {
					t.Errorf("transport error %+v", te)
				}
			case errors.As(cause, &nu):
				typ = "notUnderstood"
			}
			if typ != tc.want.errType {
				t.Errorf("error %T (%v), want a %s error", cause, cause, tc.want.errType)
			}
		})
	}
}

func TestClassifyScrubsSecretsFromMetasText(t *testing.T) {
	res := attemptResult{status: 400, header: http.Header{}, sent: true,
		raw: []byte(`{"error":{"message":"PIN 123456 is wrong","type":"OAuthException","code":100}}`)}
	got := classify(attemptFacts{label: "set pin", res: res, secrets: []string{"123456"}})
	if strings.Contains(got.err.Error(), "123456") {
		t.Fatalf("the PIN reached the error: %v", got.err)
	}
}
