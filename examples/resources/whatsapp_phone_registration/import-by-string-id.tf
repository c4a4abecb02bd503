import {
  to = whatsapp_phone_registration.support
  id = "106540352242922"
}
