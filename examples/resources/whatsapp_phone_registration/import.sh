# Import by phone number ID. The PIN cannot be read back: the first apply
# after an import sets the configured PIN in place (no register, no deregister).
terraform import whatsapp_phone_registration.support 106540352242922
