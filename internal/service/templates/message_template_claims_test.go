package templates_test

import (
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// templateWrites are the template writes the emulator saw.
func templateWrites(env *acctest.Env) []string {
	return env.Emu.Operations("", emulator.OpCreateTemplate, emulator.OpEditTemplate, emulator.OpDeleteTemplate)
}

// at renames the usual template's block to name.
func at(name, config string) string {
	return strings.Replace(config, `resource "whatsapp_message_template" "order"`, `resource "whatsapp_message_template" "`+name+`"`, 1)
}

// guardOneAddressPerTemplate: two blocks for one template are refused at
// plan, before anything is created, and so is a copy of a block whose
// template is already managed.
func TestCLITemplateTwoAddressesAreRefused(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	config := templateConfig(baseContent...)
	c.Write(config + at("copy", config))
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("two blocks for one template planned:\n%s", out)
	}
	acctest.AssertContains(t, out, "Two resources manage the message template order_update (en_US)", "Nothing was called")

	c.Write(config)
	c.MustRun("apply", "-auto-approve")
	writes := len(templateWrites(env))
	c.Write(config + at("copy", config))
	out, err = c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("a copy of a managed template's block applied:\n%s", out)
	}
	acctest.AssertContains(t, out, "Two resources manage the message template order_update (en_US)")
	if got := templateWrites(env)[writes:]; len(got) != 0 {
		t.Errorf("the refused plan wrote %v", got)
	}
	if n := len(env.Emu.Templates(acctest.WABA)); n != 1 {
		t.Errorf("the account has %d templates, want 1", n)
	}
}

// guardOneAddressPerTemplate: a renamed block without a moved block (a
// delete at the old address and a create at the new one, in either order)
// is refused at plan; with the moved block the plan changes nothing and
// the apply writes nothing.
func TestCLITemplateRenamedBlockNeedsAMovedBlock(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	config := templateConfig(baseContent...)
	id := approvedTemplate(t, env, c, config)
	writes := len(templateWrites(env))

	c.Write(at("order_v2", config))
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("a renamed block planned a delete and a create:\n%s", out)
	}
	acctest.AssertContains(t, out, "would be deleted at one address and created at another", "moved block")
	// count turned into for_each: the same.
	c.Write(strings.Replace(at("order_v2", config), `name     = "order_update"`, "for_each = toset([\"x\"])\n  name     = \"order_update\"", 1) +
		"\nmoved {\n  from = " + addr + "\n  to   = whatsapp_message_template.order_v2\n}\n")
	out, err = c.Run("plan")
	if err == nil {
		t.Fatalf("a for_each instance of a template in state planned:\n%s", out)
	}
	acctest.AssertContains(t, out, "would be deleted at one address and created at another")

	c.Write(at("order_v2", config) + "\nmoved {\n  from = " + addr + "\n  to   = whatsapp_message_template.order_v2\n}\n")
	acctest.ExpectChanges(t, c.SavedPlan(), map[string][]string{})
	c.MustRun("apply", "-auto-approve")
	c.ExpectNoChanges()
	if got := templateWrites(env)[writes:]; len(got) != 0 {
		t.Errorf("the rename wrote %v", got)
	}
	if _, ok := env.Emu.Template(id); !ok {
		t.Error("the template is gone")
	}
	templateWorld(t, env, c.StateOf("whatsapp_message_template.order_v2"))
}
