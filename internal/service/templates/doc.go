// Package templates is the message template area: whatsapp_message_template.
//
// Where each rule lives: message_template_resource.go (schema, model, the
// plan: templateEditWarning, templateCategoryLocked, templateDeleteWarning,
// templateDisabledDelete), message_template_validate.go (every limit Meta
// documents that a configuration alone can break, refused at validate on
// its attribute), message_template_crud.go (the finder, the components in
// Meta's shapes, the flatten that keeps what differs only in form, CRUD and
// import), diagnostics_templates.go (every text, by name),
// message_template_auth.go (AUTHENTICATION templates: their rules, their
// components and their read-back), message_template_readback.go (the plan
// after an import keeps Meta's read-back forms: keepReadBackForms; a
// category set to Meta's own edits nothing: categoryEdit) and
// message_template_adopt.go (a create that finds the same name and
// language adopts a template of the same content, and refuses one of other
// content: adoptOrRefuse),
// message_template_budget.go (guardEditBudget: the provider's own edits in
// private state, refused at plan past Meta's 24-hour and 30-day budget;
// guardApprovedSincePlan: an apply that would spend an edit its plan did
// not announce) and message_template_review.go (wait_for_review), with their
// texts in diagnostics_templates_review.go. The guards that look beyond
// one object: guardSameNameRecreate (message_template_private.go, a
// replacement by the same name and language) and guardOneAddressPerTemplate
// (message_template_claims.go, two addresses for one template in a plan).
//
// A template is removed from state only on a definite absence: a refused GET
// proves nothing (100/33 is also what an id the token may not see gets),
// so findMessageTemplate then reads the WABA's complete list
// for the name, and only a list without the id is a not-found.
//
// Refresh in bulk (refreshInBulk, message_template_refresh.go): a Read
// answers from the WABA's complete list, read once per Configure for every
// Read (single-flight); a template the list lacks goes through
// findMessageTemplate before anything is removed, a failed or cut list
// decides nothing, and a write drops the list
// (TestCLITemplateRefreshInBulk, TestCLITemplateRefreshCutListRemovesNothing,
// TestRefreshTemplateSingleFlight).
//
// Also here: the identity (message_template_identity.go: WABA, name,
// language; an import by identity is the import by <waba>/<name>/<language>),
// the list resource (message_template_list.go) and the data source
// whatsapp_message_templates (message_templates_data_source.go).
package templates
