// Package policies_test runs the policy kit of this directory on plans that
// the real terraform CLI makes with the provider against the emulator on
// 127.0.0.1, and asserts exactly which deny and warn rules fire for each.
//
// It needs OPA: set WHATSAPP_OPA to the opa binary (make policy-test does).
// Without it every test skips, so that go test ./... stays green.
package policies_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const (
	token = "EAAG-policy-kit-token"
	// The demo account every harness shares (emulator.DemoSeed).
	numberA = emulator.DemoNumber
	numberB = emulator.DemoNumberSale
	// PINs the configurations use. No policy output may contain one.
	pinOld      = "111111"
	pinNew      = "222222"
	pinWO       = "333333"
	pinImported = "555555"

	addrMain    = "whatsapp_phone_registration.main"
	addrSupport = "whatsapp_phone_registration.support"
)

// Data documents the pipeline passes with -d.
const (
	forbidPIN = `{"whatsapp_policy": {"forbid_pin_in_plan": true}}`
)

func approval(field string, values ...string) string {
	raw, err := json.Marshal(map[string]any{"whatsapp_approval": map[string]any{"ticket": "CHG-1234", field: values}})
	if err != nil {
		panic(err)
	}
	return string(raw)
}

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// providerDir builds the provider once per test run, from the module this
// package belongs to, for the CLI's dev_overrides.
func providerDir(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		gomod, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			buildErr = fmt.Errorf("go env GOMOD: %w", err)
			return
		}
		// One build for every test of the run, so not t.TempDir: TestMain removes it.
		buildDir, buildErr = os.MkdirTemp("", "whatsapp-policy-provider") //nolint:usetesting // shared across tests
		if buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(buildDir, "terraform-provider-whatsapp"), ".")
		cmd.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildDir
}

// kit is one emulator with two verified numbers, one Terraform working
// directory pointed at it, and OPA.
type kit struct {
	t        *testing.T
	url      string
	dir      string
	env      []string
	opa      string
	tf       string
	policies string
}

func newKit(t *testing.T) *kit {
	t.Helper()
	opa := os.Getenv("WHATSAPP_OPA")
	if opa == "" {
		t.Skip("WHATSAPP_OPA is not set: these tests run the policy kit with OPA on real plans; run make policy-test, which installs OPA and sets it")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		tf = "terraform"
	}
	if _, err := exec.LookPath(tf); err != nil {
		t.Fatalf("these tests need the terraform CLI (or TF_ACC_TERRAFORM_PATH): %v", err)
	}
	policies, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	bin := providerDir(t)

	emu := emulator.New(emulator.Options{Token: token})
	if err := emu.Load(emulator.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)

	root := t.TempDir()
	rc := filepath.Join(root, "cli.tfrc")
	cliConfig := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"whatsapp-iac/whatsapp\" = %q\n  }\n  direct {}\n}\n", bin)
	if err := os.WriteFile(rc, []byte(cliConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		// The provider block below says where and how to connect; the
		// caller's WHATSAPP_* and TF_VAR_* must not change the plans.
		if strings.HasPrefix(kv, "WHATSAPP_") || strings.HasPrefix(kv, "TF_VAR_") || strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	dir := filepath.Join(root, "config")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return &kit{t: t, url: srv.URL, dir: dir, env: env, opa: opa, tf: tf, policies: policies}
}

// write replaces the root module with the provider's blocks plus body.
func (k *kit) write(body string) {
	k.t.Helper()
	k.writeFile("main.tf", fmt.Sprintf(`terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

provider "whatsapp" {
  base_url     = %q
  access_token = %q
}
%s`, k.url, token, body))
}

func (k *kit) writeFile(name, content string) {
	k.t.Helper()
	path := filepath.Join(k.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		k.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		k.t.Fatal(err)
	}
}

// terraform runs the CLI and returns its standard output; stderr (the
// dev_overrides warning among others) is shown only on failure.
func (k *kit) terraform(args ...string) string {
	k.t.Helper()
	cmd := exec.Command(k.tf, args...)
	cmd.Dir = k.dir
	cmd.Env = k.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		k.t.Fatalf("terraform %s: %v\n%s\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

func (k *kit) apply(args ...string) {
	k.t.Helper()
	k.terraform(append([]string{"apply", "-auto-approve", "-input=false", "-no-color"}, args...)...)
}

// plan saves a plan as name.tfplan and its JSON as name.json, as a
// pipeline does, and returns the JSON's path.
func (k *kit) plan(name string, args ...string) string {
	k.t.Helper()
	k.terraform(append([]string{"plan", "-input=false", "-no-color", "-out=" + name + ".tfplan"}, args...)...)
	out := k.terraform("show", "-json", name+".tfplan")
	path := filepath.Join(k.dir, name+".json")
	if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
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

// eval runs `opa eval data.whatsapp` on a plan with the given data
// documents, as the guide shows, and fails if the output holds a PIN.
func (k *kit) eval(planJSON string, docs ...string) verdict {
	k.t.Helper()
	args := []string{"eval", "--format", "json", "-d", k.policies}
	for i, doc := range docs {
		path := filepath.Join(k.t.TempDir(), fmt.Sprintf("doc%d.json", i))
		if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
			k.t.Fatal(err)
		}
		args = append(args, "-d", path)
	}
	args = append(args, "-i", planJSON, "data.whatsapp")
	cmd := exec.Command(k.opa, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		k.t.Fatalf("opa %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	for _, pin := range []string{pinOld, pinNew, pinWO, pinImported} {
		if strings.Contains(stdout.String(), pin) {
			k.t.Fatalf("the policy output contains a PIN:\n%s", stdout.String())
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

// want is everything the kit must say about one plan: the head of every
// deny and warn message ("[whatsapp.rule] address (phone number id)"),
// nothing more, the budget, and phrases that must appear in the messages.
type want struct {
	deny, warn []string
	budget     map[string]budget
	phrases    []string
}

func head(msg string) string {
	if i := strings.Index(msg, "): "); i >= 0 {
		return msg[:i+1]
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

// check evaluates the plan with docs and compares with w.
func (k *kit) check(what, planJSON string, docs []string, w want) {
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
}

func spend(registers, deregisters int, addresses ...string) budget {
	return budget{Registers: registers, Deregisters: deregisters, Addresses: addresses}
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

// TestPlansOfOneNumberWithPIN follows one registration that uses pin through
// the plans a team makes, each from the same applied state.
func TestPlansOfOneNumberWithPIN(t *testing.T) {
	k := newKit(t)
	main := func(number, pin, region string) string { return registration("main", number, pin, region, "") }

	k.write(main(numberA, pinOld, "CH"))
	create := k.plan("create")
	k.check("create", create, nil, want{budget: map[string]budget{numberA: spend(1, 0, addrMain)}})
	k.check("create, pin forbidden", create, []string{forbidPIN}, want{
		deny:    []string{msg("pin_in_plan", addrMain, numberA)},
		budget:  map[string]budget{numberA: spend(1, 0, addrMain)},
		phrases: []string{"Use pin_wo"},
	})
	k.apply()

	noop := k.plan("noop")
	k.check("no-op", noop, nil, want{})
	// The PIN is in every plan that has pin in its configuration, no-ops too.
	k.check("no-op, pin forbidden", noop, []string{forbidPIN}, want{deny: []string{msg("pin_in_plan", addrMain, numberA)}})

	k.write(main(numberA, pinOld, "DE"))
	region := k.plan("region")
	regionSpend := map[string]budget{numberA: spend(1, 1, addrMain)}
	k.check("region CH to DE", region, nil, want{
		deny:    []string{msg("delete_not_approved", addrMain, numberA)},
		warn:    []string{msg("region_change", addrMain, numberA)},
		budget:  regionSpend,
		phrases: []string{"from CH to DE", "deregister, then register; forced by data_localization_region"},
	})
	example, err := os.ReadFile(filepath.Join("examples", "approval.json"))
	if err != nil {
		t.Fatal(err)
	}
	approved := want{
		warn:    []string{msg("delete_approved", addrMain, numberA), msg("region_change", addrMain, numberA)},
		budget:  regionSpend,
		phrases: []string{"approved by CHG-1234"},
	}
	k.check("region, approved by examples/approval.json", region, []string{string(example)}, approved)
	k.check("region, approved by number", region, []string{approval("phone_number_ids", numberA)}, approved)
	k.check("region, approved by wildcard", region, []string{approval("addresses", "*")}, approved)
	notApproved := want{
		deny:   []string{msg("delete_not_approved", addrMain, numberA)},
		warn:   []string{msg("region_change", addrMain, numberA)},
		budget: regionSpend,
	}
	k.check("region, approval of another address", region, []string{approval("addresses", addrSupport)}, notApproved)
	k.check("region, approval of another number", region, []string{approval("phone_number_ids", numberB)}, notApproved)
	// The plan was made a moment ago: an approval that expired yesterday no
	// longer counts, one that expires tomorrow does.
	day := 24 * time.Hour
	expiring := func(at time.Time) string {
		return fmt.Sprintf(`{"whatsapp_approval": {"ticket": "CHG-1234", "addresses": [%q], "expires": %q}}`, addrMain, at.UTC().Format(time.RFC3339))
	}
	k.check("region, approval expired", region, []string{expiring(time.Now().Add(-day))}, notApproved)
	k.check("region, approval not yet expired", region, []string{expiring(time.Now().Add(day))}, approved)
	k.check("region, approval expiring at an unreadable time", region,
		[]string{`{"whatsapp_approval": {"ticket": "CHG-1234", "addresses": ["*"], "expires": "next week"}}`}, notApproved)
	k.check("region, approval without a ticket", region,
		[]string{`{"whatsapp_approval": {"ticket": " ", "addresses": ["*"], "phone_number_ids": ["` + numberA + `"]}}`}, notApproved)
	k.check("region, pin forbidden", region, []string{forbidPIN}, want{
		deny:   []string{msg("delete_not_approved", addrMain, numberA), msg("pin_in_plan", addrMain, numberA)},
		warn:   []string{msg("region_change", addrMain, numberA)},
		budget: regionSpend,
	})

	k.write(main(numberA, pinOld, ""))
	k.check("region removed", k.plan("region-off"), nil, want{
		deny:    []string{msg("delete_not_approved", addrMain, numberA)},
		warn:    []string{msg("region_change", addrMain, numberA)},
		budget:  regionSpend,
		phrases: []string{"from CH to (none: local storage off)"},
	})

	k.write(main(numberA, pinNew, "CH"))
	pin := k.plan("pin")
	k.check("pin change", pin, nil, want{
		warn:    []string{msg("pin_set", addrMain, numberA)},
		phrases: []string{"(pin changes)"},
	})
	k.check("pin change, pin forbidden", pin, []string{forbidPIN}, want{
		deny: []string{msg("pin_in_plan", addrMain, numberA)},
		warn: []string{msg("pin_set", addrMain, numberA)},
	})

	k.write(registrationWO(1, "CH", "") + ephemeralPIN)
	k.check("switch from pin to pin_wo", k.plan("to-pin-wo", "-var", "pin="+pinOld), []string{forbidPIN}, want{
		warn:    []string{msg("pin_set", addrMain, numberA)},
		phrases: []string{"switches from pin to pin_wo (pin_wo_version 1)"},
	})

	k.write(main(numberB, pinOld, "CH"))
	moved := k.plan("number")
	movedSpend := map[string]budget{numberA: spend(0, 1, addrMain), numberB: spend(1, 0, addrMain)}
	k.check("phone_number_id change", moved, nil, want{
		deny:    []string{msg("delete_not_approved", addrMain, numberA+" → "+numberB)},
		budget:  movedSpend,
		phrases: []string{"forced by phone_number_id", "phone number " + numberA + " stops messaging"},
	})
	// The approval names the number that is deregistered, not the new one.
	k.check("phone_number_id change, old number approved", moved, []string{approval("phone_number_ids", numberA)}, want{
		warn:   []string{msg("delete_approved", addrMain, numberA+" → "+numberB)},
		budget: movedSpend,
	})
	k.check("phone_number_id change, new number approved", moved, []string{approval("phone_number_ids", numberB)}, want{
		deny:   []string{msg("delete_not_approved", addrMain, numberA+" → "+numberB)},
		budget: movedSpend,
	})

	k.write(main(numberA, pinOld, "CH"))
	k.check("-replace", k.plan("replace", "-replace="+addrMain), nil, want{
		deny:    []string{msg("delete_not_approved", addrMain, numberA)},
		budget:  regionSpend,
		phrases: []string{"-replace was requested"},
	})

	k.write(registration("main", numberA, pinOld, "DE", "  lifecycle {\n    create_before_destroy = true\n  }\n"))
	k.check("create_before_destroy and a region change", k.plan("cbd"), nil, want{
		deny:    []string{msg("delete_not_approved", addrMain, numberA)},
		warn:    []string{msg("region_change", addrMain, numberA)},
		budget:  regionSpend,
		phrases: []string{"create_before_destroy (register, then deregister; forced by data_localization_region)"},
	})

	// A rename without a moved block destroys one address and creates the
	// other: two calls on one number, under two addresses.
	k.write(registration("support", numberA, pinOld, "DE", ""))
	k.check("rename without moved, and a region change", k.plan("rename"), []string{approval("addresses", addrSupport)}, want{
		deny:    []string{msg("delete_not_approved", addrMain, numberA)},
		budget:  map[string]budget{numberA: spend(1, 1, addrMain, addrSupport)},
		phrases: []string{"a rename needs a moved block"},
	})

	// A copy of the resource on the same number next to a region change:
	// three calls on one number in one plan.
	k.write(main(numberA, pinOld, "DE") + registration("support", numberA, pinOld, "DE", ""))
	threeSpend := map[string]budget{numberA: spend(2, 1, addrMain, addrSupport)}
	k.check("two resources on one number", k.plan("copy"), []string{approval("addresses", addrMain)}, want{
		warn: []string{
			msg("delete_approved", addrMain, numberA),
			msg("region_change", addrMain, numberA),
			msg("budget", addrMain+", "+addrSupport, numberA),
		},
		budget:  threeSpend,
		phrases: []string{"this plan spends 2 register(s) and 1 deregister(s) on phone number " + numberA},
	})

	k.write(main(numberA, pinOld, "CH"))
	destroy := k.plan("destroy", "-destroy")
	k.check("destroy", destroy, nil, want{
		deny:    []string{msg("delete_not_approved", addrMain, numberA)},
		budget:  map[string]budget{numberA: spend(0, 1, addrMain)},
		phrases: []string{"destroys the registration (deregister)"},
	})
	k.check("destroy, approved", destroy, []string{approval("addresses", addrMain)}, want{
		warn:   []string{msg("delete_approved", addrMain, numberA)},
		budget: map[string]budget{numberA: spend(0, 1, addrMain)},
	})
}

// TestPlansOfOneNumberWithWriteOnlyPIN: pin_wo, its version, and
// reregister_triggers, which spends a register without a deregister.
func TestPlansOfOneNumberWithWriteOnlyPIN(t *testing.T) {
	k := newKit(t)
	pinVar := []string{"-var", "pin=" + pinWO}
	triggers := func(m string) string { return "  reregister_triggers = " + m + "\n" }

	k.write(registrationWO(1, "CH", "") + ephemeralPIN)
	k.check("create with pin_wo, pin forbidden", k.plan("create", pinVar...), []string{forbidPIN}, want{
		budget: map[string]budget{numberA: spend(1, 0, addrMain)},
	})
	k.apply(pinVar...)

	k.write(registrationWO(2, "CH", "") + ephemeralPIN)
	k.check("pin_wo_version bump, pin forbidden", k.plan("version", pinVar...), []string{forbidPIN}, want{
		warn:    []string{msg("pin_set", addrMain, numberA)},
		phrases: []string{"pin_wo_version changes from 1 to 2"},
	})

	// With pin_wo and an unchanged version, the provider allows a region change.
	k.write(registrationWO(1, "DE", "") + ephemeralPIN)
	k.check("region change with pin_wo, pin forbidden", k.plan("region", pinVar...), []string{forbidPIN}, want{
		deny:   []string{msg("delete_not_approved", addrMain, numberA)},
		warn:   []string{msg("region_change", addrMain, numberA)},
		budget: map[string]budget{numberA: spend(1, 1, addrMain)},
	})

	k.write(registrationWO(1, "CH", triggers(`{ display_name = "Acme Support" }`)) + ephemeralPIN)
	k.check("triggers set", k.plan("triggers", pinVar...), nil, want{
		warn:    []string{msg("reregister", addrMain, numberA)},
		budget:  map[string]budget{numberA: spend(1, 0, addrMain)},
		phrases: []string{"registered again in place"},
	})
	k.apply(pinVar...)

	k.write(registrationWO(1, "CH", triggers(`{ display_name = "Acme Customer Care" }`)) + ephemeralPIN)
	k.check("triggers changed", k.plan("triggers-changed", pinVar...), nil, want{
		warn:   []string{msg("reregister", addrMain, numberA)},
		budget: map[string]budget{numberA: spend(1, 0, addrMain)},
	})

	// Emptying the map is an update that calls nothing.
	k.write(registrationWO(1, "CH", triggers("{}")) + ephemeralPIN)
	k.check("triggers emptied", k.plan("triggers-emptied", pinVar...), nil, want{})
	k.apply(pinVar...)

	// And from {} to null: null and {} are the same.
	k.write(registrationWO(1, "CH", "") + ephemeralPIN)
	k.check("triggers removed after {}", k.plan("triggers-removed", pinVar...), nil, want{})
}

// TestModulesUnknownNumbersAndVariables: a registration in a module, one
// whose number is not known until apply, and pin_wo fed by variables that
// are not ephemeral, which the plan file stores in clear.
func TestModulesUnknownNumbersAndVariables(t *testing.T) {
	k := newKit(t)
	const addrModule = "module.wa.whatsapp_phone_registration.this"
	const addrLater = "whatsapp_phone_registration.later"
	k.writeFile("wa/main.tf", `terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

variable "number" {
  type = string
}

variable "region" {
  type = string
}

variable "pin" {
  type      = string
  sensitive = true
}

resource "whatsapp_phone_registration" "this" {
  phone_number_id          = var.number
  pin_wo                   = var.pin
  pin_wo_version           = 1
  data_localization_region = var.region
}
`)
	root := func(region string) string {
		return fmt.Sprintf(`
variable "pin" {
  type      = string
  sensitive = true
}

module "wa" {
  source = "./wa"
  number = %q
  region = %q
  pin    = var.pin
}

resource "terraform_data" "number" {
  input = %q
}

resource "whatsapp_phone_registration" "later" {
  phone_number_id = terraform_data.number.output
  pin_wo          = var.pin
  pin_wo_version  = 1
}
`, numberA, region, numberB)
	}
	k.write(root("CH"))
	k.terraform("get", "-no-color")
	pinVar := []string{"-var", "pin=" + pinWO}
	create := k.plan("create", pinVar...)
	createSpend := map[string]budget{
		numberA:                                  spend(1, 0, addrModule),
		"(known after apply: " + addrLater + ")": spend(1, 0, addrLater),
	}
	k.check("create", create, nil, want{budget: createSpend})
	k.check("create, pin forbidden", create, []string{forbidPIN}, want{
		deny: []string{
			msg("pin_variable_in_plan", addrModule, numberA),
			msg("pin_variable_in_plan", addrLater, "(known after apply)"),
		},
		budget:  createSpend,
		phrases: []string{`variable "pin" feeds the PIN`, "ephemeral = true"},
	})
	k.apply(pinVar...)

	k.write(root("DE"))
	region := k.plan("region", pinVar...)
	k.check("region change in a module", region, nil, want{
		deny:   []string{msg("delete_not_approved", addrModule, numberA)},
		warn:   []string{msg("region_change", addrModule, numberA)},
		budget: map[string]budget{numberA: spend(1, 1, addrModule)},
	})
	k.check("region change in a module, approved", region, []string{approval("addresses", addrModule)}, want{
		warn:   []string{msg("delete_approved", addrModule, numberA), msg("region_change", addrModule, numberA)},
		budget: map[string]budget{numberA: spend(1, 1, addrModule)},
	})
}

// TestFirstPlanAfterImport: the PIN cannot be read from Meta, so the first
// apply after an import sets it.
func TestFirstPlanAfterImport(t *testing.T) {
	k := newKit(t)
	// A number registered by someone else (here: another state), then
	// imported into this one.
	k.write(registration("main", numberA, pinImported, "DE", ""))
	k.apply()
	k.terraform("state", "rm", addrMain)
	k.terraform("import", "-input=false", "-no-color", addrMain, numberA)
	k.check("first plan after import", k.plan("imported"), nil, want{
		warn:    []string{msg("pin_set", addrMain, numberA)},
		phrases: []string{"first apply since the import"},
	})

	// reregister_triggers in the configuration of an imported number are
	// only recorded by that first apply: no register.
	k.write(registration("main", numberA, pinImported, "DE", "  reregister_triggers = { display_name = \"Acme Support\" }\n"))
	k.check("first plan after import, with triggers", k.plan("imported-triggers"), nil, want{
		warn: []string{msg("pin_set", addrMain, numberA)},
	})
}

// TestBudgetOfOnePlan: more than 10 registers of one number in one plan
// cannot succeed.
func TestBudgetOfOnePlan(t *testing.T) {
	k := newKit(t)
	for _, n := range []int{10, 11} {
		k.write(registration("main", numberA, pinOld, "", fmt.Sprintf("  count = %d\n", n)))
		addresses := make([]string, n)
		for i := range addresses {
			addresses[i] = fmt.Sprintf("%s[%d]", addrMain, i)
		}
		slices.Sort(addresses)
		w := want{
			warn:    []string{msg("budget", strings.Join(addresses, ", "), numberA)},
			budget:  map[string]budget{numberA: spend(n, 0, addresses...)},
			phrases: []string{fmt.Sprintf("this plan spends %d register(s) and 0 deregister(s)", n)},
		}
		if n > 10 {
			w.deny = []string{msg("budget_exceeded", strings.Join(addresses, ", "), numberA)}
		}
		k.check(fmt.Sprintf("count = %d on one number", n), k.plan(fmt.Sprintf("count%d", n)), nil, w)
	}
}
