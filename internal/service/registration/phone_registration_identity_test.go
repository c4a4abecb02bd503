package registration_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// A registration's identity is its phone_number_id; an import block by
// identity imports it with no change planned when the configuration
// carries pin_wo at version 1 (guardAdoptedPIN), and spends nothing.
func TestAccPhoneRegistration_identity(t *testing.T) {
	env := acctest.NewEnv(t)
	cfg := env.Config(acctest.RegistrationConfig(`pin_wo = "123456"`, `pin_wo_version = 1`, `data_localization_region = "DE"`))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(acctest.RegistrationAddr, map[string]knownvalue.Check{"phone_number_id": knownvalue.StringExact(acctest.Number)}),
					statecheck.ExpectIdentityValueMatchesState(acctest.RegistrationAddr, tfjsonpath.New("phone_number_id")),
				},
			},
			{
				Config:          cfg,
				ResourceName:    acctest.RegistrationAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Config:          cfg,
				ResourceName:    acctest.RegistrationAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
	// One register for the create, one deregister for the destroy.
	if err := env.BudgetIs(emulator.OpRegister, emulator.OpDeregister); err != nil {
		t.Errorf("the imports spent budget: %v", err)
	}
}

// An import by identity goes through the same reads and refusals as one by
// id: a number that is not registered, and an identity that is not a
// phone number ID, are refused with their own messages.
func TestCLIImportByIdentityRefuses(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	acctest.SkipWithoutIdentity(t)
	for _, tc := range []struct{ id, want string }{
		{acctest.Number, "exists but is not registered"},
		{"+41 44 668 18 00", "not a phone number ID"},
	} {
		c.Write(acctest.RegistrationConfig(`pin_wo = "123456"`, `pin_wo_version = 1`) + fmt.Sprintf(`
import {
  to       = whatsapp_phone_registration.main
  identity = { phone_number_id = %q }
}
`, tc.id))
		out, err := c.Run("plan")
		if err == nil {
			t.Fatalf("import of %s by identity planned:\n%s", tc.id, out)
		}
		acctest.AssertContains(t, out, tc.want)
	}
	if got := env.Emu.Count(emulator.OpRegister) + env.Emu.Count(emulator.OpSetPIN); got != 0 {
		t.Errorf("a refused import wrote %d times", got)
	}
}
