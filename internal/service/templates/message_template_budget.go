package templates

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// guardEditBudget: Meta edits an APPROVED template once per 24 hours and
// 10 times per 30 days (moving windows; edits of a REJECTED or PAUSED
// template are free). The provider remembers its own edits of an APPROVED
// template in private state (privateEdits: their times, the last 30 days),
// and the plan refuses an edit that Meta would refuse by them, saying when
// the next one is allowed (planEditBudget); an edit it allows is warned
// with the count. A template created here starts with an empty memory; an
// imported one (or one created by an earlier provider) has none, and its
// plan says that the budget is unknown. Edits made elsewhere (WhatsApp
// Manager, other tools) are not known: Meta refuses such an edit, and a
// refused edit spends nothing.
//
// guardApprovedSincePlan: an apply of a plan that did not see the template
// APPROVED (a saved plan, or -refresh=false, made while it was PENDING,
// REJECTED or PAUSED) showed no warning, so its edit would spend what the
// plan never announced. Update reads the template first and refuses,
// sending nothing, when it is APPROVED now and was not in the plan's prior
// state (checkBeforeEdit).
//
// The dates: cloudapi.EditTemplateAt (the later of Meta's Date header and
// the provider's clock, see internal/cloudapi/templates_review.go); "now"
// at plan is the provider's clock (Config.Clock, set by tests only).
//
// Tests: TestCLITemplateEditBudget, TestCLITemplateEditBudgetImported,
// TestCLITemplateApprovedSincePlan, TestEditBudgetAt.
const privateEdits = "edits"

const (
	editDay       = 24 * time.Hour
	editMonth     = 30 * 24 * time.Hour
	editsPerMonth = 10
)

// editMemory is what privateEdits holds.
type editMemory struct {
	// At are the times of this provider's edits of the template while it
	// was APPROVED, within the last 30 days, oldest first.
	At []time.Time `json:"at"`
	// Maybe are the times of edits whose answer was lost and that a read
	// afterwards found not made (the old content, the status unchanged):
	// if Meta's read lagged, they were made. They never refuse an edit,
	// and the plan names them.
	Maybe []time.Time `json:"maybe,omitempty"`
}

// editBudget is what the memory says of an edit now.
type editBudget struct {
	known bool
	// maybe are the possible edits within 24 hours (editMemory.Maybe).
	maybe []time.Time
	// month are the remembered edits within 30 days.
	month []time.Time
	// next is when an edit is allowed again (zero: now); rule names the
	// window that refuses it ("24 hours" or "30 days").
	next time.Time
	rule string
}

// budgetAt decides on the remembered edits at now.
func budgetAt(mem editMemory, known bool, now time.Time) editBudget {
	b := editBudget{known: known}
	for _, t := range mem.At {
		if now.Sub(t) < editMonth {
			b.month = append(b.month, t)
		}
	}
	for _, t := range mem.Maybe {
		if now.Sub(t) < editDay {
			b.maybe = append(b.maybe, t)
		}
	}
	slices.SortFunc(b.month, func(a, c time.Time) int { return a.Compare(c) })
	n := len(b.month)
	switch {
	case n > 0 && now.Sub(b.month[n-1]) < editDay:
		b.next, b.rule = b.month[n-1].Add(editDay), "24 hours"
	case n >= editsPerMonth:
		// One frees when the oldest of the ten that count leaves the window.
		b.next, b.rule = b.month[n-editsPerMonth].Add(editMonth), "30 days"
	}
	return b
}

type privateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// readEditMemory is the memory, and whether there is one.
func readEditMemory(ctx context.Context, p privateReader) (editMemory, bool) {
	var mem editMemory
	raw, _ := p.GetKey(ctx, privateEdits)
	if len(raw) == 0 || json.Unmarshal(raw, &mem) != nil {
		return editMemory{}, false
	}
	return mem, true
}

// rememberEdits writes the memory, keeping the last 30 days.
func rememberEdits(ctx context.Context, p privateWriter, mem editMemory, now time.Time, diags *diag.Diagnostics) {
	kept := editMemory{At: []time.Time{}}
	for _, t := range mem.At {
		if now.Sub(t) < editMonth {
			kept.At = append(kept.At, t.UTC())
		}
	}
	for _, t := range mem.Maybe {
		if now.Sub(t) < editDay {
			kept.Maybe = append(kept.Maybe, t.UTC())
		}
	}
	setKey(ctx, p, privateEdits, kept, diags)
}

// rememberEdit adds one edit, made at at, to the memory in p (starting
// one if there was none: from now on the provider knows its own edits).
func rememberEdit(ctx context.Context, p interface {
	privateReader
	privateWriter
}, at time.Time, diags *diag.Diagnostics) {
	mem, _ := readEditMemory(ctx, p)
	mem.At = append(mem.At, at)
	rememberEdits(ctx, p, mem, at, diags)
}

// rememberPossibleEdit adds an edit that may have been made (a lost
// answer, and a read that found the old content) to the memory in p.
func rememberPossibleEdit(ctx context.Context, p interface {
	privateReader
	privateWriter
}, at time.Time, diags *diag.Diagnostics) {
	mem, _ := readEditMemory(ctx, p)
	mem.Maybe = append(mem.Maybe, at)
	rememberEdits(ctx, p, mem, at, diags)
}

// now is the provider's clock, at plan.
func (r *messageTemplateResource) now() time.Time {
	if r.data != nil && r.data.Client != nil {
		return r.data.Client.Now()
	}
	return time.Now().UTC()
}

// planEditBudget is guardEditBudget at plan, for an edit of an APPROVED
// template: refused when the memory says Meta refuses it, warned otherwise.
func (r *messageTemplateResource) planEditBudget(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, state messageTemplateModel) {
	mem, known := readEditMemory(ctx, req.Private)
	now := r.now()
	b := budgetAt(mem, known, now)
	if !b.next.IsZero() {
		resp.Diagnostics.Append(templateEditBudgetRefused(state, b, now))
		return
	}
	resp.Diagnostics.Append(templateEditBudgetWarning(state, b))
}

// checkBeforeEdit is guardApprovedSincePlan: it reads the template before
// an edit and says whether the edit spends the budget (the template is
// APPROVED now); false with an error when it refuses.
func checkBeforeEdit(ctx context.Context, client *cloudapi.Client, state messageTemplateModel, diags *diag.Diagnostics) (approved, ok bool) {
	cur, err := client.Template(ctx, state.ID.ValueString())
	if err != nil {
		diags.Append(templateReadBeforeEditFailed(state, err))
		return false, false
	}
	if parts := unmanagedParts(cur); len(parts) > 0 { // guardUnmanagedParts
		diags.Append(templateUnmanagedParts(state, parts))
		return false, false
	}
	approved = cur.Status == cloudapi.TemplateApproved
	if approved && state.Status.ValueString() != cloudapi.TemplateApproved {
		diags.Append(templateApprovedSincePlan(state))
		return false, false
	}
	return approved, true
}

// untilText says how long from now t is, to the minute.
func untilText(t, now time.Time) string {
	d := t.Sub(now).Round(time.Minute)
	if d < time.Minute {
		return "less than a minute"
	}
	days, hours, minutes := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var out string
	for _, part := range []struct {
		n    int
		unit string
	}{{days, "day"}, {hours, "hour"}, {minutes, "minute"}} {
		if part.n == 0 {
			continue
		}
		if out != "" {
			out += " "
		}
		out += fmt.Sprintf("%d %s", part.n, part.unit)
		if part.n != 1 {
			out += "s"
		}
	}
	return out
}

// editMayHaveHappened is an edit whose answer was lost: it is remembered
// as spent, so that no plan allows what Meta may refuse.
func editMayHaveHappened(err error) bool {
	var unknown *cloudapi.UnknownOutcomeError
	return errors.As(err, &unknown)
}

// errEditNotMade marks settleLostEdit's finding that an edit whose answer
// was lost never reached Meta (a cloudapi.NoEffectError wraps it).
var errEditNotMade = errors.New("the edit was not made")

// settleLostEdit reads the template after an edit whose answer was lost.
// It has the plan's content: the edit was made (nil, with a warning). It
// has the content it had before and the same status (an edit sends an
// APPROVED template back to PENDING): it was not made (errEditNotMade, so
// that no edit is remembered and the next apply may try again at once).
// Anything else, or a failed read, leaves the lost answer's error: the edit
// may have been made, and is remembered as spent.
func settleLostEdit(ctx context.Context, client *cloudapi.Client, plan, state messageTemplateModel, lost error, diags *diag.Diagnostics) error {
	t, err := client.Template(ctx, state.ID.ValueString())
	if err != nil {
		return lost
	}
	var scratch diag.Diagnostics
	switch {
	case len(templateDifferences(ctx, plan, t, &scratch)) == 0 && !scratch.HasError():
		diags.Append(templateEditSettledWarning(plan, lost))
		return nil
	case t.Status == state.Status.ValueString() && len(templateDifferences(ctx, state, t, &scratch)) == 0 && !scratch.HasError():
		return &cloudapi.NoEffectError{RequestLabel: "POST /" + state.ID.ValueString() + " (edit of the template)", Cause: fmt.Errorf("%w: %s", errEditNotMade, lost.Error()),
			Observed: "the template's content from before the edit, status " + t.Status}
	}
	return lost
}
