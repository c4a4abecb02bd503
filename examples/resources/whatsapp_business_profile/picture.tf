variable "profile_picture_handle" {
  type      = string
  ephemeral = true
}

# A profile picture: upload it with Meta's Resumable Upload API, pass the
# handle, and bump the version whenever you pass a new one.
resource "whatsapp_business_profile" "support" {
  phone_number_id                   = "106540352242922"
  profile_picture_handle_wo         = var.profile_picture_handle
  profile_picture_handle_wo_version = 1
}
