# METADATA
# title: WhatsApp policy kit
# description: |
#   Rules over `terraform show -json` of a saved plan. The provider's plan
#   warnings are diagnostics, and Terraform does not store diagnostics in a
#   saved plan, so whoever reviews the plan file (an auditor, a pipeline) needs
#   these rules to see the same risks: deregisters, unsubscribed webhooks,
#   removed callback overrides, region moves, PIN changes and the
#   10-per-72-hours register/deregister budget.
#
#   opa eval --format pretty -d policies/ -i plan.json 'data.whatsapp'
#   conftest test --policy policies --namespace whatsapp plan.json
#
#   The guide "Reviewing WhatsApp changes in CI" shows both with real output,
#   and policies/README.md lists, per resource type, what each action means.
#
#   Every message about a change starts with a rule id and names the resource
#   address and the object it acts on:
#   "[whatsapp.<rule>] <address> (phone number <id>): <what and why>"
#   ("(WABA <id>)" for a webhook subscription). Messages about the input
#   itself say "[whatsapp.<rule>] input: ...". Messages never contain a PIN,
#   although the plan file may (see pin_in_plan).
#
#   The files of this package:
#     whatsapp.rego      the input check (fail closed), approvals, and the
#                        deny and warn rules every resource type shares
#     registration.rego  whatsapp_phone_registration: deregisters, regions,
#                        the PIN and the budget
#     webhooks.rego      whatsapp_webhook_subscription and
#                        whatsapp_phone_number_webhook
#     profile.rego       whatsapp_business_profile
#     template.rego      whatsapp_message_template
#   A new resource type is a new file that adds its type to kit_types, its
#   identity, and entries to gated (deny unless approved) and noted (warn).
package whatsapp

# ---------------------------------------------------------------------------
# Fail closed: the input must be a complete plan JSON
# ---------------------------------------------------------------------------

# What `terraform show -json plan.tfplan` writes: format_version 1.x, the
# planned changes, and no errors. Anything else is a deny that says what was
# given and what to pass instead, so that a pipeline slip never passes as an
# empty plan: `opa eval --fail-defined 'data.whatsapp.deny[_]'` and conftest
# both fail on it.
input_problems contains "it is an array: conftest --combine passes every file as [{\"path\", \"contents\"}], which this kit does not read. Run conftest without --combine, one plan JSON per run (conftest test --namespace whatsapp plan.json)" if {
	is_array(input)
	some doc in input
	is_object(doc)
	object.keys(doc) == {"path", "contents"}
}

input_problems contains sprintf("it is a JSON %s, not an object. Pass the output of terraform show -json plan.tfplan", [type_name(input)]) if {
	not is_object(input)
	not combined_input
}

combined_input if {
	is_array(input)
	some doc in input
	object.keys(doc) == {"path", "contents"}
}

input_problems contains "it is an empty document ({}). Pass the output of terraform show -json plan.tfplan (with the plan file: without it, Terraform prints state)" if {
	input == {}
}

input_problems contains "it has no format_version, so it is not the output of terraform show -json. Pass the output of terraform show -json plan.tfplan" if {
	is_object(input)
	input != {}
	not input.format_version
}

input_problems contains sprintf("its format_version is %v, and this kit reads format 1.x only: a new major version may move what the rules look for. Use the kit's release that reads it, or a Terraform or OpenTofu that writes 1.x", [input.format_version]) if {
	input.format_version
	not format_major_one
}

format_major_one if regex.match(`^1(\.[0-9]+)*$`, input.format_version)

# State JSON (terraform show -json without a plan file) has "values", or
# nothing at all for an empty state, and never planned_values.
input_problems contains "it is state JSON (terraform show -json without a plan file, or terraform show -json terraform.tfstate): it says what exists, not what the plan changes. Save the plan (terraform plan -out=plan.tfplan) and pass terraform show -json plan.tfplan" if {
	format_major_one
	not input.planned_values
	not input.resource_changes
	not input.errored
}

# An errored plan leaves the resource whose planning failed out of
# resource_changes: a replacement that failed to plan is not there to deny.
input_problems contains "the plan errored (errored: true): Terraform left the changes it could not plan out of resource_changes, and the plan cannot be applied. Fix the errors terraform plan printed and plan again" if {
	input.errored == true
}

# No resource_changes with something managed: a plan cut by hand or by a
# tool. A plan of a configuration that manages nothing has none either, and
# passes: there is nothing for the rules to check.
input_problems contains "it has planned_values but no resource_changes, while it manages resources: it is not the whole output of terraform show -json plan.tfplan. Pass that output unchanged" if {
	format_major_one
	input.planned_values
	not input.resource_changes
	not input.errored
	manages_something
}

manages_something if {
	some v in [input.planned_values, input.prior_state]
	walk(v, [path, _])
	path[count(path) - 1] == "resources"
}

input_problems contains "its resource_changes is not a list: it is not the output of terraform show -json plan.tfplan" if {
	input.resource_changes
	not is_array(input.resource_changes)
}

deny contains sprintf("[whatsapp.not_a_plan] input: %s", [p]) if some p in input_problems

# The rules read the changes only when the input is a plan they can read,
# so that a document of another shape gives the one deny above, not guesses
# about what it holds. (A rule, not a copy of resource_changes: that would
# print their PINs with the rest of data.whatsapp.)
plan_readable if {
	count(input_problems) == 0
	is_array(input.resource_changes)
}

# A plan made with -target (Terraform says complete: false) is applyable,
# but it leaves out what was not targeted: the review covers what it holds.
warn contains "[whatsapp.plan_incomplete] input: the plan is incomplete (complete: false, as with -target or deferred changes): these rules cover only the changes it holds, and the next plan may hold more" if {
	input.complete == false
	not input.errored
}

# ---------------------------------------------------------------------------
# The changes of this provider's resources
# ---------------------------------------------------------------------------

# Every resource type this kit has rules for; each file adds its own.
# kit_types contains "whatsapp_phone_registration" (registration.rego)...

# Every planned change of a type, in the root module or any module,
# including deposed objects. A function, not a rule: a rule holding the
# changes would print their PINs with the rest of data.whatsapp.
managed(rc, type) if {
	plan_readable
	rc.mode == "managed"
	rc.type == type
}

deletes(rc) if "delete" in rc.change.actions

creates(rc) if "create" in rc.change.actions

updates(rc) if rc.change.actions == ["update"]

deposed(rc) := object.get(rc, "deposed", "")

# Unknown values are left out of "after" and marked in "after_unknown": a
# phone_number_id computed from another resource is "(known after apply)".
unknown(rc, attr) if rc.change.after_unknown[attr] == true

planned(rc, attr) := "(known after apply)" if {
	unknown(rc, attr)
} else := object.get(rc.change.after, attr, null) if {
	is_object(rc.change.after)
} else := null

before(rc, attr) := object.get(rc.change.before, attr, null) if {
	is_object(rc.change.before)
} else := null

# The action sets Terraform and OpenTofu write. Anything else on a type of
# this provider is denied: the kit cannot say what it does.
known_actions := {
	["no-op"], ["read"], ["create"], ["update"], ["delete"],
	["delete", "create"], ["create", "delete"], ["forget"],
}

deny contains sprintf("[whatsapp.unknown_action] %s: the plan's actions %v are not ones this kit knows, so it cannot say what they do to the %s. Use the kit's release that knows them", [rc.address, rc.change.actions, rc.type]) if {
	some rc in input.resource_changes
	plan_readable
	rc.mode == "managed"
	ours(rc)
	not rc.change.actions in known_actions
}

# A resource type of this provider that the kit has no rules for (a newer
# provider than the kit): its destroys could stop messaging unseen.
# (A type of this provider: its name, from a provider named whatsapp, in
# any registry or namespace, so that a mirror does not escape the check.)
ours(rc) if {
	startswith(rc.type, "whatsapp_")
	endswith(rc.provider_name, "/whatsapp")
}

deny contains sprintf("[whatsapp.unknown_type] %s: this kit has no rules for %s, so it cannot tell what %v does. Use the kit's release that matches the provider's", [rc.address, rc.type, rc.change.actions]) if {
	some rc in input.resource_changes
	plan_readable
	rc.mode == "managed"
	ours(rc)
	not rc.type in kit_types
	not rc.change.actions in {["no-op"], ["read"]}
}

# Why Terraform plans a deleting change, from its action_reason. A deleted
# address that another address creates again on the same object is, most
# likely, a rename without a moved block; the plan cannot tell a deleted
# block from a removed block with destroy = true, so the text names both.
delete_reason(rc) := sprintf("forced by %s", [concat(", ", sort({concat(".", [sprintf("%v", [s]) | some s in p]) | some p in rc.change.replace_paths}))]) if {
	count(object.get(rc.change, "replace_paths", [])) > 0
} else := "-replace was requested" if {
	rc.action_reason == "replace_by_request"
} else := "the object is tainted (terraform taint, or a create that failed part-way)" if {
	rc.action_reason == "replace_because_tainted"
} else := "replace_triggered_by: a resource it names changes" if {
	rc.action_reason == "replace_by_triggers"
} else := sprintf("the address is no longer in the configuration, and %s creates the same object: a rename without a moved block", [concat(", ", sort(renamed_to(rc)))]) if {
	rc.action_reason == "delete_because_no_resource_config"
	count(renamed_to(rc)) > 0
} else := "the address is no longer in the configuration: its block was deleted, or a removed block says destroy = true" if {
	rc.action_reason == "delete_because_no_resource_config"
} else := "its module is no longer in the configuration" if {
	rc.action_reason == "delete_because_no_module"
} else := "count or for_each no longer has this instance" if {
	rc.action_reason in {"delete_because_count_index", "delete_because_each_key", "delete_because_no_repetition", "delete_because_wrong_repetition"}
} else := "lifecycle { enabled = false } (OpenTofu)" if {
	rc.action_reason == "delete_because_enabled_false"
} else := "a moved block's target is not in the configuration" if {
	rc.action_reason == "delete_because_no_move_target"
} else := "the object cannot be updated in place" if {
	rc.action_reason == "replace_because_cannot_update"
} else := "terraform destroy, or plan -destroy" if {
	rc.change.actions == ["delete"]
	not rc.action_reason
	deposed(rc) == ""
} else := "a deposed object that create_before_destroy left behind" if {
	deposed(rc) != ""
} else := sprintf("action_reason %v", [rc.action_reason]) if {
	rc.action_reason
} else := "no reason given in the plan"

# Other addresses of the same type that create the same object.
renamed_to(rc) := {other.address |
	some other in input.resource_changes
	other.type == rc.type
	other.address != rc.address
	creates(other)
	is_object(other.change.after)
	identity_after(other) == identity(rc)
}

# ---------------------------------------------------------------------------
# Gated changes and notes: what every type file adds
# ---------------------------------------------------------------------------

# gated holds the changes that stop messaging, spend a budget or cannot be
# undone: each is denied unless an approval names exactly that change.
# noted holds what an auditor should see: each is a warn. Their entries hold
# only what a message needs (never a PIN), made with gate() and note().
gate(kind, rc, text) := {
	"kind": kind,
	"address": rc.address,
	"deposed": deposed(rc),
	"actions": rc.change.actions,
	"identity": identity(rc),
	"label": label(rc),
	"digest": digest(rc),
	"text": text,
}

note(rule, rc, text) := {"rule": rule, "address": rc.address, "label": label(rc), "text": text}

message(rule, address, label, text) := sprintf("[whatsapp.%s] %s (%s): %s", [rule, address, label, text])

deny contains msg if {
	some g in gated
	not approving_ticket(g)
	msg := message(sprintf("%s_not_approved", [g.kind]), g.address, g.label, sprintf(
		"%s. Not approved: %s. To approve exactly this change, put it in the approval document (opa eval -d FILE, conftest --data FILE), for example %s",
		[g.text, concat("; ", sort(rejections(g))), suggested_approval(g)],
	))
}

# The approval shows in the output, so the record of the run says who
# allowed the change.
warn contains msg if {
	some g in gated
	ticket := approving_ticket(g)
	msg := message(sprintf("%s_approved", [g.kind]), g.address, g.label, sprintf(
		"%s. Approved by %s (until %s)",
		[g.text, ticket, data.whatsapp_approval.expires],
	))
}

warn contains message(n.rule, n.address, n.label, n.text) if some n in noted

# Forgetting (a removed block with destroy = false) calls nothing, and the
# object is no longer managed: whoever owned it should know.
noted contains note("forget", rc, sprintf("this plan forgets the %s: Terraform stops managing it and makes no API call, so it stays as it is on Meta's side", [rc.type])) if {
	some rc in input.resource_changes
	plan_readable
	rc.mode == "managed"
	rc.type in kit_types
	rc.change.actions == ["forget"]
}

# ---------------------------------------------------------------------------
# The digest of a change
# ---------------------------------------------------------------------------

# An approval names a change by its digest: SHA-256 of the change's address,
# deposed key, type, actions, action_reason, replace_paths, and its before,
# after and after_unknown, as a canonical JSON (keys sorted). Sensitive
# values (per before_sensitive and after_sensitive: the PIN) are left out and
# replaced by whether they change, so that the digest, which is printed,
# cannot be used to guess a PIN. Planning the same change again gives the
# same digest; any other change of the same address (a -destroy instead of a
# region change, another region, another number) gives another.
digest(rc) := sprintf("sha256:%s", [crypto.sha256(json.marshal(digest_input(rc)))])

digest_input(rc) := {
	"address": rc.address,
	"deposed": deposed(rc),
	"type": rc.type,
	"actions": rc.change.actions,
	"action_reason": object.get(rc, "action_reason", ""),
	"replace_paths": object.get(rc.change, "replace_paths", []),
	"before": public(rc.change.before, object.get(rc.change, "before_sensitive", {})),
	"after": public(rc.change.after, object.get(rc.change, "after_sensitive", {})),
	"after_unknown": object.get(rc.change, "after_unknown", {}),
	"secrets_change": sort({k |
		some k in sensitive_keys(rc)
		before(rc, k) != object.get(rc.change.after, k, null)
	}),
}

public(obj, marks) := {k: v |
	some k, v in obj
	not marked(marks, k)
} if is_object(obj)

else := obj

marked(marks, _) if marks == true

marked(marks, k) if {
	is_object(marks)
	marks[k] != false
}

sensitive_keys(rc) := {k |
	some marks in [object.get(rc.change, "before_sensitive", {}), object.get(rc.change, "after_sensitive", {})]
	is_object(marks)
	some k, m in marks
	m != false
}

# ---------------------------------------------------------------------------
# Approvals
# ---------------------------------------------------------------------------

# An approval document, passed with `opa eval -d FILE` or `conftest --data FILE`:
#
#   {"whatsapp_approval": {
#     "ticket": "CHG-1234",
#     "expires": "2026-12-08T15:21:34Z",
#     "changes": [{"address": "whatsapp_phone_registration.main",
#                  "actions": ["delete", "create"],
#                  "phone_number_id": "106540352242922",
#                  "digest": "sha256:…"}]}}
#
# Each entry of changes approves exactly one change: every field must match
# it (address, deposed when the change is deposed, actions, the identity of
# the object: phone_number_id, or whatsapp_business_account_id for a
# subscription, and the digest), a field the kit does not know is refused,
# and so is "*" anywhere. The document counts only with a ticket and until
# expires (RFC 3339 with a time and a zone, required), compared with the time
# the plan was made. The deny message of a change suggests its entry.

approval := data.whatsapp_approval

approval_given if approval

# Why the document as a whole cannot approve anything ({} when it can).
document_problems contains "no approval document was given (data.whatsapp_approval)" if not approval_given

document_problems contains "whatsapp_approval is not an object" if {
	approval_given
	not is_object(approval)
}

document_problems contains "the approval has no ticket: every approval must name its change record" if {
	approval_given
	not ticket_given
}

ticket_given if {
	is_string(approval.ticket)
	trim_space(approval.ticket) != ""
}

document_problems contains "the approval has no expires: it is required, so that an approval file left behind does not approve later plans" if {
	approval_given
	not approval.expires
}

document_problems contains sprintf("expires %v is not an RFC 3339 time with a zone, such as 2026-12-01T18:00:00Z (a date alone is refused: at which hour and in which zone would it end?)", [json.marshal(approval.expires)]) if {
	approval.expires
	not expires_readable
}

expires_readable if {
	is_string(approval.expires)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$`, approval.expires)
	time.parse_rfc3339_ns(approval.expires)
}

document_problems contains sprintf("the approval expired at %s, before this plan was made (%s)", [approval.expires, input.timestamp]) if {
	expires_readable
	plan_time > time.parse_rfc3339_ns(approval.expires)
}

document_problems contains "the plan has no timestamp, so the approval's expiry cannot be checked: pass the output of terraform show -json of a plan file" if {
	approval_given
	not plan_time
}

plan_time := time.parse_rfc3339_ns(input.timestamp)

document_problems contains sprintf("%s: this kit no longer reads them, because they approved whatever the address or number held at the time of any later plan. List each approved change in changes (the deny message suggests its entry)", [concat(" and ", sort(legacy_fields))]) if {
	count(legacy_fields) > 0
}

legacy_fields := {f | some f in {"addresses", "phone_number_ids"}; approval[f]}

# plan_timestamp (optional) binds the approval to one saved plan, the one
# whose timestamp it names: the same change planned again later (back and
# forth within the expiry) is then not approved again. Without it, an
# approval counts for its changes until it expires.
document_problems contains sprintf("the approval is for the plan made at %s only, and this plan was made at %s", [approval.plan_timestamp, input.timestamp]) if {
	approval_given
	is_object(approval)
	"plan_timestamp" in object.keys(approval)
	approval.plan_timestamp != input.timestamp
}

document_problems contains "the approval has no changes: list the approved changes in whatsapp_approval.changes" if {
	approval_given
	not is_array(approval.changes)
	count(legacy_fields) == 0
}

# The fields an entry of changes has for a gated change: all required.
entry_fields(g) := ({"address", "actions", "digest"} | object.keys(g.identity)) | {"deposed" | g.deposed != ""}

entry_allowed_fields(g) := entry_fields(g) | {"deposed"}

# Why an entry does not approve g ({} when it does).
entry_problems(g, e) := {"the entry is not an object"} if not is_object(e)

else := {p |
	some p in entry_field_problems(g, e)
} | {p |
	some p in entry_match_problems(g, e)
}

entry_field_problems(g, e) := ({sprintf("the entry has no %s", [f]) | some f in entry_fields(g); not f in object.keys(e)} | {sprintf("the entry has %s, which this kit does not read: an approval cannot say more than is checked", [f]) | some f in object.keys(e); not f in entry_allowed_fields(g)}) | {sprintf("the entry's %s is a wildcard (%v), which is refused: an approval names one change", [f, json.marshal(v)]) | some f, v in e; wildcard(v)}

wildcard(v) if {
	is_string(v)
	contains(v, "*")
}

wildcard(v) if {
	is_array(v)
	some x in v
	is_string(x)
	contains(x, "*")
}

# Every field the entry gives must match the change; a missing field is
# reported by entry_field_problems.
entry_match_problems(g, e) := {sprintf("%s: approved %s, this change %s %s", [field, json.marshal(e[field]), verb, json.marshal(have)]) |
	some [field, have, verb] in array.concat(
		[
			["address", g.address, "is"],
			["deposed", g.deposed, "is"],
			["actions", g.actions, "does"],
		],
		[[f, v, "acts on"] | some f, v in g.identity],
	)
	field in object.keys(e)
	e[field] != have
} | {sprintf("digest: approved %s, this change is %s: what this plan changes is not what was approved", [json.marshal(e.digest), g.digest]) |
	e.digest
	e.digest != g.digest
}

entries := approval.changes if is_array(approval.changes)

else := []

# The ticket of the approval that approves g: a sound document and one
# entry that matches every field.
approving_ticket(g) := approval.ticket if {
	count(document_problems) == 0
	some e in entries
	count(entry_problems(g, e)) == 0
}

# Why g is not approved, for its deny message.
rejections(g) := {"no approval document was given (data.whatsapp_approval)"} if {
	not approval_given
} else := {sprintf("the approval does not count: %s", [p]) | some p in document_problems} if {
	count(document_problems) > 0
} else := {sprintf("the entry for %s does not count: %s", [g.address, concat("; ", sort(entry_problems(g, e)))]) |
	some e in entries
	is_object(e)
	e.address == g.address
} if {
	some e in entries
	is_object(e)
	e.address == g.address
} else := {sprintf("no entry of %s's changes names %s", [approval.ticket, g.address])} | {sprintf("an entry's address %v is refused: an approval names one change, by its exact address", [json.marshal(e.address)]) |
	some e in entries
	wildcard(e.address)
}

# The entry that would approve g, in a document ready to save: JSON that
# parses for any address (json.marshal escapes a for_each key's quotes,
# backslashes and spaces), an expiry a week after the plan was made.
suggested_approval(g) := json.marshal({"whatsapp_approval": {
	"ticket": "CHG-1234",
	"expires": suggested_expiry,
	"changes": [suggested_entry(g)],
}})

suggested_entry(g) := object.union(
	object.union({"address": g.address, "actions": g.actions, "digest": g.digest}, g.identity),
	{"deposed": g.deposed},
) if g.deposed != ""

else := object.union({"address": g.address, "actions": g.actions, "digest": g.digest}, g.identity)

suggested_expiry := time.format([time.add_date(plan_time, 0, 0, 7), "UTC", "2006-01-02T15:04:05Z07:00"]) if plan_time

else := time.format([time.add_date(time.now_ns(), 0, 0, 7), "UTC", "2006-01-02T15:04:05Z07:00"])

# An entry that names no gated change of this plan is shown: it approves
# nothing here, and may be a typo of the address that was meant.
warn contains sprintf("[whatsapp.approval_unused] %s: the entry of %v for this address approves no change of this plan, so it has no effect here", [e.address, json.marshal(object.get(approval, "ticket", ""))]) if {
	some e in entries
	is_string(e.address)
	not e.address in {g.address | some g in gated}
}
