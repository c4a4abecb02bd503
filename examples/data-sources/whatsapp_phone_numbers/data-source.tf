# Every number of a WhatsApp Business Account, following the API's paging.
data "whatsapp_phone_numbers" "all" {
  whatsapp_business_account_id = "102290129340398"
}

# Only the numbers not yet registered on the Cloud API.
data "whatsapp_phone_numbers" "unregistered" {
  whatsapp_business_account_id = "102290129340398"
  registered                   = false
}

output "unregistered_numbers" {
  value = [for n in data.whatsapp_phone_numbers.unregistered.phone_numbers : n.display_phone_number]
}
