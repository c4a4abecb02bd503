# Unit tests (opa test policies) for the cases a real plan of this provider
# cannot easily show: the *_test.go files cover everything else on plans
# made by the terraform CLI. A package of its own, so that data.whatsapp
# stays the rules and nothing else.
package whatsapp_test

# A plan as terraform show -json writes it, around resource changes.
plan(changes) := {
	"format_version": "1.2",
	"terraform_version": "1.11.4",
	"timestamp": "2026-06-01T12:00:00Z",
	"planned_values": {"root_module": {}},
	"resource_changes": changes,
	"configuration": {"root_module": {}},
	"errored": false,
}

# A change of one registration.
change(address, actions, before, after, after_unknown) := {
	"address": address,
	"mode": "managed",
	"type": "whatsapp_phone_registration",
	"name": "main",
	"provider_name": "registry.terraform.io/whatsapp-iac/whatsapp",
	"change": {"actions": actions, "before": before, "after": after, "after_unknown": after_unknown},
}

typed(c, type) := object.union(c, {"type": type})

registered(number) := {"phone_number_id": number, "data_localization_region": null, "pin": null, "pin_wo_version": 1, "reregister_triggers": null}

rule_ids(msgs) := {substring(m, 0, indexof(m, "]") + 1) | some m in msgs}

# The approval the deny message suggests, parsed.
suggested(msg) := json.unmarshal(substring(msg, indexof(msg, `{"whatsapp_approval"`), -1))

# Eleven deregisters of one number: a destroy of count = 11 after the
# budget was spent elsewhere. The emulator cannot hold eleven registrations
# of one number, so this plan is written by hand.
test_eleven_deregisters_are_denied if {
	p := plan([c |
		some i in numbers.range(0, 10)
		c := change(sprintf("whatsapp_phone_registration.main[%d]", [i]), ["delete"], registered("1"), null, {})
	])
	budget := data.whatsapp.budget with input as p
	budget["1"].deregisters == 11
	budget["1"].registers == 0
	ids := rule_ids(data.whatsapp.deny) with input as p
	ids == {"[whatsapp.deregister_not_approved]", "[whatsapp.budget_exceeded]"}
}

# A deposed object (create_before_destroy left it behind) is deregistered
# as well, next to the current object of the same address, and its approval
# must name it.
test_deposed_object_counts_on_its_own if {
	deposed := object.union(change("whatsapp_phone_registration.main", ["delete"], registered("1"), null, {}), {"deposed": "00000001"})
	p := plan([change("whatsapp_phone_registration.main", ["no-op"], registered("1"), registered("1"), {}), deposed])
	budget := data.whatsapp.budget with input as p
	budget["1"] == {"registers": 0, "deregisters": 1, "addresses": ["whatsapp_phone_registration.main"]}
	some m in data.whatsapp.deny with input as p
	contains(m, "a deposed object that create_before_destroy left behind")
	doc := suggested(m)
	doc.whatsapp_approval.changes[0].deposed == "00000001"
	count(data.whatsapp.deny) == 0 with input as p with data.whatsapp_approval as doc.whatsapp_approval
	without := json.patch(doc, [{"op": "remove", "path": "/whatsapp_approval/changes/0/deposed"}])
	count(data.whatsapp.deny) == 1 with input as p with data.whatsapp_approval as without.whatsapp_approval
}

# Triggers whose values are not known at plan time may fire: count them.
test_unknown_triggers_count_as_a_register if {
	before := registered("1")
	after := object.union(registered("1"), {"reregister_triggers": {"display_name": null}})
	p := plan([change("whatsapp_phone_registration.main", ["update"], before, after, {"reregister_triggers": {"display_name": true}})])
	budget := data.whatsapp.budget with input as p
	budget["1"].registers == 1
	ids := rule_ids(data.whatsapp.warn) with input as p
	ids == {"[whatsapp.reregister]"}
}

# Same triggers, other order: not a change.
test_equal_triggers_do_not_fire if {
	t := {"display_name": "Acme", "approved": "2026-11-01"}
	before := object.union(registered("1"), {"reregister_triggers": t})
	p := plan([change("whatsapp_phone_registration.main", ["update"], before, before, {})])
	budget := data.whatsapp.budget with input as p
	count(budget) == 0
}

# Forgetting a registration (a removed block with destroy = false) calls
# nothing and needs no approval, but is shown.
test_forget_needs_no_approval if {
	p := plan([change("whatsapp_phone_registration.main", ["forget"], registered("1"), null, {})])
	count(data.whatsapp.deny) == 0 with input as p
	count(data.whatsapp.budget) == 0 with input as p
	rule_ids(data.whatsapp.warn) == {"[whatsapp.forget]"} with input as p
}

# Other providers' types and data sources are not this kit's business.
test_other_types_are_ignored if {
	p := plan([
		object.union(typed(change("null_resource.x", ["delete"], registered("1"), null, {}), "null_resource"), {"provider_name": "registry.terraform.io/hashicorp/null"}),
		object.union(change("data.whatsapp_phone_registration.y", ["delete"], registered("1"), null, {}), {"mode": "data"}),
	])
	count(data.whatsapp.deny) == 0 with input as p
	count(data.whatsapp.budget) == 0 with input as p
}

# A type of this provider the kit does not know, and an action set it does
# not know, are denied: the kit cannot say what they do.
test_unknown_types_and_actions_are_denied if {
	p := plan([
		typed(change("whatsapp_flow.x", ["delete"], {}, null, {}), "whatsapp_flow"),
		change("whatsapp_phone_registration.main", ["delete", "forget"], registered("1"), null, {}),
	])
	ids := rule_ids(data.whatsapp.deny) with input as p
	"[whatsapp.unknown_type]" in ids
	"[whatsapp.unknown_action]" in ids

	# The no-op of an unknown type passes.
	q := plan([typed(change("whatsapp_flow.x", ["no-op"], {}, {}, {}), "whatsapp_flow")])
	count(data.whatsapp.deny) == 0 with input as q
}

# Input that is not a plan: one deny, and no rule reads its changes.
test_inputs_that_are_not_plans_are_denied if {
	every doc in [
		{},
		"plan.json",
		[{"path": "plan.json", "contents": plan([])}],
		{"format_version": "1.0", "values": {"root_module": {}}},
		{"format_version": "1.0"},
		{"format_version": "2.0", "planned_values": {}, "resource_changes": []},
		object.union(plan([change("whatsapp_phone_registration.main", ["delete"], registered("1"), null, {})]), {"errored": true}),
		object.remove(object.union(plan([]), {"prior_state": {"values": {"root_module": {"resources": [{"address": "x"}]}}}}), {"resource_changes"}),
		object.union(plan([]), {"resource_changes": {}}),
	] {
		ids := rule_ids(data.whatsapp.deny) with input as doc
		ids == {"[whatsapp.not_a_plan]"}
		count(data.whatsapp.budget) == 0 with input as doc
	}
}

# A plan of a configuration that manages nothing has no resource_changes,
# and passes; an incomplete plan (-target) is warned.
test_empty_and_incomplete_plans if {
	empty := object.remove(plan([]), {"resource_changes"})
	count(data.whatsapp.deny) == 0 with input as empty
	incomplete := object.union(plan([]), {"complete": false})
	rule_ids(data.whatsapp.warn) == {"[whatsapp.plan_incomplete]"} with input as incomplete
}

# The digest leaves the PIN out (it is printed, and six digits are easy to
# guess from a hash), but not whether the PIN changes.
with_pin(pin) := object.union(registered("1"), {"pin": pin})

pin_replacement(b, a) := object.union(
	change("whatsapp_phone_registration.main", ["delete", "create"], b, a, {}),
	{"change": {"actions": ["delete", "create"], "before": b, "after": a, "after_unknown": {}, "before_sensitive": {"pin": true}, "after_sensitive": {"pin": true}}},
)

test_digest_leaves_the_pin_out if {
	d1 := data.whatsapp.digest(pin_replacement(with_pin("111111"), with_pin("111111")))
	d2 := data.whatsapp.digest(pin_replacement(with_pin("999999"), with_pin("999999")))
	d3 := data.whatsapp.digest(pin_replacement(with_pin("111111"), with_pin("999999")))
	d1 == d2
	d1 != d3
}

# An approval cannot be checked without the plan's timestamp.
test_approval_needs_the_plan_timestamp if {
	p := plan([change("whatsapp_phone_registration.main", ["delete"], registered("1"), null, {})])
	some m in data.whatsapp.deny with input as p
	doc := suggested(m)
	count(data.whatsapp.deny) == 0 with input as p with data.whatsapp_approval as doc.whatsapp_approval
	q := object.remove(p, {"timestamp"})
	some n in data.whatsapp.deny with input as q with data.whatsapp_approval as doc.whatsapp_approval
	contains(n, "the plan has no timestamp")
}

# create_before_destroy on the same WABA: the delete removes what the create
# subscribed. A plan the provider may refuse, so written by hand.
test_subscription_create_before_destroy_on_one_account if {
	sub := {"whatsapp_business_account_id": "9", "override_callback_uri": null, "verify_token_wo_version": null}
	p := plan([object.union(typed(change("whatsapp_webhook_subscription.acme", ["create", "delete"], sub, sub, {}), "whatsapp_webhook_subscription"), {"action_reason": "replace_by_request"})])
	some m in data.whatsapp.deny with input as p
	startswith(m, "[whatsapp.unsubscribe_not_approved] whatsapp_webhook_subscription.acme (WABA 9): ")
	contains(m, "create_before_destroy on the same account (-replace was requested): the delete runs after the create and unsubscribes the app the create subscribed")
}

# whatsapp_message_template: a delete is denied unless approved, by an
# approval that names the WABA, the name and the language; an edit of an
# APPROVED template is warned.
test_template_rules if {
	tpl := {"whatsapp_business_account_id": "9", "name": "order_update", "language": "en_US", "category": "UTILITY", "status": "APPROVED", "body": {"text": "Hi {{1}}"}}
	edited := object.union(tpl, {"body": {"text": "Hello {{1}}"}})
	del := plan([typed(change("whatsapp_message_template.order", ["delete"], tpl, null, {}), "whatsapp_message_template")])
	some m in data.whatsapp.deny with input as del
	startswith(m, "[whatsapp.template_delete_not_approved] whatsapp_message_template.order (template order_update (en_US) of WABA 9): this plan deletes the APPROVED template")
	entry := suggested(m).whatsapp_approval.changes[0]
	object.subset(entry, {"whatsapp_business_account_id": "9", "name": "order_update", "language": "en_US"})
	count(data.whatsapp.deny) == 0 with input as del with data.whatsapp_approval as suggested(m).whatsapp_approval
	edit := plan([typed(change("whatsapp_message_template.order", ["update"], tpl, edited, {}), "whatsapp_message_template")])
	some w in data.whatsapp.warn with input as edit
	startswith(w, "[whatsapp.template_edit] whatsapp_message_template.order (template order_update (en_US) of WABA 9): this plan edits the APPROVED template (body)")
	count(data.whatsapp.deny) == 0 with input as edit
}

# pin_wo followed through a module output and a data source, which a
# hand-made configuration shows without a provider that serves them.
test_pin_wo_followed_through_outputs_and_data_sources if {
	config := {"root_module": {
		"resources": [
			{"address": "whatsapp_phone_registration.a", "mode": "managed", "type": "whatsapp_phone_registration", "name": "a", "expressions": {"pin_wo": {"references": ["module.secrets.pin", "module.secrets"]}}},
			{"address": "whatsapp_phone_registration.b", "mode": "managed", "type": "whatsapp_phone_registration", "name": "b", "expressions": {"pin_wo": {"references": ["data.vault_generic_secret.pin.data", "data.vault_generic_secret.pin"]}}},
			{"address": "whatsapp_phone_registration.c", "mode": "managed", "type": "whatsapp_phone_registration", "name": "c", "expressions": {"pin_wo": {"references": ["ephemeral.vault_generic_secret.pin.data", "ephemeral.vault_generic_secret.pin"]}}},
		],
		"module_calls": {"secrets": {"expressions": {"seed": {"references": ["var.seed"]}}, "module": {
			"variables": {"seed": {}},
			"outputs": {"pin": {"expression": {"references": ["var.seed"]}}},
		}}},
	}}
	p := object.union(plan([]), {"configuration": config, "variables": {"seed": {"value": "x"}}})
	denies := data.whatsapp.deny with input as p with data.whatsapp_policy as {"forbid_pin_in_plan": true}
	some a in denies
	startswith(a, "[whatsapp.pin_variable_in_plan] whatsapp_phone_registration.a ")
	contains(a, `pin_wo takes its value from variable "seed", whose value this plan stores in clear`)
	some b in denies
	startswith(b, "[whatsapp.pin_variable_in_plan] whatsapp_phone_registration.b ")
	contains(b, "data.vault_generic_secret.pin, whose result this plan stores in clear")
	count([c | some c in denies; contains(c, "whatsapp_phone_registration.c ")]) == 0
}

# An approval bound to one saved plan (plan_timestamp) approves that plan,
# and not the same change planned again later.
test_plan_bound_approval_is_not_replayed if {
	c := change("whatsapp_phone_registration.main", ["delete"], registered("1"), null, {})
	first := plan([c])
	some m in data.whatsapp.deny with input as first
	entry := suggested(m).whatsapp_approval.changes[0]
	bound := {"ticket": "CHG-1", "expires": "2026-06-08T12:00:00Z", "plan_timestamp": "2026-06-01T12:00:00Z", "changes": [entry]}
	count(data.whatsapp.deny) == 0 with input as first with data.whatsapp_approval as bound
	later := object.union(first, {"timestamp": "2026-06-02T09:00:00Z"})
	some refused in data.whatsapp.deny with input as later with data.whatsapp_approval as bound
	contains(refused, "the approval is for the plan made at 2026-06-01T12:00:00Z only, and this plan was made at 2026-06-02T09:00:00Z")
	unbound := object.remove(bound, ["plan_timestamp"])
	count(data.whatsapp.deny) == 0 with input as later with data.whatsapp_approval as unbound
}

# A template's budget: an edit of an APPROVED template counts, one that
# changes only wait_for_review or timeouts sends nothing and counts nothing;
# a name known only after apply has no entry, and no name_reused.
test_template_budget if {
	tpl := {"whatsapp_business_account_id": "9", "name": "order_update", "language": "en_US", "category": "UTILITY", "status": "APPROVED", "body": {"text": "Hi {{1}}"}, "wait_for_review": false}
	waits := object.union(tpl, {"wait_for_review": true})
	p := plan([
		typed(change("whatsapp_message_template.order", ["update"], tpl, waits, {}), "whatsapp_message_template"),
		typed(change("whatsapp_message_template.old", ["delete"], object.union(tpl, {"name": "old"}), null, {}), "whatsapp_message_template"),
		typed(change("whatsapp_message_template.new", ["create"], null, {"whatsapp_business_account_id": "9", "language": "en_US"}, {"name": true}), "whatsapp_message_template"),
	])
	b := data.whatsapp.template_budget with input as p
	b["9/order_update/en_US"] == {"edits": 0, "deletes": 0, "creates": 0, "imports": 0, "addresses": ["whatsapp_message_template.order"], "holders": ["whatsapp_message_template.order"]}
	b["9/old/en_US"] == {"edits": 0, "deletes": 1, "creates": 0, "imports": 0, "addresses": ["whatsapp_message_template.old"], "holders": []}
	count(b) == 2
	count([w | some w in data.whatsapp.warn with input as p; contains(w, "template_edit")]) == 0
	count([d | some d in data.whatsapp.deny with input as p; contains(d, "template_name_reused")]) == 0

	# The create of an unknown name may be the deleted one.
	some d in data.whatsapp.deny with input as p
	startswith(d, "[whatsapp.template_name_unknown] whatsapp_message_template.new ")
}

# Accepting Meta's re-categorization (category set to current_category)
# sends nothing: no edit warned, none counted.
test_template_accepting_meta_category if {
	tpl := {"whatsapp_business_account_id": "9", "name": "order_update", "language": "en_US", "category": "UTILITY", "current_category": "MARKETING", "status": "APPROVED"}
	p := plan([typed(change("whatsapp_message_template.order", ["update"], tpl, object.union(tpl, {"category": "MARKETING"}), {}), "whatsapp_message_template")])
	count([w | some w in data.whatsapp.warn with input as p; contains(w, "template_edit")]) == 0
	b := data.whatsapp.template_budget with input as p
	b["9/order_update/en_US"].edits == 0
}

# A delete planned from a stale state (Terraform 1.11 plans a removed
# block's destroy from the state as last stored) is judged by the
# refreshed status in prior_state.
test_template_status_from_prior_state if {
	stale := {"whatsapp_business_account_id": "9", "name": "order_update", "language": "en_US", "category": "UTILITY", "status": "PENDING"}
	p := object.union(plan([typed(change("whatsapp_message_template.order", ["delete"], stale, null, {}), "whatsapp_message_template")]), {"prior_state": {"values": {"root_module": {"resources": [{
		"address": "whatsapp_message_template.order", "mode": "managed", "type": "whatsapp_message_template", "name": "order",
		"values": object.union(stale, {"status": "APPROVED"}),
	}]}}}})
	some m in data.whatsapp.deny with input as p
	contains(m, "this plan deletes the APPROVED template")
}

# Two holders of one template (an import of a template another object
# keeps) are denied; so is a delete with an import of the same template.
test_template_held_twice_and_import_with_delete if {
	tpl := {"whatsapp_business_account_id": "9", "name": "order_update", "language": "en_US", "category": "UTILITY", "status": "APPROVED"}
	kept := typed(change("whatsapp_message_template.a", ["no-op"], tpl, tpl, {}), "whatsapp_message_template")
	imported := object.union(typed(change("whatsapp_message_template.b", ["no-op"], tpl, tpl, {}), "whatsapp_message_template"), {"change": object.union(change("whatsapp_message_template.b", ["no-op"], tpl, tpl, {}).change, {"importing": {"id": "9/order_update/en_US"}})})
	twice := plan([kept, imported])
	some m in data.whatsapp.deny with input as twice
	startswith(m, "[whatsapp.template_held_twice] whatsapp_message_template.a, whatsapp_message_template.b (template 9/order_update/en_US)")
	del := plan([typed(change("whatsapp_message_template.a", ["delete"], tpl, null, {}), "whatsapp_message_template"), imported])
	some d in data.whatsapp.deny with input as del
	startswith(d, "[whatsapp.template_name_reused] whatsapp_message_template.a, whatsapp_message_template.b (template 9/order_update/en_US)")
}

# A create_before_destroy replacement of the same template at the same
# address (a taint): its delete is gated, not denied as a reuse; a
# delete-first replacement of the same name is.
test_template_same_address_replacements if {
	tpl := {"whatsapp_business_account_id": "9", "name": "order_update", "language": "en_US", "category": "UTILITY", "status": "REJECTED"}
	cbd := plan([object.union(typed(change("whatsapp_message_template.order", ["create", "delete"], tpl, tpl, {"id": true}), "whatsapp_message_template"), {"action_reason": "replace_because_tainted"})])
	count([d | some d in data.whatsapp.deny with input as cbd; contains(d, "template_name_reused")]) == 0
	some g in data.whatsapp.deny with input as cbd
	startswith(g, "[whatsapp.template_delete_not_approved] whatsapp_message_template.order ")
	first := plan([object.union(typed(change("whatsapp_message_template.order", ["delete", "create"], tpl, tpl, {"id": true}), "whatsapp_message_template"), {"action_reason": "replace_because_tainted"})])
	some m in data.whatsapp.deny with input as first
	startswith(m, "[whatsapp.template_name_reused] whatsapp_message_template.order (template 9/order_update/en_US)")
}

# A deposed object's delete of the template the current object holds (an
# interrupted create_before_destroy replacement) is a reuse: denied.
test_template_deposed_delete_beside_its_holder if {
	tpl := {"whatsapp_business_account_id": "9", "name": "order_update", "language": "en_US", "category": "UTILITY", "status": "APPROVED"}
	current := typed(change("whatsapp_message_template.order", ["no-op"], tpl, tpl, {}), "whatsapp_message_template")
	old := object.union(typed(change("whatsapp_message_template.order", ["delete"], tpl, null, {}), "whatsapp_message_template"), {"deposed": "00000001"})
	p := plan([current, old])
	some m in data.whatsapp.deny with input as p
	startswith(m, "[whatsapp.template_name_reused] whatsapp_message_template.order (template 9/order_update/en_US)")
}
