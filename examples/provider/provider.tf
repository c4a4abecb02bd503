terraform {
  required_version = ">= 1.11"
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

# The token comes from WHATSAPP_ACCESS_TOKEN and the app secret from
# WHATSAPP_APP_SECRET; setting them in the block is also possible.
provider "whatsapp" {
  api_version     = "v26.0"
  max_retries     = 4
  request_timeout = "30s"
}
