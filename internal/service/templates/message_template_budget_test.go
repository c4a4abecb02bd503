package templates_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// privateOf is the provider's private state of the template: its keys
// and, when there is one, the edit memory.
func privateOf(t *testing.T, c *acctest.CLI) (keys []string, edits []time.Time, remembered bool) {
	t.Helper()
	var data map[string][]byte
	if raw := c.PrivateState(); raw == "" {
		return nil, nil, false
	} else if err := json.Unmarshal([]byte(raw), &data); err != nil {
		t.Fatal(err)
	}
	for k := range data {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	raw, ok := data["edits"]
	if !ok {
		return keys, nil, false
	}
	var mem struct {
		At []time.Time `json:"at"`
	}
	if err := json.Unmarshal(raw, &mem); err != nil {
		t.Fatalf("private edits %s: %v", raw, err)
	}
	return keys, mem.At, true
}

// expectMemory checks that the private state holds only the edit memory
// (no plan note), and that it equals the emulator's record of the edits
// made while APPROVED, in the last 30 days.
func expectMemory(t *testing.T, env *acctest.Env, c *acctest.CLI, id string) []time.Time {
	t.Helper()
	keys, edits, ok := privateOf(t, c)
	if !ok || !slices.Equal(keys, []string{"edits"}) {
		t.Fatalf("private state keys %v, want only the edit memory", keys)
	}
	tv, _ := env.Emu.Template(id)
	var world []time.Time
	for _, e := range tv.Edits {
		if env.Clock.Now().Sub(e) < 30*24*time.Hour {
			world = append(world, e.UTC())
		}
	}
	if !slices.EqualFunc(edits, world, time.Time.Equal) {
		t.Errorf("the provider remembers edits %v, the emulator has %v", edits, world)
	}
	return edits
}

// approve is Meta approving template id.
func approve(t *testing.T, env *acctest.Env, id string) {
	t.Helper()
	if err := env.Emu.ReviewTemplate(id, "APPROVED", ""); err != nil {
		t.Fatal(err)
	}
}

// planError runs plan -json and returns its one error diagnostic.
func planError(t *testing.T, c *acctest.CLI) acctest.Diagnostic {
	t.Helper()
	s, err := c.RunJSON("plan")
	if err == nil {
		t.Fatalf("plan passed:\n%s", s.Out)
	}
	s.ExpectNothingPlanned(t)
	var errs []acctest.Diagnostic
	for _, d := range s.Diagnostics {
		if d.Severity == "error" {
			errs = append(errs, d)
		}
	}
	if len(errs) != 1 {
		t.Fatalf("plan errors %v, want one", errs)
	}
	return errs[0]
}

// planWarning runs plan -json, which must pass, and returns the text of
// its warnings.
func planWarnings(t *testing.T, c *acctest.CLI) string {
	t.Helper()
	s := c.MustRunJSON("plan")
	if got := s.Planned[addr]; got != "update" {
		t.Fatalf("plan: %s is %q, want update\n%s", addr, got, s.Out)
	}
	return s.Text()
}

var altBodies = []string{baseContent[1], editedBody}

// The provider remembers its own edits of an APPROVED template and
// refuses, at plan, the edit Meta would refuse: a second within 24 hours,
// an eleventh within 30 days, saying when the next is allowed. The memory
// survives refresh, holds no plan note, and equals the emulator's record.
func TestCLITemplateEditBudget(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, baseContent...)
	if got := expectMemory(t, env, c, id); len(got) != 0 {
		t.Fatalf("a new template remembers edits %v", got)
	}
	approve(t, env, id)
	c.MustRun("apply", "-refresh-only", "-auto-approve")

	// The first edit: allowed, with its count.
	c.Write(templateConfig(withBody(editedBody)...))
	acctest.AssertContains(t, planWarnings(t, c), "spends one of its edits", "this edit makes 1 of Meta's 10")
	c.MustRun("apply", "-auto-approve")
	first := expectMemory(t, env, c, id)
	if len(first) != 1 || !first[0].Equal(env.Clock.Now()) {
		t.Fatalf("after one edit the provider remembers %v, want the clock's %v", first, env.Clock.Now())
	}
	c.MustRun("apply", "-refresh-only", "-auto-approve")
	expectMemory(t, env, c, id)

	// Approved again within the hour: the next edit is refused at plan, with
	// when it is allowed.
	approve(t, env, id)
	env.Clock.Advance(time.Hour)
	c.Write(templateConfig(baseContent...))
	d := planError(t, c)
	next := first[0].Add(24 * time.Hour).UTC().Format(time.RFC3339)
	acctest.AssertContains(t, d.Summary+" "+d.Detail, "cannot be edited before "+next, "(in 23 hours)", "one edit of an approved template per 24 hours", "Nothing was called")
	if n := len(env.Emu.Operations("", emulator.OpEditTemplate)); n != 1 {
		t.Fatalf("edits sent = %d, want 1", n)
	}

	// 24 hours after the edit, the plan allows it; each apply spends one.
	env.Clock.Advance(23 * time.Hour)
	acctest.AssertContains(t, planWarnings(t, c), "this edit makes 2 of Meta's 10")
	for i := 2; i <= 10; i++ {
		c.Write(templateConfig(withBody(altBodies[i%2])...))
		c.MustRun("apply", "-auto-approve")
		approve(t, env, id)
		env.Clock.Advance(24 * time.Hour)
	}
	if got := expectMemory(t, env, c, id); len(got) != 10 {
		t.Fatalf("after ten edits the provider remembers %d", len(got))
	}
	if tv, _ := env.Emu.Template(id); tv.EditsUsed30d != 10 {
		t.Fatalf("the emulator counts %d edits in 30 days", tv.EditsUsed30d)
	}

	// The eleventh within 30 days: refused, until the first leaves the window.
	c.Write(templateConfig(withBody(altBodies[1])...))
	d = planError(t, c)
	frees := first[0].Add(30 * 24 * time.Hour).UTC()
	acctest.AssertContains(t, d.Summary+" "+d.Detail, "cannot be edited before "+frees.Format(time.RFC3339), "10 times in the last 30 days", "10 edits of an approved template per 30 days")
	if n := len(env.Emu.Operations("", emulator.OpEditTemplate)); n != 10 {
		t.Fatalf("edits sent = %d, want 10", n)
	}
	env.Clock.Advance(frees.Sub(env.Clock.Now()))
	acctest.AssertContains(t, planWarnings(t, c), "this edit makes 10 of Meta's 10")
	c.MustRun("apply", "-auto-approve")
	if got := expectMemory(t, env, c, id); len(got) != 10 {
		t.Errorf("after the first edit left the window the provider remembers %d, want 10", len(got))
	}
}

// An imported template has no memory: the plan says the budget is unknown
// and leaves the decision to Meta (whose refusal spends nothing); the
// provider remembers from its first edit on.
func TestCLITemplateEditBudgetImported(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, baseContent...)
	approve(t, env, id)
	c.Write(templateConfig(withBody(editedBody)...))
	c.MustRun("apply", "-auto-approve")
	approve(t, env, id)

	c.MustRun("state", "rm", addr)
	c.MustRun("import", addr, acctest.WABA+"/"+id)
	if keys, _, ok := privateOf(t, c); ok {
		t.Fatalf("an imported template has a memory: %v", keys)
	}
	c.Write(templateConfig(baseContent...))
	out := planWarnings(t, c)
	acctest.AssertContains(t, out, "The edit budget is unknown", "it was imported")
	acctest.AssertNotContains(t, out, "this edit makes")
	// Meta refuses it (edited within 24 hours), and nothing is spent or
	// remembered.
	if out, err := c.Run("apply", "-auto-approve"); err == nil || !strings.Contains(out, "edit limit reached") {
		t.Fatalf("apply of an edit Meta refuses: %v\n%s", err, out)
	}
	if tv, _ := env.Emu.Template(id); tv.EditsUsed30d != 1 || tv.Status != "APPROVED" {
		t.Fatalf("after Meta's refusal: %d edits, %s", tv.EditsUsed30d, tv.Status)
	}
	if _, _, ok := privateOf(t, c); ok {
		t.Fatal("a refused edit started a memory")
	}

	env.Clock.Advance(24 * time.Hour)
	c.MustRun("apply", "-auto-approve")
	approve(t, env, id)
	// It remembers its own edit only, not the one before the import.
	tv, _ := env.Emu.Template(id)
	if _, got, _ := privateOf(t, c); len(tv.Edits) != 2 || len(got) != 1 || !got[0].Equal(tv.Edits[1]) {
		t.Fatalf("after its first edit here, the memory is %v; the emulator's edits %v", got, tv.Edits)
	}
	c.Write(templateConfig(withBody(editedBody)...))
	acctest.AssertContains(t, planError(t, c).Summary, "cannot be edited before "+env.Clock.Now().Add(24*time.Hour).UTC().Format(time.RFC3339))
}

// An edit applied from a plan that saw the template REJECTED (a saved
// plan, or -refresh=false), of a template APPROVED since, would spend an
// edit the plan never announced: refused, nothing sent.
func TestCLITemplateApprovedSincePlan(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, baseContent...)
	if err := env.Emu.ReviewTemplate(id, "REJECTED", "INVALID_FORMAT"); err != nil {
		t.Fatal(err)
	}
	c.MustRun("apply", "-refresh-only", "-auto-approve")

	c.Write(templateConfig(withBody(editedBody)...))
	plan, out := c.SavedPlanOutput()
	acctest.ExpectChanges(t, plan, map[string][]string{addr: {"update"}})
	acctest.AssertNotContains(t, out, "spends one of its edits")
	approve(t, env, id) // Meta's appeal, between plan and apply

	for _, args := range [][]string{{"apply", "saved.tfplan"}, {"apply", "-refresh=false", "-auto-approve"}} {
		s, err := c.RunJSON(args...)
		if err == nil {
			t.Fatalf("%v passed:\n%s", args, s.Out)
		}
		acctest.AssertContains(t, s.Text(), "became APPROVED after this plan was made", "made while the template was REJECTED", "nothing was sent", "plan again")
		if n := len(env.Emu.Operations("", emulator.OpEditTemplate)); n != 0 {
			t.Fatalf("%v sent %d edits", args, n)
		}
		if st := c.StateOf(addr).AttributeValues; st["status"] != "REJECTED" {
			t.Errorf("%v: state status %v, want the plan's REJECTED", args, st["status"])
		}
		if keys, _, _ := privateOf(t, c); !slices.Equal(keys, []string{"edits"}) {
			t.Errorf("%v: private state keys %v, want only the edit memory", args, keys)
		}
	}

	// Planned again, the edit is announced, and applied.
	acctest.AssertContains(t, planWarnings(t, c), "spends one of its edits", "this edit makes 1 of Meta's 10")
	c.MustRun("apply", "-auto-approve")
	if tv, _ := env.Emu.Template(id); tv.EditsUsed30d != 1 || tv.Status != "PENDING" {
		t.Errorf("after the edit: %d edits, %s", tv.EditsUsed30d, tv.Status)
	}
	expectMemory(t, env, c, id)
}
