// Package templates is the message template area: whatsapp_message_template.
//
// Where each rule lives: message_template_resource.go (schema, model, the
// plan: templateEditWarning, templateCategoryLocked, templateDeleteWarning,
// templateDisabledDelete), message_template_validate.go (every limit Meta
// documents that a configuration alone can break, refused at validate on
// its attribute), message_template_crud.go (the finder, the components in
// Meta's shapes, the flatten that keeps what differs only in form, CRUD and
// import), diagnostics_templates.go (every text, by name).
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
