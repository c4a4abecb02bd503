# A hard stop: the release is not planned unless the number is ready.
data "whatsapp_phone_number" "production" {
  phone_number_id = "106540352242922"

  lifecycle {
    postcondition {
      condition     = self.registered && self.data_localization_region == "DE"
      error_message = "Register the production number in DE before releasing."
    }
  }
}

resource "terraform_data" "release" {
  input = data.whatsapp_phone_number.production.display_phone_number
}
