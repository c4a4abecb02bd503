package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const (
	accToken   = "EAAG-acceptance-token"
	accNumber  = "106540352242922"
	accNumber2 = "107940352242933"
	accWABA    = "102290129340398"
	accAddr    = "whatsapp_phone_registration.main"
)

// TestMain points Terraform at a CLI configuration this test run writes: the
// environment may name a file that does not exist.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "whatsapp-provider-test")
	if err != nil {
		panic(err)
	}
	cfg := filepath.Join(dir, "terraform.rc")
	if err := os.WriteFile(cfg, []byte("# written by the provider's tests\n"), 0o600); err != nil {
		panic(err)
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cfg)
	os.Setenv("CHECKPOINT_DISABLE", "1")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// accEnv is one emulator on 127.0.0.1 with two verified, unregistered
// numbers in one WABA, and a provider wired to it.
type accEnv struct {
	emu   *emulator.Emulator
	srv   *httptest.Server
	clock *emulator.ManualClock
}

func newAccEnv(t *testing.T, opts ...func(*emulator.Options)) *accEnv {
	t.Helper()
	clock := emulator.NewManualClock(time.Now().UTC())
	o := emulator.Options{Token: accToken, Clock: clock.Now, MaxPageSize: 2}
	for _, opt := range opts {
		opt(&o)
	}
	emu := emulator.New(o)
	emu.AddNumber(emulator.Number{ID: accNumber, WABAID: accWABA, DisplayPhoneNumber: "+41 44 668 18 00", VerifiedName: "Acme Support"})
	emu.AddNumber(emulator.Number{ID: accNumber2, WABAID: accWABA, DisplayPhoneNumber: "+49 30 901820", VerifiedName: "Acme Sales"})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return &accEnv{emu: emu, srv: srv, clock: clock}
}

func (e *accEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		// A new provider instance per Terraform command, as a real plugin
		// process would be: the run ledger must not outlive one apply.
		"whatsapp": func() (tfprotov6.ProviderServer, error) {
			return providerserver.NewProtocol6WithError(New("test", WithRetryWait(time.Millisecond))())()
		},
	}
}

// providerBlock configures the provider for the emulator.
func (e *accEnv) providerBlock() string {
	return fmt.Sprintf(`
provider "whatsapp" {
  base_url     = %q
  access_token = %q
  max_retries  = 3
}
`, e.srv.URL, accToken)
}

func (e *accEnv) config(body string) string { return e.providerBlock() + body }

// registration renders the usual resource with the given attribute lines.
func registration(lines ...string) string {
	return fmt.Sprintf(`
resource "whatsapp_phone_registration" "main" {
  phone_number_id = %q
  %s
}
`, accNumber, strings.Join(lines, "\n  "))
}

// budgetOps lists, in order, the register and deregister calls the emulator
// received for the main number.
func (e *accEnv) budgetOps() []string {
	return e.emu.Operations(accNumber, emulator.OpRegister, emulator.OpDeregister)
}

// lastRegisterBody is the (masked) body of the newest register call.
func (e *accEnv) lastRegisterBody(t *testing.T) map[string]any {
	t.Helper()
	reqs := e.emu.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Operation == emulator.OpRegister {
			return reqs[i].Body
		}
	}
	t.Fatal("no register call in the emulator's log")
	return nil
}

// expectOps is a TestCheckFunc asserting the register/deregister sequence.
func (e *accEnv) expectOps(want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.budgetOps(); !slices.Equal(got, want) {
			return fmt.Errorf("register/deregister calls = %v, want %v", got, want)
		}
		return nil
	}
}

// secretAbsentFromState fails when a secret appears anywhere in the state,
// whatever the attribute.
func secretAbsentFromState(secret string) statecheck.StateCheck { return secretCheck{secret: secret} }

type secretCheck struct{ secret string }

func (c secretCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if !strings.Contains(string(raw), `"whatsapp_phone_registration"`) {
		resp.Error = fmt.Errorf("state holds no whatsapp_phone_registration; the check would prove nothing")
		return
	}
	if strings.Contains(string(raw), c.secret) {
		resp.Error = fmt.Errorf("a write-only secret was found in state")
	}
}

// errorMatching matches an error that contains each phrase in order.
// Terraform wraps diagnostics at 80 columns, so a space in a phrase matches
// any run of white space.
func errorMatching(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// writeOnlyCapable skips a test on CLIs older than 1.11, which have no
// write-only attributes (the OpenTofu 1.10 leg of the CI matrix).
var writeOnlyCapable = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}
