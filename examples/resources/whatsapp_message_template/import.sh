# By WhatsApp Business Account ID and template ID, or by name and language.
terraform import whatsapp_message_template.order_update 102290129340398/1234567890123456
terraform import whatsapp_message_template.order_update 102290129340398/order_update/en_US
