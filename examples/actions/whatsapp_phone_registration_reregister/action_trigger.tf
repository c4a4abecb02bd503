# Or register the number again whenever the display name kept here changes.
action "whatsapp_phone_registration_reregister" "on_rename" {
  config {
    phone_number_id = "106540352242922"
  }
}

resource "terraform_data" "display_name" {
  input = "Acme Support"

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.whatsapp_phone_registration_reregister.on_rename]
    }
  }
}
