# The configuration `make demo` applies. It runs unchanged against Meta's API:
# the provider reads WHATSAPP_ACCESS_TOKEN and WHATSAPP_BASE_URL, which the
# demo points at the local emulator.
terraform {
  required_version = ">= 1.11"
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

provider "whatsapp" {}

variable "phone_number_id" {
  description = "The phone number ID from WhatsApp Manager."
  type        = string
  default     = "106540352242922"
}

variable "region" {
  description = "Where Meta stores the number's messages at rest."
  type        = string
  default     = "CH"
}

# Ephemeral and write-only: the PIN reaches neither the saved plan nor state.
# A plain variable would be saved, in clear, in the plan file's "variables".
variable "pin" {
  description = "The number's six-digit two-step verification PIN."
  type        = string
  sensitive   = true
  ephemeral   = true
}

resource "whatsapp_phone_registration" "main" {
  phone_number_id = var.phone_number_id
  pin_wo          = var.pin
  # Bump to send a new pin_wo: Terraform cannot see a write-only value change.
  pin_wo_version           = 1
  data_localization_region = var.region
}

output "registration" {
  value = {
    id                       = whatsapp_phone_registration.main.id
    display_phone_number     = whatsapp_phone_registration.main.display_phone_number
    verified_name            = whatsapp_phone_registration.main.verified_name
    platform_type            = whatsapp_phone_registration.main.platform_type
    data_localization_region = whatsapp_phone_registration.main.data_localization_region
  }
}
