# whatsapp_phone_registration: deregisters, region moves, the two-step
# verification PIN and the 10-per-72-hours register/deregister budget.
package whatsapp

kit_types contains "whatsapp_phone_registration"

registration(rc) if managed(rc, "whatsapp_phone_registration")

identity(rc) := {"phone_number_id": before(rc, "phone_number_id")} if registration(rc)

identity_after(rc) := {"phone_number_id": planned(rc, "phone_number_id")} if registration(rc)

# The deregister of a delete or replacement goes to the number in the prior
# state; the register goes to the planned one, which may be another number
# (phone_number_id changed) or not known yet.
old_number(rc) := before(rc, "phone_number_id")

new_number(rc) := planned(rc, "phone_number_id")

# The number a message names: both when a replacement moves to another one.
number_label(rc) := sprintf("%s → %s", [old_number(rc), new_number(rc)]) if {
	deletes(rc)
	creates(rc)
	old_number(rc) != new_number(rc)
} else := old_number(rc) if {
	not is_object(rc.change.after)
} else := new_number(rc)

label(rc) := sprintf("phone number %s", [number_label(rc)]) if registration(rc)

# ---------------------------------------------------------------------------
# Deregisters
# ---------------------------------------------------------------------------

# A deregister stops the number messaging and spends one of its 10
# deregisters per 72 hours; a replacement can leave the number offline if
# the register that follows fails. Every replacement counts, whatever asked
# for it: a region or number change, -replace, taint, replace_triggered_by,
# a PIN change during a forced replacement. So no plan that contains one
# passes without someone saying so.
gated contains gate("deregister", rc, deregister_text(rc)) if {
	some rc in input.resource_changes
	registration(rc)
	deletes(rc)
}

deregister_text(rc) := sprintf("this plan %s: phone number %s stops messaging on the Cloud API and one of its 10 deregisters per 72 hours is spent", [delete_phrase(rc), old_number(rc)]) if {
	rc.change.actions == ["delete"]
} else := sprintf("this plan %s: phone number %s stops messaging between the deregister and the register, one deregister and one register of its 10 each per 72 hours are spent, and if the register fails the number stays offline. %s", [delete_phrase(rc), old_number(rc), preflight_note(rc)])

delete_phrase(rc) := sprintf("destroys the registration (deregister; %s)", [delete_reason(rc)]) if {
	rc.change.actions == ["delete"]
} else := sprintf("replaces the registration with create_before_destroy (register, then deregister; %s)", [delete_reason(rc)]) if {
	rc.change.actions == ["create", "delete"]
} else := sprintf("replaces the registration (deregister, then register; %s)", [delete_reason(rc)])

# The provider's preflight (guards.go) runs before the deregister of every
# replacement: it reads the number and sets its two-step PIN to the one the
# register will present, while the number is still registered.
preflight_note(rc) := "Before the deregister, the provider's preflight reads the number and sets its two-step verification PIN to the new one the register will present (POST /{phone-number-id}, not a budget call)" if {
	pin_changes(rc)
} else := "Before the deregister, the provider's preflight reads the number and sets its two-step verification PIN to the one the register will present (POST /{phone-number-id}, not a budget call)"

# ---------------------------------------------------------------------------
# Region moves
# ---------------------------------------------------------------------------

region_label(r) := "(none: local storage off)" if {
	r == null
} else := r

# Local storage cannot change in place: the number is deregistered and
# registered again, and its messages at rest move to another country (or stop
# being stored locally), which data-protection reviews care about even when
# the deregister is approved. Compared per address: a rename without a moved
# block shows as a destroy and a create instead (deregister_not_approved).
noted contains note("region_change", rc, sprintf(
	"data_localization_region changes from %s to %s: the number is deregistered and registered again, and its messages are stored at rest under the new setting",
	[from, to],
)) if {
	some rc in input.resource_changes
	registration(rc)
	rc.change.before != null
	rc.change.after != null
	from := region_label(before(rc, "data_localization_region"))
	to := region_label(planned(rc, "data_localization_region"))
	from != to
}

# ---------------------------------------------------------------------------
# Two-step verification PIN
# ---------------------------------------------------------------------------

# Whether the change sets another PIN than state has: pin, or a new
# pin_wo_version, or a switch between them. Never the value.
pin_changes(rc) if pin_reason(rc)

# Why a change sets the PIN (the provider calls POST /{id} with it). Never
# the value: the plan file has it in clear, the output must not.
pin_reason(rc) := "first apply since the import: state has no PIN, so the apply sets the configured one" if {
	before(rc, "pin") == null
	before(rc, "pin_wo_version") == null
} else := "switches from pin_wo to pin; or, if this is the first apply since an import (an import records pin_wo_version 1), the provider takes the configured PIN as the number's current one without sending it" if {
	maybe_adopted(rc)
	planned(rc, "pin") != null
} else := sprintf("switches from pin to pin_wo (pin_wo_version %v)", [planned(rc, "pin_wo_version")]) if {
	before(rc, "pin") != null
	planned(rc, "pin") == null
} else := "switches from pin_wo to pin" if {
	before(rc, "pin") == null
	planned(rc, "pin") != null
} else := "pin changes" if {
	before(rc, "pin") != planned(rc, "pin")
} else := sprintf("pin_wo_version changes from %v to %v", [before(rc, "pin_wo_version"), planned(rc, "pin_wo_version")]) if {
	before(rc, "pin_wo_version") != planned(rc, "pin_wo_version")
}

# A wrong PIN is not caught until a register needs it (error 133005), and
# there is no endpoint to turn two-step verification off, so a PIN change is
# worth a second pair of eyes: in place, or during a replacement, where the
# preflight sets it before the deregister. Creates carry the PIN in their
# register.
noted contains note("pin_set", rc, sprintf(
	"this plan sets the number's two-step verification PIN (%s)%s. Check that the new PIN is recorded where your team keeps it; the value is not shown here",
	[reason, when],
)) if {
	some rc in input.resource_changes
	registration(rc)
	is_object(rc.change.before)
	is_object(rc.change.after)
	some when in pin_moment(rc)
	reason := pin_reason(rc)
}

pin_moment(rc) := {""} if updates(rc)

pin_moment(rc) := {", during the replacement: the provider's preflight sets it before the deregister, and the register presents it"} if {
	deletes(rc)
	creates(rc)
}

# ---------------------------------------------------------------------------
# The register/deregister budget
# ---------------------------------------------------------------------------

# Every register and deregister the plan will spend, one entry per call.
# ["create", "delete"] (create_before_destroy) counts both: the provider may
# skip the deregister at apply time, but the plan alone cannot tell.
calls contains {"address": rc.address, "deposed": deposed(rc), "number": old_number(rc), "call": "deregister"} if {
	some rc in input.resource_changes
	registration(rc)
	deletes(rc)
}

calls contains {"address": rc.address, "deposed": deposed(rc), "number": budget_number(rc), "call": "register"} if {
	some rc in input.resource_changes
	registration(rc)
	creates(rc)
}

calls contains {"address": rc.address, "deposed": deposed(rc), "number": old_number(rc), "call": "register"} if {
	some rc in input.resource_changes
	registration(rc)
	updates(rc)
	reregisters(rc)
}

# Two numbers that are not known yet may be two different numbers, so each
# is counted on its own, under its address.
budget_number(rc) := sprintf("(known after apply: %s)", [rc.address]) if {
	unknown(rc, "phone_number_id")
} else := new_number(rc)

# reregister_triggers registers again in place when the new map has entries
# and differs from the old one; emptying or removing it calls nothing, and
# null and {} are the same (as the provider's triggersFire decides). An
# unknown map, or unknown entries, count as a register: the plan cannot rule
# it out.
triggers(obj) := t if {
	t := obj.reregister_triggers
	is_object(t)
} else := {}

# An update registers again when its triggers fire, except the first apply
# after an import (state has neither pin nor pin_wo_version), which only
# records the triggers, as the provider's reregisterWanted decides.
reregisters(rc) if {
	triggers_fire(rc)
	not imported(rc)
}

imported(rc) if {
	before(rc, "pin") == null
	before(rc, "pin_wo_version") == null
}

# An import records pin_wo_version 1, and marks the registration adopted in
# the provider's private state, which a saved plan's JSON does not show: a
# state with pin_wo_version 1 and no pin may be a first apply since an
# import, whose PIN is taken as given and whose triggers are only recorded.
# The kit cannot tell, so it counts the register (never fewer calls than the
# apply may make) and says so.
maybe_adopted(rc) if {
	before(rc, "pin") == null
	before(rc, "pin_wo_version") == 1
}

adopted_note(rc) := " (counted, although the first apply since an import only records the triggers: the kit cannot see whether this is one)" if maybe_adopted(rc)

else := ""

triggers_fire(rc) if rc.change.after_unknown.reregister_triggers == true

triggers_fire(rc) if {
	some v in rc.change.after_unknown.reregister_triggers
	v == true
}

triggers_fire(rc) if {
	after := triggers(rc.change.after)
	count(after) > 0
	after != triggers(rc.change.before)
}

# Per phone number: what the plan spends, and which addresses spend it.
budget[number] := {
	"registers": count([c | some c in calls; c.number == number; c.call == "register"]),
	"deregisters": count([c | some c in calls; c.number == number; c.call == "deregister"]),
	"addresses": sort({c.address | some c in calls; c.number == number}),
} if {
	some call in calls
	number := call.number
}

# A register in place does not interrupt messaging, but it spends the
# budget, and the provider's warning about it is not in the plan file.
noted contains note("reregister", rc, sprintf("reregister_triggers changed, so the number is registered again in place, with its current PIN and region and without a deregister: one register of its 10 per 72 hours%s", [adopted_note(rc)])) if {
	some rc in input.resource_changes
	registration(rc)
	updates(rc)
	reregisters(rc)
}

budget_message(rule, number, b, text) := sprintf("[whatsapp.%s] %s (phone number %s): this plan spends %d register(s) and %d deregister(s) on phone number %s; %s", [rule, concat(", ", b.addresses), number, b.registers, b.deregisters, number, text])

# Three calls on one number in one plan is unusual (several resources on one
# number: a copied block, or a rename without a moved block next to another
# change) and close to a third of the budget; say so before it is spent.
warn contains msg if {
	some number, b in budget
	b.registers + b.deregisters >= 3
	msg := budget_message("budget", number, b, "Meta allows 10 of each per number in a moving 72-hour window, and calls made in the last 72 hours count too")
}

# More than 10 of either cannot succeed: the 11th answers 133016 and the
# number is locked for up to 72 hours, possibly deregistered.
deny contains msg if {
	some number, b in budget
	some n in [b.registers, b.deregisters]
	n > 10
	msg := budget_message("budget_exceeded", number, b, "more than the 10 of each that Meta allows per number in 72 hours, so the apply would fail with error 133016 part-way through")
}
