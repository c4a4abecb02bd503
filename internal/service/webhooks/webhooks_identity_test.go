package webhooks_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
)

// The subscription's identity is its WABA id, the number webhook's its
// phone_number_id. Imported by identity or by id, each plans no change
// with the verify token at version 1, and the import verifies nothing.
func TestAccWebhooks_identity(t *testing.T) {
	env, hook := acctest.NewHookEnv(t)
	cfg := env.Config(acctest.SubscriptionConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL("/waba"))}, acctest.TokenLines(acctest.VerifyToken, 1)...)...) +
		acctest.NumberHookConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL("/support"))}, acctest.TokenLines(acctest.VerifyToken, 1)...)...))
	var verified int64
	importStep := func(addr string, kind resource.ImportStateKind) resource.TestStep {
		return resource.TestStep{Config: cfg, ResourceName: addr, ImportState: true, ImportStateKind: kind}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(acctest.SubscriptionAddr, map[string]knownvalue.Check{"whatsapp_business_account_id": knownvalue.StringExact(acctest.WABA)}),
					statecheck.ExpectIdentityValueMatchesState(acctest.SubscriptionAddr, tfjsonpath.New("whatsapp_business_account_id")),
					statecheck.ExpectIdentity(acctest.NumberHookAddr, map[string]knownvalue.Check{"phone_number_id": knownvalue.StringExact(acctest.Number)}),
					statecheck.ExpectIdentityValueMatchesState(acctest.NumberHookAddr, tfjsonpath.New("phone_number_id")),
				},
				Check: func(*terraform.State) error { verified = hook.Verifications.Load(); return nil },
			},
			importStep(acctest.SubscriptionAddr, resource.ImportBlockWithResourceIdentity),
			importStep(acctest.SubscriptionAddr, resource.ImportBlockWithID),
			importStep(acctest.NumberHookAddr, resource.ImportBlockWithResourceIdentity),
			importStep(acctest.NumberHookAddr, resource.ImportBlockWithID),
		},
	})
	if n := hook.Verifications.Load(); n != verified {
		t.Errorf("the imports verified the callbacks again: %d verifications, %d after the create", n, verified)
	}
}
