# Terraform 1.14 or later: terraform query (add -generate-config-out=adopted.tf
# to write the resources and their import blocks). OpenTofu has no query.
# The WABA's numbers registered on the Cloud API; include_resource reads each one's region (two calls a number).
list "whatsapp_phone_registration" "numbers" {
  provider         = whatsapp
  include_resource = true
  limit            = 100

  config {
    whatsapp_business_account_id = "102290129340398"
  }
}
