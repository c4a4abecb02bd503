variable "two_step_pin" {
  type      = string
  sensitive = true
}

# After Meta approves a new display name, register again under it: changing
# reregister_triggers is an in-place update (one register, no deregister).
resource "whatsapp_phone_registration" "support" {
  phone_number_id = "106540352242922"
  pin             = var.two_step_pin

  reregister_triggers = {
    display_name = "Acme Support"
  }
}
