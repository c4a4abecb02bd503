# Terraform 1.12 or later (OpenTofu 1.12 too): import by identity.
import {
  to = whatsapp_phone_number_webhook.support
  identity = {
    phone_number_id = "106540352242922"
  }
}
