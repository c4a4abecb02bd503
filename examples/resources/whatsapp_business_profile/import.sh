# Import by phone number ID. Every field is read; only those the configuration
# sets are managed from then on.
terraform import whatsapp_business_profile.support 106540352242922
