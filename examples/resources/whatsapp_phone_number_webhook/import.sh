# Import by phone number ID. The verify token cannot be read back: the import
# records verify_token_wo_version 1, and the first apply takes the configured
# token as given (no second verification).
terraform import whatsapp_phone_number_webhook.support 106540352242922
