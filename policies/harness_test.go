// Package policies_test runs the policy kit of this directory on plans that
// the real terraform CLI makes with the provider against the emulator on
// 127.0.0.1, and asserts exactly which deny and warn rules fire for each.
//
// It needs OPA: set WHATSAPP_OPA to the opa binary (make policy-test does).
// Without it every test skips, so that go test ./... stays green. The CLI is
// terraform on PATH, or TF_ACC_TERRAFORM_PATH (with TF_ACC_PROVIDER_HOST for
// OpenTofu: registry.opentofu.org), as in the provider's acceptance tests.
package policies_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const (
	token = "EAAG-policy-kit-token"
	// The demo account every harness shares (emulator.DemoSeed), and more
	// numbers and a second account for the plans that need them.
	waba    = emulator.DemoWABA
	wabaB   = "102290129340411"
	numberA = emulator.DemoNumber
	numberB = emulator.DemoNumberSale
	// PINs the configurations use. No policy output may contain one.
	pinOld      = "111111"
	pinNew      = "222222"
	pinWO       = "333333"
	pinImported = "555555"
	pinOther    = "777777"
	// The verify token the webhook endpoint expects.
	verifyToken = "wh-verify-policy-kit"

	addrMain    = "whatsapp_phone_registration.main"
	addrSupport = "whatsapp_phone_registration.support"
)

// extraNumbers are verified numbers of the demo account beyond the two of
// emulator.DemoSeed, for configurations with many registrations.
var extraNumbers = []string{"108540352242001", "108540352242002", "108540352242003", "108540352242004", "108540352242005"}

// policySeed is the demo account, its numbers and a second, empty account.
func policySeed() emulator.Seed {
	s := emulator.DemoSeed()
	s.WABAs = append(s.WABAs, wabaB)
	for i, id := range extraNumbers {
		s.Numbers = append(s.Numbers, emulator.Number{ID: id, WABAID: waba, DisplayPhoneNumber: fmt.Sprintf("+41 44 668 18 %02d", i+10), VerifiedName: "Acme"})
	}
	return s
}

// Data documents the pipeline passes with -d.
const (
	forbidPIN = `{"whatsapp_policy": {"forbid_pin_in_plan": true}}`
)

// TestMain is the test kit's: it removes the provider build at the end.
func TestMain(m *testing.M) { acctest.Main(m) }

// kit is one emulator with verified numbers, a webhook endpoint on
// 127.0.0.1 that answers Meta's verification, the test kit's CLI runner
// with the provider built as a binary (dev_overrides, as a user's local
// build runs) in a working directory pointed at them, and OPA.
type kit struct {
	t        *testing.T
	emu      *emulator.Emulator
	url      string
	hookURL  string
	dir      string
	cli      *acctest.CLI
	opa      string
	source   string
	policies string
}

func newKit(t *testing.T) *kit {
	t.Helper()
	opa := os.Getenv("WHATSAPP_OPA")
	if opa == "" {
		t.Skip("WHATSAPP_OPA is not set: these tests run the policy kit with OPA on real plans; run make policy-test, which installs OPA and sets it")
	}
	// The provider's address as the CLI resolves it: OpenTofu's default
	// registry differs (the runner's dev_overrides name both).
	source := acctest.ProviderSource()
	policies, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	bin := acctest.BuildProvider(t)

	hook := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != verifyToken {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		_, _ = w.Write([]byte(q.Get("hub.challenge")))
	}))
	t.Cleanup(hook.Close)
	emu := emulator.New(emulator.Options{Token: token, CallbackClient: hook.Client()})
	if err := emu.Load(policySeed()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)

	cli := acctest.NewCLI(t, acctest.WithProviderBinary(bin), acctest.WithEnvHook(func(env []string) []string {
		// The provider block below says where and how to connect; the
		// caller's WHATSAPP_* and TF_VAR_* must not change the plans.
		return slices.DeleteFunc(env, func(kv string) bool {
			return strings.HasPrefix(kv, "WHATSAPP_") || strings.HasPrefix(kv, "TF_VAR_")
		})
	}))
	return &kit{t: t, emu: emu, url: srv.URL, hookURL: hook.URL, dir: cli.Dir(), cli: cli, opa: opa, source: source, policies: policies}
}

// tofu reports whether the CLI under test is OpenTofu.
func (k *kit) tofu() bool {
	return strings.Contains(filepath.Base(acctest.CLIPath()), "tofu") || os.Getenv("TF_ACC_PROVIDER_HOST") == "registry.opentofu.org"
}

// requiredProviders is the terraform block every module of a test needs.
func (k *kit) requiredProviders() string {
	return fmt.Sprintf("terraform {\n  required_providers {\n    whatsapp = {\n      source = %q\n    }\n  }\n}\n", k.source)
}

// write replaces the root module with the provider's blocks plus body.
func (k *kit) write(body string) {
	k.t.Helper()
	k.writeFile("main.tf", fmt.Sprintf(`%s
provider "whatsapp" {
  base_url     = %q
  access_token = %q
}
%s`, k.requiredProviders(), k.url, token, body))
}

// aliasedProvider is a second configuration of the provider, named alias,
// pointing at the same emulator: Terraform runs it in a plugin process of
// its own.
func (k *kit) aliasedProvider(alias string) string {
	return fmt.Sprintf("\nprovider \"whatsapp\" {\n  alias        = %q\n  base_url     = %q\n  access_token = %q\n}\n", alias, k.url, token)
}

func (k *kit) writeFile(name, content string) {
	k.t.Helper()
	k.cli.WriteFile(name, content)
}

// run runs the CLI (with -no-color) and returns its standard output and
// error.
func (k *kit) run(args ...string) (string, string, error) {
	k.t.Helper()
	return k.cli.RunOutputs(args...)
}

// terraform runs the CLI and returns its standard output; stderr (the
// dev_overrides warning among others) is shown only on failure.
func (k *kit) terraform(args ...string) string {
	k.t.Helper()
	stdout, stderr, err := k.run(args...)
	if err != nil {
		k.t.Fatalf("%s %s: %v\n%s\n%s", acctest.CLIPath(), strings.Join(args, " "), err, stdout, stderr)
	}
	return stdout
}

func (k *kit) apply(args ...string) {
	k.t.Helper()
	k.terraform(append([]string{"apply", "-auto-approve", "-input=false"}, args...)...)
}

// plan saves a plan as name.tfplan and its JSON as name.json, as a
// pipeline does, and returns the JSON's path.
func (k *kit) plan(name string, args ...string) string {
	k.t.Helper()
	k.terraform(append([]string{"plan", "-input=false", "-out=" + name + ".tfplan"}, args...)...)
	return k.show(name)
}

// failedPlan is plan for a plan that errors: the CLI exits non-zero and
// still saves the plan file, marked errored.
func (k *kit) failedPlan(name string, args ...string) string {
	k.t.Helper()
	stdout, stderr, err := k.run(append([]string{"plan", "-input=false", "-out=" + name + ".tfplan"}, args...)...)
	if err == nil {
		k.t.Fatalf("plan %s succeeded, want an error\n%s\n%s", name, stdout, stderr)
	}
	return k.show(name)
}

func (k *kit) show(name string) string {
	k.t.Helper()
	return k.save(name+".json", k.terraform("show", "-json", name+".tfplan"))
}

// save writes content beside the plans and returns its path.
func (k *kit) save(name, content string) string {
	k.t.Helper()
	path := filepath.Join(k.dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		k.t.Fatal(err)
	}
	return path
}

type budget struct {
	Registers   int      `json:"registers"`
	Deregisters int      `json:"deregisters"`
	Addresses   []string `json:"addresses"`
}

type verdict struct {
	Deny   []string          `json:"deny"`
	Warn   []string          `json:"warn"`
	Budget map[string]budget `json:"budget"`
}

// opaArgs are the arguments of `opa eval` over the kit with the given data
// documents, written to files.
func (k *kit) opaArgs(docs []string) []string {
	k.t.Helper()
	args := []string{"eval", "-d", k.policies}
	for i, doc := range docs {
		path := filepath.Join(k.t.TempDir(), fmt.Sprintf("doc%d.json", i))
		if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
			k.t.Fatal(err)
		}
		args = append(args, "-d", path)
	}
	return args
}

// eval runs `opa eval data.whatsapp` on a plan with the given data
// documents, as the guide shows, and fails if the output holds a PIN.
func (k *kit) eval(planJSON string, docs ...string) verdict {
	k.t.Helper()
	args := append(k.opaArgs(docs), "--format", "json", "-i", planJSON, "data.whatsapp")
	cmd := exec.Command(k.opa, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		k.t.Fatalf("opa %s: %v\n%s\n%s", strings.Join(args, " "), err, stderr.String(), stdout.String())
	}
	for _, pin := range []string{pinOld, pinNew, pinWO, pinImported, pinOther, verifyToken} {
		if strings.Contains(stdout.String(), pin) {
			k.t.Fatalf("the policy output contains a secret:\n%s", stdout.String())
		}
	}
	var out struct {
		Result []struct {
			Expressions []struct {
				Value verdict `json:"value"`
			} `json:"expressions"`
		} `json:"result"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		k.t.Fatalf("opa output: %v\n%s", err, stdout.String())
	}
	if len(out.Result) != 1 || len(out.Result[0].Expressions) != 1 {
		k.t.Fatalf("opa output has no single result:\n%s", stdout.String())
	}
	return out.Result[0].Expressions[0].Value
}

// gate runs the command a pipeline gates on, `opa eval --fail-defined
// 'data.whatsapp.deny[_]'`, and returns its exit status.
func (k *kit) gate(planJSON string, docs ...string) int {
	k.t.Helper()
	args := append(k.opaArgs(docs), "--fail-defined", "--format", "raw", "-i", planJSON, "data.whatsapp.deny[_]")
	out, err := exec.Command(k.opa, args...).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	}
	k.t.Fatalf("opa %s: %v\n%s", strings.Join(args, " "), err, out)
	return -1
}

// want is everything the kit must say about one plan: the head of every
// deny and warn message ("[whatsapp.rule] address (phone number id)", or
// "[whatsapp.rule] input" for the input's), nothing more, the budget, and
// phrases that must appear in the messages.
type want struct {
	deny, warn []string
	budget     map[string]budget
	phrases    []string
}

func head(msg string) string {
	if i := strings.Index(msg, "] input: "); i >= 0 {
		return msg[:i+len("] input")]
	}
	if i := strings.Index(msg, "): "); i >= 0 {
		return msg[:i+1]
	}
	if i := strings.Index(msg, ": "); i >= 0 {
		return msg[:i]
	}
	return msg
}

func heads(msgs []string) []string {
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, head(m))
	}
	slices.Sort(out)
	return out
}

func msg(rule, address, number string) string {
	return fmt.Sprintf("[whatsapp.%s] %s (phone number %s)", rule, address, number)
}

// msgSub is msg for the subscription of the webhook tests, which names its WABA.
func msgSub(rule, id string) string {
	return fmt.Sprintf("[whatsapp.%s] %s (WABA %s)", rule, addrSub, id)
}

func inputMsg(rule string) string { return fmt.Sprintf("[whatsapp.%s] input", rule) }

// check evaluates the plan with docs, compares with w, and returns what the
// kit said.
func (k *kit) check(what, planJSON string, docs []string, w want) verdict {
	k.t.Helper()
	got := k.eval(planJSON, docs...)
	wantDeny, wantWarn := slices.Sorted(slices.Values(w.deny)), slices.Sorted(slices.Values(w.warn))
	if gotDeny := heads(got.Deny); !slices.Equal(gotDeny, wantDeny) {
		k.t.Errorf("%s: deny\n got %q\nwant %q\nmessages: %s", what, gotDeny, wantDeny, strings.Join(got.Deny, "\n"))
	}
	if gotWarn := heads(got.Warn); !slices.Equal(gotWarn, wantWarn) {
		k.t.Errorf("%s: warn\n got %q\nwant %q\nmessages: %s", what, gotWarn, wantWarn, strings.Join(got.Warn, "\n"))
	}
	if len(got.Budget) != len(w.budget) {
		k.t.Errorf("%s: budget got %+v, want %+v", what, got.Budget, w.budget)
	}
	for number, b := range w.budget {
		g, ok := got.Budget[number]
		if !ok || g.Registers != b.Registers || g.Deregisters != b.Deregisters || !slices.Equal(g.Addresses, b.Addresses) {
			k.t.Errorf("%s: budget of %s got %+v, want %+v (all: %+v)", what, number, g, b, got.Budget)
		}
	}
	all := strings.Join(append(slices.Clone(got.Deny), got.Warn...), "\n")
	for _, p := range w.phrases {
		if !strings.Contains(all, p) {
			k.t.Errorf("%s: no message says %q:\n%s", what, p, all)
		}
	}
	return got
}

func spend(registers, deregisters int, addresses ...string) budget {
	return budget{Registers: registers, Deregisters: deregisters, Addresses: addresses}
}

// approvalDoc is the approval document the kit reads.
type approvalDoc struct {
	Approval struct {
		Ticket  string           `json:"ticket"`
		Expires string           `json:"expires,omitempty"`
		Changes []map[string]any `json:"changes"`
	} `json:"whatsapp_approval"`
}

// suggestion parses the approval document that the deny message for
// address suggests: it must be JSON, and name exactly that address.
func (k *kit) suggestion(v verdict, address string) approvalDoc {
	k.t.Helper()
	for _, m := range v.Deny {
		if !strings.Contains(head(m), "] "+address+" (") {
			continue
		}
		i := strings.Index(m, `{"whatsapp_approval"`)
		if i < 0 {
			k.t.Fatalf("the deny message for %s suggests no approval:\n%s", address, m)
		}
		var doc approvalDoc
		if err := json.Unmarshal([]byte(m[i:]), &doc); err != nil {
			k.t.Fatalf("the approval suggested for %s does not parse: %v\n%s", address, err, m[i:])
		}
		if len(doc.Approval.Changes) != 1 || doc.Approval.Changes[0]["address"] != address {
			k.t.Fatalf("the approval suggested for %s names %+v", address, doc.Approval.Changes)
		}
		return doc
	}
	k.t.Fatalf("no deny message for %s:\n%s", address, strings.Join(v.Deny, "\n"))
	return approvalDoc{}
}

// merge puts the changes of several suggestions in one document.
func merge(docs ...approvalDoc) approvalDoc {
	out := docs[0]
	out.Approval.Changes = nil
	for _, d := range docs {
		out.Approval.Changes = append(out.Approval.Changes, d.Approval.Changes...)
	}
	return out
}

func (d approvalDoc) String() string {
	raw, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return string(raw)
}

// edited is a copy of d with fields of its first change replaced (nil
// deletes the field).
func (d approvalDoc) edited(fields map[string]any) approvalDoc {
	out := d
	c := map[string]any{}
	for key, v := range d.Approval.Changes[0] {
		c[key] = v
	}
	for key, v := range fields {
		if v == nil {
			delete(c, key)
			continue
		}
		c[key] = v
	}
	out.Approval.Changes = []map[string]any{c}
	return out
}

func registration(name, number, pin, region, extra string) string {
	regionLine := ""
	if region != "" {
		regionLine = fmt.Sprintf("  data_localization_region = %q\n", region)
	}
	return fmt.Sprintf("\nresource \"whatsapp_phone_registration\" %q {\n  phone_number_id = %q\n  pin = %q\n%s%s}\n", name, number, pin, regionLine, extra)
}

// registrationWO is whatsapp_phone_registration.main on numberA with the
// write-only PIN, fed by the ephemeral variable of ephemeralPIN.
func registrationWO(version int, region, extra string) string {
	regionLine := ""
	if region != "" {
		regionLine = fmt.Sprintf("  data_localization_region = %q\n", region)
	}
	return fmt.Sprintf("\nresource \"whatsapp_phone_registration\" \"main\" {\n  phone_number_id = %q\n  pin_wo = var.pin\n  pin_wo_version = %d\n%s%s}\n", numberA, version, regionLine, extra)
}

const ephemeralPIN = `
variable "pin" {
  type      = string
  sensitive = true
  ephemeral = true
}
`
