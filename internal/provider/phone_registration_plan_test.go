package provider

import (
	"fmt"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Issue 8, plans: what a plan says before anyone approves it.

// A new phone_number_id is two numbers: the old one is deregistered and
// stays so, the new one is registered, each from its own budget.
func TestCLINumberChangePlanNamesBothNumbers(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	c.write(registration(`pin = "123456"`))
	c.mustRun("apply", "-auto-approve")
	c.write(fmt.Sprintf(`
resource "whatsapp_phone_registration" "main" {
  phone_number_id = %q
  pin             = "123456"
}
`, accNumber2))
	plan := c.mustRun("plan")
	assertContains(t, plan,
		"Warning: Phone number "+accNumber+" (+41 44 668 18 00) will be deregistered, and phone number "+accNumber2+" registered instead",
		"these are two different numbers",
		"deregisters phone number "+accNumber+" (+41 44 668 18 00), which then STAYS deregistered",
		"Each number has its own budget: this spends one deregister of "+accNumber+" (+41 44 668 18 00)'s and one register of "+accNumber2+"'s",
	)
	assertNotContains(t, plan, "normally seconds", "registered again")
	c.mustRun("apply", "-auto-approve")
	if n, _ := env.emu.Number(accNumber); n.Registered() {
		t.Error("the old number is still registered")
	}
	if n, _ := env.emu.Number(accNumber2); !n.Registered() {
		t.Error("the new number is not registered")
	}
	if got := env.emu.Operations(accNumber2, emulator.OpRegister, emulator.OpDeregister); fmt.Sprint(got) != "[register]" {
		t.Errorf("calls on the new number = %v", got)
	}
	if err := env.budgetIs("register", "deregister"); err != nil {
		t.Error(err)
	}
}

// Every apply that sets the number's two-step PIN says so in its plan: the
// first apply after an import, a pin change, a pin_wo_version bump.
func TestCLIPlansThatSetThePINSaySo(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	env.emu.Update(accNumber, func(n *emulator.Number) { n.PlatformType, n.Status, n.PIN = "CLOUD_API", "CONNECTED", "111111" })
	c := env.cli(t)
	c.write(registration(`pin = "111111"`))
	c.mustRun("import", accAddr, accNumber)
	for _, step := range []struct{ config, why string }{
		{registration(`pin = "111111"`), "The number's current PIN is not known (it was imported, and an import cannot read a PIN)"},
		{registration(`pin = "222222"`), "pin changes"},
		{registration(`pin_wo = "333333"`, `pin_wo_version = 1`), "pin_wo_version changes, which means a new pin_wo"},
		{registration(`pin_wo = "444444"`, `pin_wo_version = 2`), "pin_wo_version changes, which means a new pin_wo"},
	} {
		c.write(step.config)
		plan := c.mustRun("plan")
		assertContains(t, plan, "Warning: Applying this plan sets the two-step verification PIN of phone number "+accNumber,
			step.why, "Setting the PIN is not a register: it spends none of the number's budget", "will be updated in-place")
		assertNotContains(t, withoutSourceSnippets(plan), "111111", "222222", "333333", "444444")
		c.mustRun("apply", "-auto-approve")
	}
	c.write(registration(`pin_wo = "444444"`, `pin_wo_version = 2`))
	plan := c.mustRun("plan")
	assertNotContains(t, plan, "sets the two-step verification PIN")
	assertContains(t, plan, "No changes.")
	if n, _ := env.emu.Number(accNumber); n.PIN != "444444" || env.emu.Count(emulator.OpSetPIN) != 4 {
		t.Errorf("PIN %q after %d PIN calls", n.PIN, env.emu.Count(emulator.OpSetPIN))
	}
	if err := env.budgetIs(); err != nil {
		t.Error(err)
	}
	c.assertInSync()
}
