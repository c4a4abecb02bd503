# An order update in US English: a text header, a body with two variables
# and their examples, a footer and two buttons.
resource "whatsapp_message_template" "order_update" {
  whatsapp_business_account_id = "102290129340398"
  name                         = "order_update"
  language                     = "en_US"
  category                     = "UTILITY"

  header = {
    format  = "TEXT"
    text    = "Order {{1}}"
    example = "#1234"
  }
  body = {
    text     = "Hello {{1}}, your order {{2}} has shipped."
    examples = ["Ana", "#1234"]
  }
  footer = {
    text = "Acme Shop"
  }
  buttons = [
    { type = "URL", text = "Track", url = "https://acme.example/track/{{1}}", example = "https://acme.example/track/1234" },
    { type = "QUICK_REPLY", text = "Stop updates" },
  ]
}
