import {
  to = whatsapp_business_profile.support
  id = "106540352242922"
}
