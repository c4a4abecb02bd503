# Terraform 1.14 or later: terraform query (add -generate-config-out=adopted.tf
# to write the resources and their import blocks). OpenTofu has no query.
# Every message template of the WABA, one result per name and language.
list "whatsapp_message_template" "templates" {
  provider         = whatsapp
  include_resource = true
  limit            = 1000

  config {
    whatsapp_business_account_id = "102290129340398"
  }
}
