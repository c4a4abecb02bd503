import {
  to = whatsapp_phone_number_webhook.support
  id = "106540352242922"
}
