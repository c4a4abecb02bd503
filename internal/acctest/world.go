package acctest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// profileIs checks the emulator's profile against want (only the fields
// given), and that the newest update carried exactly the fields sent.
func (e *Env) ProfileIs(t *testing.T, wantP *emulator.BusinessProfile, updates int, sent ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		want := *wantP
		p, _ := e.Emu.BusinessProfile(Number)
		if p.About != want.About || p.Address != want.Address || p.Email != want.Email || p.Vertical != want.Vertical ||
			!slices.Equal(p.Websites, want.Websites) || p.Description != want.Description {
			return fmt.Errorf("the emulator's profile = %+v, want %+v", p, want)
		}
		if got := len(e.OpsOf(emulator.OpUpdateBusinessProfile)); got != updates {
			return fmt.Errorf("profile updates = %d, want %d", got, updates)
		}
		if sent != nil {
			var keys []string
			for k := range e.LastBody(t, emulator.OpUpdateBusinessProfile) {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if !slices.Equal(keys, sent) {
				return fmt.Errorf("the last update sent %v, want %v", keys, sent)
			}
		}
		return e.BudgetIs()
	}
}

// numberHookIs checks the emulator's world: the number's override, and how
// many webhook writes were made so far.
func (e *Env) NumberHookIs(override string, writes int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		n, _ := e.Emu.Number(Number)
		if n.WebhookOverride != override {
			return fmt.Errorf("the emulator's number override = %q, want %q", n.WebhookOverride, override)
		}
		if got := len(e.OpsOf(emulator.OpSetNumberWebhook)); got != writes {
			return fmt.Errorf("number webhook writes = %d, want %d", got, writes)
		}
		return e.BudgetIs()
	}
}

// subscribedAs checks the emulator's world: this app is subscribed to the
// demo WABA with the given override ("" for none), and the writes so far
// are exactly writes.
func (e *Env) SubscribedAs(override string, writes ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		s, ok := e.Emu.Subscribed(WABA)
		switch {
		case !ok:
			return fmt.Errorf("the emulator has the app unsubscribed")
		case s.OverrideCallbackURI != override:
			return fmt.Errorf("the emulator's override = %q, want %q", s.OverrideCallbackURI, override)
		}
		if got := e.OpsOf(emulator.OpSubscribeApp, emulator.OpUnsubscribeApp); !slices.Equal(got, writes) {
			return fmt.Errorf("subscription writes = %v, want %v", got, writes)
		}
		return e.BudgetIs()
	}
}

// stateList is what `terraform state list` prints.
func (c *CLI) StateList() string { return strings.TrimSpace(c.MustRun("state", "list")) }

// numberOps is the PIN, register and deregister calls for the main number,
// in order.
func (e *Env) NumberOps() []string {
	return e.Emu.Operations(Number, emulator.OpSetPIN, emulator.OpRegister, emulator.OpDeregister)
}

// opsSince is numberOps after the first n.
func (e *Env) OpsSince(n int) []string { return e.NumberOps()[n:] }

// expectRegistered checks that the main number is registered, with region
// and PIN.
func (e *Env) ExpectRegistered(t *testing.T, region, pin string) {
	t.Helper()
	n, _ := e.Emu.Number(Number)
	if !n.Registered() || n.Region != region || n.PIN != pin {
		t.Errorf("number: registered %v, region %q, PIN %q; want registered, %q, %q", n.Registered(), n.Region, n.PIN, region, pin)
	}
}

// privateState is the provider's private data of the one object in state,
// decoded.
func (c *CLI) PrivateState() string {
	c.t.Helper()
	var st struct {
		Resources []struct {
			Instances []struct {
				Private string `json:"private"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(c.MustRun("state", "pull")), &st); err != nil {
		c.t.Fatal(err)
	}
	if len(st.Resources) != 1 || len(st.Resources[0].Instances) != 1 {
		c.t.Fatalf("state: %+v", st)
	}
	raw, err := base64.StdEncoding.DecodeString(st.Resources[0].Instances[0].Private)
	if err != nil {
		c.t.Fatal(err)
	}
	return string(raw)
}

// validateRejects runs `terraform validate -json` on config and checks that
// an error contains want, points at the attribute attr (when given) and
// does not repeat secret (when given).
func (c *CLI) ValidateRejects(name, config, attr, want, secret string) {
	c.t.Helper()
	c.WriteRaw(config)
	out, err := c.Run("validate", "-json")
	if err == nil {
		c.t.Errorf("%s: validate passed:\n%s", name, out)
		return
	}
	var result tfjson.ValidateOutput
	if jerr := json.Unmarshal([]byte(out), &result); jerr != nil {
		c.t.Errorf("%s: validate -json output is not JSON: %v\n%s", name, jerr, out)
		return
	}
	found := false
	for _, d := range result.Diagnostics {
		text := strings.Join(strings.Fields(d.Summary+" "+d.Detail), " ")
		if d.Severity != tfjson.DiagnosticSeverityError || !strings.Contains(text, want) {
			continue
		}
		found = true
		if attr != "" && (d.Snippet == nil || !strings.Contains(d.Snippet.Code, attr)) {
			c.t.Errorf("%s: the error does not point at %s: %+v", name, attr, d.Snippet)
		}
		if secret != "" && strings.Contains(d.Summary+d.Detail, secret) {
			c.t.Errorf("%s: the error repeats the value: %s", name, d.Detail)
		}
	}
	if result.Valid || !found {
		c.t.Errorf("%s: no error containing %q in:\n%s", name, want, out)
	}
}

var graphIDs = regexp.MustCompile(`\b[0-9]{15}\b`)

// ExampleFile reads one of the examples the docs show (examples/ at the
// repository root, wherever the calling test runs).
func ExampleFile(t *testing.T, rel string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot(), "examples", rel))
	if err != nil {
		t.Fatal(err)
	}
	// An example that names ids names the seeded ones (one that takes them
	// from variables names none).
	if graphIDs.MatchString(string(raw)) && !strings.Contains(string(raw), Number) && !strings.Contains(string(raw), WABA) {
		t.Fatalf("%s no longer uses phone number %s or WhatsApp Business Account %s, which the emulator seeds", rel, Number, WABA)
	}
	return string(raw)
}

// registeredCH applies a registration with local storage in CH.
func RegisteredCH(t *testing.T, env *Env) *CLI {
	t.Helper()
	c := env.CLI(t)
	c.Write(RegistrationConfig(`pin = "123456"`, `data_localization_region = "CH"`))
	c.MustRun("apply", "-auto-approve")
	c.AssertInSync()
	return c
}

// repoRoot is the repository's root directory: two folders above this file.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}
