package provider_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The guide "Templates as code", walked as its approval flow: the pull
// request's saved plan creates both languages and writes nothing; its apply
// waits for Meta's review; an edit of an APPROVED template is warned and
// spends one edit; a second edit within 24 hours is refused at plan with
// the time of the next; a category change is a new versioned name created
// before the old one is deleted. State is the emulator's after each apply.
func TestCLITemplatesAsCodeGuide(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	guide := acctest.ExampleFile(t, "guides/templates-as-code/main.tf")
	vars := []string{"-var=whatsapp_business_account_id=" + acctest.WABA}
	en, pt := `whatsapp_message_template.order_shipped["en_US"]`, `whatsapp_message_template.order_shipped["pt_BR"]`
	review := func(name, language string, reads int) {
		t.Helper()
		if err := env.Emu.ReviewTemplateOnRead(acctest.WABA, name, language, reads, emulator.TemplateApproved, ""); err != nil {
			t.Fatal(err)
		}
	}
	writes := func() []string {
		return env.OpsOf(emulator.OpCreateTemplate, emulator.OpEditTemplate, emulator.OpDeleteTemplate)
	}

	// The pull request: a saved plan, which writes nothing.
	c.Write(guide)
	acctest.ExpectChanges(t, c.SavedPlan(vars...), map[string][]string{en: {"create"}, pt: {"create"}})
	if w := writes(); len(w) != 0 {
		t.Fatalf("the plan wrote %v", w)
	}
	// Merged: the saved plan is applied, and waits until Meta approves.
	review("order_shipped_v1", "en_US", 1)
	review("order_shipped_v1", "pt_BR", 2)
	c.MustRun("apply", "saved.tfplan")
	if w := writes(); len(w) != 2 {
		t.Errorf("the apply wrote %v, want two creates", w)
	}
	for _, addr := range []string{en, pt} {
		if s := c.StateOf(addr).AttributeValues["status"]; s != emulator.TemplateApproved {
			t.Errorf("%s is %v after the apply, want APPROVED", addr, s)
		}
	}
	c.AssertInSync()
	c.ExpectNoChanges(vars...)

	// An edit of the Portuguese body: the plan says it spends an edit.
	edited := strings.Replace(guide, "Acompanhe abaixo.", "Acompanhe pelo botão.", 1)
	c.Write(edited)
	plan := c.MustRunJSON(append([]string{"plan"}, vars...)...)
	if plan.Planned[pt] != "update" || len(plan.Planned) != 1 {
		t.Errorf("the edit plans %v, want an update of %s only", plan.Planned, pt)
	}
	acctest.AssertContains(t, plan.Text(), "Editing message template order_shipped_v1 (pt_BR) spends one of its edits and sends it back to review")
	review("order_shipped_v1", "pt_BR", 1)
	before := len(writes())
	c.MustRun(append([]string{"apply", "-auto-approve"}, vars...)...)
	if w := writes()[before:]; len(w) != 1 || w[0] != emulator.OpEditTemplate {
		t.Errorf("the edit wrote %v, want one edit", w)
	}
	c.AssertInSync()

	// A second edit the same day: refused at plan, saying when.
	c.Write(strings.Replace(edited, "Acompanhe pelo botão.", "Veja onde ele está.", 1))
	out, err := c.Run(append([]string{"plan"}, vars...)...)
	if err == nil {
		t.Fatalf("a second edit within 24 hours planned:\n%s", out)
	}
	acctest.AssertContains(t, out, "The next edit is allowed at")
	env.Clock.Advance(24*time.Hour + time.Minute)
	c.MustRun(append([]string{"plan"}, vars...)...)

	// Meta pauses the English template: the next refresh shows it, in the
	// resource's status and in the guide's output, and plans no change.
	id := fmt.Sprint(c.StateOf(en).AttributeValues["id"])
	if err := env.Emu.ReviewTemplate(id, emulator.TemplatePaused, ""); err != nil {
		t.Fatal(err)
	}
	c.MustRun(append([]string{"apply", "-refresh-only", "-auto-approve"}, vars...)...)
	if got := c.MustRun("output", "-json", "templates_needing_attention"); !strings.Contains(got, `"order_shipped_v1 (en_US)":"PAUSED, quality UNKNOWN"`) {
		t.Errorf("templates_needing_attention = %s", got)
	}
	c.AssertInSync()
	if err := env.Emu.ReviewTemplate(id, emulator.TemplateApproved, ""); err != nil {
		t.Fatal(err)
	}
	c.MustRun(append([]string{"apply", "-refresh-only", "-auto-approve"}, vars...)...)

	// A category change: a new name, created before the old is deleted.
	c.Write(strings.NewReplacer(`"order_shipped_v1"`, `"order_shipped_v2"`, `category = "UTILITY"`, `category = "MARKETING"`).Replace(edited))
	replace := c.MustRunJSON(append([]string{"plan", "-out=v2.tfplan"}, vars...)...)
	if replace.Planned[en] != "replace" || replace.Planned[pt] != "replace" {
		t.Errorf("the new version plans %v, want both replaced", replace.Planned)
	}
	acctest.AssertContains(t, replace.Text(), "blocks its name")
	review("order_shipped_v2", "en_US", 1)
	review("order_shipped_v2", "pt_BR", 1)
	applied := c.MustRunJSON("apply", "v2.tfplan")
	for _, addr := range []string{en, pt} {
		if got := applied.Applied[addr]; len(got) != 2 || got[0] != "create" || got[1] != "delete" {
			t.Errorf("%s applied %v, want create then delete", addr, got)
		}
	}
	c.AssertInSync()
	names := map[string]int{}
	for _, v := range env.Emu.Templates(acctest.WABA) {
		names[v.Name]++
	}
	if names["order_shipped_v2"] != 2 || names["order_shipped_v1"] != 0 {
		t.Errorf("the account holds %v, want order_shipped_v2 in two languages only", names)
	}
	if env.Emu.TemplateNameBlockedUntil(acctest.WABA, "order_shipped_v1", "en_US").IsZero() {
		t.Error("the deleted APPROVED order_shipped_v1 does not block its name")
	}
}
