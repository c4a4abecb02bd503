# Terraform 1.12 or later (OpenTofu 1.12 too): import by identity, the
# WhatsApp Business Account ID, name and language (matched exactly).
import {
  to = whatsapp_message_template.welcome
  identity = {
    whatsapp_business_account_id = "102290129340398"
    name                         = "welcome_v1"
    language                     = "pt_BR"
  }
}
