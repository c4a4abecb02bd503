# A one-time password in US English. Meta writes the texts: "{{1}} is your
# verification code.", the security sentence, the expiry footer. The button
# fills the code in the bank's Android app with no tap (zero-tap), and
# falls back to copying it.
resource "whatsapp_message_template" "login_code" {
  whatsapp_business_account_id = "102290129340398"
  name                         = "login_code"
  language                     = "en_US"
  category                     = "AUTHENTICATION"
  message_send_ttl_seconds     = 600

  body = {
    add_security_recommendation = true
  }
  footer = {
    code_expiration_minutes = 10
  }
  buttons = [{
    type          = "OTP"
    otp_type      = "ZERO_TAP"
    text          = "Copy code"
    autofill_text = "Autofill"
    supported_apps = [
      { package_name = "com.example.bank", signature_hash = "K8a/AINcGX7" },
    ]
    zero_tap_terms_accepted = true
  }]
}
