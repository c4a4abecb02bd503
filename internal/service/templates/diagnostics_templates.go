package templates

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The texts of whatsapp_message_template, one constructor per scenario.

func label(m messageTemplateModel) string {
	return fmt.Sprintf("message template %s (%s)", m.Name.ValueString(), m.Language.ValueString())
}

func importAdvice(waba, id string) string {
	return fmt.Sprintf("terraform import %s.<name> %s/%s (or an import block with that id)", templateType, waba, id)
}

func templateReadBeforeCreateFailed(m messageTemplateModel, err error) diag.Diagnostic {
	return framework.APIError("Could not read the templates of WhatsApp Business Account "+m.WABAID.ValueString()+" before creating "+label(m),
		"A create reads the account's templates first, so that a template of the same name and language is never duplicated. That read failed, so nothing was created. "+
			framework.OpCreate.Unchanged("template"), err)
}

// templateExists is a template of the same name and language already in
// the account: never duplicated, never adopted silently.
func templateExists(m messageTemplateModel, t *cloudapi.Template) diag.Diagnostic {
	return diag.NewErrorDiagnostic("The "+label(m)+" already exists in WhatsApp Business Account "+m.WABAID.ValueString(),
		fmt.Sprintf("Template %s (%s, %s) has this name and language already (created in WhatsApp Manager, by another tool or another configuration). "+
			"Nothing was created: Meta holds one template per name and language.\n\nWhat to do: to manage it here, import it: %s; "+
			"the next plan then shows what your configuration would change. Or choose another name.", t.ID, t.Status, t.Category, importAdvice(m.WABAID.ValueString(), t.ID)))
}

func templateExistsAnswer(m messageTemplateModel, err error) diag.Diagnostic {
	return framework.APIError("The "+label(m)+" already exists in WhatsApp Business Account "+m.WABAID.ValueString(),
		"Meta refused the create: a template of this name and language exists (it was created since the provider read the list). Nothing was created. "+
			"To manage it here, import it by "+m.WABAID.ValueString()+"/"+m.Name.ValueString()+"/"+m.Language.ValueString()+"; or choose another name.", err)
}

func templateNameBlocked(m messageTemplateModel, err error) diag.Diagnostic {
	return framework.APIError("The name of "+label(m)+" is still blocked after a delete",
		"Meta keeps the name of a deleted APPROVED template blocked in its language for about 30 days. Nothing was created. "+
			"Use a new name (for example with a version suffix), or wait until the date in Meta's message.", err)
}

func templateCreateFailed(m messageTemplateModel, err error) diag.Diagnostic {
	return framework.APIError("Could not create "+label(m), framework.OpCreate.Unchanged("template"), err)
}

func templateCreateSettledWarning(m messageTemplateModel, id string, lost error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The answer to the create of "+label(m)+" was lost; the template exists",
		fmt.Sprintf("The create's answer was lost (%v). Reading the account's templates found template %s with this name and language, so it was not created again. "+
			"State records it; the next refresh reads its content from Meta, and the next plan shows any difference from this configuration.", lost, id))
}

func templateReadBackWarning(m messageTemplateModel, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Wrote "+label(m)+", but could not read it back",
		"Meta accepted the write and state records it. Reading the template back failed ("+err.Error()+"); status, rejected_reason and quality_score are filled in by the next refresh.")
}

func templateCategoryAssignedWarning(m messageTemplateModel, got string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Meta gave "+label(m)+" the category "+got,
		"The configuration asks for "+m.Category.ValueString()+"; Meta assigned "+got+" (current_category). "+
			"If you disagree, ask Meta for a review of the category in WhatsApp Manager; otherwise set category = \""+got+"\".")
}

func templateRecategorizedWarning(m messageTemplateModel, current string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Meta re-categorized "+label(m)+" as "+current,
		"Meta changed the template's category from "+m.Category.ValueString()+" (previous_category) to "+current+" (current_category). "+
			"category keeps the configured value so that no plan tries to change it back: the category of an APPROVED template cannot be changed in place. "+
			"Messages of this template are now charged and limited as "+current+". To accept it, set category = \""+current+"\"; to contest it, use WhatsApp Manager.")
}

func templateUpdateFailed(m messageTemplateModel, err error) diag.Diagnostic {
	return framework.APIError("Could not edit "+label(m), framework.OpUpdate.Unchanged("the template"), err)
}

func templateReadFailed(m messageTemplateModel, err error) diag.Diagnostic {
	return framework.APIError("Could not read "+label(m), framework.OpRefresh.Unchanged("template"), err)
}

func templateGoneWarning(m messageTemplateModel, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The "+label(m)+" no longer exists: removed from state",
		"Template "+m.ID.ValueString()+" was not found: "+err.Error()+". It was deleted outside Terraform (WhatsApp Manager, another tool). "+
			"The next plan creates it again; if its name is blocked after a delete, Meta refuses that until the block ends (about 30 days).")
}

func templateDeleteFailed(m messageTemplateModel, err error) diag.Diagnostic {
	return framework.APIError("Could not delete "+label(m), framework.OpDelete.Unchanged("the template"), err)
}

func templateDeletedOutsideWarning(m messageTemplateModel) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The "+label(m)+" was already deleted",
		"Meta refused the delete, and the account's complete list for the name no longer has template "+m.ID.ValueString()+": it was deleted outside Terraform. Removed from state.")
}

func templateImportFailed(id string, err error) diag.Diagnostic {
	return framework.APIError("Could not import message template "+id, framework.OpImport.Unchanged("template"), err)
}

func templateImportNotFound(id, why string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Could not import message template "+id,
		why+" Nothing was imported. Check the WhatsApp Business Account ID, and the name and language exactly (Meta's names are case-sensitive; en_US is not en).")
}

func templateImportIDInvalid(id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import id", framework.ShortQuote(id)+" is not a template import id. Import by "+
		"<whatsapp_business_account_id>/<template_id> or <whatsapp_business_account_id>/<name>/<language>, for example: "+
		"terraform import "+templateType+".order_update 102290129340398/1234567890123456 or 102290129340398/order_update/en_US")
}

// templateDeleteWarning is shown by a plan that destroys (or replaces) an
// APPROVED template.
func templateDeleteWarning(m messageTemplateModel) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Deleting "+label(m)+" blocks its name in "+m.Language.ValueString()+" for about 30 days",
		"The template is APPROVED. After it is deleted, Meta refuses a new template of the name "+m.Name.ValueString()+" in "+m.Language.ValueString()+
			" for about 30 days, and messages already sent with it may fail to deliver. Only this language is deleted (hsm_id "+m.ID.ValueString()+
			"); other languages of the name stay. To change the name or language, create the new template under a new name first (create_before_destroy with a versioned name).")
}

// templateDisabledDelete refuses, at plan, the delete Meta would refuse.
func templateDisabledDelete(m messageTemplateModel) diag.Diagnostic {
	return diag.NewErrorDiagnostic("The "+label(m)+" is DISABLED and cannot be deleted",
		"Meta refuses to delete a DISABLED template. Nothing was called.\n\nWhat to do: appeal or wait for the template to leave DISABLED in WhatsApp Manager; "+
			"or stop managing it here with terraform state rm "+templateType+".<name> (the template stays in the account).")
}

// templateEditWarning is shown by a plan that edits an APPROVED template.
func templateEditWarning(m messageTemplateModel) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Editing "+label(m)+" spends one of its edits and sends it back to review",
		"The template is APPROVED. Meta allows an approved template one edit per 24 hours and 10 per 30 days; this apply spends one, "+
			"and the template goes back to PENDING until Meta reviews it again (minutes to 24 hours), during which it cannot be sent.")
}

// templateCategoryLocked refuses, at plan, a category change Meta refuses.
func templateCategoryLocked(m messageTemplateModel, want string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(pathCategory, "The category of an APPROVED template cannot change",
		"The "+label(m)+" is APPROVED as "+m.Category.ValueString()+"; Meta refuses to change it to "+want+". Nothing was called.\n\n"+
			"What to do: keep category = \""+m.Category.ValueString()+"\", or create a new template under a new name in category "+want+" (create_before_destroy with a versioned name).")
}

// templateNotEditable refuses, at plan, an edit Meta refuses in the
// template's status (PENDING: under review; DISABLED, ARCHIVED, ...).
func templateNotEditable(m messageTemplateModel) diag.Diagnostic {
	return diag.NewErrorDiagnostic("The "+label(m)+" cannot be edited while it is "+m.Status.ValueString(),
		"Meta edits a template only when it is APPROVED, REJECTED or PAUSED; this one is "+m.Status.ValueString()+" (as the refresh of this plan read it). Nothing was called.\n\n"+
			"What to do: wait until Meta's review ends (the next refresh shows the status), then plan again; or create a new template under a new name.")
}

// templateRecreateSameName refuses a replacement that deletes a template
// and creates one of the same name and language: Meta refuses the create
// while the name is being deleted (about 30 days after an APPROVED one).
func templateRecreateSameName(m messageTemplateModel) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(pathParameterFormat, "The "+label(m)+" cannot be replaced by a template of the same name and language",
		"parameter_format cannot be edited, so this change replaces the template: a delete, then a create of the same name and language, which Meta refuses while the deleted one's name is blocked "+
			"(about 30 days after an APPROVED template), leaving you with neither. Nothing was called.\n\n"+
			"What to do: give the new template a new name (for example "+m.Name.ValueString()+"_v2, with lifecycle { create_before_destroy = true } so that the old one stays until the new one exists), or keep parameter_format as it is.")
}

// templateForcedRecreateSameName is guardSameNameRecreate's refusal of a
// replacement (-replace, replace_triggered_by, taint, a value known only at
// apply) that would delete and re-create the same name and language.
func templateForcedRecreateSameName(k templateKey, known bool) diag.Diagnostic {
	what := "This plan replaces the message template " + k.Name + " (" + k.Language + ") of WhatsApp Business Account " + k.WABA + " with a template of the same name and language"
	if !known {
		what = "This plan replaces the message template " + k.Name + " (" + k.Language + ") of WhatsApp Business Account " + k.WABA + ", and the new template's name, language or account is known only at apply, so it may be the same one"
	}
	return diag.NewErrorDiagnostic("The message template "+k.Name+" ("+k.Language+") cannot be deleted and re-created",
		what+" (-replace, replace_triggered_by, taint, or a value that depends on a change). The delete would block the name in that language "+
			"(about 30 days after an APPROVED template) and the create would then fail, leaving neither. Nothing was called.\n\n"+
			"What to do: edit the template in place instead (change its body, header, footer or buttons), or give the new one a new name "+
			"(for example "+k.Name+"_v2, with lifecycle { create_before_destroy = true }). To remove a taint: terraform untaint <address>.")
}

func templateHeldTwice(k templateKey) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Two resources manage the message template "+k.Name+" ("+k.Language+")",
		"Two whatsapp_message_template blocks of this configuration name the template "+k.Name+" in "+k.Language+" of WhatsApp Business Account "+k.WABA+
			" (a copied block, or two instances of one block). Meta holds one template per name and language, so the second would be refused, or would manage "+
			"and delete what the first manages. Nothing was called.\n\nWhat to do: keep one block for each name and language; give the other template its own name.")
}

func templateDeletedAndCreated(k templateKey) diag.Diagnostic {
	return diag.NewErrorDiagnostic("The message template "+k.Name+" ("+k.Language+") would be deleted at one address and created at another",
		"This plan destroys the resource that manages the template "+k.Name+" in "+k.Language+" of WhatsApp Business Account "+k.WABA+
			" and creates another resource for the same template (a renamed block, or count turned into for_each, without a moved block). "+
			"Terraform runs the two in either order: the create finds the template still there, or, once an APPROVED template is deleted, "+
			"its name blocked in that language for about 30 days; the template would be gone either way. Nothing was called.\n\n"+
			"What to do: tell Terraform the resource moved, with a moved block (moved { from = <old address> to = <new address> }); "+
			"the next plan then shows no change. To really replace the template, give the new one a new name. "+
			"If both halves are one address (a create_before_destroy replacement that was interrupted, leaving a deposed object beside the current one, "+
			"both holding the template), run terraform state rm <address>, which removes both, then import the template again.")
}

// templateAnswerNotUnderstood: Meta answered the template's id with another
// name or language, which it never changes.
func templateAnswerNotUnderstood(m messageTemplateModel, t *cloudapi.Template) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Meta's answer for "+label(m)+" names another template",
		fmt.Sprintf("Reading template %s, Meta answered with the name %q and the language %q; state has %q and %q. Meta does not rename a template or change its language, "+
			"so the answer is not understood, and nothing was changed: state keeps the template as it was, and no replacement is planned from it.\n\n"+
			"What to do: plan again later; if the answer stays, check the template in WhatsApp Manager, and report the answer (run with TF_LOG=DEBUG for it).",
			m.ID.ValueString(), t.Name, t.Language, m.Name.ValueString(), m.Language.ValueString()))
}

// templateDeletedStatusWarning: Meta reads the template as DELETED or
// PENDING_DELETION, a definite answer that it is gone.
func templateDeletedStatusWarning(m messageTemplateModel, status string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The "+label(m)+" was deleted outside Terraform: removed from state",
		"Meta reads template "+m.ID.ValueString()+" as "+status+": it was deleted (WhatsApp Manager, another tool). It is removed from state. "+
			"The next plan creates it again; Meta refuses that while the name is blocked after the delete of an APPROVED template (about 30 days): "+
			"give it a new name to have it sooner.")
}

// templateBeingDeleted refuses a create (or the settling of a lost one)
// that finds the name and language held by a template Meta is deleting.
func templateBeingDeleted(m messageTemplateModel, t *cloudapi.Template) diag.Diagnostic {
	return diag.NewErrorDiagnostic("The name of "+label(m)+" belongs to a deleted template",
		fmt.Sprintf("WhatsApp Business Account %s lists template %s with this name and language as %s. Nothing was created or adopted: a deleted template is not one to manage, "+
			"and Meta blocks the name in this language for about 30 days after the delete of an APPROVED template.\n\n"+
			"What to do: give the template a new name (for example %s_v2), or apply again once Meta has released the name.",
			m.WABAID.ValueString(), t.ID, t.Status, m.Name.ValueString()))
}

// templateHandedToReplacementWarning: the Delete of a replaced object whose
// template the replacement adopted in this apply.
func templateHandedToReplacementWarning(m messageTemplateModel) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The "+label(m)+" was kept: its replacement holds it",
		"This object was replaced (create_before_destroy), and the create that ran first found this very template, with the configuration's content, and adopted it "+
			"(template "+m.ID.ValueString()+"). Deleting it now would delete what the new object holds, so nothing was called: the old object is only removed from state.")
}

// templateDeleteStatusUnknown: a destroy plan could not read the status of a
// template state last saw other than APPROVED.
func templateDeleteStatusUnknown(m messageTemplateModel, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Could not read "+label(m)+" before planning its delete",
		"State last saw the template "+m.Status.ValueString()+", and the read meant to check whether Meta has approved it since failed: "+err.Error()+". "+
			"If it is APPROVED now, the delete blocks its name in this language for about 30 days and every message that uses it fails. "+
			"What to do: plan again once the read succeeds, before approving this destroy.\n\n"+framework.MetaAnswer(err))
}

// templateUnmanagedParts refuses to import or edit a template that holds
// what this resource cannot express.
func templateUnmanagedParts(m messageTemplateModel, parts []string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("The "+label(m)+" holds what this resource cannot manage",
		"Template "+m.ID.ValueString()+" has "+strings.Join(parts, ", ")+", which whatsapp_message_template cannot express. An edit replaces a template's components whole, "+
			"so managing it here would delete them without the plan showing it. Nothing was sent.\n\n"+
			"What to do: manage this template in WhatsApp Manager (or remove it from this configuration with a removed block, destroy = false); "+
			"or create a new template under another name with what this resource supports.")
}
