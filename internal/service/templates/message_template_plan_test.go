package templates_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// A media header's handle, read back by Meta as a URL, is not a diff.
func TestCLITemplateMediaHeaderNoDiff(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(templateConfig(`header = { format = "IMAGE", example = "4::aW1hZ2UvanBlZw==:ARbSample" }`, `body = { text = "Your order has shipped." }`))
	c.MustRun("apply", "-auto-approve")
	tv := templateWorld(t, env, c.StateOf(addr))
	if ex := fmt.Sprint(tv.Components[0]["example"]); !strings.Contains(ex, "https://scontent") {
		t.Fatalf("the emulator reads the header back as %s, want a URL", ex)
	}
	c.ExpectNoChanges()
	header, _ := c.StateOf(addr).AttributeValues["header"].(map[string]any)
	if header["example"] != "4::aW1hZ2UvanBlZw==:ARbSample" {
		t.Errorf("header.example in state = %v, want the configured handle", header["example"])
	}
}

// What Meta would refuse, or what would strand the template, is refused
// at plan, with nothing called: an edit while PENDING, and a replacement
// by a template of the same name and language.
func TestCLITemplatePlanRefusals(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(templateConfig(baseContent...))
	c.MustRun("apply", "-auto-approve")

	c.Write(templateConfig(withBody(editedBody)...))
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("plan of an edit while PENDING passed:\n%s", out)
	}
	acctest.AssertContains(t, out, "cannot be edited while it is PENDING")

	id := fmt.Sprint(c.StateOf(addr).AttributeValues["id"])
	approve(t, env, id)
	c.Write(templateConfig(`parameter_format = "NAMED"`, `body = { text = "Hello there." }`))
	out, err = c.Run("plan")
	if err == nil {
		t.Fatalf("plan of a replacement by the same name passed:\n%s", out)
	}
	acctest.AssertContains(t, out, "cannot be replaced by a template of the same name and language")
	if ops := env.Emu.Operations("", emulator.OpEditTemplate, emulator.OpDeleteTemplate, emulator.OpCreateTemplate); len(ops) != 1 {
		t.Errorf("writes = %v, want the first create only", ops)
	}
}
