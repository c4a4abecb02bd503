# Named variables: examples by name.
resource "whatsapp_message_template" "welcome" {
  whatsapp_business_account_id = "102290129340398"
  name                         = "welcome_v1"
  language                     = "pt_BR"
  category                     = "MARKETING"
  parameter_format             = "NAMED"

  body = {
    text           = "Olá {{first_name}}, bem-vindo à Acme!"
    named_examples = { first_name = "Ana" }
  }
}
