package registration_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/service/registration"
)

// The replacement preflight (guardPreflight and the guards beside it in
// guards.go), through the CLI, world by world: each of the ten ways a
// replacement used to strand a number, played from the emulator's control
// side. After each, the number must not be left deregistered, and state
// must equal the emulator's world.

// replaced is what a replacement that passed the preflight calls: the PIN
// first, then the deregister and the register.
var replaced = []string{emulator.OpSetPIN, emulator.OpDeregister, emulator.OpRegister}

// Cases 1 and 5: the PIN was changed outside this state (WhatsApp Manager,
// or a second state that adopted the number), then a region change. The
// replacement sets the configured PIN before its deregister.
func TestCLIReplacementSetsThePINFirst(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)

	// Case 1: someone changes the PIN in WhatsApp Manager.
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.PIN = "999999" })
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	before := len(env.NumberOps())
	c.MustRun("apply", "-auto-approve")
	if got := env.OpsSince(before); !slices.Equal(got, replaced) {
		t.Errorf("calls = %v, want %v", got, replaced)
	}
	env.ExpectRegistered(t, "DE", "123456")
	c.AssertInSync()

	// Case 5: a second state adopts the number and sets its own PIN.
	other := env.CLI(t)
	other.Write(acctest.RegistrationConfig(`pin = "555555"`, `data_localization_region = "DE"`))
	acctest.AssertContains(t, other.MustRun("apply", "-auto-approve"), "adopted without a register")
	env.ExpectRegistered(t, "DE", "555555")
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "CH"`))
	before = len(env.NumberOps())
	c.MustRun("apply", "-auto-approve")
	if got := env.OpsSince(before); !slices.Equal(got, replaced) {
		t.Errorf("calls = %v, want %v", got, replaced)
	}
	env.ExpectRegistered(t, "CH", "123456")
	c.AssertInSync()
}

// Case 2: -replace, taint, or an import, together with a pin change. The
// plan never says "no register or deregister", and the apply sets the new
// PIN before its deregister.
func TestCLIForcedReplacementWithANewPIN(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	for i, step := range []struct {
		name, pin string
		prepare   func()
		args      []string
		reason    string
	}{
		{name: "-replace", pin: "222222", args: []string{"-replace=" + acctest.RegistrationAddr}, reason: "replace_by_request"},
		{name: "taint", pin: "333333", prepare: func() { c.MustRun("taint", acctest.RegistrationAddr) }, reason: "replace_because_tainted"},
		{name: "import, then -replace", pin: "444444", prepare: func() {
			c.MustRun("state", "rm", acctest.RegistrationAddr)
			c.MustRun("import", acctest.RegistrationAddr, acctest.Number)
		}, args: []string{"-replace=" + acctest.RegistrationAddr}, reason: "replace_by_request"},
	} {
		t.Run(step.name, func(t *testing.T) {
			c.Use(t)
			if step.prepare != nil {
				step.prepare()
			}
			c.Write(acctest.RegistrationConfig(fmt.Sprintf("pin = %q", step.pin), `data_localization_region = "CH"`))
			plan := c.SavedPlan(step.args...)
			if got := acctest.ActionsOf(t, plan, acctest.RegistrationAddr); !slices.Equal(got, []string{"delete", "create"}) {
				t.Fatalf("actions = %v, want delete then create", got)
			}
			for _, rc := range plan.ResourceChanges {
				if rc.Address == acctest.RegistrationAddr && rc.ActionReason != step.reason {
					t.Errorf("action_reason = %q, want %q", rc.ActionReason, step.reason)
				}
			}
			text := c.MustRun(append([]string{"plan"}, step.args...)...)
			acctest.AssertNotContains(t, text, "no register or deregister", "no budget)")
			before := len(env.NumberOps())
			out := c.MustRun("apply", "saved.tfplan")
			if got := env.OpsSince(before); !slices.Equal(got, replaced) {
				t.Errorf("calls = %v, want %v\n%s", got, replaced, out)
			}
			env.ExpectRegistered(t, "CH", step.pin)
			c.AssertInSync()
			if i == 0 {
				acctest.AssertNotContains(t, acctest.WithoutSourceSnippets(out+text), step.pin)
			}
		})
	}
}

// Case 3: the pin_wo secret rotated in the vault without a pin_wo_version
// bump. The plan says so; a region change then sets the new PIN first.
func TestCLIRotatedPinWOIsAnnounced(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin_wo = "111111"`, `pin_wo_version = 1`, `data_localization_region = "CH"`))
	c.MustRun("apply", "-auto-approve")
	acctest.AssertNotContains(t, c.MustRun("plan"), "is not the PIN last applied")

	c.Write(acctest.RegistrationConfig(`pin_wo = "222222"`, `pin_wo_version = 1`, `data_localization_region = "CH"`))
	plan := c.MustRun("plan", "-detailed-exitcode")
	acctest.AssertContains(t, plan, "pin_wo of phone number "+acctest.Number+" (+41 44 668 18 00) is not the PIN last applied", "increase pin_wo_version")
	acctest.AssertNotContains(t, acctest.WithoutSourceSnippets(plan), "111111", "222222")

	c.Write(acctest.RegistrationConfig(`pin_wo = "222222"`, `pin_wo_version = 1`, `data_localization_region = "DE"`))
	plan = c.MustRun("plan")
	acctest.AssertContains(t, plan, "will be deregistered and registered again", "the configured PIN differs from the one the last apply presented")
	before := len(env.NumberOps())
	c.MustRun("apply", "-auto-approve")
	if got := env.OpsSince(before); !slices.Equal(got, replaced) {
		t.Errorf("calls = %v, want %v", got, replaced)
	}
	env.ExpectRegistered(t, "DE", "222222")
	c.AssertInSync()
	acctest.AssertNotContains(t, c.MustRun("plan"), "is not the PIN last applied")
	state := c.MustRun("state", "pull")
	if strings.Contains(state, "222222") || strings.Contains(state, "111111") {
		t.Error("a PIN is in state")
	}
}

// Case 4: code_verification_status EXPIRED or NOT_VERIFIED. A plan that
// sees it is refused; a saved plan applied after it changed is refused by
// the preflight, before anything is spent.
func TestCLIPreflightRefusesUnverified(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	spent := len(env.NumberOps())

	for _, status := range []string{"EXPIRED", "NOT_VERIFIED"} {
		env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.CodeVerificationStatus = status })
		c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
		out, err := c.Run("plan")
		if err == nil {
			t.Fatalf("%s: a region change was planned:\n%s", status, out)
		}
		acctest.AssertContains(t, out, "cannot be registered again: its verification is "+status, "error 133006", "nothing was called")
		// -replace reaches the provider as a no-op update, then a create: refused too.
		c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "CH"`))
		out, err = c.Run("plan", "-replace="+acctest.RegistrationAddr)
		if err == nil {
			t.Fatalf("%s: -replace was planned:\n%s", status, out)
		}
		acctest.AssertContains(t, out, "cannot be registered again: its verification is "+status)
	}

	// A plan saved while VERIFIED, applied after the status expired.
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.CodeVerificationStatus = "VERIFIED" })
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	c.SavedPlan()
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.CodeVerificationStatus = "EXPIRED" })
	out, err := c.Run("apply", "saved.tfplan")
	if err == nil {
		t.Fatalf("the apply went on:\n%s", out)
	}
	acctest.AssertContains(t, out, "read before the deregister shows code_verification_status EXPIRED", "Nothing was deregistered or registered")
	if p := c.PrivateState(); strings.Contains(p, registration.PrivateRegisterFollows) || strings.Contains(p, registration.PrivatePlanOf) {
		t.Errorf("a refused Delete left the plan's notes in state: %q", p)
	}
	if got := env.OpsSince(spent); len(got) != 0 {
		t.Errorf("refusals called %v", got)
	}
	env.ExpectRegistered(t, "CH", "123456")
	c.AssertInSync()
	// Once verified again, the same change goes through.
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.CodeVerificationStatus = "VERIFIED" })
	c.MustRun("apply", "-auto-approve")
	env.ExpectRegistered(t, "DE", "123456")
	c.AssertInSync()
}

// A replacement whose preflight read fails spends nothing and keeps the
// registration in state; so does one whose PIN write fails in the create.
func TestCLIPreflightFailureKeepsTheNumber(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	c.SavedPlan()
	spent := len(env.NumberOps())
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Status: 403, Code: 200, Times: 1})
	out, err := c.Run("apply", "saved.tfplan")
	if err == nil {
		t.Fatalf("the apply went on:\n%s", out)
	}
	acctest.AssertContains(t, out, "Could not check phone number "+acctest.Number+" before replacing its registration", "Nothing was deregistered or registered", "fbtrace_id")
	env.ExpectRegistered(t, "CH", "123456")
	c.AssertInSync()

	// The PIN write before the deregister fails: the number stays as it was,
	// and state keeps it (tainted) with the region it still has.
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpSetPIN, Status: 403, Code: 200, Times: 1})
	out, err = c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the apply went on:\n%s", out)
	}
	acctest.AssertContains(t, out, "before replacing its registration", "STILL REGISTERED with data_localization_region CH", "nothing was deregistered")
	if got := env.OpsSince(spent); !slices.Equal(got, []string{emulator.OpSetPIN}) {
		t.Errorf("calls = %v, want the refused PIN write only", got)
	}
	env.ExpectRegistered(t, "CH", "123456")
	c.AssertInSync()
	var state tfjson.State
	if err := json.Unmarshal([]byte(c.MustRun("show", "-json")), &state); err != nil {
		t.Fatal(err)
	}
	if r := state.Values.RootModule.Resources; len(r) != 1 || !r[0].Tainted {
		t.Errorf("state should keep the registration, tainted: %+v", r)
	}
	// The next apply tries again from the start and succeeds.
	c.MustRun("apply", "-auto-approve")
	env.ExpectRegistered(t, "DE", "123456")
	c.AssertInSync()
}

// Case 6: migration_backup_* left in the configuration of a Cloud API
// number: a later replacement does not send the backup (which Meta may
// refuse after the deregister), and says so. A number on the On-Premises
// API gets it.
func TestCLIBackupOnlyForOnPremises(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.PlatformType = emulator.PlatformOnPremise })
	c := env.CLI(t)
	backup := []string{`pin = "123456"`, `migration_backup_data_wo = "backup-blob"`, `migration_backup_password_wo = "backup-password"`}
	c.Write(acctest.RegistrationConfig(append(backup, `data_localization_region = "CH"`)...))
	c.MustRun("apply", "-auto-approve")
	if body := env.LastBody(t, emulator.OpRegister); body["backup"] == nil {
		t.Errorf("the migration register carried no backup: %v", body)
	}
	env.ExpectRegistered(t, "CH", "123456")

	c.Write(acctest.RegistrationConfig(append(backup, `data_localization_region = "DE"`)...))
	before := len(env.NumberOps())
	out := c.MustRun("apply", "-auto-approve")
	acctest.AssertContains(t, out, "The migration backup was not sent for phone number "+acctest.Number, "platform_type CLOUD_API")
	if got := env.OpsSince(before); !slices.Equal(got, replaced) {
		t.Errorf("calls = %v, want %v", got, replaced)
	}
	if body := env.LastBody(t, emulator.OpRegister); body["backup"] != nil {
		t.Errorf("the replacement's register carried the backup: %v", body)
	}
	acctest.AssertNotContains(t, acctest.WithoutSourceSnippets(out), "backup-blob", "backup-password")
	env.ExpectRegistered(t, "DE", "123456")
	c.AssertInSync()
}

// Case 7: two addresses for one number. Refused at plan time, whether both
// are new, one is in state already, or a duplicate in state is removed from
// the configuration (its destroy would deregister the number the other
// keeps).
func TestCLIDuplicateNumberIsRefused(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	twoKeys := fmt.Sprintf(`
resource "whatsapp_phone_registration" "main" {
  for_each        = toset(["support", "sales"])
  phone_number_id = %q
  pin             = "123456"
}
`, acctest.Number)
	c.Write(twoKeys)
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("two keys for one number were planned:\n%s", out)
	}
	acctest.AssertContains(t, out, "Phone number "+acctest.Number+" is managed by two resources")
	if got := env.NumberOps(); len(got) != 0 {
		t.Errorf("a refused plan called %v", got)
	}

	c.Write(acctest.RegistrationConfig(`pin = "123456"`))
	c.MustRun("apply", "-auto-approve")
	dup := fmt.Sprintf(`
resource "whatsapp_phone_registration" "dup" {
  phone_number_id = %q
  pin             = "123456"
}
`, acctest.Number)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`) + dup)
	if out, err := c.Run("plan"); err == nil {
		t.Fatalf("a second address for a registered number was planned:\n%s", out)
	}

	// A duplicate already in state (imported), then removed from the
	// configuration: its destroy is refused, state rm is the way out.
	c.MustRun("import", "whatsapp_phone_registration.dup", acctest.Number)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`))
	out, err = c.Run("plan")
	if err == nil {
		t.Fatalf("destroying the duplicate was planned:\n%s", out)
	}
	acctest.AssertContains(t, out, "would deregister phone number "+acctest.Number+" (+41 44 668 18 00), which another resource keeps", "terraform state rm")
	c.MustRun("state", "rm", "whatsapp_phone_registration.dup")
	c.ExpectNoChanges()
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}
	env.ExpectRegistered(t, "", "123456")
	c.AssertInSync()
}

// Case 8: a number moved to the On-Premises API outside Terraform is not
// "deregistered": refresh says where it went, and the create that follows
// refuses to move it back without its backup. A saved replacement plan
// applied after the move is refused by the preflight.
func TestCLIOnPremisesIsNotDeregistered(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	c.SavedPlan()
	env.Emu.MovePlatform(acctest.Number, emulator.PlatformOnPremise)
	spent := len(env.NumberOps())
	out, err := c.Run("apply", "saved.tfplan")
	if err == nil {
		t.Fatalf("the replacement went on:\n%s", out)
	}
	acctest.AssertContains(t, out, "is on the On-Premises API: not replaced", "Nothing was deregistered or registered")

	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "CH"`))
	plan := c.MustRun("plan")
	acctest.AssertContains(t, plan, "moved to the On-Premises API: removed from state", "will not move it back on its own")
	acctest.AssertNotContains(t, plan, "deregistered outside Terraform")
	out, err = c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the create moved the number back:\n%s", out)
	}
	acctest.AssertContains(t, out, "Phone number "+acctest.Number+" is on the On-Premises API", "no register call was spent", "migration_backup_data_wo")
	if got := env.OpsSince(spent); len(got) != 0 {
		t.Errorf("calls = %v, want none", got)
	}
	if n, _ := env.Emu.Number(acctest.Number); n.PlatformType != emulator.PlatformOnPremise {
		t.Errorf("platform = %s", n.PlatformType)
	}
	c.AssertInSync()
}

// Case 9: every replacement is announced as far as Terraform lets a provider
// speak, and every trigger runs the preflight: the region, -replace, taint,
// replace_triggered_by. In the saved plan each is a delete then create.
func TestCLIEveryReplacementIsAnnounced(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	withTrigger := func(trigger, region string) string {
		return fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = %q
}
`, trigger) + acctest.RegistrationConfig(`pin = "123456"`, fmt.Sprintf("data_localization_region = %q", region), `lifecycle {
    replace_triggered_by = [terraform_data.trigger]
  }`)
	}
	c.Write(withTrigger("a", "CH"))
	c.MustRun("apply", "-auto-approve")

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
		{name: "-replace", config: withTrigger("a", "DE"), args: []string{"-replace=" + acctest.RegistrationAddr}},
		{name: "taint", config: withTrigger("a", "DE"), prepare: func() { c.MustRun("taint", acctest.RegistrationAddr) }, announce: []string{
			"If this create replaces a registration of the same number", "sets its two-step PIN to the configured one while it is still registered",
		}},
		{name: "replace_triggered_by", config: withTrigger("b", "DE")},
	} {
		t.Run(step.name, func(t *testing.T) {
			c.Use(t)
			if step.prepare != nil {
				step.prepare()
			}
			c.Write(step.config)
			plan := c.SavedPlan(step.args...)
			if got := acctest.ActionsOf(t, plan, acctest.RegistrationAddr); !slices.Equal(got, []string{"delete", "create"}) {
				t.Fatalf("actions = %v, want delete then create", got)
			}
			text := c.MustRun(append([]string{"plan"}, step.args...)...)
			acctest.AssertContains(t, text, step.announce...)
			acctest.AssertNotContains(t, text, "no register or deregister")
			before := len(env.NumberOps())
			c.MustRun("apply", "saved.tfplan")
			if got := env.OpsSince(before); !slices.Equal(got, replaced) {
				t.Errorf("calls = %v, want the preflight's PIN write, then %v", got, replaced)
			}
			c.AssertInSync()
		})
	}
}

// Case 10: the register budget spent by someone else. Nothing can see that
// before the register; the texts say what is true: the plan promises no
// recovery, and the error says the number stays offline until the window
// frees a register, and when at the latest.
func TestCLIRegisterBudgetSpentElsewhereSaysWhen(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	env.Emu.SpendBudget(acctest.Number, emulator.OpRegister, emulator.RegistrationLimit)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	plan := c.MustRun("plan")
	acctest.AssertContains(t, plan, "also by calls made outside Terraform", "no register is possible until the 72-hour window frees one")
	started := time.Now().UTC()
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the register went through a spent budget:\n%s", out)
	}
	acctest.AssertContains(t, out, "is now DEREGISTERED and OFFLINE", "register budget is spent", "calls made outside Terraform count too", "fbtrace_id")
	acctest.AssertNotContains(t, out, "Nothing is lost")
	flat := strings.Join(strings.Fields(out), " ")
	m := regexp.MustCompile(`at the latest by (\d{4}-\d\d-\d\d \d\d:\d\d) UTC`).FindStringSubmatch(flat)
	if m == nil {
		t.Fatalf("no time in:\n%s", out)
	}
	when, _ := time.Parse("2006-01-02 15:04", m[1])
	if want := started.Add(72 * time.Hour); when.Before(want.Add(-2*time.Minute)) || when.After(want.Add(2*time.Minute)) {
		t.Errorf("at the latest by %s, want about %s", when, want)
	}
	c.AssertInSync()
}

// The plan-only private notes never reach state, so that a later plain
// destroy cannot take itself for the first half of a replacement; the PIN's
// hash does, and the PIN never does.
func TestCLIPlanNotesNeverReachState(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	private := c.PrivateState
	steps := []func(){
		func() {},
		func() {
			c.Write(acctest.RegistrationConfig(`pin = "222222"`, `data_localization_region = "CH"`))
			c.MustRun("apply", "-auto-approve")
		},
		func() {
			c.Write(acctest.RegistrationConfig(`pin = "222222"`, `data_localization_region = "DE"`))
			c.MustRun("apply", "-auto-approve")
		},
		func() { c.MustRun("apply", "-auto-approve", "-replace="+acctest.RegistrationAddr) },
		func() { c.MustRun("taint", acctest.RegistrationAddr); c.MustRun("apply", "-auto-approve") },
	}
	for i, step := range steps {
		step()
		p := private()
		if !strings.Contains(p, registration.PrivatePIN) || strings.Contains(p, registration.PrivatePlanOf) || strings.Contains(p, registration.PrivateRegisterFollows) {
			t.Errorf("step %d: private state %q", i, p)
		}
		for _, pin := range []string{"123456", "222222"} {
			if strings.Contains(p, pin) {
				t.Errorf("step %d: a PIN in private state", i)
			}
		}
	}
	// A plain destroy now deregisters: nothing in state says a register follows.
	before := len(env.NumberOps())
	c.MustRun("destroy", "-auto-approve")
	if got := env.OpsSince(before); !slices.Equal(got, []string{emulator.OpDeregister}) {
		t.Errorf("destroy called %v, want one deregister", got)
	}
	c.AssertInSync()
}

// A replacement whose phone_number_id is known only at apply is refused at
// plan time: the Delete could not tell whether the same number follows.
func TestCLIUnknownNumberIDInAReplacementIsRefused(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
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
`, acctest.Number, trigger)
	}
	c.Write(cfg("a"))
	c.MustRun("apply", "-auto-approve")
	spent := len(env.NumberOps())
	c.Write(cfg("b"))
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("a replacement with an unknown phone_number_id was planned:\n%s", out)
	}
	acctest.AssertContains(t, out, "is not known until apply", "cannot tell whether the replacement registers the same number again")
	if got := env.OpsSince(spent); len(got) != 0 {
		t.Errorf("a refused plan called %v", got)
	}
	env.ExpectRegistered(t, "CH", "123456")
	c.AssertInSync()
}

// Ctrl-C while a replacement's deregister is on the wire: the deregister
// and the register are one unit, so the number ends registered, never
// between the two.
func TestCLIInterruptDuringTheReplacementKeepsTheNumber(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpDeregister, Act: true, Drip: 120 * time.Millisecond})
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	before := len(env.NumberOps())
	interrupt, wait := c.Start("apply", "-auto-approve")
	waitFor(t, "the deregister has acted", func() bool {
		n, _ := env.Emu.Number(acctest.Number)
		return !n.Registered() && env.Emu.InFlight(emulator.OpDeregister) > 0
	})
	interrupt()
	out, _ := wait()
	if got := env.OpsSince(before); !slices.Equal(got, replaced) {
		t.Errorf("calls = %v, want %v\n%s", got, replaced, out)
	}
	env.ExpectRegistered(t, "DE", "123456")
	c.AssertInSync()
}

// A replacement whose create never runs after its Delete (a dependency
// fails at apply, or the pipeline stops): the number is still registered
// with its old region and working; state no longer holds it, the next
// apply says so and how to import it, and the import leads back to the
// announced replacement.
func TestCLIReplacementStoppedBeforeItsCreateIsRecoverable(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
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
`, ok, ok, acctest.Number, region)
	}
	c.Write(cfg(true, "CH"))
	c.MustRun("apply", "-auto-approve")
	c.Write(cfg(false, "DE"))
	before := len(env.NumberOps())
	if out, err := c.Run("apply", "-auto-approve"); err == nil {
		t.Fatalf("the failing dependency applied:\n%s", out)
	}
	if got := env.OpsSince(before); len(got) != 0 {
		t.Errorf("calls = %v, want none: the preflight passed and the create never ran", got)
	}
	env.ExpectRegistered(t, "CH", "123456")

	c.Write(cfg(true, "DE"))
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the create went on:\n%s", out)
	}
	acctest.AssertContains(t, out, "stopped after its destroy and before its create", "terraform import <address> "+acctest.Number)
	env.ExpectRegistered(t, "CH", "123456")
	c.MustRun("import", acctest.RegistrationAddr, acctest.Number)
	plan := c.SavedPlan()
	if got := acctest.ActionsOf(t, plan, acctest.RegistrationAddr); !slices.Equal(got, []string{"delete", "create"}) {
		t.Fatalf("after the import: %v, want the replacement", got)
	}
	c.MustRun("apply", "saved.tfplan")
	env.ExpectRegistered(t, "DE", "123456")
	c.AssertInSync()
}
