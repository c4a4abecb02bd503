# Import by WhatsApp Business Account ID. The verify token cannot be read back:
# with an override configured, the first apply after an import sends the
# configured token again (Meta verifies the URL again).
terraform import whatsapp_webhook_subscription.acme 102290129340398
