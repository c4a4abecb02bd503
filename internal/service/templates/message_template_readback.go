package templates

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Read-back forms. State normally holds the configured form of what Meta
// reads back differently (flattenTemplate keeps it): a media header's
// upload handle, which Meta reads back as a URL of its CDN; an OTP
// button's apps after the first, which its URL does not show. After an
// import there is no configured form yet: state holds Meta's, and
// keepReadBackForms plans Meta's form where the configuration says the
// same thing in its own, so that the plan after an import is empty. (A
// plan may keep a prior value the configuration writes differently:
// Terraform takes that as the provider's "equal".) The first edit sends
// the configured form, and state holds it from then on.
//
// What cannot be compared is taken as equal only then: a handle against
// Meta's URL of the same header format, the apps after the first. So after
// an import a change of only the handle, or only of the later apps, plans
// nothing until something else changes. Tests:
// TestCLITemplateImportMediaHeaderAndTTL, TestCLITemplateAuthentication.

// privateReadBack marks a state written by an import: it holds Meta's
// read-back forms. Create and Update drop it.
const privateReadBack = "read_back_forms"

type privateGetter interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}

// keepReadBackForms sets plan's header and buttons to state's when they
// differ only in read-back form and nothing else would be edited; it
// reports whether it changed plan.
func keepReadBackForms(ctx context.Context, private privateGetter, plan *messageTemplateModel, state messageTemplateModel, diags *diag.Diagnostics) bool {
	candidate := *plan
	changed := false
	if !plan.Header.Equal(state.Header) && sameHeaderButMediaForm(ctx, *plan, state, diags) {
		candidate.Header, changed = state.Header, true
	}
	raw, _ := private.GetKey(ctx, privateReadBack)
	if len(raw) > 0 && !plan.Buttons.Equal(state.Buttons) && sameButtonsButReadBackForm(ctx, *plan, state, diags) {
		candidate.Buttons, changed = state.Buttons, true
	}
	if !changed || templateEdits(candidate, state) {
		return false
	}
	keepComputed(&candidate, state)
	*plan = candidate
	return true
}

// sameHeaderButMediaForm: a media header of the same format whose example
// is an upload handle in the plan and Meta's URL in state.
func sameHeaderButMediaForm(ctx context.Context, plan, state messageTemplateModel, diags *diag.Diagnostics) bool {
	p, okP := objectAs[headerModel](ctx, plan.Header, diags)
	s, okS := objectAs[headerModel](ctx, state.Header, diags)
	if !okP || !okS || !p.Format.Equal(s.Format) || !p.Text.Equal(s.Text) || p.Example.IsNull() || p.Example.IsUnknown() {
		return false
	}
	switch p.Format.ValueString() {
	case "IMAGE", "VIDEO", "DOCUMENT":
		return isMetaURL(s.Example) && !isMetaURL(p.Example)
	}
	return false
}

func isMetaURL(v types.String) bool { return strings.HasPrefix(v.ValueString(), "https://") }

// sameButtonsButReadBackForm: the same buttons, but for what an OTP
// button's read-back cannot show: the apps after the first, and Meta's
// default labels written out.
func sameButtonsButReadBackForm(ctx context.Context, plan, state messageTemplateModel, diags *diag.Diagnostics) bool {
	if plan.Buttons.IsUnknown() || plan.Buttons.IsNull() || state.Buttons.IsNull() {
		return false
	}
	var p, s []buttonModel
	diags.Append(plan.Buttons.ElementsAs(ctx, &p, false)...)
	diags.Append(state.Buttons.ElementsAs(ctx, &s, false)...)
	if diags.HasError() || len(p) != len(s) {
		return false
	}
	for i := range p {
		a, b := p[i], s[i]
		if a.Type.ValueString() != "OTP" {
			if !objectsEqual(ctx, a, b, diags) {
				return false
			}
			continue
		}
		label := func(cfg, read types.String, def string) bool {
			return cfg.Equal(read) || (read.IsNull() && strings.EqualFold(cfg.ValueString(), def))
		}
		if !a.OTPType.Equal(b.OTPType) || !a.ZeroTapTermsAccepted.Equal(b.ZeroTapTermsAccepted) ||
			!label(a.Text, b.Text, defaultOTPText) || !label(a.AutofillText, b.AutofillText, defaultAutofillText) || !appsPrefix(ctx, a, b, diags) {
			return false
		}
	}
	return true
}

// appsPrefix: the read-back apps are the configured ones, or the first
// of them (all that Meta's read-back shows).
func appsPrefix(ctx context.Context, cfg, read buttonModel, diags *diag.Diagnostics) bool {
	if cfg.SupportedApps.Equal(read.SupportedApps) {
		return true
	}
	if cfg.SupportedApps.IsNull() || cfg.SupportedApps.IsUnknown() || read.SupportedApps.IsNull() {
		return false
	}
	var c, r []appModel
	diags.Append(cfg.SupportedApps.ElementsAs(ctx, &c, false)...)
	diags.Append(read.SupportedApps.ElementsAs(ctx, &r, false)...)
	return len(r) == 1 && len(c) >= 1 && c[0] == r[0]
}

func objectsEqual(ctx context.Context, a, b buttonModel, diags *diag.Diagnostics) bool {
	return objectValue(ctx, buttonAttrTypes, a, diags).Equal(objectValue(ctx, buttonAttrTypes, b, diags))
}

// categoryEdit reports whether plan changes the category Meta holds: a
// category set to Meta's current one (accepting its re-categorization,
// or after an import, which keeps the category the template was created
// with) edits nothing.
func categoryEdit(plan, state messageTemplateModel) bool {
	return !plan.Category.Equal(state.Category) && !plan.Category.Equal(state.CurrentCategory)
}

// acceptMetaCategory is an update that edits nothing at Meta: category
// set to the one Meta holds. State records it; no call is made.
func acceptMetaCategory(ctx context.Context, plan, state messageTemplateModel, resp *resource.UpdateResponse) {
	keepComputed(&plan, state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// keepComputed: when nothing is edited, what Meta decides stays as read,
// not "known after apply".
func keepComputed(plan *messageTemplateModel, state messageTemplateModel) {
	plan.ID, plan.Status, plan.RejectedReason, plan.QualityScore = state.ID, state.Status, state.RejectedReason, state.QualityScore
	plan.CurrentCategory, plan.PreviousCategory = state.CurrentCategory, state.PreviousCategory
	if plan.TTLSeconds.IsUnknown() {
		plan.TTLSeconds = state.TTLSeconds
	}
}
