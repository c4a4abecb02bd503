package templates

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The texts of the edit budget (guardEditBudget, guardApprovedSincePlan)
// and of wait_for_review.

const budgetNotCounted = "Edits made in WhatsApp Manager or by other tools are not in this count; Meta refuses an edit past its budget, and a refused edit spends nothing."

func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// templateEditBudgetWarning is templateEditWarning with what the provider
// knows of the budget.
func templateEditBudgetWarning(m messageTemplateModel, b editBudget) diag.Diagnostic {
	w := templateEditWarning(m)
	budget := "The edit budget is unknown: the provider has no record of this template's earlier edits (it was imported, or created by an earlier version of the provider). " +
		"If the template was edited in the last 24 hours, or 10 times in 30 days, Meta refuses this edit and nothing is spent. " +
		"From this edit on, the provider counts its own edits of the template."
	if b.known {
		budget = fmt.Sprintf("This provider has edited the approved template %d time(s) in the last 30 days; this edit makes %d of Meta's %d. %s",
			len(b.month), len(b.month)+1, editsPerMonth, budgetNotCounted)
	}
	for _, t := range b.maybe {
		budget += fmt.Sprintf(" An edit at %s UTC, whose answer was lost, may also have reached Meta (a read afterwards showed the content from before it): "+
			"if it did, Meta refuses this edit until %s UTC, and the refused edit spends nothing.", utc(t), utc(t.Add(editDay)))
	}
	return diag.NewWarningDiagnostic(w.Summary(), w.Detail()+"\n\n"+budget)
}

// templateEditBudgetRefused refuses, at plan, an edit that Meta refuses by
// the provider's own edits.
func templateEditBudgetRefused(m messageTemplateModel, b editBudget, now time.Time) diag.Diagnostic {
	why := fmt.Sprintf("This provider edited the APPROVED template at %s, and Meta allows one edit of an approved template per 24 hours.", utc(b.month[len(b.month)-1]))
	if b.rule == "30 days" {
		why = fmt.Sprintf("This provider has edited the APPROVED template %d times in the last 30 days (the oldest that counts at %s), and Meta allows 10 edits of an approved template per 30 days.",
			len(b.month), utc(b.month[len(b.month)-editsPerMonth]))
	}
	return diag.NewErrorDiagnostic(fmt.Sprintf("The %s cannot be edited before %s (in %s)", label(m), utc(b.next), untilText(b.next, now)),
		why+" Meta would refuse this edit. Nothing was called.\n\n"+
			fmt.Sprintf("The next edit is allowed at %s UTC, in %s (by the provider's clock). What to do: plan and apply again after that time; or keep the template's content as it is. ", utc(b.next), untilText(b.next, now))+
			"To create a template with the new content now, give it a new name (for example "+m.Name.ValueString()+"_v2, with lifecycle { create_before_destroy = true }).")
}

func templateReadBeforeEditFailed(m messageTemplateModel, err error) diag.Diagnostic {
	return framework.APIError("Could not read "+label(m)+" before editing it",
		"An edit reads the template first: an edit of an APPROVED template spends one of Meta's edits, and the plan must have said so. That read failed, so nothing was sent. "+
			framework.OpUpdate.Unchanged("the template"), err)
}

// templateApprovedSincePlan is guardApprovedSincePlan's refusal.
func templateApprovedSincePlan(m messageTemplateModel) diag.Diagnostic {
	return diag.NewErrorDiagnostic("The "+label(m)+" became APPROVED after this plan was made",
		"The plan was made while the template was "+m.Status.ValueString()+" (a saved plan, or a plan with -refresh=false), so it did not say that this edit spends one of the approved template's edits "+
			"(Meta allows one per 24 hours and 10 per 30 days) and sends it back to review. Reading the template before the edit found it APPROVED, so nothing was sent.\n\n"+
			"What to do: plan again (with refresh): the new plan shows what the edit spends; apply that plan if you still want the edit.")
}

func timeoutOf(w reviewedWrite) string {
	if w == reviewedCreate {
		return "timeouts.create"
	}
	return "timeouts.update"
}

// notAgain says that the next apply does not repeat an edit whose wait
// failed (a failed create is tainted instead: taintNote).
func notAgain(w reviewedWrite) string {
	if w == reviewedCreate {
		return ""
	}
	return ", and the next apply does not edit it again"
}

// taintNote is the advice after a failed create: Terraform taints the
// object, and the replacement a taint plans would delete the template and
// create the same name again (refused).
func taintNote(w reviewedWrite) string {
	if w != reviewedCreate {
		return ""
	}
	return " Terraform marks a resource whose create failed as tainted, which plans a replacement that cannot help: without create_before_destroy its delete is refused " +
		"at apply (nothing is called: the same name cannot be deleted and re-created); with it, the create finds this same template, still not APPROVED, and fails " +
		"again, keeping the old resource. The template itself is sound: run terraform untaint " + templateType + ".<name> first, then change what you need."
}

func templateReviewRejected(m messageTemplateModel, w reviewedWrite) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Meta rejected "+label(m)+": "+m.RejectedReason.ValueString(),
		"wait_for_review waited for Meta's review of the "+string(w)+"; it ended REJECTED with rejected_reason "+m.RejectedReason.ValueString()+". "+
			"The template exists and stays in state as REJECTED."+taintNote(w)+"\n\n"+
			"What to do: change its content to meet Meta's reason (INVALID_FORMAT: variables and examples; PROMOTIONAL or INCORRECT_CATEGORY: the category or the wording), then apply: "+
			"an edit of a REJECTED template spends no edit budget and goes back to review.")
}

func templateReviewEnded(m messageTemplateModel, w reviewedWrite) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Meta's review of "+label(m)+" ended "+m.Status.ValueString()+", not APPROVED",
		"wait_for_review waited for Meta's review of the "+string(w)+"; the template is now "+m.Status.ValueString()+" and stays in state so."+taintNote(w)+
			" See WhatsApp Manager for why; the next refresh reads its status again.")
}

func templateReviewTimeout(m messageTemplateModel, w reviewedWrite, s *cloudapi.ReviewWaitStopped) diag.Diagnostic {
	return diag.NewErrorDiagnostic("The "+label(m)+" is still in review",
		fmt.Sprintf("wait_for_review waited %s (%d reads) within %s for Meta's review of the %s, and the template is still %s. The %s itself succeeded: the template stays in state as %s%s.%s\n\n"+
			"What to do: nothing, if you can wait: the next refresh reads the status (Meta's review takes minutes to 24 hours). To wait longer in the apply, raise %s.",
			s.Waited.Round(time.Second), s.Reads, timeoutOf(w), w, m.Status.ValueString(), w, m.Status.ValueString(), notAgain(w), taintNote(w), timeoutOf(w)))
}

func templateReviewReadFailed(m messageTemplateModel, w reviewedWrite, err error) diag.Diagnostic {
	return framework.APIError("Could not read "+label(m)+" while waiting for its review",
		"The "+string(w)+" succeeded and state records the template as "+m.Status.ValueString()+"; reading it during the wait failed."+taintNote(w)+
			" The next refresh reads its status again.", err)
}

// templateEditSettledWarning: an edit whose answer was lost, found made by
// reading the template.
func templateEditSettledWarning(m messageTemplateModel, lost error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The answer to the edit of "+label(m)+" was lost; the edit was made",
		fmt.Sprintf("The edit's answer was lost (%v). Reading the template found this configuration's content, so the edit reached Meta and was not sent again. "+
			"State records it; the template is back in review.", lost))
}

// templateAdoptedNotApproved: a create with wait_for_review adopted a
// template whose review ended other than APPROVED (or did not end in time).
func templateAdoptedNotApproved(m messageTemplateModel) diag.Diagnostic {
	reason := ""
	if m.Status.ValueString() == cloudapi.TemplateRejected {
		reason = " (rejected_reason " + m.RejectedReason.ValueString() + ")"
	}
	return diag.NewErrorDiagnostic("The existing "+label(m)+" is "+m.Status.ValueString()+", not APPROVED",
		"This create found template "+m.ID.ValueString()+" with this configuration's content already in the account and would have adopted it, "+
			"but wait_for_review asks for an APPROVED template, and Meta's review of it is "+m.Status.ValueString()+reason+". Nothing was sent, and the template "+
			"was not recorded here.\n\nWhat to do: if this was the replacement of a tainted resource (create_before_destroy), the old resource still holds it: "+
			"run terraform untaint <address>, then change its content to meet Meta's reason (an edit of a REJECTED template spends no edit budget). "+
			"Otherwise import it ("+importAdvice(m.WABAID.ValueString(), m.ID.ValueString())+") and edit it, or wait for Meta's review and apply again.")
}
