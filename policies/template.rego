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

# The status this plan decides on: the refreshed one in prior_state when the
# plan has it (Terraform 1.11 plans the delete of a removed block from the
# state as last stored: a template applied while PENDING and approved since
# shows PENDING in change.before, APPROVED in prior_state), else before.
template_status(rc) := s if {
	s := prior_template(rc).values.status
	is_string(s)
} else := s if {
	s := before(rc, "status")
	is_string(s)
} else := "(unknown status)"

prior_template(rc) := r if {
	some r in prior_resources
	r.address == rc.address
	object.get(r, "deposed_key", "") == deposed(rc)
}

prior_resources contains r if {
	walk(object.get(input, "prior_state", {}), [_, r])
	is_object(r)
	r.type == "whatsapp_message_template"
	r.mode == "managed"
}

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
# wait_for_review are the provider's own and send nothing; a category set
# to the one Meta holds, current_category, sends nothing either).
template_computed := {"id", "status", "rejected_reason", "quality_score", "current_category", "previous_category", "timeouts", "wait_for_review"}

changed_template_fields(rc) := sort({k |
	some k, v in rc.change.before
	not k in template_computed
	planned(rc, k) != v
	not accepts_meta_category(rc, k)
})

accepts_meta_category(rc, "category") if planned(rc, "category") == before(rc, "current_category")

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

# An import takes a template into this state (Terraform's importing, or
# OpenTofu's): it holds the template after the plan, as a create does.
template_calls contains {"key": template_key(i), "address": rc.address, "deposed": deposed(rc), "call": "import", "status": "(imported)"} if {
	some rc in input.resource_changes
	template(rc)
	imports(rc)
	i := identity_after(rc)
	known_template(i)
}

template_calls contains {"key": template_key(identity(rc)), "address": rc.address, "deposed": deposed(rc), "call": "edit", "status": template_status(rc), "sends": count(changed_template_fields(rc)) > 0} if {
	some rc in input.resource_changes
	template(rc)
	updates(rc)
	known_template(identity(rc))
}

# Every object that holds a template after the plan: kept (no-op, update),
# created, imported.
template_holders contains {"key": template_key(i), "address": rc.address} if {
	some rc in input.resource_changes
	template(rc)
	rc.change.actions != ["delete"]
	rc.change.actions != ["forget"]
	deposed(rc) == ""
	i := identity_after(rc)
	known_template(i)
}

imports(rc) if is_object(rc.change.importing)

# Per template: the edits of an APPROVED template the plan spends (Meta
# allows one per 24 hours and ten per 30 days), the deletes and creates, and
# which addresses make them. An edit of a template that is not APPROVED is
# not counted: it spends no edit.
template_budget[key] := {
	"edits": count([c | some c in template_calls; c.key == key; c.call == "edit"; c.status == "APPROVED"; c.sends]),
	"deletes": count([c | some c in template_calls; c.key == key; c.call == "delete"]),
	"creates": count([c | some c in template_calls; c.key == key; c.call == "create"]),
	"imports": count([c | some c in template_calls; c.key == key; c.call == "import"]),
	"holders": sort({h.address | some h in template_holders; h.key == key}),
	"addresses": sort({c.address | some c in template_calls; c.key == key}),
} if {
	some key in ({c.key | some c in template_calls} | {h.key | some h in template_holders})
}

# One plan that deletes a template while an object holds the same WABA,
# name and language after it (a create or an import at another address
# without a moved block, another provider configuration, an object that
# already manages it): the delete and the create or import run in either
# order, so the create finds the template still there, or the name blocked
# for about 30 days once an APPROVED template is deleted, and what holds it
# is left with a deleted template. No approval makes that work: denied.
deny contains msg if {
	some key, b in template_budget
	b.deletes > 0
	count(conflicting_holders(key)) > 0
	msg := sprintf("[whatsapp.template_name_reused] %s (template %s): this plan deletes the template %s while %s holds it after the plan; the delete and the create or import run in either order, so the create fails (the template still exists, or, once an APPROVED template is deleted, Meta blocks its name in that language for about 30 days) and what holds it is left with a deleted template. To move it to another address use a moved block (or import it at the new address and a removed block with destroy = false at the old); to change what cannot be edited, create it under a new name first", [concat(", ", b.addresses), key, key, concat(", ", conflicting_holders(key))])
}

# The holders of a template that a delete in the plan conflicts with: any
# other address, and the same address when its replacement deletes first
# (["delete", "create"]). A create_before_destroy replacement of the same
# address (["create", "delete"]) runs its create first: the provider adopts
# the same template when the content is unchanged (and forgets the old
# object) or refuses the create before the delete runs, so nothing is lost;
# its delete stays gated as any delete is.
conflicting_holders(key) := sort({h.address |
	some h in template_holders
	h.key == key
	some d in template_calls
	d.key == key
	d.call == "delete"
	conflicts(h.address, d)
})

conflicts(holder, d) if holder != d.address

# A deposed object's delete (a create_before_destroy replacement that was
# interrupted after its create) deletes what the current object holds.
conflicts(holder, d) if {
	holder == d.address
	d.deposed != ""
}

conflicts(holder, d) if {
	holder == d.address
	d.deposed == ""
	some rc in input.resource_changes
	rc.address == holder
	deposed(rc) == ""
	rc.change.actions == ["delete", "create"]
}

# Two objects that hold one template after the plan (a copied block in
# another provider configuration, an import of a template managed
# elsewhere, a create the provider would answer by adopting it): an edit or
# a delete through one changes what the other manages. Denied.
deny contains msg if {
	some key, b in template_budget
	count(b.holders) > 1
	msg := sprintf("[whatsapp.template_held_twice] %s (template %s): after this plan %d objects hold the template %s; Meta holds one template per name and language, so an edit or a delete through one changes what the others manage. Keep one resource for each name and language", [concat(", ", b.holders), key, count(b.holders), key])
}

# A create whose account, name or language is known only after apply, in a
# plan that deletes a template of that account (or of an unknown one): the
# new template may be the deleted one, whose name the delete blocks. Denied.
deny contains msg if {
	some rc in input.resource_changes
	template(rc)
	creates(rc)
	not known_template(identity_after(rc))
	some d in input.resource_changes
	template(d)
	deletes(d)
	same_account_or_unknown(identity_after(rc), identity(d))
	msg := sprintf("[whatsapp.template_name_unknown] %s (template %s): this plan creates a template whose account, name or language is known only after apply, and deletes %s (template %s): if they are the same, the delete blocks the name (about 30 days after an APPROVED template) and the create fails. Make the new template's name and language known at plan time (a literal or a variable), or apply the delete and the create in separate plans", [rc.address, template_key(identity_after(rc)), d.address, template_key(identity(d))])
}

same_account_or_unknown(a, _) if not is_string(a.whatsapp_business_account_id)

same_account_or_unknown(a, b) if a.whatsapp_business_account_id == b.whatsapp_business_account_id
