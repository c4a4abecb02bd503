variable "two_step_pin" {
  description = "The number's six-digit two-step verification PIN."
  type        = string
  sensitive   = true
}

# Register a verified number on the Cloud API. The PIN is stored in state as
# a sensitive value; see the write-only example to keep it out of state.
resource "whatsapp_phone_registration" "support" {
  phone_number_id = "106540352242922"
  pin             = var.two_step_pin
}
