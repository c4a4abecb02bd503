# Import by WhatsApp Business Account ID and template ID ...
import {
  to = whatsapp_message_template.order_update
  id = "102290129340398/1234567890123456"
}

# ... or by WhatsApp Business Account ID, name and language (matched exactly).
import {
  to = whatsapp_message_template.welcome
  id = "102290129340398/welcome_v1/pt_BR"
}
