package provider

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The replacement preflight (guardPreflight and the guards beside it in
// guards.go), through the CLI, world by world: each of the ten ways a
// replacement used to strand a number, played from the emulator's control
// side. After each, the number must not be left deregistered, and state
// must equal the emulator's world.

// planJSON is the part of a saved plan's JSON these tests read
// (terraform-json has no action_reason).
type planJSON struct {
	ResourceChanges []struct {
		Address      string `json:"address"`
		ActionReason string `json:"action_reason"`
		Change       struct {
			Actions []string `json:"actions"`
		} `json:"change"`
	} `json:"resource_changes"`
}

// savedPlan makes a saved plan with args and returns its JSON.
func (c *tfCLI) savedPlan(args ...string) *planJSON {
	c.t.Helper()
	c.mustRun(append([]string{"plan", "-out=saved.tfplan"}, args...)...)
	var plan planJSON
	if err := json.Unmarshal([]byte(c.mustRun("show", "-json", "saved.tfplan")), &plan); err != nil {
		c.t.Fatal(err)
	}
	return &plan
}

// actionsOf is the plan's action list for addr.
func actionsOf(t *testing.T, plan *planJSON, addr string) []string {
	t.Helper()
	for _, rc := range plan.ResourceChanges {
		if rc.Address == addr {
			return rc.Change.Actions
		}
	}
	t.Fatalf("the plan has no change for %s", addr)
	return nil
}

// numberOps is the PIN, register and deregister calls for the main number,
// in order.
func (e *accEnv) numberOps() []string {
	return e.emu.Operations(accNumber, emulator.OpSetPIN, emulator.OpRegister, emulator.OpDeregister)
}

// opsSince is numberOps after the first n.
func (e *accEnv) opsSince(n int) []string { return e.numberOps()[n:] }

// expectRegistered checks that the main number is registered, with region
// and PIN.
func (e *accEnv) expectRegistered(t *testing.T, region, pin string) {
	t.Helper()
	n, _ := e.emu.Number(accNumber)
	if !n.Registered() || n.Region != region || n.PIN != pin {
		t.Errorf("number: registered %v, region %q, PIN %q; want registered, %q, %q", n.Registered(), n.Region, n.PIN, region, pin)
	}
}

// replaced is what a replacement that passed the preflight calls: the PIN
// first, then the deregister and the register.
var replaced = []string{emulator.OpSetPIN, emulator.OpDeregister, emulator.OpRegister}

// privateState is the provider's private data of the one object in state,
// decoded.
func (c *tfCLI) privateState() string {
	c.t.Helper()
	var st struct {
		Resources []struct {
			Instances []struct {
				Private string `json:"private"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("state", "pull")), &st); err != nil {
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

// Cases 1 and 5: the PIN was changed outside this state (WhatsApp Manager,
// or a second state that adopted the number), then a region change. The
// replacement sets the configured PIN before its deregister.
func TestCLIReplacementSetsThePINFirst(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)

	// Case 1: someone changes the PIN in WhatsApp Manager.
	env.emu.Update(accNumber, func(n *emulator.Number) { n.PIN = "999999" })
	c.write(registration(`pin = "123456"`, `data_localization_region = "DE"`))
	before := len(env.numberOps())
	c.mustRun("apply", "-auto-approve")
	if got := env.opsSince(before); !slices.Equal(got, replaced) {
		t.Errorf("calls = %v, want %v", got, replaced)
	}
	env.expectRegistered(t, "DE", "123456")
	c.assertInSync()

	// Case 5: a second state adopts the number and sets its own PIN.
	other := env.cli(t)
	other.write(registration(`pin = "555555"`, `data_localization_region = "DE"`))
	assertContains(t, other.mustRun("apply", "-auto-approve"), "adopted without a register")
	env.expectRegistered(t, "DE", "555555")
	c.write(registration(`pin = "123456"`, `data_localization_region = "CH"`))
	before = len(env.numberOps())
	c.mustRun("apply", "-auto-approve")
	if got := env.opsSince(before); !slices.Equal(got, replaced) {
		t.Errorf("calls = %v, want %v", got, replaced)
	}
	env.expectRegistered(t, "CH", "123456")
	c.assertInSync()
}

// Case 2: -replace, taint, or an import, together with a pin change. The
// plan never says "no register or deregister", and the apply sets the new
// PIN before its deregister.
func TestCLIForcedReplacementWithANewPIN(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	for i, step := range []struct {
		name, pin string
		prepare   func()
		args      []string
		reason    string
	}{
		{name: "-replace", pin: "222222", args: []string{"-replace=" + accAddr}, reason: "replace_by_request"},
		{name: "taint", pin: "333333", prepare: func() { c.mustRun("taint", accAddr) }, reason: "replace_because_tainted"},
		{name: "import, then -replace", pin: "444444", prepare: func() {
			c.mustRun("state", "rm", accAddr)
			c.mustRun("import", accAddr, accNumber)
		}, args: []string{"-replace=" + accAddr}, reason: "replace_by_request"},
	} {
		t.Run(step.name, func(t *testing.T) {
			c.t = t
			if step.prepare != nil {
				step.prepare()
			}
			c.write(registration(fmt.Sprintf("pin = %q", step.pin), `data_localization_region = "CH"`))
			plan := c.savedPlan(step.args...)
			if got := actionsOf(t, plan, accAddr); !slices.Equal(got, []string{"delete", "create"}) {
				t.Fatalf("actions = %v, want delete then create", got)
			}
			for _, rc := range plan.ResourceChanges {
				if rc.Address == accAddr && rc.ActionReason != step.reason {
					t.Errorf("action_reason = %q, want %q", rc.ActionReason, step.reason)
				}
			}
			text := c.mustRun(append([]string{"plan"}, step.args...)...)
			assertNotContains(t, text, "no register or deregister", "no budget)")
			before := len(env.numberOps())
			out := c.mustRun("apply", "saved.tfplan")
			if got := env.opsSince(before); !slices.Equal(got, replaced) {
				t.Errorf("calls = %v, want %v\n%s", got, replaced, out)
			}
			env.expectRegistered(t, "CH", step.pin)
			c.assertInSync()
			if i == 0 {
				assertNotContains(t, withoutSourceSnippets(out+text), step.pin)
			}
		})
	}
}

// Case 3: the pin_wo secret rotated in the vault without a pin_wo_version
// bump. The plan says so; a region change then sets the new PIN first.
func TestCLIRotatedPinWOIsAnnounced(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	c.write(registration(`pin_wo = "111111"`, `pin_wo_version = 1`, `data_localization_region = "CH"`))
	c.mustRun("apply", "-auto-approve")
	assertNotContains(t, c.mustRun("plan"), "is not the PIN last applied")

	c.write(registration(`pin_wo = "222222"`, `pin_wo_version = 1`, `data_localization_region = "CH"`))
	plan := c.mustRun("plan", "-detailed-exitcode")
	assertContains(t, plan, "pin_wo of phone number "+accNumber+" (+41 44 668 18 00) is not the PIN last applied", "increase pin_wo_version")
	assertNotContains(t, withoutSourceSnippets(plan), "111111", "222222")

	c.write(registration(`pin_wo = "222222"`, `pin_wo_version = 1`, `data_localization_region = "DE"`))
	plan = c.mustRun("plan")
	assertContains(t, plan, "will be deregistered and registered again", "the configured PIN differs from the one the last apply presented")
	before := len(env.numberOps())
	c.mustRun("apply", "-auto-approve")
	if got := env.opsSince(before); !slices.Equal(got, replaced) {
		t.Errorf("calls = %v, want %v", got, replaced)
	}
	env.expectRegistered(t, "DE", "222222")
	c.assertInSync()
	assertNotContains(t, c.mustRun("plan"), "is not the PIN last applied")
	state := c.mustRun("state", "pull")
	if strings.Contains(state, "222222") || strings.Contains(state, "111111") {
		t.Error("a PIN is in state")
	}
}

// Case 4: code_verification_status EXPIRED or NOT_VERIFIED. A plan that
// sees it is refused; a saved plan applied after it changed is refused by
// the preflight, before anything is spent.
func TestCLIPreflightRefusesUnverified(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	spent := len(env.numberOps())

	for _, status := range []string{"EXPIRED", "NOT_VERIFIED"} {
		env.emu.Update(accNumber, func(n *emulator.Number) { n.CodeVerificationStatus = status })
		c.write(registration(`pin = "123456"`, `data_localization_region = "DE"`))
		out, err := c.run("plan")
		if err == nil {
			t.Fatalf("%s: a region change was planned:\n%s", status, out)
		}
		assertContains(t, out, "cannot be registered again: its verification is "+status, "error 133006", "nothing was called")
		// -replace reaches the provider as a no-op update, then a create: refused too.
		c.write(registration(`pin = "123456"`, `data_localization_region = "CH"`))
		out, err = c.run("plan", "-replace="+accAddr)
		if err == nil {
			t.Fatalf("%s: -replace was planned:\n%s", status, out)
		}
		assertContains(t, out, "cannot be registered again: its verification is "+status)
	}

	// A plan saved while VERIFIED, applied after the status expired.
	env.emu.Update(accNumber, func(n *emulator.Number) { n.CodeVerificationStatus = "VERIFIED" })
	c.write(registration(`pin = "123456"`, `data_localization_region = "DE"`))
	c.savedPlan()
	env.emu.Update(accNumber, func(n *emulator.Number) { n.CodeVerificationStatus = "EXPIRED" })
	out, err := c.run("apply", "saved.tfplan")
	if err == nil {
		t.Fatalf("the apply went on:\n%s", out)
	}
	assertContains(t, out, "read before the deregister shows code_verification_status EXPIRED", "Nothing was deregistered or registered")
	if p := c.privateState(); strings.Contains(p, privateRegisterFollows) || strings.Contains(p, privatePlanOf) {
		t.Errorf("a refused Delete left the plan's notes in state: %q", p)
	}
	if got := env.opsSince(spent); len(got) != 0 {
		t.Errorf("refusals called %v", got)
	}
	env.expectRegistered(t, "CH", "123456")
	c.assertInSync()
	// Once verified again, the same change goes through.
	env.emu.Update(accNumber, func(n *emulator.Number) { n.CodeVerificationStatus = "VERIFIED" })
	c.mustRun("apply", "-auto-approve")
	env.expectRegistered(t, "DE", "123456")
	c.assertInSync()
}

// A replacement whose preflight read fails spends nothing and keeps the
// registration in state; so does one whose PIN write fails in the create.
func TestCLIPreflightFailureKeepsTheNumber(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	c.write(registration(`pin = "123456"`, `data_localization_region = "DE"`))
	c.savedPlan()
	spent := len(env.numberOps())
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Status: 403, Code: 200, Times: 1})
	out, err := c.run("apply", "saved.tfplan")
	if err == nil {
		t.Fatalf("the apply went on:\n%s", out)
	}
	assertContains(t, out, "Could not check phone number "+accNumber+" before replacing its registration", "Nothing was deregistered or registered", "fbtrace_id")
	env.expectRegistered(t, "CH", "123456")
	c.assertInSync()

	// The PIN write before the deregister fails: the number stays as it was,
	// and state keeps it (tainted) with the region it still has.
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpSetPIN, Status: 403, Code: 200, Times: 1})
	out, err = c.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the apply went on:\n%s", out)
	}
	assertContains(t, out, "before replacing its registration", "STILL REGISTERED with data_localization_region CH", "nothing was deregistered")
	if got := env.opsSince(spent); !slices.Equal(got, []string{emulator.OpSetPIN}) {
		t.Errorf("calls = %v, want the refused PIN write only", got)
	}
	env.expectRegistered(t, "CH", "123456")
	c.assertInSync()
	var state tfjson.State
	if err := json.Unmarshal([]byte(c.mustRun("show", "-json")), &state); err != nil {
		t.Fatal(err)
	}
	if r := state.Values.RootModule.Resources; len(r) != 1 || !r[0].Tainted {
		t.Errorf("state should keep the registration, tainted: %+v", r)
	}
	// The next apply tries again from the start and succeeds.
	c.mustRun("apply", "-auto-approve")
	env.expectRegistered(t, "DE", "123456")
	c.assertInSync()
}

// Case 6: migration_backup_* left in the configuration of a Cloud API
// number: a later replacement does not send the backup (which Meta may
// refuse after the deregister), and says so. A number on the On-Premises
// API gets it.
func TestCLIBackupOnlyForOnPremises(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	env.emu.Update(accNumber, func(n *emulator.Number) { n.PlatformType = emulator.PlatformOnPremise })
	c := env.cli(t)
	backup := []string{`pin = "123456"`, `migration_backup_data_wo = "backup-blob"`, `migration_backup_password_wo = "backup-password"`}
	c.write(registration(append(backup, `data_localization_region = "CH"`)...))
	c.mustRun("apply", "-auto-approve")
	if body := env.lastRegisterBody(t); body["backup"] == nil {
		t.Errorf("the migration register carried no backup: %v", body)
	}
	env.expectRegistered(t, "CH", "123456")

	c.write(registration(append(backup, `data_localization_region = "DE"`)...))
	before := len(env.numberOps())
	out := c.mustRun("apply", "-auto-approve")
	assertContains(t, out, "The migration backup was not sent for phone number "+accNumber, "platform_type CLOUD_API")
	if got := env.opsSince(before); !slices.Equal(got, replaced) {
		t.Errorf("calls = %v, want %v", got, replaced)
	}
	if body := env.lastRegisterBody(t); body["backup"] != nil {
		t.Errorf("the replacement's register carried the backup: %v", body)
	}
	assertNotContains(t, withoutSourceSnippets(out), "backup-blob", "backup-password")
	env.expectRegistered(t, "DE", "123456")
	c.assertInSync()
}

// Case 7: two addresses for one number. Refused at plan time, whether both
// are new, one is in state already, or a duplicate in state is removed from
// the configuration (its destroy would deregister the number the other
// keeps).
func TestCLIDuplicateNumberIsRefused(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	twoKeys := fmt.Sprintf(`
resource "whatsapp_phone_registration" "main" {
  for_each        = toset(["support", "sales"])
  phone_number_id = %q
  pin             = "123456"
}
`, accNumber)
	c.write(twoKeys)
	out, err := c.run("plan")
	if err == nil {
		t.Fatalf("two keys for one number were planned:\n%s", out)
	}
	assertContains(t, out, "Phone number "+accNumber+" is managed by two resources")
	if got := env.numberOps(); len(got) != 0 {
		t.Errorf("a refused plan called %v", got)
	}

	c.write(registration(`pin = "123456"`))
	c.mustRun("apply", "-auto-approve")
	dup := fmt.Sprintf(`
resource "whatsapp_phone_registration" "dup" {
  phone_number_id = %q
  pin             = "123456"
}
`, accNumber)
	c.write(registration(`pin = "123456"`) + dup)
	if out, err := c.run("plan"); err == nil {
		t.Fatalf("a second address for a registered number was planned:\n%s", out)
	}

	// A duplicate already in state (imported), then removed from the
	// configuration: its destroy is refused, state rm is the way out.
	c.mustRun("import", "whatsapp_phone_registration.dup", accNumber)
	c.write(registration(`pin = "123456"`))
	out, err = c.run("plan")
	if err == nil {
		t.Fatalf("destroying the duplicate was planned:\n%s", out)
	}
	assertContains(t, out, "would deregister phone number "+accNumber+" (+41 44 668 18 00), which another resource keeps", "terraform state rm")
	c.mustRun("state", "rm", "whatsapp_phone_registration.dup")
	assertContains(t, c.mustRun("plan"), "No changes.")
	if err := env.budgetIs("register"); err != nil {
		t.Error(err)
	}
	env.expectRegistered(t, "", "123456")
	c.assertInSync()
}

// Case 8: a number moved to the On-Premises API outside Terraform is not
// "deregistered": refresh says where it went, and the create that follows
// refuses to move it back without its backup. A saved replacement plan
// applied after the move is refused by the preflight.
func TestCLIOnPremisesIsNotDeregistered(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	c.write(registration(`pin = "123456"`, `data_localization_region = "DE"`))
	c.savedPlan()
	env.emu.MovePlatform(accNumber, emulator.PlatformOnPremise)
	spent := len(env.numberOps())
	out, err := c.run("apply", "saved.tfplan")
	if err == nil {
		t.Fatalf("the replacement went on:\n%s", out)
	}
	assertContains(t, out, "is on the On-Premises API: not replaced", "Nothing was deregistered or registered")

	c.write(registration(`pin = "123456"`, `data_localization_region = "CH"`))
	plan := c.mustRun("plan")
	assertContains(t, plan, "moved to the On-Premises API: removed from state", "will not move it back on its own")
	assertNotContains(t, plan, "deregistered outside Terraform")
	out, err = c.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the create moved the number back:\n%s", out)
	}
	assertContains(t, out, "Phone number "+accNumber+" is on the On-Premises API", "no register call was spent", "migration_backup_data_wo")
	if got := env.opsSince(spent); len(got) != 0 {
		t.Errorf("calls = %v, want none", got)
	}
	if n, _ := env.emu.Number(accNumber); n.PlatformType != emulator.PlatformOnPremise {
		t.Errorf("platform = %s", n.PlatformType)
	}
	c.assertInSync()
}

// Case 9: every replacement is announced as far as Terraform lets a provider
// speak, and every trigger runs the preflight: the region, -replace, taint,
// replace_triggered_by. In the saved plan each is a delete then create.
func TestCLIEveryReplacementIsAnnounced(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	withTrigger := func(trigger, region string) string {
		return fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = %q
}
`, trigger) + registration(`pin = "123456"`, fmt.Sprintf("data_localization_region = %q", region), `lifecycle {
    replace_triggered_by = [terraform_data.trigger]
  }`)
	}
	c.write(withTrigger("a", "CH"))
	c.mustRun("apply", "-auto-approve")

	for _, step := range []struct {
		name     string
		config   string
		prepare  func()
		args     []string
		announce []string
	}{
		{name: "region", config: withTrigger("a", "DE"), announce: []string{
			"will be deregistered and registered again", "sets its two-step verification PIN", "It spends one deregister and one register",
		}},
		{name: "-replace", config: withTrigger("a", "DE"), args: []string{"-replace=" + accAddr}},
		{name: "taint", config: withTrigger("a", "DE"), prepare: func() { c.mustRun("taint", accAddr) }, announce: []string{
			"If this create replaces a registration of the same number", "sets its two-step PIN to the configured one while it is still registered",
		}},
		{name: "replace_triggered_by", config: withTrigger("b", "DE")},
	} {
		t.Run(step.name, func(t *testing.T) {
			c.t = t
			if step.prepare != nil {
				step.prepare()
			}
			c.write(step.config)
			plan := c.savedPlan(step.args...)
			if got := actionsOf(t, plan, accAddr); !slices.Equal(got, []string{"delete", "create"}) {
				t.Fatalf("actions = %v, want delete then create", got)
			}
			text := c.mustRun(append([]string{"plan"}, step.args...)...)
			assertContains(t, text, step.announce...)
			assertNotContains(t, text, "no register or deregister")
			before := len(env.numberOps())
			c.mustRun("apply", "saved.tfplan")
			if got := env.opsSince(before); !slices.Equal(got, replaced) {
				t.Errorf("calls = %v, want the preflight's PIN write, then %v", got, replaced)
			}
			c.assertInSync()
		})
	}
}

// Case 10: the register budget spent by someone else. Nothing can see that
// before the register; the texts say what is true: the plan promises no
// recovery, and the error says the number stays offline until the window
// frees a register, and when at the latest.
func TestCLIRegisterBudgetSpentElsewhereSaysWhen(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	env.emu.SpendBudget(accNumber, emulator.OpRegister, emulator.RegistrationLimit)
	c.write(registration(`pin = "123456"`, `data_localization_region = "DE"`))
	plan := c.mustRun("plan")
	assertContains(t, plan, "also by calls made outside Terraform", "no register is possible until the 72-hour window frees one")
	started := time.Now().UTC()
	out, err := c.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the register went through a spent budget:\n%s", out)
	}
	assertContains(t, out, "is now DEREGISTERED and OFFLINE", "register budget is spent", "calls made outside Terraform count too", "fbtrace_id")
	assertNotContains(t, out, "Nothing is lost")
	flat := strings.Join(strings.Fields(out), " ")
	m := regexp.MustCompile(`at the latest by (\d{4}-\d\d-\d\d \d\d:\d\d) UTC`).FindStringSubmatch(flat)
	if m == nil {
		t.Fatalf("no time in:\n%s", out)
	}
	when, _ := time.Parse("2006-01-02 15:04", m[1])
	if want := started.Add(72 * time.Hour); when.Before(want.Add(-2*time.Minute)) || when.After(want.Add(2*time.Minute)) {
		t.Errorf("at the latest by %s, want about %s", when, want)
	}
	c.assertInSync()
}

// The plan-only private notes never reach state, so that a later plain
// destroy cannot take itself for the first half of a replacement; the PIN's
// hash does, and the PIN never does.
func TestCLIPlanNotesNeverReachState(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	private := c.privateState
	steps := []func(){
		func() {},
		func() {
			c.write(registration(`pin = "222222"`, `data_localization_region = "CH"`))
			c.mustRun("apply", "-auto-approve")
		},
		func() {
			c.write(registration(`pin = "222222"`, `data_localization_region = "DE"`))
			c.mustRun("apply", "-auto-approve")
		},
		func() { c.mustRun("apply", "-auto-approve", "-replace="+accAddr) },
		func() { c.mustRun("taint", accAddr); c.mustRun("apply", "-auto-approve") },
	}
	for i, step := range steps {
		step()
		p := private()
		if !strings.Contains(p, privatePIN) || strings.Contains(p, privatePlanOf) || strings.Contains(p, privateRegisterFollows) {
			t.Errorf("step %d: private state %q", i, p)
		}
		for _, pin := range []string{"123456", "222222"} {
			if strings.Contains(p, pin) {
				t.Errorf("step %d: a PIN in private state", i)
			}
		}
	}
	// A plain destroy now deregisters: nothing in state says a register follows.
	before := len(env.numberOps())
	c.mustRun("destroy", "-auto-approve")
	if got := env.opsSince(before); !slices.Equal(got, []string{emulator.OpDeregister}) {
		t.Errorf("destroy called %v, want one deregister", got)
	}
	c.assertInSync()
}

// A replacement whose phone_number_id is known only at apply is refused at
// plan time: the Delete could not tell whether the same number follows.
func TestCLIUnknownNumberIDInAReplacementIsRefused(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	cfg := func(trigger string) string {
		return fmt.Sprintf(`
resource "terraform_data" "id" {
  input            = %q
  triggers_replace = %q
}

resource "whatsapp_phone_registration" "main" {
  phone_number_id          = terraform_data.id.output
  pin                      = "123456"
  data_localization_region = "CH"
}
`, accNumber, trigger)
	}
	c.write(cfg("a"))
	c.mustRun("apply", "-auto-approve")
	spent := len(env.numberOps())
	c.write(cfg("b"))
	out, err := c.run("plan")
	if err == nil {
		t.Fatalf("a replacement with an unknown phone_number_id was planned:\n%s", out)
	}
	assertContains(t, out, "is not known until apply", "cannot tell whether the replacement registers the same number again")
	if got := env.opsSince(spent); len(got) != 0 {
		t.Errorf("a refused plan called %v", got)
	}
	env.expectRegistered(t, "CH", "123456")
	c.assertInSync()
}

// Ctrl-C while a replacement's deregister is on the wire: the deregister
// and the register are one unit, so the number ends registered, never
// between the two.
func TestCLIInterruptDuringTheReplacementKeepsTheNumber(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpDeregister, Act: true, Drip: 120 * time.Millisecond})
	c.write(registration(`pin = "123456"`, `data_localization_region = "DE"`))
	before := len(env.numberOps())
	interrupt, wait := c.start("apply", "-auto-approve")
	waitFor(t, "the deregister has acted", func() bool {
		n, _ := env.emu.Number(accNumber)
		return !n.Registered() && env.emu.InFlight(emulator.OpDeregister) > 0
	})
	interrupt()
	out, _ := wait()
	if got := env.opsSince(before); !slices.Equal(got, replaced) {
		t.Errorf("calls = %v, want %v\n%s", got, replaced, out)
	}
	env.expectRegistered(t, "DE", "123456")
	c.assertInSync()
}

// A replacement whose create never runs after its Delete (a dependency
// fails at apply, or the pipeline stops): the number is still registered
// with its old region and working; state no longer holds it, the next
// apply says so and how to import it, and the import leads back to the
// announced replacement.
func TestCLIReplacementStoppedBeforeItsCreateIsRecoverable(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	cfg := func(ok bool, region string) string {
		return fmt.Sprintf(`
resource "terraform_data" "gate" {
  triggers_replace = %t
  lifecycle {
    postcondition {
      condition     = %t || self.id == "never"
      error_message = "a dependency failed at apply"
    }
  }
}

resource "whatsapp_phone_registration" "main" {
  phone_number_id          = %q
  pin                      = "123456"
  data_localization_region = %q
  depends_on               = [terraform_data.gate]
}
`, ok, ok, accNumber, region)
	}
	c.write(cfg(true, "CH"))
	c.mustRun("apply", "-auto-approve")
	c.write(cfg(false, "DE"))
	before := len(env.numberOps())
	if out, err := c.run("apply", "-auto-approve"); err == nil {
		t.Fatalf("the failing dependency applied:\n%s", out)
	}
	if got := env.opsSince(before); len(got) != 0 {
		t.Errorf("calls = %v, want none: the preflight passed and the create never ran", got)
	}
	env.expectRegistered(t, "CH", "123456")

	c.write(cfg(true, "DE"))
	out, err := c.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the create went on:\n%s", out)
	}
	assertContains(t, out, "stopped after its destroy and before its create", "terraform import <address> "+accNumber)
	env.expectRegistered(t, "CH", "123456")
	c.mustRun("import", accAddr, accNumber)
	plan := c.savedPlan()
	if got := actionsOf(t, plan, accAddr); !slices.Equal(got, []string{"delete", "create"}) {
		t.Fatalf("after the import: %v, want the replacement", got)
	}
	c.mustRun("apply", "saved.tfplan")
	env.expectRegistered(t, "DE", "123456")
	c.assertInSync()
}
