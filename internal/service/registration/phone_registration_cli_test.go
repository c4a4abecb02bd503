package registration_test

import (
	"fmt"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestCLIRegionChangePlanTellsTheAuditor(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)

	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	saved, plan := c.SavedPlanOutput()
	acctest.ExpectChanges(t, saved, map[string][]string{acctest.RegistrationAddr: {"delete", "create"}})
	if rc := acctest.ChangeOf(t, saved, acctest.RegistrationAddr); !rc.Replaces("data_localization_region") ||
		rc.Change.Before["data_localization_region"] != "CH" || rc.Change.After["data_localization_region"] != "DE" {
		t.Errorf("the replacement is not forced by data_localization_region CH -> DE: %+v", rc.Change)
	}
	acctest.AssertContains(t, plan,
		"Warning: Phone number "+acctest.Number+" (+41 44 668 18 00) will be deregistered and registered again",
		"data_localization_region CH → DE",
		"Messaging on the Cloud API stops between the deregister and the register",
		"It spends one deregister and one register of the number's budget",
		"Meta allows 10 register and 10 deregister calls per phone number in a moving 72-hour window",
	)
	acctest.AssertNotContains(t, plan, "123456")
	if err := env.BudgetIs("register"); err != nil {
		t.Errorf("the plan spent budget: %v", err)
	}

	c.MustRunJSON("apply", "-auto-approve").ExpectApplied(t, map[string][]string{acctest.RegistrationAddr: {"delete", "create"}})
	if err := env.BudgetIs("register", "deregister", "register"); err != nil {
		t.Error(err)
	}
	c.AssertInSync()

	destroy := c.MustRun("plan", "-destroy")
	acctest.AssertContains(t, destroy,
		"Warning: Destroying this registration deregisters phone number "+acctest.Number+" (+41 44 668 18 00)",
		"stops sending and receiving messages",
		"This spends one deregister of the number's budget",
	)
}

func TestCLIRemovingTheRegionSaysLocalStorageGoesOff(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`))
	saved, plan := c.SavedPlanOutput()
	acctest.ExpectChanges(t, saved, map[string][]string{acctest.RegistrationAddr: {"delete", "create"}})
	if rc := acctest.ChangeOf(t, saved, acctest.RegistrationAddr); !rc.Replaces("data_localization_region") ||
		rc.Change.Before["data_localization_region"] != "CH" || rc.Change.After["data_localization_region"] != nil {
		t.Errorf("the replacement is not forced by data_localization_region CH -> null: %+v", rc.Change)
	}
	acctest.AssertContains(t, plan, "data_localization_region CH → (none: local storage off)")
}

func TestCLIReregisterTriggerPlanWarnsOfTheBudget(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`))
	c.MustRun("apply", "-auto-approve")
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `reregister_triggers = { display_name = "Acme Support" }`))
	saved, plan := c.SavedPlanOutput()
	acctest.ExpectChanges(t, saved, map[string][]string{acctest.RegistrationAddr: {"update"}})
	acctest.AssertContains(t, plan,
		"Warning: Phone number "+acctest.Number+" (+41 44 668 18 00) will be registered again",
		"messaging is not interrupted",
		"It spends one register of the number's budget",
	)
	acctest.AssertNotContains(t, plan, "deregistered and registered again")
}

// The check-block example of the docs: an auditor's assertion that the
// production number is registered with its data in Germany.
func TestCLICheckBlockExample(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.PlatformType, n.Status, n.Region = "CLOUD_API", "CONNECTED", "DE" })
	c := env.CLI(t)
	c.Write(acctest.ExampleFile(t, "data-sources/whatsapp_phone_number/check.tf"))
	pass := c.MustRun("plan")
	acctest.AssertNotContains(t, pass, "Check block assertion failed")

	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.Region = "CH" })
	fail := c.MustRun("plan")
	acctest.AssertContains(t, fail, "Warning: Check block assertion failed", "The production number must be registered with its data stored in DE.")

	env.Emu.DeregisterOutOfBand(acctest.Number)
	gone := c.MustRun("plan")
	acctest.AssertContains(t, gone, "Warning: Check block assertion failed")
}

// The postcondition example of the docs: a release stops when the number is
// not ready.
func TestCLIPostconditionExample(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(acctest.ExampleFile(t, "data-sources/whatsapp_phone_number/precondition.tf"))
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("plan passed although the number is not registered:\n%s", out)
	}
	acctest.AssertContains(t, out, "Resource postcondition failed", "Register the production number in DE before releasing.")

	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.PlatformType, n.Region = "CLOUD_API", "DE" })
	acctest.ExpectChanges(t, c.SavedPlan(), map[string][]string{"terraform_data.release": {"create"}})
}

func TestCLIRetriedRegisterSaysWhatItMayHaveSpent(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Status: 503, Code: 133004, Times: 2})
	c.Write(acctest.RegistrationConfig(`pin = "123456"`))
	out := c.MustRunJSON("apply", "-auto-approve")
	acctest.AssertContains(t, out.Text(),
		"Warning: The register of phone number "+acctest.Number+" took 3 attempts",
		"up to 3 of its 10 register calls per 72 hours may be spent",
	)
	out.ExpectApplied(t, map[string][]string{acctest.RegistrationAddr: {"create"}})
	if got := env.Emu.Count(emulator.OpRegister); got != 3 {
		t.Errorf("register attempts = %d, want 3", got)
	}
}

// A replacement whose register fails after the deregister must say that
// the number is now offline, and the next apply must bring it back.
func TestCLIFailureBetweenDeregisterAndRegisterIsRecoverable(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	c.MustRun("plan", "-out=region.tfplan")
	// Meta's register breaks after the plan was approved, with an error that
	// proves the call did nothing (a permission refusal).
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Status: 403, Code: 200, Times: 10})
	out, err := c.Run("apply", "region.tfplan")
	if err == nil {
		t.Fatalf("apply succeeded despite the fault:\n%s", out)
	}
	acctest.AssertContains(t, out, "Phone number "+acctest.Number+" is now DEREGISTERED", "the register did not succeed", "run terraform apply again")
	acctest.AssertNotContains(t, out, "Nothing is lost")
	// One refused register: a permission error is never retried.
	if err := env.BudgetIs("register", "deregister", "register"); err != nil {
		t.Fatal(err)
	}
	c.AssertInSync()
	env.Emu.ClearFaults() // Meta recovers
	acctest.ExpectChanges(t, c.SavedPlan(), map[string][]string{acctest.RegistrationAddr: {"create"}})
	c.MustRun("apply", "-auto-approve")
	if n, _ := env.Emu.Number(acctest.Number); !n.Registered() || n.Region != "DE" {
		t.Errorf("not recovered: %+v", n)
	}
}

// A register that succeeded is recorded even when reading the number back
// fails: the next plan must not register it again.
func TestCLIRegisterIsKeptWhenTheReadBackFails(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "CH"`))
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetSettings, Status: 500, Code: 2, Times: 10})
	out := c.MustRunJSON("apply", "-auto-approve")
	acctest.AssertContains(t, out.Text(), "Warning: Registered phone number "+acctest.Number+", but could not read it back")
	out.ExpectApplied(t, map[string][]string{acctest.RegistrationAddr: {"create"}})
	env.Emu.ClearFaults()
	c.ExpectNoChanges()
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}
	c.AssertInSync()
}

func TestCLIDriftWarnings(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`))
	c.MustRun("apply", "-auto-approve")
	env.Emu.DeregisterOutOfBand(acctest.Number)
	saved, plan := c.SavedPlanOutput()
	acctest.AssertContains(t, plan,
		"Warning: Phone number "+acctest.Number+" removed from state",
		"it was deregistered outside Terraform",
		"the next plan shows it to be created",
	)
	acctest.ExpectChanges(t, saved, map[string][]string{acctest.RegistrationAddr: {"create"}})
}

func TestCLICreateBeforeDestroyDoesNotDeregister(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
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
`, trigger, acctest.Number)
	}
	c.Write(cbd("a"))
	c.MustRun("apply", "-auto-approve")
	c.Write(cbd("b"))
	out := c.MustRun("apply", "-auto-approve")
	acctest.AssertContains(t, out,
		"Warning: Phone number "+acctest.Number+" was not deregistered",
		"create_before_destroy is not supported for whatsapp_phone_registration",
	)
	if n, _ := env.Emu.Number(acctest.Number); !n.Registered() {
		t.Errorf("the number was left deregistered")
	}
}
