# Subscribes the provider's app (the app the access token belongs to) to the
# account's webhooks. Without it, the messaging events of the account's
# numbers reach no app of ours.
resource "whatsapp_webhook_subscription" "acme" {
  whatsapp_business_account_id = "102290129340398"
}
