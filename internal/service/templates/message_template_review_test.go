package templates_test

import (
	"fmt"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func waiting(lines ...string) []string { return append(lines, `wait_for_review = true`) }

func reads(env *acctest.Env) int { return len(env.Emu.Operations("", emulator.OpGetTemplate)) }

// Without wait_for_review the apply returns at PENDING, after one read;
// setting it alone sends nothing to Meta.
func TestCLITemplateWaitForReviewOff(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(templateConfig(baseContent...))
	c.MustRunJSON("apply", "-auto-approve").ExpectApplied(t, map[string][]string{addr: {"create"}})
	if tv := templateWorld(t, env, c.StateOf(addr)); tv.Status != "PENDING" {
		t.Fatalf("status after create = %s", tv.Status)
	}
	if n := reads(env); n != 1 {
		t.Errorf("the create read the template %d times, want 1 (no wait)", n)
	}

	id := fmt.Sprint(c.StateOf(addr).AttributeValues["id"])
	approve(t, env, id)
	c.Write(templateConfig(waiting(baseContent...)...))
	plan := c.SavedPlan()
	acctest.ExpectChanges(t, plan, map[string][]string{addr: {"update"}})
	if after := acctest.ChangeOf(t, plan, addr).Change.After; after["status"] != "APPROVED" {
		t.Errorf("a plan that sends no edit shows status %v, want APPROVED known", after["status"])
	}
	c.MustRunJSON("apply", "saved.tfplan").ExpectApplied(t, map[string][]string{addr: {"update"}})
	if ops := env.Emu.Operations("", emulator.OpEditTemplate); len(ops) != 0 {
		t.Errorf("setting wait_for_review sent %v", ops)
	}
	if st := c.StateOf(addr).AttributeValues; st["wait_for_review"] != true || st["status"] != "APPROVED" {
		t.Errorf("state after: wait_for_review %v, status %v", st["wait_for_review"], st["status"])
	}
	c.ExpectNoChanges()
}

// Approved during the wait, on create and on edit: the apply returns with
// APPROVED, having read until the review ended.
func TestCLITemplateWaitForReviewApproved(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	if err := env.Emu.ReviewTemplateOnRead(acctest.WABA, "order_update", "en_US", 3, "APPROVED", ""); err != nil {
		t.Fatal(err)
	}
	c := env.CLI(t)
	c.Write(templateConfig(waiting(baseContent...)...))
	c.MustRunJSON("apply", "-auto-approve").ExpectApplied(t, map[string][]string{addr: {"create"}})
	if tv := templateWorld(t, env, c.StateOf(addr)); tv.Status != "APPROVED" {
		t.Fatalf("status after the wait = %s", tv.Status)
	}
	if n := reads(env); n != 3 {
		t.Errorf("reads = %d, want 3 (the read-back, then two waits)", n)
	}
	c.ExpectNoChanges()

	if err := env.Emu.ReviewTemplateOnRead(acctest.WABA, "order_update", "en_US", 2, "APPROVED", ""); err != nil {
		t.Fatal(err)
	}
	c.Write(templateConfig(waiting(withBody(editedBody)...)...))
	before := reads(env)
	c.MustRunJSON("apply", "-auto-approve").ExpectApplied(t, map[string][]string{addr: {"update"}})
	tv := templateWorld(t, env, c.StateOf(addr))
	if tv.Status != "APPROVED" || tv.EditsUsed30d != 1 {
		t.Fatalf("after the edit's wait: %s, %d edits", tv.Status, tv.EditsUsed30d)
	}
	// The read before the edit, the read-back and one wait (the refresh
	// reads the account's list, not the template).
	if n := reads(env) - before; n != 3 {
		t.Errorf("the apply read the template %d times, want 3", n)
	}
	if n := len(env.OpsOf(emulator.OpListTemplates)); n == 0 {
		t.Error("the refresh did not read the account's list")
	}
	c.ExpectNoChanges()
}

// Rejected during the wait: the apply fails with Meta's reason, and the
// template stays in state as REJECTED; once untainted (Terraform taints a
// failed create), the plan is empty and a content fix is an edit.
func TestCLITemplateWaitForReviewRejected(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	if err := env.Emu.ReviewTemplateOnRead(acctest.WABA, "order_update", "en_US", 2, "REJECTED", "INVALID_FORMAT"); err != nil {
		t.Fatal(err)
	}
	c := env.CLI(t)
	c.Write(templateConfig(waiting(baseContent...)...))
	s, err := c.RunJSON("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply of a rejected template passed:\n%s", s.Out)
	}
	acctest.AssertContains(t, s.Text(), "Meta rejected message template order_update (en_US): INVALID_FORMAT", "stays in state as REJECTED", "terraform untaint")
	st := c.StateOf(addr).AttributeValues
	if st["status"] != "REJECTED" || st["rejected_reason"] != "INVALID_FORMAT" {
		t.Fatalf("state after: status %v, reason %v", st["status"], st["rejected_reason"])
	}
	templateWorld(t, env, c.StateOf(addr))
	if n := len(env.Emu.Operations("", emulator.OpCreateTemplate)); n != 1 {
		t.Fatalf("creates = %d", n)
	}

	c.MustRun("untaint", addr)
	c.ExpectNoChanges()
	if err := env.Emu.ReviewTemplateOnRead(acctest.WABA, "order_update", "en_US", 1, "APPROVED", ""); err != nil {
		t.Fatal(err)
	}
	c.Write(templateConfig(waiting(withBody(editedBody)...)...))
	plan, out := c.SavedPlanOutput()
	acctest.ExpectChanges(t, plan, map[string][]string{addr: {"update"}})
	acctest.AssertNotContains(t, out, "spends one of its edits")
	c.MustRun("apply", "saved.tfplan")
	if tv := templateWorld(t, env, c.StateOf(addr)); tv.Status != "APPROVED" || tv.EditsUsed30d != 0 {
		t.Errorf("after the fix: %s, %d edits counted", tv.Status, tv.EditsUsed30d)
	}
}

// A review that outlasts timeouts.update: the apply fails saying the
// template is still in review; the edit stays in state, and the next plan
// is empty (nothing is edited again).
func TestCLITemplateWaitForReviewTimeout(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, baseContent...)
	approve(t, env, id)

	c.Write(templateConfig(waiting(append(withBody(editedBody), `timeouts { update = "1s" }`)...)...))
	s, err := c.RunJSON("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply passed:\n%s", s.Out)
	}
	acctest.AssertContains(t, s.Text(), "is still in review", "within timeouts.update", "still PENDING", "the next apply does not edit it again", "raise timeouts.update")
	tv := templateWorld(t, env, c.StateOf(addr))
	if tv.Status != "PENDING" || tv.EditsUsed30d != 1 {
		t.Fatalf("after the timeout: %s, %d edits", tv.Status, tv.EditsUsed30d)
	}
	if n := reads(env); n < 4 {
		t.Errorf("the wait read the template %d times in all: it did not poll", n)
	}
	c.ExpectNoChanges()
	if n := len(env.Emu.Operations("", emulator.OpEditTemplate)); n != 1 {
		t.Errorf("edits sent = %d, want 1", n)
	}
}
