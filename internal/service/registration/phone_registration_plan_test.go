package registration_test

import (
	"fmt"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Issue 8, plans: what a plan says before anyone approves it.

// A new phone_number_id is two numbers: the old one is deregistered and
// stays so, the new one is registered, each from its own budget.
func TestCLINumberChangePlanNamesBothNumbers(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`))
	c.MustRun("apply", "-auto-approve")
	c.Write(fmt.Sprintf(`
resource "whatsapp_phone_registration" "main" {
  phone_number_id = %q
  pin             = "123456"
}
`, acctest.Number2))
	plan := c.MustRun("plan")
	acctest.AssertContains(t, plan,
		"Warning: Phone number "+acctest.Number+" (+41 44 668 18 00) will be deregistered, and phone number "+acctest.Number2+" registered instead",
		"these are two different numbers",
		"deregisters phone number "+acctest.Number+" (+41 44 668 18 00), which then STAYS deregistered",
		"Each number has its own budget: this spends one deregister of "+acctest.Number+" (+41 44 668 18 00)'s and one register of "+acctest.Number2+"'s",
	)
	acctest.AssertNotContains(t, plan, "normally seconds", "registered again")
	c.MustRun("apply", "-auto-approve")
	if n, _ := env.Emu.Number(acctest.Number); n.Registered() {
		t.Error("the old number is still registered")
	}
	if n, _ := env.Emu.Number(acctest.Number2); !n.Registered() {
		t.Error("the new number is not registered")
	}
	if got := env.Emu.Operations(acctest.Number2, emulator.OpRegister, emulator.OpDeregister); fmt.Sprint(got) != "[register]" {
		t.Errorf("calls on the new number = %v", got)
	}
	if err := env.BudgetIs("register", "deregister"); err != nil {
		t.Error(err)
	}
}

// Every apply that sets the number's two-step PIN says so in its plan: a
// pin change, a pin_wo_version bump. The first apply after an import takes
// the configured PIN as given (guardAdoptedPIN), says so, and sends nothing.
func TestCLIPlansThatSetThePINSaySo(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.PlatformType, n.Status, n.PIN = "CLOUD_API", "CONNECTED", "111111" })
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin = "111111"`))
	c.MustRun("import", acctest.RegistrationAddr, acctest.Number)
	adopting, plan := c.SavedPlanOutput()
	acctest.AssertContains(t, plan, "Warning: The configured PIN is taken as the current PIN of phone number "+acctest.Number, "without sending it")
	acctest.ExpectChanges(t, adopting, map[string][]string{acctest.RegistrationAddr: {"update"}})
	acctest.AssertNotContains(t, plan, "sets the two-step verification PIN")
	c.MustRun("apply", "-auto-approve")
	if got := env.Emu.Count(emulator.OpSetPIN); got != 0 {
		t.Fatalf("the adopting apply set the PIN (%d calls)", got)
	}
	for _, step := range []struct{ config, why string }{
		{acctest.RegistrationConfig(`pin = "222222"`), "pin changes"},
		{acctest.RegistrationConfig(`pin_wo = "333333"`, `pin_wo_version = 1`), "pin_wo_version changes, which means a new pin_wo"},
		{acctest.RegistrationConfig(`pin_wo = "444444"`, `pin_wo_version = 2`), "pin_wo_version changes, which means a new pin_wo"},
	} {
		c.Write(step.config)
		saved, plan := c.SavedPlanOutput()
		acctest.AssertContains(t, plan, "Warning: Applying this plan sets the two-step verification PIN of phone number "+acctest.Number,
			step.why, "Setting the PIN is not a register: it spends none of the number's budget")
		acctest.ExpectChanges(t, saved, map[string][]string{acctest.RegistrationAddr: {"update"}})
		acctest.AssertNotContains(t, acctest.WithoutSourceSnippets(plan), "111111", "222222", "333333", "444444")
		c.MustRun("apply", "-auto-approve")
	}
	c.Write(acctest.RegistrationConfig(`pin_wo = "444444"`, `pin_wo_version = 2`))
	noChanges := c.ExpectNoChanges()
	acctest.AssertNotContains(t, noChanges, "sets the two-step verification PIN")
	// The adopting apply sent no PIN; each of the three later steps one.
	if n, _ := env.Emu.Number(acctest.Number); n.PIN != "444444" || env.Emu.Count(emulator.OpSetPIN) != 3 {
		t.Errorf("PIN %q after %d PIN calls", n.PIN, env.Emu.Count(emulator.OpSetPIN))
	}
	if err := env.BudgetIs(); err != nil {
		t.Error(err)
	}
	c.AssertInSync()
}
