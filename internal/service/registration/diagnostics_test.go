package registration

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// TestExplain walks every branch of explain: each kind of failure gets its
// own why and what-to-do, and the fbtrace_id appears exactly once.
func TestExplain(t *testing.T) {
	graph := func(code, subcode int) *cloudapi.Error {
		return &cloudapi.Error{HTTPStatus: 400, Code: code, Subcode: subcode, Message: "m", FBTraceID: "Atrace", Attempts: 3}
	}
	throttled := graph(80007, 0)
	throttled.RegainAccess = 42 * time.Minute
	nu := &cloudapi.NotUnderstoodError{RequestLabel: "read", Field: "platform_type", Got: "null", Want: "one of …", FBTraceID: "Anu"}
	for _, tc := range []struct {
		name      string
		err       error
		why, todo string
		trace     string
	}{
		{"no token", fmt.Errorf("x: %w", cloudapi.ErrNoAccessToken), "no access token", "WHATSAPP_ACCESS_TOKEN", "none (Meta did not answer)"},
		{"unknown outcome", &cloudapi.UnknownOutcomeError{RequestLabel: "register", Cause: errors.New("EOF")}, "the read that followed could not tell", "Run terraform plan", "none (Meta did not answer)"},
		{"unknown outcome, the read refused", &cloudapi.UnknownOutcomeError{RequestLabel: "register", Cause: errors.New("EOF"), ReadErr: graph(10, 0)}, "could not tell", "The read failed because: The access token lacks a permission", "Atrace"},
		{"no effect", &cloudapi.NoEffectError{RequestLabel: "register", Cause: errors.New("EOF"), Observed: "x"}, "a read afterwards showed that it had not", "apply again", "none (Meta did not answer)"},
		{"133015", graph(133015, 0), "wait a few minutes before registering", "in a few minutes", "Atrace"},
		{"refusal contradicted", &cloudapi.UnconfirmedAbsenceError{Refusal: graph(133010, 0), Observed: "registered"}, "a read shows it registered", "WhatsApp Manager", "Atrace"},
		{"refusal, number not visible", &cloudapi.UnconfirmedAbsenceError{Refusal: graph(100, 33), ReadErr: graph(100, 33)}, "does not exist and for one that this token is not allowed to see", "terraform state rm", "Atrace"},
		{"refusal, read failed", &cloudapi.UnconfirmedAbsenceError{Refusal: graph(133010, 0), ReadErr: errors.New("EOF")}, "cannot tell", "once the read succeeds", "Atrace"},
		{"not understood", nu, "shape the provider does not recognise", "names the field", "Anu"},
		{"hung", &cloudapi.TransportError{Host: "h", Attempts: 5, TimedOut: true, Timeout: 30 * time.Second, Err: context.DeadlineExceeded}, "within the request timeout (30s per attempt), after 5 attempt(s)", "request_timeout", "none (Meta did not answer)"},
		{"refused connection", &cloudapi.TransportError{Host: "h", Attempts: 5, Err: errors.New("refused")}, "No HTTP answer came back from h", "base_url", "none (Meta did not answer)"},
		{"operation timeout", fmt.Errorf("read: stopped: %w", context.DeadlineExceeded), "ran out of time", "timeouts", "none (Meta did not answer)"},
		{"cancelled", fmt.Errorf("read: stopped: %w", context.Canceled), "cancelled", "again", "none (Meta did not answer)"},
		{"something else", errors.New("boom"), "did not expect", "report it", "none (Meta did not answer)"},
		{"gateway", &cloudapi.Error{HTTPStatus: 502, NonJSONBody: true}, "proxy or gateway answered HTTP 502", "base_url", "none returned"},
		{"wrapped", fmt.Errorf("context: %w", graph(133016, 0)), "used its budget", "Do not retry now", "Atrace"},
		{"133016", graph(133016, 0), "used its budget", "Do not retry now", "Atrace"},
		{"throttled with a regain time", throttled, "access returns in 42 minutes", "Wait 42 minutes", "Atrace"},
		{"throttled", graph(4, 0), "kept throttling the call (the app's call budget (code 4)) after 3 attempt(s)", "parallelism", "Atrace"},
		{"133005", graph(133005, 0), "different PIN", "current two-step PIN", "Atrace"},
		{"133006", graph(133006, 0), "verified again", "verification code", "Atrace"},
		{"133008", graph(133008, 0), "too many or too fast", "an hour is prudent", "Atrace"},
		{"133009", graph(133009, 0), "too many or too fast", "an hour is prudent", "Atrace"},
		{"not provisioned", graph(100, 2388001), "not finished provisioning", "display name as approved", "Atrace"},
		{"133010", graph(133010, 0), "not registered", "Register it", "Atrace"},
		{"100/33", graph(100, 33), "not allowed to see", "give its system user access", "Atrace"},
		{"803", graph(803, 0), "not allowed to see", "give its system user access", "Atrace"},
		{"190", graph(190, 0), "invalid or has expired", "new system-user token", "Atrace"},
		{"permission", graph(200, 0), "lacks a permission", "whatsapp_business_management", "Atrace"},
		{"locked", graph(131031, 0), "locked", "Business Support Home", "Atrace"},
		{"retired version", graph(2635, 0), "retired", cloudapi.DefaultAPIVersion, "Atrace"},
		{"transient", graph(131000, 0), "transient error after 3 attempt(s)", "max_retries", "Atrace"},
		{"bad parameter", graph(100, 0), "rejected a parameter", "Correct the value", "Atrace"},
		{"anything else", graph(368, 0), "refused the request", "Meta support", "Atrace"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			why, todo := framework.Explain(tc.err)
			if !strings.Contains(why, tc.why) || !strings.Contains(todo, tc.todo) {
				t.Errorf("explain = (%q, %q), want …%q… and …%q…", why, todo, tc.why, tc.todo)
			}
			d := framework.APIError("summary", "what", tc.err)
			if n := strings.Count(d.Detail(), "fbtrace_id: "); n != 1 {
				t.Errorf("fbtrace_id appears %d times:\n%s", n, d.Detail())
			}
			if !strings.Contains(d.Detail(), "fbtrace_id: "+tc.trace) {
				t.Errorf("want fbtrace_id %s in:\n%s", tc.trace, d.Detail())
			}
		})
	}
}
