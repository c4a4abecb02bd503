data "whatsapp_phone_number" "support" {
  phone_number_id = "106540352242922"
}

output "support_number" {
  value = {
    display_phone_number     = data.whatsapp_phone_number.support.display_phone_number
    registered               = data.whatsapp_phone_number.support.registered
    data_localization_region = data.whatsapp_phone_number.support.data_localization_region
    quality_rating           = data.whatsapp_phone_number.support.quality_rating
  }
}
