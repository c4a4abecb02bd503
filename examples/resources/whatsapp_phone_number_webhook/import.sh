# Import by phone number ID. The verify token cannot be read back: the first
# apply after an import sends the configured one (Meta verifies the URL again).
terraform import whatsapp_phone_number_webhook.support 106540352242922
