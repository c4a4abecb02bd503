# Against the local emulator (make emulator, or
# go run ./cmd/whatsapp-cloud-emulator): http:// is accepted for loopback only.
provider "whatsapp" {
  base_url     = "http://127.0.0.1:8089"
  access_token = var.emulator_token
}

variable "emulator_token" {
  type      = string
  sensitive = true
}
