# Terraform 1.14 or later: terraform query (add -generate-config-out=adopted.tf
# to write the resources and their import blocks). OpenTofu has no query.
# The WABA's subscription to this app's webhooks, when it is subscribed.
list "whatsapp_webhook_subscription" "subscription" {
  provider         = whatsapp
  include_resource = true
  limit            = 100

  config {
    whatsapp_business_account_id = "102290129340398"
  }
}
