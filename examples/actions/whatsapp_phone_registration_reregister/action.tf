# Terraform 1.14 or later (OpenTofu has no actions). The PIN comes from the
# provider, never from the action: keep it ephemeral, or in the environment
# (WHATSAPP_REGISTRATION_PIN).
variable "registration_pin" {
  type      = string
  sensitive = true
  ephemeral = true
}

provider "whatsapp" {
  registration_pin = var.registration_pin
}

action "whatsapp_phone_registration_reregister" "name_change" {
  config {
    phone_number_id = "106540352242922"
  }
}

# Invoke it after Meta approves a display-name change:
#   terraform apply -invoke=action.whatsapp_phone_registration_reregister.name_change
