import {
  to = whatsapp_webhook_subscription.acme
  id = "102290129340398"
}
