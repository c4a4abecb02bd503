variable "two_step_pin" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Terraform 1.11+: the PIN is sent to Meta and never stored in the plan or
# state. Bump pin_wo_version to apply a new PIN (an in-place update).
resource "whatsapp_phone_registration" "support" {
  phone_number_id          = "106540352242922"
  pin_wo                   = var.two_step_pin
  pin_wo_version           = 1
  data_localization_region = "CH"
}
