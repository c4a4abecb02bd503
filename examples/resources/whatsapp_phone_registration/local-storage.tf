variable "two_step_pin" {
  type      = string
  sensitive = true
}

# Store the number's messages at rest in Germany. Changing or removing the
# region later deregisters and registers the number again (a replacement).
resource "whatsapp_phone_registration" "support_de" {
  phone_number_id          = "106540352242922"
  pin                      = var.two_step_pin
  data_localization_region = "DE"

  timeouts {
    create = "15m"
    delete = "5m"
  }
}
