package profile_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// A profile's identity is its phone_number_id; imported by identity or by
// id, it plans no change and writes nothing.
func TestAccBusinessProfile_identity(t *testing.T) {
	env := acctest.NewEnv(t)
	cfg := env.Config(acctest.ProfileConfig(`about = "Acme Support, 24/7."`, `vertical = "RETAIL"`))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(acctest.ProfileAddr, map[string]knownvalue.Check{"phone_number_id": knownvalue.StringExact(acctest.Number)}),
					statecheck.ExpectIdentityValueMatchesState(acctest.ProfileAddr, tfjsonpath.New("phone_number_id")),
				},
			},
			{Config: cfg, ResourceName: acctest.ProfileAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Config: cfg, ResourceName: acctest.ProfileAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
		},
	})
	if got := env.Emu.Count(emulator.OpUpdateBusinessProfile); got != 1 {
		t.Errorf("profile updates = %d, want 1 (the create)", got)
	}
}
