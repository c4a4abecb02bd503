variable "two_step_pin" {
  type      = string
  sensitive = true
}

variable "on_premises_backup" {
  description = "The backup data exported from the On-Premises API."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "on_premises_backup_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Migrating a number from the On-Premises API: the backup goes with the
# register, on create only, and is never stored in plan or state.
resource "whatsapp_phone_registration" "migrated" {
  phone_number_id              = "106540352242922"
  pin                          = var.two_step_pin
  migration_backup_data_wo     = var.on_premises_backup
  migration_backup_password_wo = var.on_premises_backup_password
}
