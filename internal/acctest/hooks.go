package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The harness of the number-as-code tests: a webhook endpoint on 127.0.0.1
// (httptest's TLS server) that answers Meta's verification like a real one,
// and an emulator that calls it through the server's own client.

const (
	VerifyToken      = "wh-verify-7f3a9c-not-in-state"
	VerifyToken2     = "wh-verify-second-0b41e2"
	AppCallback      = "https://app.example.com/whatsapp"
	SubscriptionAddr = "whatsapp_webhook_subscription.acme"
	NumberHookAddr   = "whatsapp_phone_number_webhook.support"
	ProfileAddr      = "whatsapp_business_profile.support"
)

// hookEndpoint is a callback URL that passes verification while it is sent
// the token it expects.
type HookEndpoint struct {
	Srv *httptest.Server
	// verifications counts the verification GETs it answered.
	Verifications atomic.Int64
	mu            sync.Mutex
	token         string
	refuse        bool
}

func NewHookEndpoint(t *testing.T) *HookEndpoint {
	t.Helper()
	h := &HookEndpoint{token: VerifyToken}
	h.Srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Verifications.Add(1)
		h.mu.Lock()
		token, refuse := h.token, h.refuse
		h.mu.Unlock()
		q := r.URL.Query()
		if refuse || q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != token {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		_, _ = w.Write([]byte(q.Get("hub.challenge")))
	}))
	t.Cleanup(h.Srv.Close)
	return h
}

// expect sets the token the endpoint accepts; refuse makes it fail every
// verification.
func (h *HookEndpoint) Expect(token string, refuse bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.token, h.refuse = token, refuse
}

func (h *HookEndpoint) URL(path string) string { return h.Srv.URL + path }

// newHookEnv is an emulator whose callback verifications reach hook.
func NewHookEnv(t *testing.T) (*Env, *HookEndpoint) {
	t.Helper()
	hook := NewHookEndpoint(t)
	env := NewEnv(t, func(o *emulator.Options) {
		o.CallbackClient = hook.Srv.Client()
		o.AppCallbackURL = AppCallback
	})
	return env, hook
}

// opsOf lists the logged operations among ops, in order, for any object.
func (e *Env) OpsOf(ops ...string) []string { return e.Emu.Operations("", ops...) }

// LastBody is the (masked) body of the newest request of an operation:
// the one last-body helper of every test.
func (e *Env) LastBody(t *testing.T, op string) map[string]any {
	t.Helper()
	reqs := e.Emu.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Operation == op {
			return reqs[i].Body
		}
	}
	t.Fatalf("no %s call in the emulator's log", op)
	return nil
}

// logHolds reports whether a string appears in what the emulator's request
// log recorded of the requests: paths and bodies. The timestamps are left
// out: their nanoseconds would make a six-digit PIN appear by chance.
func (e *Env) LogHolds(t *testing.T, s string) bool {
	t.Helper()
	for _, r := range e.Emu.Requests() {
		raw, err := json.Marshal(struct {
			Path string
			Body map[string]any
		}{r.Path, r.Body})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(raw), s) {
			return true
		}
	}
	return false
}

// SecretAbsentFromState fails when a secret appears anywhere in state,
// whatever the attribute; the resource type must be there, or the check
// would prove nothing. The one secret-in-state check of every test.
func SecretAbsentFromState(resourceType, secret string) statecheck.StateCheck {
	return stateSecretCheck{typ: resourceType, secret: secret}
}

type stateSecretCheck struct{ typ, secret string }

func (c stateSecretCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	switch {
	case err != nil:
		resp.Error = err
	case !strings.Contains(string(raw), `"`+c.typ+`"`):
		resp.Error = fmt.Errorf("state holds no %s; the check would prove nothing", c.typ)
	case strings.Contains(string(raw), c.secret):
		resp.Error = fmt.Errorf("a write-only secret was found in state")
	}
}

// subscription renders whatsapp_webhook_subscription.acme on the demo WABA.
func SubscriptionConfig(lines ...string) string {
	return fmt.Sprintf(`
resource "whatsapp_webhook_subscription" "acme" {
  whatsapp_business_account_id = %q
  %s
}
`, WABA, strings.Join(lines, "\n  "))
}

// numberHook renders whatsapp_phone_number_webhook.support after the
// subscription.
func NumberHookConfig(lines ...string) string {
	return fmt.Sprintf(`
resource "whatsapp_phone_number_webhook" "support" {
  phone_number_id = %q
  %s

  depends_on = [whatsapp_webhook_subscription.acme]
}
`, Number, strings.Join(lines, "\n  "))
}

// profile renders whatsapp_business_profile.support.
func ProfileConfig(lines ...string) string {
	return fmt.Sprintf(`
resource "whatsapp_business_profile" "support" {
  phone_number_id = %q
  %s
}
`, Number, strings.Join(lines, "\n  "))
}

// tokenLines are the verify token attributes.
func TokenLines(token string, version int) []string {
	return []string{fmt.Sprintf("verify_token_wo = %q", token), fmt.Sprintf("verify_token_wo_version = %d", version)}
}

// showState is the root module's resources as `show -json` gives them.
func (c *CLI) ShowState() []*tfjson.StateResource {
	c.t.Helper()
	var st tfjson.State
	if err := json.Unmarshal([]byte(c.MustRun("show", "-json")), &st); err != nil {
		c.t.Fatal(err)
	}
	if st.Values == nil || st.Values.RootModule == nil {
		return nil
	}
	return st.Values.RootModule.Resources
}

// stateOf is the resource at addr in `show -json`, or nil.
func (c *CLI) StateOf(addr string) *tfjson.StateResource {
	c.t.Helper()
	for _, r := range c.ShowState() {
		if r.Address == addr {
			return r
		}
	}
	return nil
}

// anotherApp is the app a switched token belongs to in these tests.
var AnotherApp = emulator.App{ID: "777000111", Name: "Other Team App"}

// read is the configuration as last written.
func (c *CLI) Read() string {
	c.t.Helper()
	raw, err := os.ReadFile(filepath.Join(c.dir, "main.tf"))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(raw)
}

// An odd verify token: every encoding of it differs from the literal one.
const VerifyTokenOdd = `wh verify/ä&+"tok`
