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

noted contains note("template_edit", rc, sprintf("this plan edits the APPROVED template (%s): the edit spends one of its edits (Meta allows one per 24 hours and ten per 30 days, moving windows, counting edits made outside this plan), and sends it back to review, and until Meta approves it again messages that use it may fail", [concat(", ", changed_template_fields(rc))])) if {
	some rc in input.resource_changes
	template(rc)
	updates(rc)
	template_status(rc) == "APPROVED"
	count(changed_template_fields(rc)) > 0
}

# The fields that differ and that an edit sends (computed ones such as
# status and quality_score are Meta's, not this plan's; timeouts and
# wait_for_review are the provider's own and send nothing).
template_computed := {"id", "status", "rejected_reason", "quality_score", "current_category", "previous_category", "timeouts", "wait_for_review"}

changed_template_fields(rc) := sort({k |
	some k, v in rc.change.before
	not k in template_computed
	planned(rc, k) != v
})

# ---------------------------------------------------------------------------
# What the plan does to each template (WABA/name/language)
# ---------------------------------------------------------------------------

template_key(i) := sprintf("%v/%v/%v", [i.whatsapp_business_account_id, i.name, i.language])

# A name or language known only after apply has no key: nothing can be said
# of it before the apply.
known_template(i) if {
	is_string(i.whatsapp_business_account_id)
	is_string(i.name)
	is_string(i.language)
}

template_calls contains {"key": template_key(i), "address": rc.address, "deposed": deposed(rc), "call": "delete", "status": template_status(rc)} if {
	some rc in input.resource_changes
	template(rc)
	deletes(rc)
	i := identity(rc)
	known_template(i)
}

template_calls contains {"key": template_key(i), "address": rc.address, "deposed": deposed(rc), "call": "create", "status": "(new)"} if {
	some rc in input.resource_changes
	template(rc)
	creates(rc)
	i := identity_after(rc)
	known_template(i)
}

template_calls contains {"key": template_key(identity(rc)), "address": rc.address, "deposed": deposed(rc), "call": "edit", "status": template_status(rc), "sends": count(changed_template_fields(rc)) > 0} if {
	some rc in input.resource_changes
	template(rc)
	updates(rc)
	known_template(identity(rc))
}

# Per template: the edits of an APPROVED template the plan spends (Meta
# allows one per 24 hours and ten per 30 days), the deletes and creates, and
# which addresses make them. An edit of a template that is not APPROVED is
# not counted: it spends no edit.
template_budget[key] := {
	"edits": count([c | some c in template_calls; c.key == key; c.call == "edit"; c.status == "APPROVED"; c.sends]),
	"deletes": count([c | some c in template_calls; c.key == key; c.call == "delete"]),
	"creates": count([c | some c in template_calls; c.key == key; c.call == "create"]),
	"addresses": sort({c.address | some c in template_calls; c.key == key}),
} if {
	some c in template_calls
	key := c.key
}

# One plan that deletes a template and creates the same WABA, name and
# language elsewhere (another address without a moved block, another
# provider configuration): the two run in either order, so the create finds
# the template still there and is refused, or runs after the delete, which
# blocks the name for about 30 days when the template was APPROVED; either
# way the template is gone. No approval makes that work: denied.
deny contains msg if {
	some key, b in template_budget
	b.deletes > 0
	b.creates > 0
	msg := sprintf("[whatsapp.template_name_reused] %s (template %s): this plan deletes the template %s and creates it again in the same plan; the two run in either order, so the create fails (the template still exists, or, once an APPROVED template is deleted, Meta blocks its name in that language for about 30 days) and the template is gone. To move it to another address use a moved block (or import it at the new address and a removed block with destroy = false at the old); to change what cannot be edited, create it under a new name first", [concat(", ", b.addresses), key, key])
}
