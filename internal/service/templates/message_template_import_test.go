package templates_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const mediaHandle = "4::aW1hZ2UvanBlZw==:ARbHandle"

var mediaContent = []string{
	`header = { format = "IMAGE", example = "` + mediaHandle + `" }`,
	`body = { text = "Your order has shipped." }`,
	`message_send_ttl_seconds = 3600`,
}

func reimport(t *testing.T, c *acctest.CLI, importID string) {
	t.Helper()
	c.MustRun("state", "rm", addr)
	c.MustRun("import", addr, importID)
}

// The plan right after an import is empty for a media header (state holds
// Meta's URL, the configuration a handle) and a TTL; a real change still
// plans, and its edit sends the configured handle.
func TestCLITemplateImportMediaHeaderAndTTL(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, mediaContent...)
	approve(t, env, id)
	for _, importID := range []string{acctest.WABA + "/" + id, acctest.WABA + "/order_update/en_US"} {
		reimport(t, c, importID)
		s := c.StateOf(addr).AttributeValues
		if h, _ := s["header"].(map[string]any); !strings.HasPrefix(fmt.Sprint(h["example"]), "https://") || fmt.Sprint(s["message_send_ttl_seconds"]) != "3600" {
			t.Errorf("import %s: header %v, ttl %v", importID, s["header"], s["message_send_ttl_seconds"])
		}
		c.ExpectNoChanges()
	}
	// A changed TTL plans after an import, as does a changed header format.
	c.Replace("main.tf", "= 3600", "= 7200")
	acctest.ExpectChanges(t, c.SavedPlan(), map[string][]string{addr: {"update"}})
	c.Replace("main.tf", "= 7200", "= 3600")
	c.Replace("main.tf", `format = "IMAGE"`, `format = "VIDEO"`)
	acctest.ExpectChanges(t, c.SavedPlan(), map[string][]string{addr: {"update"}})
	c.Replace("main.tf", `format = "VIDEO"`, `format = "IMAGE"`)

	// An edit after the import sends the configured handle; state keeps it.
	c.Replace("main.tf", "Your order has shipped.", "Your order is on its way.")
	c.MustRunJSON("apply", "-auto-approve").ExpectApplied(t, map[string][]string{addr: {"update"}})
	comps, _ := env.LastBody(t, emulator.OpEditTemplate)["components"].([]any)
	if h, _ := comps[0].(map[string]any); fmt.Sprint(h["example"]) != fmt.Sprint(map[string]any{"header_handle": []any{mediaHandle}}) {
		t.Errorf("the edit sent the header %v", h)
	}
	if h, _ := c.StateOf(addr).AttributeValues["header"].(map[string]any); h["example"] != mediaHandle {
		t.Errorf("header in state after the edit: %v", h)
	}
	approve(t, env, id)
	c.ExpectNoChanges()
	// Now that state holds the handle, a new handle is a change (a day
	// later: the edit budget allows one edit of an approved template per 24
	// hours).
	env.Clock.Advance(24*time.Hour + time.Minute)
	c.Replace("main.tf", mediaHandle, "4::bmV3:ARbOther")
	acctest.ExpectChanges(t, c.SavedPlan(), map[string][]string{addr: {"update"}})
}

// Importing a template Meta re-categorized (UTILITY read back as
// MARKETING) keeps the category it was created with: the plan is empty and
// current_category shows Meta's.
func TestCLITemplateImportRecategorized(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, baseContent...)
	approve(t, env, id)
	if err := env.Emu.RecategorizeTemplate(id, "MARKETING"); err != nil {
		t.Fatal(err)
	}
	for _, importID := range []string{acctest.WABA + "/" + id, acctest.WABA + "/order_update/en_US"} {
		reimport(t, c, importID)
		acctest.AssertContains(t, c.ExpectNoChanges(), "re-categorized")
		s := c.StateOf(addr).AttributeValues
		if s["category"] != "UTILITY" || s["current_category"] != "MARKETING" || s["previous_category"] != "UTILITY" {
			t.Errorf("import %s: category %v, current %v, previous %v", importID, s["category"], s["current_category"], s["previous_category"])
		}
	}
	if got := env.Emu.Operations("", emulator.OpEditTemplate); len(got) != 0 {
		t.Errorf("edits = %v", got)
	}
}

// A template deleted outside Terraform is read as a missing template node
// (Meta's 100/33), and removed from state on the complete list's word.
func TestCLITemplateDeletedIDReadAsMissingNode(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, baseContent...)
	if !env.Emu.DeleteTemplateOutOfBand(id) {
		t.Fatal("no template to delete")
	}
	env.Emu.ResetRequests()
	acctest.AssertContains(t, c.MustRun("apply", "-refresh-only", "-auto-approve"), "no longer exists: removed from state")
	var gets []emulator.Request
	for _, r := range env.Emu.Requests() {
		if r.Method == "GET" && strings.HasSuffix(r.Path, "/"+id) {
			gets = append(gets, r)
		}
	}
	if len(gets) != 1 || gets[0].Operation != emulator.OpGetTemplate || gets[0].ErrorCode != 100 {
		t.Errorf("the read of the deleted template was answered as %+v", gets)
	}
}

// Setting category to the one Meta gave the template (as the warning
// advises) plans no edit and sends none: state records it.
func TestCLITemplateAcceptMetaCategory(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, baseContent...)
	approve(t, env, id)
	if err := env.Emu.RecategorizeTemplate(id, "MARKETING"); err != nil {
		t.Fatal(err)
	}
	reimport(t, c, acctest.WABA+"/"+id)
	c.Replace("main.tf", `category = "UTILITY"`, `category = "MARKETING"`)
	plan, out := c.SavedPlanOutput()
	acctest.ExpectChanges(t, plan, map[string][]string{addr: {"update"}})
	acctest.AssertNotContains(t, out, "spends one of its edits")
	c.MustRunJSON("apply", "-auto-approve").ExpectApplied(t, map[string][]string{addr: {"update"}})
	if got := env.Emu.Operations("", emulator.OpEditTemplate); len(got) != 0 {
		t.Errorf("edits = %v", got)
	}
	s := c.StateOf(addr).AttributeValues
	if s["category"] != "MARKETING" || s["current_category"] != "MARKETING" || s["status"] != "APPROVED" {
		t.Errorf("state: %v", s)
	}
	acctest.AssertNotContains(t, c.ExpectNoChanges(), "re-categorized")
}
