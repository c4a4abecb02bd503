# METADATA
# title: WhatsApp phone registration policy kit
# description: |
#   Rules over `terraform show -json` of a saved plan. The provider's plan
#   warnings are diagnostics, and Terraform does not store diagnostics in a
#   saved plan, so whoever reviews the plan file (an auditor, a pipeline) needs
#   these rules to see the same risks: deregisters, region moves, PIN changes
#   and the 10-per-72-hours register/deregister budget.
#
#   opa eval --format pretty -d policies/whatsapp.rego -i plan.json 'data.whatsapp'
#   conftest test --policy policies --namespace whatsapp plan.json
#
#   The guide "Reviewing WhatsApp changes in CI" shows both with real output.
#
#   Every message starts with a rule id and names the resource address and
#   the phone number id:
#   "[whatsapp.<rule>] <address> (phone number <id>): <what and why>".
#   Messages never contain a PIN, although the plan file may (see pin_in_plan).
package whatsapp

# Optional documents, passed with `opa eval -d FILE` or `conftest --data FILE`:
#
#   {"whatsapp_approval": {"ticket": "CHG-1234",
#                          "addresses": ["whatsapp_phone_registration.main"],
#                          "phone_number_ids": ["106540352242922"],
#                          "expires": "2026-12-01T00:00:00Z"}}
#     approves the deregisters of this run (see approved below); addresses
#     and phone_number_ids are each optional, "*" in addresses approves all.
#
#   {"whatsapp_policy": {"forbid_pin_in_plan": true}}
#     turns on the deny rules that keep the PIN out of plan files.

# ---------------------------------------------------------------------------
# What the plan does to each registration
# ---------------------------------------------------------------------------

# Every planned change of a registration, in the root module or any module
# (module.x.whatsapp_phone_registration.y), including deposed objects. A
# function, not a rule: a rule holding the changes would print their PINs
# with the rest of data.whatsapp.
registration(rc) if {
	rc.mode == "managed"
	rc.type == "whatsapp_phone_registration"
}

deletes(rc) if "delete" in rc.change.actions

creates(rc) if "create" in rc.change.actions

updates(rc) if rc.change.actions == ["update"]

# Unknown values are left out of "after" and marked in "after_unknown": a
# phone_number_id computed from another resource is "(known after apply)".
unknown(rc, attr) if rc.change.after_unknown[attr] == true

planned(rc, attr) := "(known after apply)" if {
	unknown(rc, attr)
} else := object.get(rc.change.after, attr, null)

# The deregister of a delete or replacement goes to the number in the prior
# state; the register goes to the planned one, which may be another number
# (phone_number_id changed) or not known yet.
old_number(rc) := rc.change.before.phone_number_id

new_number(rc) := planned(rc, "phone_number_id")

# The number a message names: both when a replacement moves to another one.
number_label(rc) := sprintf("%s → %s", [old_number(rc), new_number(rc)]) if {
	deletes(rc)
	creates(rc)
	old_number(rc) != new_number(rc)
} else := old_number(rc) if {
	deletes(rc)
} else := new_number(rc)

message(rule, rc, text) := sprintf("[whatsapp.%s] %s (phone number %s): %s", [rule, rc.address, number_label(rc), text])

# What a deleting change is, and why Terraform plans it.
delete_phrase(rc) := sprintf("destroys the registration (deregister%s)", [delete_reason(rc)]) if {
	rc.change.actions == ["delete"]
} else := sprintf("replaces the registration with create_before_destroy (register, then deregister%s)", [delete_reason(rc)]) if {
	rc.change.actions == ["create", "delete"]
} else := sprintf("replaces the registration (deregister, then register%s)", [delete_reason(rc)])

delete_reason(rc) := sprintf("; forced by %s", [concat(", ", sort({concat(".", [sprintf("%v", [s]) | some s in p]) | some p in rc.change.replace_paths}))]) if {
	count(object.get(rc.change, "replace_paths", [])) > 0
} else := "; -replace was requested" if {
	rc.action_reason == "replace_by_request"
} else := "; the address is no longer in the configuration, and a rename needs a moved block" if {
	rc.action_reason == "delete_because_no_resource_config"
} else := "; its module is no longer in the configuration" if {
	rc.action_reason == "delete_because_no_module"
} else := "; count or for_each no longer has this instance" if {
	rc.action_reason in {"delete_because_count_index", "delete_because_each_key", "delete_because_no_repetition", "delete_because_wrong_repetition"}
} else := ""

# ---------------------------------------------------------------------------
# Approval of deregisters
# ---------------------------------------------------------------------------

# An approval counts only with a ticket, so that every approved deregister
# can be traced back to a change record, and only until its optional
# "expires" (RFC 3339), compared with the time the plan was made: an
# approval file left behind must not approve next month's plans.
approval_ticket := t if {
	t := data.whatsapp_approval.ticket
	is_string(t)
	trim_space(t) != ""
	not approval_expired
}

# An "expires" that cannot be read expires the approval too.
approval_expired if {
	expires := data.whatsapp_approval.expires
	not planned_before(expires)
}

planned_before(expires) if time.parse_rfc3339_ns(input.timestamp) <= time.parse_rfc3339_ns(expires)

# Approved by exact resource address, or "*" for every address of the run.
approved(rc) if {
	approval_ticket
	some a in data.whatsapp_approval.addresses
	a in {rc.address, "*"}
}

# Approved by the phone number id that would be deregistered (the old one).
approved(rc) if {
	approval_ticket
	some n in data.whatsapp_approval.phone_number_ids
	n == old_number(rc)
}

# A deregister stops the number messaging and spends one of its 10
# deregisters per 72 hours; a replacement can leave the number offline if
# the register that follows fails. So no plan that contains one passes
# without someone saying so.
deny contains msg if {
	some rc in input.resource_changes
	registration(rc)
	deletes(rc)
	not approved(rc)
	msg := message("delete_not_approved", rc, sprintf(
		"this plan %s: phone number %s stops messaging on the Cloud API and one of its 10 deregisters per 72 hours is spent. Not approved: pass a data document such as {\"whatsapp_approval\": {\"ticket\": \"CHG-1234\", \"addresses\": [\"%s\"]}} (opa eval -d, conftest --data), or change the plan",
		[delete_phrase(rc), old_number(rc), rc.address],
	))
}

# The approval shows in the output, so the record of the run says who
# allowed the deregister.
warn contains msg if {
	some rc in input.resource_changes
	registration(rc)
	deletes(rc)
	approved(rc)
	msg := message("delete_approved", rc, sprintf(
		"this plan %s: phone number %s is deregistered; approved by %s",
		[delete_phrase(rc), old_number(rc), approval_ticket],
	))
}

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
# block shows as a destroy and a create instead (delete_not_approved).
warn contains msg if {
	some rc in input.resource_changes
	registration(rc)
	rc.change.before != null
	rc.change.after != null
	from := region_label(rc.change.before.data_localization_region)
	to := region_label(planned(rc, "data_localization_region"))
	from != to
	msg := message("region_change", rc, sprintf(
		"data_localization_region changes from %s to %s: the number is deregistered and registered again, and its messages are stored at rest under the new setting",
		[from, to],
	))
}

# ---------------------------------------------------------------------------
# Two-step verification PIN
# ---------------------------------------------------------------------------

# Why an in-place update sets the PIN (the provider calls POST /{id} with
# it). Never the value: the plan file has it in clear, the output must not.
pin_reason(rc) := "first apply since the import: state has no PIN, so the apply sets the configured one" if {
	rc.change.before.pin == null
	rc.change.before.pin_wo_version == null
} else := sprintf("switches from pin to pin_wo (pin_wo_version %v)", [planned(rc, "pin_wo_version")]) if {
	rc.change.before.pin != null
	planned(rc, "pin") == null
} else := "switches from pin_wo to pin" if {
	rc.change.before.pin == null
	planned(rc, "pin") != null
} else := "pin changes" if {
	rc.change.before.pin != planned(rc, "pin")
} else := sprintf("pin_wo_version changes from %v to %v", [rc.change.before.pin_wo_version, planned(rc, "pin_wo_version")]) if {
	rc.change.before.pin_wo_version != planned(rc, "pin_wo_version")
}

# A wrong PIN is not caught until a register needs it (error 133005), and
# there is no endpoint to turn two-step verification off, so a PIN change is
# worth a second pair of eyes. Creates carry the PIN in their register and
# replacements keep it (the provider refuses to change it during one).
warn contains msg if {
	some rc in input.resource_changes
	registration(rc)
	updates(rc)
	reason := pin_reason(rc)
	msg := message("pin_set", rc, sprintf(
		"this plan sets the number's two-step verification PIN (%s). Check that the new PIN is recorded where your team keeps it; the value is not shown here",
		[reason],
	))
}

# Opt-in, for teams that keep secrets out of plan files: `pin` is stored in
# clear in the plan (and in state), `pin_wo` is in neither.
forbid_pin_in_plan if data.whatsapp_policy.forbid_pin_in_plan == true

deny contains msg if {
	forbid_pin_in_plan
	some rc in input.resource_changes
	registration(rc)
	is_object(rc.change.after)
	rc.change.after.pin != null
	msg := message("pin_in_plan", rc, "the two-step verification PIN is stored in clear in this plan file (attribute pin), and will be in state. Use pin_wo = <an ephemeral variable> with pin_wo_version instead; whatsapp_policy.forbid_pin_in_plan forbids pin")
}

# pin_wo keeps the PIN out of the plan only if what feeds it does too: a
# variable that is not `ephemeral = true` is saved, in clear, in the plan's
# "variables" (pin itself is caught by pin_in_plan above). References are
# followed from the root module and from the modules it calls (var.x in the
# module, fed by var.y of the root); deeper modules are not followed.
variables_feeding_pin_wo contains {"address": addr, "variable": name} if {
	some res in input.configuration.root_module.resources
	res.type == "whatsapp_phone_registration"
	some ref in res.expressions.pin_wo.references
	name := variable_name(ref)
	addr := res.address
}

variables_feeding_pin_wo contains {"address": sprintf("module.%s.%s", [call_name, res.address]), "variable": name} if {
	some call_name, call in input.configuration.root_module.module_calls
	some res in call.module.resources
	res.type == "whatsapp_phone_registration"
	some ref in res.expressions.pin_wo.references
	module_var := variable_name(ref)
	some parent_ref in call.expressions[module_var].references
	name := variable_name(parent_ref)
}

variable_name(ref) := regex.find_all_string_submatch_n(`^var\.([A-Za-z0-9_-]+)`, ref, 1)[0][1]

# The phone number of a configured resource, for the message: the planned
# value of its instance(s), which share the configuration address.
configured_numbers(addr) := {n |
	some rc in input.resource_changes
	registration(rc)
	object.get(rc, "deposed", "") == ""
	config_address(rc) == addr
	n := number_label(rc)
}

config_address(rc) := concat(".", array.concat(
	[sprintf("module.%s", [m]) | some m in module_names(rc)],
	[rc.type, rc.name],
))

module_names(rc) := [] if {
	not rc.module_address
} else := [m | some part in regex.find_all_string_submatch_n(`module\.([^.\[]+)`, rc.module_address, -1); m := part[1]]

deny contains msg if {
	forbid_pin_in_plan
	some feed in variables_feeding_pin_wo
	input.variables[feed.variable].value != null
	numbers := configured_numbers(feed.address)
	msg := sprintf("[whatsapp.pin_variable_in_plan] %s (phone number %s): variable %q feeds the PIN and its value is stored in clear in this plan file (\"variables\"). Declare the variable with ephemeral = true, which Terraform allows for a write-only attribute such as pin_wo; whatsapp_policy.forbid_pin_in_plan forbids this", [feed.address, concat(", ", sort(numbers)), feed.variable])
}

# ---------------------------------------------------------------------------
# The register/deregister budget
# ---------------------------------------------------------------------------

# Every register and deregister the plan will spend, one entry per call.
# ["create", "delete"] (create_before_destroy) counts both: the provider may
# skip the deregister at apply time, but the plan alone cannot tell.
calls contains {"address": rc.address, "deposed": object.get(rc, "deposed", ""), "number": old_number(rc), "call": "deregister"} if {
	some rc in input.resource_changes
	registration(rc)
	deletes(rc)
}

calls contains {"address": rc.address, "deposed": object.get(rc, "deposed", ""), "number": budget_number(rc), "call": "register"} if {
	some rc in input.resource_changes
	registration(rc)
	creates(rc)
}

calls contains {"address": rc.address, "deposed": object.get(rc, "deposed", ""), "number": old_number(rc), "call": "register"} if {
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
	rc.change.before.pin == null
	rc.change.before.pin_wo_version == null
}

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
warn contains msg if {
	some rc in input.resource_changes
	registration(rc)
	updates(rc)
	reregisters(rc)
	msg := message("reregister", rc, "reregister_triggers changed, so the number is registered again in place, with its current PIN and region and without a deregister: one register of its 10 per 72 hours")
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
