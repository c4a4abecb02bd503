# Terraform 1.14 or later: terraform query (add -generate-config-out=adopted.tf
# to write the resources and their import blocks). OpenTofu has no query.
# The WABA's numbers that have a callback override of their own.
list "whatsapp_phone_number_webhook" "number_hooks" {
  provider         = whatsapp
  include_resource = true
  limit            = 100

  config {
    whatsapp_business_account_id = "102290129340398"
  }
}
