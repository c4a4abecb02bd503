package acctest

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

	tfjson "github.com/hashicorp/terraform-json"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider"
)

// The test harness: one emulator per test on 127.0.0.1, seeded with the
// demo account every other harness uses; a provider wired to it; the
// terraform CLI run either by terraform-plugin-testing or directly (tfCLI),
// so that tests can read what a person reads. The assertions every test
// shares: the register/deregister calls (budgetIs) and state against the
// emulator's world (inSync).

const (
	Token            = "EAAG-acceptance-token"
	Number           = emulator.DemoNumber
	Number2          = emulator.DemoNumberSale
	WABA             = emulator.DemoWABA
	RegistrationAddr = "whatsapp_phone_registration.main"

	providerAddress     = "registry.terraform.io/whatsapp-iac/whatsapp"
	tofuProviderAddress = "registry.opentofu.org/whatsapp-iac/whatsapp"
)

// Main, each test package's TestMain, points Terraform at a CLI configuration this test run writes: the
// environment may name a file that does not exist.
func Main(m *testing.M) {
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
	removeBuild()
	os.Exit(code)
}

// accEnv is one emulator and the provider settings that point at it.
type Env struct {
	Emu   *emulator.Emulator
	Srv   *httptest.Server
	Clock *emulator.ManualClock
	// tune adjusts the client (short timeouts for hang tests).
	Tune func(*cloudapi.Config)
}

func NewEnv(t *testing.T, opts ...func(*emulator.Options)) *Env {
	t.Helper()
	clock := emulator.NewManualClock(time.Now().UTC())
	o := emulator.Options{Token: Token, Clock: clock.Now, MaxPageSize: 2}
	for _, opt := range opts {
		opt(&o)
	}
	emu := emulator.New(o)
	if err := emu.Load(emulator.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return &Env{Emu: emu, Srv: srv, Clock: clock}
}

// newProvider is a fresh provider instance, as a new plugin process is for
// every Terraform command: the run ledger must not outlive one apply.
func (e *Env) NewProvider() fwprovider.Provider {
	return provider.NewForTests(func(cfg *cloudapi.Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax, cfg.RegisterCooldown = time.Millisecond, 8*time.Millisecond, time.Millisecond
		// The provider's clock is the emulator's (Meta's and the provider's
		// clocks agree; a test that wants them apart sets Tune).
		cfg.Clock = e.Clock.Now
		cfg.ReviewPollMin, cfg.ReviewPollMax = 5*time.Millisecond, 40*time.Millisecond
		if e.Tune != nil {
			e.Tune(cfg)
		}
	})
}

func (e *Env) Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"whatsapp": func() (tfprotov6.ProviderServer, error) {
			return providerserver.NewProtocol6WithError(e.NewProvider())()
		},
	}
}

// providerBlock configures the provider for the emulator.
func (e *Env) ProviderBlock() string {
	return fmt.Sprintf(`
provider "whatsapp" {
  base_url     = %q
  access_token = %q
  max_retries  = 3
}
`, e.Srv.URL, Token)
}

func (e *Env) Config(body string) string { return e.ProviderBlock() + body }

// providerBlockWith is providerBlock with more settings, such as
// request_timeout.
func (e *Env) ProviderBlockWith(settings ...string) string {
	return fmt.Sprintf(`
provider "whatsapp" {
  base_url     = %q
  access_token = %q
  max_retries  = 3
  %s
}
`, e.Srv.URL, Token, strings.Join(settings, "\n  "))
}

// registration renders the usual resource with the given attribute lines.
func RegistrationConfig(lines ...string) string {
	return fmt.Sprintf(`
resource "whatsapp_phone_registration" "main" {
  phone_number_id = %q
  %s
}
`, Number, strings.Join(lines, "\n  "))
}

// budgetIs is the one way tests assert the budget: the register and
// deregister calls the emulator received for the main number, in order.
func (e *Env) BudgetIs(want ...string) error {
	if got := e.Emu.Operations(Number, emulator.OpRegister, emulator.OpDeregister); !slices.Equal(got, want) {
		return fmt.Errorf("register/deregister calls = %v, want %v", got, want)
	}
	return nil
}

// expectOps is budgetIs as a TestCheckFunc.
func (e *Env) ExpectOps(want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error { return e.BudgetIs(want...) }
}

// inSync checks that state equals the emulator's world for the main
// number: a registration in state means the number is registered with the
// region state records; none in state means it is not registered.
func (e *Env) InSync() statecheck.StateCheck { return syncCheck{env: e} }

type syncCheck struct{ env *Env }

func (c syncCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.env.CompareWorld(req.State)
}

// CompareWorld checks that state is the emulator's world: the registration
// of Number, and every message template in state.
func (e *Env) CompareWorld(state *tfjson.State) error {
	if err := e.compareRegistration(state); err != nil {
		return err
	}
	return e.compareTemplates(state)
}

// compareTemplates: every whatsapp_message_template in state is one the
// emulator holds, with the same name, language, account and what Meta
// decides (status, reason, quality, current category).
func (e *Env) compareTemplates(state *tfjson.State) error {
	if state == nil || state.Values == nil || state.Values.RootModule == nil {
		return nil
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Type != "whatsapp_message_template" || r.Mode != tfjson.ManagedResourceMode {
			continue
		}
		v := r.AttributeValues
		tv, ok := e.Emu.Template(fmt.Sprint(v["id"]))
		if !ok {
			return fmt.Errorf("state holds %s (template %v), the emulator has no such template", r.Address, v["id"])
		}
		got := []any{v["whatsapp_business_account_id"], v["name"], v["language"], v["status"], v["rejected_reason"], v["quality_score"], v["current_category"]}
		want := []any{tv.WABAID, tv.Name, tv.Language, tv.Status, tv.RejectedReason, tv.Quality, tv.Category}
		for i := range got {
			if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
				return fmt.Errorf("state holds %s as %v, the emulator as %v", r.Address, got, want)
			}
		}
	}
	return nil
}

func (e *Env) compareRegistration(state *tfjson.State) error {
	n, _ := e.Emu.Number(Number)
	var found *tfjson.StateResource
	if state != nil && state.Values != nil && state.Values.RootModule != nil {
		for _, r := range state.Values.RootModule.Resources {
			if r.Type == "whatsapp_phone_registration" && r.AttributeValues["phone_number_id"] == Number {
				found = r
			}
		}
	}
	switch {
	case found == nil && n.Registered():
		return fmt.Errorf("state holds no registration of %s, but the emulator has it registered (region %q)", Number, n.Region)
	case found == nil:
		return nil
	case !n.Registered():
		return fmt.Errorf("state holds %s, but the emulator has the number %s (not registered)", found.Address, n.PlatformType)
	}
	region, _ := found.AttributeValues["data_localization_region"].(string)
	if region != n.Region {
		return fmt.Errorf("state says data_localization_region %q, the emulator %q", region, n.Region)
	}
	return nil
}

// errorMatching matches an error that contains each phrase in order.
// Terraform wraps diagnostics at 80 columns, so a space in a phrase matches
// any run of white space.
func ErrorMatching(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// writeOnlyCapable skips a test on CLIs older than 1.11, which have no
// write-only attributes (the OpenTofu 1.10 leg of the CI matrix).
var WriteOnlyCapable = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}

// assertInSync compares `show -json` with the emulator's world.
func (c *CLI) AssertInSync() {
	c.t.Helper()
	var state tfjson.State
	if err := json.Unmarshal([]byte(c.MustRun("show", "-json")), &state); err != nil {
		c.t.Fatal(err)
	}
	if err := c.env.CompareWorld(&state); err != nil {
		c.t.Error(err)
	}
}

// assertContains checks that each phrase appears, ignoring line wrapping.
func AssertContains(t *testing.T, out string, phrases ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(out), " ")
	for _, p := range phrases {
		if !strings.Contains(flat, p) {
			t.Errorf("output lacks %q:\n%s", p, out)
		}
	}
}

func AssertNotContains(t *testing.T, out string, phrases ...string) {
	t.Helper()
	for _, p := range phrases {
		if strings.Contains(out, p) {
			t.Errorf("output contains %q:\n%s", p, out)
		}
	}
}

var sourceSnippetLine = regexp.MustCompile(`(?m)^\s+[0-9]+:.*$`)

// withoutSourceSnippets drops the "  18:   pin = ..." lines Terraform prints
// from the user's own files.
func WithoutSourceSnippets(out string) string {
	return sourceSnippetLine.ReplaceAllString(out, "")
}
