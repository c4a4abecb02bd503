package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestCLIRegionChangePlanTellsTheAuditor(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)

	c.write(registration(`pin = "123456"`, `data_localization_region = "DE"`))
	plan := c.mustRun("plan")
	assertContains(t, plan,
		"whatsapp_phone_registration.main must be replaced",
		`~ data_localization_region = "CH" -> "DE" # forces replacement`,
		"Plan: 1 to add, 0 to change, 1 to destroy.",
		"Warning: Phone number "+accNumber+" (+41 44 668 18 00) will be deregistered and registered again",
		"data_localization_region CH → DE",
		"Messaging on the Cloud API stops between the deregister and the register",
		"It spends one deregister and one register of the number's budget",
		"Meta allows 10 register and 10 deregister calls per phone number in a moving 72-hour window",
	)
	assertNotContains(t, plan, "123456")
	if err := env.budgetIs("register"); err != nil {
		t.Errorf("the plan spent budget: %v", err)
	}

	apply := c.mustRun("apply", "-auto-approve")
	assertContains(t, apply, "Destruction complete", "Creation complete", "1 added, 0 changed, 1 destroyed")
	if err := env.budgetIs("register", "deregister", "register"); err != nil {
		t.Error(err)
	}
	c.assertInSync()

	destroy := c.mustRun("plan", "-destroy")
	assertContains(t, destroy,
		"Warning: Destroying this registration deregisters phone number "+accNumber+" (+41 44 668 18 00)",
		"stops sending and receiving messages",
		"This spends one deregister of the number's budget",
	)
}

func TestCLIRemovingTheRegionSaysLocalStorageGoesOff(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	c.write(registration(`pin = "123456"`))
	plan := c.mustRun("plan")
	assertContains(t, plan,
		`- data_localization_region = "CH" -> null # forces replacement`,
		"data_localization_region CH → (none: local storage off)",
	)
}

func TestCLIReregisterTriggerPlanWarnsOfTheBudget(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	c.write(registration(`pin = "123456"`))
	c.mustRun("apply", "-auto-approve")
	c.write(registration(`pin = "123456"`, `reregister_triggers = { display_name = "Acme Support" }`))
	plan := c.mustRun("plan")
	assertContains(t, plan,
		"will be updated in-place",
		"Plan: 0 to add, 1 to change, 0 to destroy.",
		"Warning: Phone number "+accNumber+" (+41 44 668 18 00) will be registered again",
		"messaging is not interrupted",
		"It spends one register of the number's budget",
	)
	assertNotContains(t, plan, "deregistered and registered again")
}

// exampleFile reads one of the examples the docs show.
func exampleFile(t *testing.T, rel string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "examples", rel))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), accNumber) {
		t.Fatalf("%s no longer uses phone number %s, which the emulator seeds", rel, accNumber)
	}
	return string(raw)
}

// The check-block example of the docs: an auditor's assertion that the
// production number is registered with its data in Germany.
func TestCLICheckBlockExample(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	env.emu.Update(accNumber, func(n *emulator.Number) { n.PlatformType, n.Status, n.Region = "CLOUD_API", "CONNECTED", "DE" })
	c := env.cli(t)
	c.write(exampleFile(t, "data-sources/whatsapp_phone_number/check.tf"))
	pass := c.mustRun("plan")
	assertNotContains(t, pass, "Check block assertion failed")

	env.emu.Update(accNumber, func(n *emulator.Number) { n.Region = "CH" })
	fail := c.mustRun("plan")
	assertContains(t, fail, "Warning: Check block assertion failed", "The production number must be registered with its data stored in DE.")

	env.emu.DeregisterOutOfBand(accNumber)
	gone := c.mustRun("plan")
	assertContains(t, gone, "Warning: Check block assertion failed")
}

// The postcondition example of the docs: a release stops when the number is
// not ready.
func TestCLIPostconditionExample(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	c.write(exampleFile(t, "data-sources/whatsapp_phone_number/precondition.tf"))
	out, err := c.run("plan")
	if err == nil {
		t.Fatalf("plan passed although the number is not registered:\n%s", out)
	}
	assertContains(t, out, "Resource postcondition failed", "Register the production number in DE before releasing.")

	env.emu.Update(accNumber, func(n *emulator.Number) { n.PlatformType, n.Region = "CLOUD_API", "DE" })
	ok := c.mustRun("plan")
	assertContains(t, ok, "terraform_data.release will be created")
}

func TestCLIRetriedRegisterSaysWhatItMayHaveSpent(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Status: 503, Code: 133004, Times: 2})
	c.write(registration(`pin = "123456"`))
	out := c.mustRun("apply", "-auto-approve")
	assertContains(t, out,
		"Warning: The register of phone number "+accNumber+" took 3 attempts",
		"up to 3 of its 10 register calls per 72 hours may be spent",
		"Apply complete! Resources: 1 added",
	)
	if got := env.emu.Count(emulator.OpRegister); got != 3 {
		t.Errorf("register attempts = %d, want 3", got)
	}
}

// A replacement whose register fails after the deregister must say that
// the number is now offline, and the next apply must bring it back.
func TestCLIFailureBetweenDeregisterAndRegisterIsRecoverable(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	c.write(registration(`pin = "123456"`, `data_localization_region = "DE"`))
	c.mustRun("plan", "-out=region.tfplan")
	// Meta's register breaks after the plan was approved, with an error that
	// proves the call did nothing (a permission refusal).
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Status: 403, Code: 200, Times: 10})
	out, err := c.run("apply", "region.tfplan")
	if err == nil {
		t.Fatalf("apply succeeded despite the fault:\n%s", out)
	}
	assertContains(t, out, "Phone number "+accNumber+" is now DEREGISTERED", "the register did not succeed", "run terraform apply again")
	assertNotContains(t, out, "Nothing is lost")
	// One refused register: a permission error is never retried.
	if err := env.budgetIs("register", "deregister", "register"); err != nil {
		t.Fatal(err)
	}
	c.assertInSync()
	env.emu.ClearFaults() // Meta recovers
	plan := c.mustRun("plan")
	assertContains(t, plan, "whatsapp_phone_registration.main will be created")
	c.mustRun("apply", "-auto-approve")
	if n, _ := env.emu.Number(accNumber); !n.Registered() || n.Region != "DE" {
		t.Errorf("not recovered: %+v", n)
	}
}

// A register that succeeded is recorded even when reading the number back
// fails: the next plan must not register it again.
func TestCLIRegisterIsKeptWhenTheReadBackFails(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	c.write(registration(`pin = "123456"`, `data_localization_region = "CH"`))
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetSettings, Status: 500, Code: 2, Times: 10})
	out := c.mustRun("apply", "-auto-approve")
	assertContains(t, out, "Warning: Registered phone number "+accNumber+", but could not read it back", "Apply complete! Resources: 1 added")
	env.emu.ClearFaults()
	plan := c.mustRun("plan", "-detailed-exitcode")
	assertContains(t, plan, "No changes.")
	if err := env.budgetIs("register"); err != nil {
		t.Error(err)
	}
	c.assertInSync()
}

func TestCLIDriftWarnings(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	c.write(registration(`pin = "123456"`))
	c.mustRun("apply", "-auto-approve")
	env.emu.DeregisterOutOfBand(accNumber)
	plan := c.mustRun("plan")
	assertContains(t, plan,
		"Warning: Phone number "+accNumber+" removed from state",
		"it was deregistered outside Terraform",
		"the next plan shows it to be created",
		"whatsapp_phone_registration.main will be created",
	)
}

func TestCLICreateBeforeDestroyDoesNotDeregister(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	cbd := func(trigger string) string {
		return fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = %q
}

resource "whatsapp_phone_registration" "main" {
  phone_number_id = %q
  pin             = "123456"

  lifecycle {
    create_before_destroy = true
    replace_triggered_by  = [terraform_data.trigger]
  }
}
`, trigger, accNumber)
	}
	c.write(cbd("a"))
	c.mustRun("apply", "-auto-approve")
	c.write(cbd("b"))
	out := c.mustRun("apply", "-auto-approve")
	assertContains(t, out,
		"Warning: Phone number "+accNumber+" was not deregistered",
		"create_before_destroy is not supported for whatsapp_phone_registration",
	)
	if n, _ := env.emu.Number(accNumber); !n.Registered() {
		t.Errorf("the number was left deregistered")
	}
}
