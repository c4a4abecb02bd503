# An auditor's guard: every plan and apply warns when the production number
# is not registered with its data stored in Germany.
check "production_number_in_germany" {
  data "whatsapp_phone_number" "production" {
    phone_number_id = "106540352242922"
  }

  assert {
    condition     = data.whatsapp_phone_number.production.registered && data.whatsapp_phone_number.production.data_localization_region == "DE"
    error_message = "The production number must be registered with its data stored in DE."
  }
}
