variable "whatsapp_business_account_id" {
  type        = string
  description = "The WhatsApp Business Account that owns the templates."
}

# One template, two languages: each language is its own template in Meta
# (its own id, review and status), so each is its own instance here.
locals {
  order_shipped = {
    en_US = {
      body   = "Hello {{1}}, your order {{2}} has shipped. Track it below."
      button = "Track order"
    }
    pt_BR = {
      body   = "Olá {{1}}, seu pedido {{2}} foi enviado. Acompanhe abaixo."
      button = "Rastrear pedido"
    }
  }
}

resource "whatsapp_message_template" "order_shipped" {
  for_each = local.order_shipped

  whatsapp_business_account_id = var.whatsapp_business_account_id
  # A version in the name: a change Meta cannot edit in place (the
  # category of an APPROVED template, parameter_format) becomes a new
  # template, order_shipped_v2, created before v1 is deleted.
  name     = "order_shipped_v1"
  language = each.key
  category = "UTILITY"

  header = {
    format  = "TEXT"
    text    = "Order {{1}}"
    example = "#1234"
  }
  body = {
    text     = each.value.body
    examples = ["Ana", "#1234"]
  }
  footer = {
    text = "Acme Shop"
  }
  buttons = [
    {
      type    = "URL"
      text    = each.value.button
      url     = "https://acme.example/track/{{1}}"
      example = "https://acme.example/track/1234"
    },
  ]
  # Delivery is tried for 12 hours at most (UTILITY allows 30 seconds to
  # 12 hours); a shipping update that comes later is noise.
  message_send_ttl_seconds = 43200

  # The apply ends when Meta has reviewed the template: APPROVED, or an
  # error with Meta's rejected_reason.
  wait_for_review = true
  timeouts {
    create = "30m"
    update = "30m"
  }

  lifecycle {
    create_before_destroy = true
  }
}

output "order_shipped_status" {
  description = "Meta's review status of each language."
  value       = { for language, t in whatsapp_message_template.order_shipped : language => t.status }
}

# The whole account at a glance (one list, every page): the templates Meta
# has paused, disabled or rejected, or whose quality it rates RED, in the
# CLI's output after every apply and in `terraform output`.
data "whatsapp_message_templates" "all" {
  whatsapp_business_account_id = var.whatsapp_business_account_id
}

output "templates_needing_attention" {
  description = "Templates Meta paused, disabled or rejected, or rates RED: name (language) => status and quality."
  value = {
    for t in data.whatsapp_message_templates.all.templates :
    "${t.name} (${t.language})" => "${t.status}, quality ${coalesce(t.quality_score, "UNKNOWN")}"
    if contains(["PAUSED", "DISABLED", "REJECTED"], t.status) || t.quality_score == "RED"
  }
}
