package templates_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// approvedTemplate applies cfg and approves the template in the emulator.
func approvedTemplate(t *testing.T, env *acctest.Env, c *acctest.CLI, cfg string) string {
	t.Helper()
	c.Write(cfg)
	c.MustRun("apply", "-auto-approve")
	id := fmt.Sprint(c.StateOf(addr).AttributeValues["id"])
	approve(t, env, id)
	c.MustRun("apply", "-refresh-only", "-auto-approve")
	return id
}

// guardSameNameRecreate: a replacement that would delete an APPROVED
// template and re-create the same name and language is refused before
// anything is called, whatever forced it: -replace, replace_triggered_by,
// taint, or a name known only at apply (found by a hostile review).
func TestCLITemplateForcedReplacementOfTheSameNameIsRefused(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	withTriggers := func(trigger, name string) string {
		return fmt.Sprintf(`
resource "terraform_data" "rev" {
  input = %q
}

resource "terraform_data" "n" {
  input            = "order_update"
  triggers_replace = [%q]
}
`, trigger, trigger) + strings.Replace(strings.Replace(templateConfig(baseContent...), `category = "UTILITY"`,
			"category = \"UTILITY\"\n  lifecycle {\n    replace_triggered_by = [terraform_data.rev]\n  }", 1), `name     = "order_update"`, "name     = "+name, 1)
	}
	id := approvedTemplate(t, env, c, withTriggers("a", `"order_update"`))
	before := len(env.Emu.Operations("", emulator.OpDeleteTemplate, emulator.OpCreateTemplate))
	expectKept := func(how string) {
		t.Helper()
		if ops := env.Emu.Operations("", emulator.OpDeleteTemplate, emulator.OpCreateTemplate)[before:]; len(ops) != 0 {
			t.Errorf("%s: calls %v", how, ops)
		}
		if _, ok := env.Emu.Template(id); !ok {
			t.Errorf("%s: the APPROVED template was deleted", how)
		}
	}
	for _, step := range []struct {
		name, config string
		args         []string
	}{
		{"-replace", withTriggers("a", `"order_update"`), []string{"-replace=" + addr}},
		{"replace_triggered_by", withTriggers("b", `"order_update"`), nil},
		{"a name known only at apply", withTriggers("c", "terraform_data.n.output"), nil},
	} {
		c.Write(step.config)
		out, err := c.Run(append([]string{"plan"}, step.args...)...)
		if err == nil {
			t.Fatalf("%s: planned:\n%s", step.name, out)
		}
		acctest.AssertContains(t, out, "The message template order_update (en_US) cannot be deleted and re-created", "Nothing was called")
		expectKept(step.name)
	}
	// taint: the create plan carries the note to the Delete, which refuses.
	c.Write(withTriggers("a", `"order_update"`))
	c.MustRun("taint", addr)
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("taint replaced the template:\n%s", out)
	}
	acctest.AssertContains(t, out, "cannot be deleted and re-created", "terraform untaint")
	expectKept("taint")
	c.MustRun("untaint", addr)
	c.ExpectNoChanges()
	// A new name with create_before_destroy is the way to a new template.
	c.Write(`
resource "terraform_data" "rev" {
  input = "a"
}

resource "terraform_data" "n" {
  input            = "order_update"
  triggers_replace = ["c"]
}
` + strings.Replace(strings.Replace(templateConfig(baseContent...), `name     = "order_update"`, `name     = "order_update_v2"`, 1),
		`category = "UTILITY"`, "category = \"UTILITY\"\n  lifecycle {\n    create_before_destroy = true\n  }", 1))
	out, err = c.Run("apply", "-auto-approve")
	if err != nil {
		t.Fatalf("create_before_destroy to a new name:\n%s", out)
	}
	if _, ok := env.Emu.Template(id); ok {
		t.Error("the old template was kept after create_before_destroy to a new name")
	}
}
