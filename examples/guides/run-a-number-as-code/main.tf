# One number as code: registration, webhooks, profile and a health check.
terraform {
  required_version = ">= 1.11"
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

variable "two_step_pin" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "webhook_verify_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Where your webhook endpoint is served. On the emulator, its own endpoint:
# the callback_url that `make emulator` prints, without "/whatsapp".
variable "webhook_base_url" {
  type    = string
  default = "https://hooks.example.com"
}

locals {
  waba_id         = "102290129340398"
  phone_number_id = "106540352242922"
}

# 1. Register the number on the Cloud API: one register of its
#    10-per-72-hours budget, and the only resource here that spends it.
resource "whatsapp_phone_registration" "support" {
  phone_number_id = local.phone_number_id
  pin_wo          = var.two_step_pin
  pin_wo_version  = 1
}

# 2. Subscribe the app to the account's webhooks, with an account-wide
#    override. Meta verifies the URL: the endpoint must echo hub.challenge.
resource "whatsapp_webhook_subscription" "acme" {
  whatsapp_business_account_id = local.waba_id
  override_callback_uri        = "${var.webhook_base_url}/whatsapp/acme"
  verify_token_wo              = var.webhook_verify_token
  verify_token_wo_version      = 1
}

# 3. The number's own override, which Meta accepts only once the app is
#    subscribed: hence depends_on.
resource "whatsapp_phone_number_webhook" "support" {
  phone_number_id         = whatsapp_phone_registration.support.phone_number_id
  override_callback_uri   = "${var.webhook_base_url}/whatsapp/support"
  verify_token_wo         = var.webhook_verify_token
  verify_token_wo_version = 1

  depends_on = [whatsapp_webhook_subscription.acme]
}

# 4. What WhatsApp users see. Fields left out stay as WhatsApp Manager has them.
resource "whatsapp_business_profile" "support" {
  phone_number_id = whatsapp_phone_registration.support.phone_number_id
  about           = "Acme Support: we answer within the hour."
  email           = "support@acme.example"
  websites        = ["https://acme.example/support"]
  vertical        = "RETAIL"
}

# 5. Every plan and apply warns when the number cannot send messages freely.
check "support_number_can_send_messages" {
  data "whatsapp_phone_number" "support" {
    phone_number_id = whatsapp_phone_registration.support.phone_number_id
  }

  assert {
    condition     = data.whatsapp_phone_number.support.health_status.can_send_message == "AVAILABLE"
    error_message = "Phone number ${local.phone_number_id} is ${data.whatsapp_phone_number.support.health_status.can_send_message}: see health_status.entities for Meta's reasons."
  }
}
