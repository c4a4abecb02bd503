# Terraform 1.14 or later: terraform query (add -generate-config-out=adopted.tf
# to write the resources and their import blocks). OpenTofu has no query.
# The business profile of each of the WABA's numbers.
list "whatsapp_business_profile" "profiles" {
  provider         = whatsapp
  include_resource = true
  limit            = 100

  config {
    whatsapp_business_account_id = "102290129340398"
  }
}
