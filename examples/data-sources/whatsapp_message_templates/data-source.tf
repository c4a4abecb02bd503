# Every template of a WhatsApp Business Account, following the API's paging.
data "whatsapp_message_templates" "all" {
  whatsapp_business_account_id = "102290129340398"
}

# Only the approved marketing templates in English (US).
data "whatsapp_message_templates" "approved_marketing" {
  whatsapp_business_account_id = "102290129340398"
  status                       = "APPROVED"
  category                     = "MARKETING"
  language                     = "en_US"
}

# Every language of one template name, matched exactly (Meta's own name
# filter also matches parts of names).
data "whatsapp_message_templates" "order_update" {
  whatsapp_business_account_id = "102290129340398"
  name                         = "order_update"
}

output "rejected_templates" {
  value = { for t in data.whatsapp_message_templates.all.templates : "${t.name} (${t.language})" => t.rejected_reason if t.status == "REJECTED" }
}

output "order_update_languages" {
  value = [for t in data.whatsapp_message_templates.order_update.templates : t.language]
}
