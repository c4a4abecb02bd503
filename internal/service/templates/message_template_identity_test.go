package templates_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// A template's identity is its WABA, name and language; imported by
// identity or by id, it plans no change and writes nothing.
func TestAccMessageTemplate_identity(t *testing.T) {
	env := acctest.NewEnv(t)
	cfg := env.Config(templateConfig(baseContent...))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
						"whatsapp_business_account_id": knownvalue.StringExact(acctest.WABA),
						"name":                         knownvalue.StringExact("order_update"),
						"language":                     knownvalue.StringExact("en_US"),
					}),
					statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("name")),
					statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("language")),
					statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("whatsapp_business_account_id")),
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{Config: cfg, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Config: cfg, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return acctest.WABA + "/" + s.RootModule().Resources[addr].Primary.ID, nil
				}},
		},
	})
	if got := env.Emu.Count(emulator.OpCreateTemplate) + env.Emu.Count(emulator.OpEditTemplate); got != 1 {
		t.Errorf("template writes = %d, want 1 (the create)", got)
	}
}

// An import by identity goes through the same reads and refusals as one by
// <waba>/<name>/<language>: a name that only part of a template's name is
// (Meta's filter matches it), another language, and another account are
// refused with the same messages, and nothing is written. An identity
// that matches imports with an empty plan.
func TestCLIMessageTemplateImportByIdentity(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	acctest.SkipWithoutIdentity(t)
	v, err := env.Emu.AddTemplate(acctest.WABA, map[string]any{"name": "order_update", "language": "en_US", "category": "UTILITY",
		"components": []any{map[string]any{"type": "BODY", "text": "Your order has shipped."}}})
	if err != nil {
		t.Fatal(err)
	}
	resourceBlock := fmt.Sprintf(`
resource "whatsapp_message_template" "order" {
  whatsapp_business_account_id = %[1]q
  name     = %[2]q
  language = %[3]q
  category = "UTILITY"
  body     = { text = "Your order has shipped." }
}
`, acctest.WABA, "%s", "%s")
	block := func(waba, name, language string) string {
		return fmt.Sprintf(resourceBlock, name, language) + fmt.Sprintf(`
import {
  to       = whatsapp_message_template.order
  identity = {
    whatsapp_business_account_id = %q
    name                         = %q
    language                     = %q
  }
}
`, waba, name, language)
	}
	for _, tc := range []struct{ waba, name, language, want string }{
		{acctest.WABA, "order", "en_US", "has no template named exactly order in en_US"},
		{acctest.WABA, "order_update", "pt_BR", "has no template named exactly order_update in pt_BR"},
		{"999999999999999", "order_update", "en_US", "Could not import message template 999999999999999/order_update/en_US"},
	} {
		c.Write(block(tc.waba, tc.name, tc.language))
		out, err := c.Run("plan")
		if err == nil {
			t.Fatalf("the import of %s/%s/%s by identity planned:\n%s", tc.waba, tc.name, tc.language, out)
		}
		acctest.AssertContains(t, out, tc.want)
		// The same id as an import id is refused the same way.
		c.Write(fmt.Sprintf(resourceBlock, tc.name, tc.language) + fmt.Sprintf(`
import {
  to = whatsapp_message_template.order
  id = "%s/%s/%s"
}
`, tc.waba, tc.name, tc.language))
		byID, err := c.Run("plan")
		if err == nil {
			t.Fatalf("the import of %s/%s/%s by id planned:\n%s", tc.waba, tc.name, tc.language, byID)
		}
		acctest.AssertContains(t, byID, tc.want)
	}

	c.Write(block(acctest.WABA, "order_update", "en_US"))
	changes, _ := c.SavedPlanChanges()
	if len(changes) != 1 || changes[0].Change.Importing == nil || len(changes[0].Change.Actions) != 1 || changes[0].Change.Actions[0] != "no-op" {
		t.Fatalf("the plan is %+v, want one import and nothing else", changes)
	}
	c.MustRun("apply", "-auto-approve", "saved.tfplan")
	if s := c.StateOf(addr); s == nil || s.AttributeValues["id"] != v.ID {
		t.Fatalf("state after the import: %+v", s)
	}
	templateWorld(t, env, c.StateOf(addr))
	if s := c.StateOf(addr); s.IdentityValues["name"] != "order_update" || s.IdentityValues["language"] != "en_US" || s.IdentityValues["whatsapp_business_account_id"] != acctest.WABA {
		t.Errorf("identity after the import: %v", s.IdentityValues)
	}
	c.ExpectNoChanges()
	if got := env.OpsOf(emulator.OpCreateTemplate, emulator.OpEditTemplate, emulator.OpDeleteTemplate); len(got) != 0 {
		t.Errorf("the imports wrote: %v", got)
	}
}
