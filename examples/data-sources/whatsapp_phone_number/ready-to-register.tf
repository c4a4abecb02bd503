variable "two_step_pin" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Meta refuses to register a number whose provisioning is not finished (error
# 100, subcode 2388001, "Cannot Create Certificate"), and each refused register
# still counts against the 10-per-72-hours budget. Such a number reads
# platform_type and throughput_level both NOT_APPLICABLE: stop the plan there.
data "whatsapp_phone_number" "new" {
  phone_number_id = "106540352242922"

  lifecycle {
    postcondition {
      condition     = self.registered || self.throughput_level != "NOT_APPLICABLE"
      error_message = "Meta has not finished provisioning this number (platform_type and throughput_level are NOT_APPLICABLE): wait until WhatsApp Manager shows it ready, then apply again."
    }
  }
}

resource "whatsapp_phone_registration" "new" {
  phone_number_id = data.whatsapp_phone_number.new.id
  pin_wo          = var.two_step_pin
  pin_wo_version  = 1
}
