# This number can send messages: every plan and apply warns, with Meta's own
# reasons, when the number (or its account, business or app) is limited or
# blocked.
check "this_number_can_send_messages" {
  data "whatsapp_phone_number" "support" {
    phone_number_id = "106540352242922"
  }

  assert {
    condition = data.whatsapp_phone_number.support.health_status.can_send_message == "AVAILABLE"
    error_message = "Phone number 106540352242922 cannot send messages freely (${data.whatsapp_phone_number.support.health_status.can_send_message}): ${join("; ", flatten([
      for e in data.whatsapp_phone_number.support.health_status.entities : concat(
        [for err in e.errors : "${e.entity_type} ${e.id}: ${err.error_description} (error ${err.error_code}). ${err.possible_solution}"],
        [for info in e.additional_info : "${e.entity_type} ${e.id}: ${info}"],
      )
    ]))}"
  }
}
