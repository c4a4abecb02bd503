variable "webhook_verify_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

# With a WABA-level callback override. The provider subscribes first (a plain
# POST), then sets the override (a second POST): Meta refuses an override from
# an app that is not subscribed, and verifies the URL before it accepts it.
# Bump verify_token_wo_version to send a new token.
resource "whatsapp_webhook_subscription" "acme" {
  whatsapp_business_account_id = "102290129340398"
  override_callback_uri        = "https://hooks.example.com/whatsapp/acme"
  verify_token_wo              = var.webhook_verify_token
  verify_token_wo_version      = 1
}
