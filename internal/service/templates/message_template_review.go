package templates

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// wait_for_review: a create or an edit whose answer Meta gave waits,
// within timeouts.create or timeouts.update, until Meta's review ends
// (cloudapi.WaitTemplateReview: the status leaves PENDING and IN_APPEAL).
// APPROVED ends the apply; REJECTED fails it with Meta's rejected_reason,
// any other end (PAUSED, DISABLED, ...) with the status, and a review that
// outlasts the timeout fails it saying so. In every case the template is
// in state with the status last read: it exists, and the next apply must
// neither create nor edit it again for the wait's sake. (A failed create is
// marked tainted by Terraform, whatever the provider says: the texts tell
// the user to untaint it, and guardSameNameRecreate refuses the
// replacement a taint would plan.) Without wait_for_review the apply
// returns at PENDING.
//
// Tests: TestCLITemplateWaitForReview*.

// operation names the write that waited, in texts: "create" or "edit".
type reviewedWrite string

const (
	reviewedCreate reviewedWrite = "create"
	reviewedEdit   reviewedWrite = "edit"
)

// awaitReview waits when the plan asks for it, and records the status
// read last in out; plan holds what readBack set.
func (r *messageTemplateResource) awaitReview(ctx context.Context, client *cloudapi.Client, plan *messageTemplateModel, write reviewedWrite, out *tfsdk.State, diags *diag.Diagnostics) {
	if !plan.WaitForReview.ValueBool() || diags.HasError() {
		return
	}
	last := &cloudapi.Template{ID: plan.ID.ValueString(), Status: plan.Status.ValueString(), RejectedReason: plan.RejectedReason.ValueString(),
		QualityScore: plan.QualityScore.ValueString(), Category: plan.CurrentCategory.ValueString(), PreviousCategory: plan.PreviousCategory.ValueString()}
	t, err := client.WaitTemplateReview(ctx, last)
	if t != last {
		setComputed(t, plan)
		diags.Append(out.Set(ctx, plan)...)
	}
	var stopped *cloudapi.ReviewWaitStopped
	switch {
	case errors.As(err, &stopped):
		diags.Append(templateReviewTimeout(*plan, write, stopped))
	case err != nil:
		diags.Append(templateReviewReadFailed(*plan, write, err))
	case t.Status == cloudapi.TemplateRejected:
		diags.Append(templateReviewRejected(*plan, write))
	case t.Status != cloudapi.TemplateApproved:
		diags.Append(templateReviewEnded(*plan, write))
	}
}

var waitForReviewAttribute = schema.BoolAttribute{
	MarkdownDescription: "Wait, after a create or an edit, until Meta's review ends (the status leaves `PENDING` and `IN_APPEAL`), within `timeouts.create` or " +
		"`timeouts.update` (5 minutes unless set: Meta's review takes minutes to 24 hours). The apply fails with Meta's `rejected_reason` when the template is REJECTED, " +
		"and fails saying so when the review outlasts the timeout; the template stays in state either way, with its status, and is not created or edited again. " +
		"The template is read after 10 seconds, then at doubling intervals up to every 2 minutes (each read spends one call of the account's hourly budget). " +
		"Default `false`: the apply returns while the template is `PENDING`. Changing it alone sends nothing to Meta.",
	Optional: true,
}
