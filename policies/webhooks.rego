# whatsapp_webhook_subscription and whatsapp_phone_number_webhook: where the
# messaging webhooks of a WABA's numbers go. Unsubscribing the app, or
# removing an override, stops or moves every event of every number it
# covers, with no error anywhere: denied unless approved.
package whatsapp

kit_types contains "whatsapp_webhook_subscription"

kit_types contains "whatsapp_phone_number_webhook"

subscription(rc) if managed(rc, "whatsapp_webhook_subscription")

number_webhook(rc) if managed(rc, "whatsapp_phone_number_webhook")

identity(rc) := {"whatsapp_business_account_id": before(rc, "whatsapp_business_account_id")} if subscription(rc)

identity_after(rc) := {"whatsapp_business_account_id": planned(rc, "whatsapp_business_account_id")} if subscription(rc)

identity(rc) := {"phone_number_id": before(rc, "phone_number_id")} if number_webhook(rc)

identity_after(rc) := {"phone_number_id": planned(rc, "phone_number_id")} if number_webhook(rc)

# The object a message names (both when a replacement moves to another).
moving_label(rc, attr) := sprintf("%s → %s", [before(rc, attr), planned(rc, attr)]) if {
	deletes(rc)
	creates(rc)
	before(rc, attr) != planned(rc, attr)
} else := before(rc, attr) if {
	not is_object(rc.change.after)
} else := planned(rc, attr)

label(rc) := sprintf("WABA %s", [moving_label(rc, "whatsapp_business_account_id")]) if subscription(rc)

label(rc) := sprintf("phone number %s", [moving_label(rc, "phone_number_id")]) if number_webhook(rc)

override_or(obj, otherwise) := u if {
	u := override(obj)
} else := otherwise

# An override as the plan has it: "" and null are none.
override(obj) := u if {
	u := object.get(obj, "override_callback_uri", null)
	is_string(u)
	u != ""
}

planned_override(rc) := "(known after apply)" if {
	unknown(rc, "override_callback_uri")
} else := override(rc.change.after)

has_override_after(rc) if planned_override(rc)

# create_before_destroy on the same object: the delete of the deposed object
# runs after the create and removes what the create just set.
same_object_cbd(rc) if {
	rc.change.actions == ["create", "delete"]
	identity_after(rc) == identity(rc)
}

# ---------------------------------------------------------------------------
# whatsapp_webhook_subscription
# ---------------------------------------------------------------------------

gated contains gate("unsubscribe", rc, unsubscribe_text(rc)) if {
	some rc in input.resource_changes
	subscription(rc)
	deletes(rc)
}

waba_override_phrase(rc) := sprintf(", and its callback override %s goes with it", [override(rc.change.before)]) if {
	override(rc.change.before)
} else := ""

unsubscribe_text(rc) := sprintf("this plan unsubscribes the app from WABA %s (DELETE /%s/subscribed_apps; %s): the messaging events of every number of the account stop reaching the app%s", [waba, waba, delete_reason(rc), waba_override_phrase(rc)]) if {
	rc.change.actions == ["delete"]
	waba := before(rc, "whatsapp_business_account_id")
} else := sprintf("this plan replaces the subscription with create_before_destroy on the same account (%s): the delete runs after the create and unsubscribes the app the create subscribed, so the messaging events of every number of WABA %s stop reaching the app%s", [delete_reason(rc), before(rc, "whatsapp_business_account_id"), waba_override_phrase(rc)]) if {
	same_object_cbd(rc)
} else := sprintf("this plan replaces the subscription (unsubscribe, then subscribe; %s): the messaging events of every number of WABA %s stop reaching the app between the two calls, and for good if the subscribe fails%s", [delete_reason(rc), before(rc, "whatsapp_business_account_id"), waba_override_phrase(rc)]) if {
	identity_after(rc) == identity(rc)
} else := sprintf("this plan moves the subscription from WABA %s to WABA %v (%s): the messaging events of every number of WABA %s stop reaching the app%s", [before(rc, "whatsapp_business_account_id"), planned(rc, "whatsapp_business_account_id"), delete_reason(rc), before(rc, "whatsapp_business_account_id"), waba_override_phrase(rc)])

# Removing the account's override sends every number's messaging webhooks
# to the app's own callback URL: another endpoint, maybe one that does not
# expect them.
gated contains gate("override_removed", rc, sprintf("this plan removes the callback override %s of WABA %s (a POST without an override): the messaging webhooks of every number of the account go to the app's callback URL instead", [override(rc.change.before), before(rc, "whatsapp_business_account_id")])) if {
	some rc in input.resource_changes
	subscription(rc)
	updates(rc)
	override(rc.change.before)
	not has_override_after(rc)
}

noted contains note("callback_changed", rc, sprintf("the messaging webhooks of every number of WABA %v go to %s instead of %s; Meta verifies the new URL (a GET that must echo hub.challenge) before it accepts it", [planned(rc, "whatsapp_business_account_id"), to, from])) if {
	some rc in input.resource_changes
	subscription(rc)
	creates_or_updates(rc)
	to := planned_override(rc)
	from := subscription_override_from(rc)
	to != from
}

# Where the webhooks went before: the old override of the same account, or
# the app's URL on an account the app was not subscribed to by this state.
subscription_override_from(rc) := override_or(rc.change.before, "the app's callback URL") if {
	identity_after(rc) == identity(rc)
} else := "the app's callback URL"

creates_or_updates(rc) if creates(rc)

creates_or_updates(rc) if updates(rc)

noted contains note("verify_token_rotated", rc, sprintf("verify_token_wo_version changes from %v to %v: a new verify token is sent, and Meta verifies the callback URL again; if the endpoint still expects the old token, the change fails and the override stays as it was", [before(rc, "verify_token_wo_version"), planned(rc, "verify_token_wo_version")])) if {
	some rc in input.resource_changes
	some type in {"whatsapp_webhook_subscription", "whatsapp_phone_number_webhook"}
	managed(rc, type)
	updates(rc)
	before(rc, "verify_token_wo_version") != null
	planned(rc, "verify_token_wo_version") != null
	before(rc, "verify_token_wo_version") != planned(rc, "verify_token_wo_version")
}

# ---------------------------------------------------------------------------
# whatsapp_phone_number_webhook
# ---------------------------------------------------------------------------

# Destroying the number's override (POST with an empty override) sends its
# messaging webhooks to the account's override, or to the app's URL.
gated contains gate("number_override_removed", rc, number_override_text(rc)) if {
	some rc in input.resource_changes
	number_webhook(rc)
	deletes(rc)
}

number_override_text(rc) := sprintf("this plan removes the callback override %s of phone number %s (override_callback_uri = \"\"; %s): its messaging webhooks go to the account's override, or to the app's callback URL", [override(rc.change.before), before(rc, "phone_number_id"), delete_reason(rc)]) if {
	rc.change.actions == ["delete"]
} else := sprintf("this plan replaces the override with create_before_destroy on the same number (%s): the delete runs after the create and removes the override the create set, so the messaging webhooks of phone number %s go to the account's override, or to the app's callback URL", [delete_reason(rc), before(rc, "phone_number_id")]) if {
	same_object_cbd(rc)
} else := sprintf("this plan replaces the override (removed, then set again; %s): between the two calls the messaging webhooks of phone number %s go to the account's override, or to the app's callback URL", [delete_reason(rc), before(rc, "phone_number_id")]) if {
	identity_after(rc) == identity(rc)
} else := sprintf("this plan moves the callback override from phone number %s to %v (%s): the messaging webhooks of phone number %s go to the account's override, or to the app's callback URL", [before(rc, "phone_number_id"), planned(rc, "phone_number_id"), delete_reason(rc), before(rc, "phone_number_id")])

noted contains note("number_callback_changed", rc, sprintf("the messaging webhooks of phone number %v go to %s instead of %s; Meta verifies the new URL (a GET that must echo hub.challenge) before it accepts it", [planned(rc, "phone_number_id"), to, from])) if {
	some rc in input.resource_changes
	number_webhook(rc)
	creates_or_updates(rc)
	to := planned_override(rc)
	from := number_override_from(rc)
	to != from
}

number_override_from(rc) := override(rc.change.before) if {
	identity_after(rc) == identity(rc)
	override(rc.change.before)
} else := "the account's override, or the app's callback URL"
