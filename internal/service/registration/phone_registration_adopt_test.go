package registration_test

import (
	"fmt"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// adoptConfig is the registration of the main number imported by an
// import block, with region and extra lines.
func adoptConfig(region string, lines ...string) string {
	body := acctest.RegistrationConfig(append([]string{`pin_wo = "123456"`, `pin_wo_version = 1`, fmt.Sprintf("data_localization_region = %q", region)}, lines...)...)
	return body + fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", acctest.RegistrationAddr, acctest.Number)
}

// The plan that imports a number writes nothing: a configuration whose
// region differs from the world's would replace the registration in the
// same apply, so it is refused with what to set; with the world's region
// the plan is the import alone.
func TestCLIAdoptingPlanRefusesAReplacement(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) {
		n.PlatformType, n.Status, n.Region, n.PIN = emulator.PlatformCloudAPI, "CONNECTED", "DE", "123456"
	})
	c := env.CLI(t)
	c.Write(adoptConfig("CH"))
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("the importing plan replaced the registration:\n%s", out)
	}
	acctest.AssertContains(t, out, "The plan that imports phone number "+acctest.Number, "data_localization_region DE → CH", "nothing was called")
	c.Write(adoptConfig("DE"))
	plan := c.SavedPlan()
	acctest.ExpectChanges(t, plan, map[string][]string{})
	c.MustRun("apply", "saved.tfplan")
	if got := env.NumberOps(); len(got) != 0 {
		t.Errorf("the adopting apply called %v", got)
	}
	c.AssertInSync()
	// A later plan may change the region: the replacement, with its preflight.
	c.Write(acctest.RegistrationConfig(`pin_wo = "123456"`, `pin_wo_version = 1`, `data_localization_region = "CH"`))
	if got := acctest.ActionsOf(t, c.SavedPlan(), acctest.RegistrationAddr); fmt.Sprint(got) != "[delete create]" {
		t.Errorf("the later region change plans %v, want the replacement", got)
	}
}

// reregister_triggers added after an import whose apply changed nothing
// are recorded by the next apply, and its plan says so (nothing is
// swallowed silently); changed once more, they register.
func TestCLITriggersAfterAdoptionAreAnnounced(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) {
		n.PlatformType, n.Status, n.Region, n.PIN = emulator.PlatformCloudAPI, "CONNECTED", "DE", "123456"
	})
	c := env.CLI(t)
	c.Write(adoptConfig("DE"))
	c.MustRun("apply", "-auto-approve")
	c.Write(acctest.RegistrationConfig(`pin_wo = "123456"`, `pin_wo_version = 1`, `data_localization_region = "DE"`, `reregister_triggers = { display_name = "Acme" }`))
	_, out := c.SavedPlanOutput()
	acctest.AssertContains(t, out, "reregister_triggers of phone number "+acctest.Number, "are recorded, not registered", "change reregister_triggers once more")
	c.MustRun("apply", "saved.tfplan")
	if err := env.BudgetIs(); err != nil {
		t.Error(err)
	}
	c.Write(acctest.RegistrationConfig(`pin_wo = "123456"`, `pin_wo_version = 1`, `data_localization_region = "DE"`, `reregister_triggers = { display_name = "Acme Support" }`))
	_, out = c.SavedPlanOutput()
	acctest.AssertContains(t, out, "will be registered again")
	c.MustRun("apply", "saved.tfplan")
	if err := env.BudgetIs(emulator.OpRegister); err != nil {
		t.Error(err)
	}
	c.AssertInSync()
}
