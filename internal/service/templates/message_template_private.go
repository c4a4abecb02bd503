package templates

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// guardSameNameRecreate, whatever forced the replacement. Terraform plans a
// replacement in two calls: first as an update of the object in state
// (which cannot see -replace or replace_triggered_by), then as a create
// with no prior state, whose errors (not its warnings) it shows. The first
// call hands the template's identity to the second in private state
// (privatePlanOf); a create of the same WABA, name and language, or of one
// not known until apply, is refused there: the delete would block the name
// (about 30 days after an APPROVED template) and the create would fail,
// leaving neither. A tainted template is replaced with no first call: every
// create plan writes privateCreateFollows, which Terraform hands to the
// replaced object's Delete, and that Delete refuses before any call.
// Tests: TestCLITemplateForcedReplacementOfTheSameNameIsRefused.
const (
	privatePlanOf        = "plan_of"
	privateCreateFollows = "create_follows"
)

type templateKey struct {
	WABA     string `json:"waba"`
	Name     string `json:"name"`
	Language string `json:"language"`
}

func keyOf(m messageTemplateModel) templateKey {
	return templateKey{WABA: m.WABAID.ValueString(), Name: m.Name.ValueString(), Language: m.Language.ValueString()}
}

func allKnown(vs ...types.String) bool {
	for _, v := range vs {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

// planSameName is the create-plan side of guardSameNameRecreate.
func planSameName(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, plan messageTemplateModel) {
	var prior templateKey
	raw, _ := req.Private.GetKey(ctx, privatePlanOf)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePlanOf, nil)...)
	known := allKnown(plan.WABAID, plan.Name, plan.Language)
	if known {
		setKey(ctx, resp.Private, privateCreateFollows, keyOf(plan), &resp.Diagnostics)
	}
	if len(raw) == 0 || json.Unmarshal(raw, &prior) != nil {
		return
	}
	if !known || keyOf(plan) == prior {
		resp.Diagnostics.Append(templateForcedRecreateSameName(prior, known))
	}
}

func setKey(ctx context.Context, p interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}, key string, v any, diags *diag.Diagnostics) {
	raw, err := json.Marshal(v)
	if err != nil {
		diags.AddError("Internal error: private state", err.Error())
		return
	}
	diags.Append(p.SetKey(ctx, key, raw)...)
}
