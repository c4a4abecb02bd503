# Terraform 1.12 or later (OpenTofu 1.12 too): import by identity.
import {
  to = whatsapp_webhook_subscription.acme
  identity = {
    whatsapp_business_account_id = "102290129340398"
  }
}
