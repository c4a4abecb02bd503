# Only the fields set here are managed: the others are never sent, and keep
# whatever WhatsApp Manager shows.
resource "whatsapp_business_profile" "support" {
  phone_number_id = "106540352242922"
  about           = "Acme Support: we answer within the hour."
  description     = "Orders, returns and warranty questions for Acme products."
  email           = "support@acme.example"
  websites        = ["https://acme.example/support"]
  vertical        = "RETAIL"
}
