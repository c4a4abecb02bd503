# Unit tests (opa test policies) for the cases a real plan of this provider
# cannot easily show: policy_test.go covers everything else on plans made by
# the terraform CLI. A package of its own, so that data.whatsapp stays the
# rules and nothing else.
package whatsapp_test

# A change of one registration, shaped as terraform show -json writes it.
change(address, actions, before, after, after_unknown) := {
	"address": address,
	"mode": "managed",
	"type": "whatsapp_phone_registration",
	"name": "main",
	"change": {"actions": actions, "before": before, "after": after, "after_unknown": after_unknown},
}

registered(number) := {"phone_number_id": number, "data_localization_region": null, "pin": null, "pin_wo_version": 1, "reregister_triggers": null}

rule_ids(msgs) := {substring(m, 0, indexof(m, "]") + 1) | some m in msgs}

# Eleven deregisters of one number: a destroy of count = 11 after the
# budget was spent elsewhere. The emulator cannot hold eleven registrations
# of one number, so this plan is written by hand.
test_eleven_deregisters_are_denied if {
	plan := {"resource_changes": [c |
		some i in numbers.range(0, 10)
		c := change(sprintf("whatsapp_phone_registration.main[%d]", [i]), ["delete"], registered("1"), null, {})
	]}
	budget := data.whatsapp.budget with input as plan
	budget["1"].deregisters == 11
	budget["1"].registers == 0
	ids := rule_ids(data.whatsapp.deny) with input as plan
	ids == {"[whatsapp.delete_not_approved]", "[whatsapp.budget_exceeded]"}
}

# A deposed object (create_before_destroy left it behind) is deregistered
# as well, next to the current object of the same address.
test_deposed_object_counts_on_its_own if {
	plan := {"resource_changes": [
		change("whatsapp_phone_registration.main", ["no-op"], registered("1"), registered("1"), {}),
		object.union(change("whatsapp_phone_registration.main", ["delete"], registered("1"), null, {}), {"deposed": "00000001"}),
	]}
	budget := data.whatsapp.budget with input as plan
	budget["1"] == {"registers": 0, "deregisters": 1, "addresses": ["whatsapp_phone_registration.main"]}
}

# Triggers whose values are not known at plan time may fire: count them.
test_unknown_triggers_count_as_a_register if {
	before := registered("1")
	after := object.union(registered("1"), {"reregister_triggers": {"display_name": null}})
	plan := {"resource_changes": [change("whatsapp_phone_registration.main", ["update"], before, after, {"reregister_triggers": {"display_name": true}})]}
	budget := data.whatsapp.budget with input as plan
	budget["1"].registers == 1
	ids := rule_ids(data.whatsapp.warn) with input as plan
	ids == {"[whatsapp.reregister]"}
}

# Same triggers, other order: not a change.
test_equal_triggers_do_not_fire if {
	t := {"display_name": "Acme", "approved": "2026-11-01"}
	before := object.union(registered("1"), {"reregister_triggers": t})
	plan := {"resource_changes": [change("whatsapp_phone_registration.main", ["update"], before, before, {})]}
	budget := data.whatsapp.budget with input as plan
	count(budget) == 0
}

# Forgetting a registration (a removed block with destroy = false) calls
# nothing and needs no approval.
test_forget_needs_no_approval if {
	plan := {"resource_changes": [change("whatsapp_phone_registration.main", ["forget"], registered("1"), null, {})]}
	count(data.whatsapp.deny) == 0 with input as plan
	count(data.whatsapp.budget) == 0 with input as plan
}

# Other resource types and data sources are not this kit's business.
test_other_types_are_ignored if {
	plan := {"resource_changes": [
		object.union(change("whatsapp_phone_registration.x", ["delete"], registered("1"), null, {}), {"type": "null_resource"}),
		object.union(change("data.whatsapp_phone_registration.y", ["delete"], registered("1"), null, {}), {"mode": "data"}),
	]}
	count(data.whatsapp.deny) == 0 with input as plan
	count(data.whatsapp.budget) == 0 with input as plan
}
