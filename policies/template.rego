# whatsapp_message_template (issue 19's interface: whatsapp_business_account_id,
# name, language, category, status): the only messages a business may start
# a conversation with. Deleting an APPROVED template blocks its name in that
# language for about 30 days, and every message that uses it fails: denied
# unless approved. An edit of an APPROVED template spends one of its edits
# (one per 24 hours, ten per 30 days) and sends it back to review: a warn.
package whatsapp

kit_types contains "whatsapp_message_template"

template(rc) if managed(rc, "whatsapp_message_template")

template_identity(obj) := {
	"whatsapp_business_account_id": object.get(obj, "whatsapp_business_account_id", null),
	"name": object.get(obj, "name", null),
	"language": object.get(obj, "language", null),
} if is_object(obj)

else := {"whatsapp_business_account_id": null, "name": null, "language": null}

identity(rc) := template_identity(rc.change.before) if template(rc)

identity_after(rc) := template_identity(rc.change.after) if template(rc)

label(rc) := sprintf("template %v (%v) of WABA %v", [i.name, i.language, i.whatsapp_business_account_id]) if {
	template(rc)
	deletes(rc)
	i := identity(rc)
} else := sprintf("template %v (%v) of WABA %v", [i.name, i.language, i.whatsapp_business_account_id]) if {
	template(rc)
	i := identity_after(rc)
}

template_status(rc) := s if {
	s := before(rc, "status")
	is_string(s)
} else := "(unknown status)"

gated contains gate("template_delete", rc, template_delete_text(rc)) if {
	some rc in input.resource_changes
	template(rc)
	deletes(rc)
}

template_delete_text(rc) := sprintf("this plan deletes the APPROVED template (%s): Meta blocks its name in this language for about 30 days, and every message that uses it fails from then on", [delete_reason(rc)]) if {
	template_status(rc) == "APPROVED"
} else := sprintf("this plan deletes the template, whose status is %s (%s): messages that use it fail from then on, and an APPROVED one blocks its name in this language for about 30 days", [template_status(rc), delete_reason(rc)])

noted contains note("template_edit", rc, sprintf("this plan edits the APPROVED template (%s): the edit spends one of its edits (one per 24 hours, ten per 30 days) and sends it back to review, and until Meta approves it again messages that use it may fail", [concat(", ", changed_template_fields(rc))])) if {
	some rc in input.resource_changes
	template(rc)
	updates(rc)
	template_status(rc) == "APPROVED"
}

# The configurable fields that differ (computed ones such as status and
# quality_score are Meta's, not this plan's).
template_computed := {"id", "status", "rejected_reason", "quality_score", "timeouts"}

changed_template_fields(rc) := sort({k |
	some k, v in rc.change.before
	not k in template_computed
	planned(rc, k) != v
})
