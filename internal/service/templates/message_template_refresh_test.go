package templates_test

import (
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// bulkTemplates is the number of templates the bulk tests keep in state,
// and bulkPageSize the emulator's page size for them: two pages.
const (
	bulkTemplates = 32
	bulkPageSize  = 25
)

func bulkConfig() string {
	return fmt.Sprintf(`
resource "whatsapp_message_template" "bulk" {
  count                        = %d
  whatsapp_business_account_id = %q
  name     = "bulk_${count.index}"
  language = "en_US"
  category = "UTILITY"
  body     = { text = "Your order {{1}} has shipped.", examples = ["#1234"] }
}
`, bulkTemplates, acctest.WABA)
}

// bulkEnv is an account with bulkTemplates templates created through the
// CLI, and the runner that manages them.
func bulkEnv(t *testing.T) (*acctest.Env, *acctest.CLI) {
	t.Helper()
	env := acctest.NewEnv(t, func(o *emulator.Options) { o.MaxPageSize = bulkPageSize })
	c := env.CLI(t)
	c.Write(bulkConfig())
	c.MustRun("apply", "-auto-approve")
	if n := len(env.Emu.Templates(acctest.WABA)); n < bulkTemplates {
		t.Fatalf("the account has %d templates, want at least %d", n, bulkTemplates)
	}
	return env, c
}

// bulkState is the templates in state, by id.
func bulkState(c *acctest.CLI) map[string]*tfjson.StateResource {
	out := map[string]*tfjson.StateResource{}
	for _, r := range c.ShowState() {
		if r.Type == "whatsapp_message_template" {
			out[fmt.Sprint(r.AttributeValues["id"])] = r
		}
	}
	return out
}

// listPages is how many pages a complete list of the WABA takes.
func listPages(env *acctest.Env) int {
	n := len(env.Emu.Templates(acctest.WABA))
	return (n + bulkPageSize - 1) / bulkPageSize
}

// refreshOps counts the template reads since the log was reset: list
// pages, and GETs of one template (the GET of a deleted template is logged
// as get_phone_number, the emulator no longer knowing the id; get_app is
// the provider's credentials check).
func refreshOps(env *acctest.Env) (lists, gets int) {
	for _, r := range env.Emu.Requests() {
		switch r.Operation {
		case emulator.OpListTemplates:
			lists++
		case emulator.OpGetTemplate, emulator.OpGetPhoneNumber:
			gets++
		}
	}
	return lists, gets
}

// A refresh of 32 templates reads the WABA's list once, page by page, and
// no template by id; what Meta changed (review, quality) is in state, and
// state equals the world.
func TestCLITemplateRefreshInBulk(t *testing.T) {
	t.Parallel()
	env, c := bulkEnv(t)
	states := bulkState(c)
	if len(states) != bulkTemplates {
		t.Fatalf("state holds %d templates, want %d", len(states), bulkTemplates)
	}
	var reviewed, rejected string
	for id, r := range states {
		switch r.Index {
		case float64(3):
			reviewed = id
		case float64(30):
			rejected = id
		}
	}
	if err := env.Emu.ReviewTemplate(reviewed, "APPROVED", ""); err != nil {
		t.Fatal(err)
	}
	if err := env.Emu.SetTemplateQuality(reviewed, "GREEN"); err != nil {
		t.Fatal(err)
	}
	if err := env.Emu.ReviewTemplate(rejected, "REJECTED", "PROMOTIONAL"); err != nil {
		t.Fatal(err)
	}

	env.Emu.ResetRequests()
	c.MustRun("apply", "-refresh-only", "-auto-approve")
	lists, gets := refreshOps(env)
	if want := listPages(env); lists != want || want < 2 {
		t.Errorf("the refresh read %d list pages, want %d (one complete list, at least two pages)", lists, want)
	}
	if gets != 0 {
		t.Errorf("the refresh read %d templates by id, want none", gets)
	}
	states = bulkState(c)
	if len(states) != bulkTemplates {
		t.Fatalf("state holds %d templates after the refresh, want %d", len(states), bulkTemplates)
	}
	for _, r := range states {
		templateWorld(t, env, r)
	}
	if s := states[reviewed].AttributeValues; s["status"] != "APPROVED" || s["quality_score"] != "GREEN" {
		t.Errorf("the reviewed template reads %v, %v", s["status"], s["quality_score"])
	}
	if s := states[rejected].AttributeValues; s["status"] != "REJECTED" || s["rejected_reason"] != "PROMOTIONAL" {
		t.Errorf("the rejected template reads %v, %v", s["status"], s["rejected_reason"])
	}

	// A plan refreshes the same way, and plans nothing.
	env.Emu.ResetRequests()
	c.ExpectNoChanges()
	if lists, gets := refreshOps(env); lists != listPages(env) || gets != 0 {
		t.Errorf("the plan read %d list pages and %d templates by id, want %d and 0", lists, gets, listPages(env))
	}
}

// A list whose second page is cut decides nothing: every template is read
// by id instead, and the one deleted outside Terraform stays in state
// while its absence cannot be confirmed (the refresh fails, saying why).
// Once the list reads whole, that template is removed with a warning and
// no other is read by id.
func TestCLITemplateRefreshCutListRemovesNothing(t *testing.T) {
	t.Parallel()
	env, c := bulkEnv(t)
	states := bulkState(c)
	var gone string
	for id, r := range states {
		if r.Index == float64(7) {
			gone = id
		}
	}
	if !env.Emu.DeleteTemplateOutOfBand(gone) {
		t.Fatalf("no template %s to delete", gone)
	}

	// Page 1 arrives, every later page is cut (each retry too).
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpListTemplates, Skip: 1, Times: 100, CutBody: true})
	env.Emu.ResetRequests()
	out, err := c.Run("apply", "-refresh-only", "-auto-approve")
	if err == nil {
		t.Fatalf("the refresh passed with a cut list and a template it could not find:\n%s", out)
	}
	acctest.AssertContains(t, out, "Could not read", gone)
	if _, gets := refreshOps(env); gets != bulkTemplates {
		t.Errorf("templates read by id after the cut list = %d, want %d (every one)", gets, bulkTemplates)
	}
	if after := bulkState(c); len(after) != bulkTemplates || after[gone] == nil {
		t.Fatalf("state holds %d templates (the deleted one: %v), want all %d: a cut list removed something", len(after), after[gone] != nil, bulkTemplates)
	}

	env.Emu.ClearFaults()
	env.Emu.ResetRequests()
	out = c.MustRun("apply", "-refresh-only", "-auto-approve")
	acctest.AssertContains(t, out, "no longer exists: removed from state")
	after := bulkState(c)
	if len(after) != bulkTemplates-1 || after[gone] != nil {
		t.Fatalf("state holds %d templates (the deleted one: %v), want %d without it", len(after), after[gone] != nil, bulkTemplates-1)
	}
	for _, r := range after {
		templateWorld(t, env, r)
	}
	// The complete list (its pages), then for the missing template alone a
	// GET and the list for its name.
	lists, gets := refreshOps(env)
	if gets != 1 || lists != listPages(env)+1 {
		t.Errorf("the refresh read %d list pages and %d templates by id, want %d and 1 (only the deleted one)", lists, gets, listPages(env)+1)
	}
	if got := strings.Join(env.OpsOf(emulator.OpDeleteTemplate, emulator.OpCreateTemplate, emulator.OpEditTemplate), ","); got != "" {
		t.Errorf("a refresh wrote: %s", got)
	}
}
