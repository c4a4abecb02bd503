variable "webhook_verify_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

# First the subscription: Meta accepts a number's override only from an app
# subscribed to the number's WhatsApp Business Account.
resource "whatsapp_webhook_subscription" "acme" {
  whatsapp_business_account_id = "102290129340398"
}

# Then the number's own override, which beats the WABA's override and the
# app's callback URL for this number's messaging webhooks.
resource "whatsapp_phone_number_webhook" "support" {
  phone_number_id         = "106540352242922"
  override_callback_uri   = "https://hooks.example.com/whatsapp/support"
  verify_token_wo         = var.webhook_verify_token
  verify_token_wo_version = 1

  depends_on = [whatsapp_webhook_subscription.acme]
}
