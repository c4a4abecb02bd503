# whatsapp_business_profile: what WhatsApp users see when they open the
# business's profile. Nothing here stops messaging, so every rule is a warn.
package whatsapp

kit_types contains "whatsapp_business_profile"

profile(rc) if managed(rc, "whatsapp_business_profile")

identity(rc) := {"phone_number_id": before(rc, "phone_number_id")} if profile(rc)

identity_after(rc) := {"phone_number_id": planned(rc, "phone_number_id")} if profile(rc)

label(rc) := sprintf("phone number %s", [moving_label(rc, "phone_number_id")]) if profile(rc)

# Meta has no way to delete a profile: destroying the resource makes no API
# call, and the profile stays as customers see it.
noted contains note("profile_unmanaged", rc, sprintf("this plan destroys the resource (%s), which makes no API call: the business profile of phone number %s stays exactly as it is, and Terraform stops managing it. Clear fields with \"\" and apply first if it must change", [delete_reason(rc), before(rc, "phone_number_id")])) if {
	some rc in input.resource_changes
	profile(rc)
	deletes(rc)
}

# The fields this plan sends, which customers see once applied.
profile_fields := {"about", "address", "description", "email", "websites", "vertical", "profile_picture_handle_wo_version"}

changed_profile_fields(rc) := sort({f |
	some f in profile_fields
	planned(rc, f) != before(rc, f)
	planned(rc, f) != null
})

noted contains note("profile_changed", rc, sprintf("the business profile customers see changes: %s (sent as one POST; only the fields this configuration sets)", [concat(", ", fields)])) if {
	some rc in input.resource_changes
	profile(rc)
	creates_or_updates(rc)
	fields := changed_profile_fields(rc)
	count(fields) > 0
}
