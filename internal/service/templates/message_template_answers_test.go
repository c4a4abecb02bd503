package templates_test

import (
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// A create whose answer was lost after Meta created the template is
// settled by reading: one create sent, state holds the template.
func TestCLITemplateCreateLostAnswer(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpCreateTemplate, Act: true, DropConnection: true})
	c := env.CLI(t)
	c.Write(templateConfig(baseContent...))
	out := c.MustRun("apply", "-auto-approve")
	acctest.AssertContains(t, out, "was lost; the template exists")
	if got := env.Emu.Operations("", emulator.OpCreateTemplate); len(got) != 1 {
		t.Errorf("creates = %v, want one", got)
	}
	if got := env.Emu.Templates(acctest.WABA); len(got) != 1 {
		t.Fatalf("templates = %d, want 1", len(got))
	}
	templateWorld(t, env, c.StateOf(addr))
	c.ExpectNoChanges()
}

// Removal from state only on a definite absence: a GET answered 100/33
// while the complete list still has the template keeps it in state; a
// template deleted outside Terraform is removed, with a warning.
func TestCLITemplateGoneOnlyWhenDefinite(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, baseContent...)

	// The account's list refused once, so that the refresh reads by id
	// (refreshInBulk); the list for the name then answers.
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpListTemplates, Code: 100, Subcode: 33})
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetTemplate, Code: 100, Subcode: 33,
		Message: "Unsupported get request. Object with ID does not exist, cannot be loaded due to missing permissions, or does not support this operation"})
	if out, err := c.Run("apply", "-refresh-only", "-auto-approve"); err == nil {
		t.Fatalf("refresh passed on a 100/33:\n%s", out)
	}
	if c.StateOf(addr) == nil {
		t.Fatal("a 100/33 removed the template from state")
	}

	if !env.Emu.DeleteTemplateOutOfBand(id) {
		t.Fatal("no template to delete")
	}
	acctest.AssertContains(t, c.MustRun("apply", "-refresh-only", "-auto-approve"), "no longer exists: removed from state")
	if c.StateOf(addr) != nil {
		t.Error("a deleted template stayed in state")
	}
}

// Destroying a DISABLED template is refused at plan: Meta refuses it.
func TestCLITemplateDisabledDestroyRefused(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, baseContent...)
	for _, s := range []string{"APPROVED", "DISABLED"} {
		if err := env.Emu.ReviewTemplate(id, s, ""); err != nil {
			t.Fatal(err)
		}
	}
	out, err := c.Run("plan", "-destroy")
	if err == nil {
		t.Fatalf("plan -destroy passed:\n%s", out)
	}
	acctest.AssertContains(t, out, "is DISABLED and cannot be deleted")
	if got := env.Emu.Operations("", emulator.OpDeleteTemplate); len(got) != 0 {
		t.Errorf("deletes = %v", got)
	}
}
