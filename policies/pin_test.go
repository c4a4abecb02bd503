package policies_test

import (
	"fmt"
	"testing"
)

// TestPINInEverySectionOfThePlan: with forbid_pin_in_plan, a PIN is found
// wherever the plan stores it: a local or each.value feeding pin_wo from a
// variable that is not ephemeral, a module two levels down, a variable's
// default, a literal, and the before and prior_state of a destroy or a
// forget.
func TestPINInEverySectionOfThePlan(t *testing.T) {
	k := newKit(t)
	forbid := []string{forbidPIN}
	const addrLocal = "whatsapp_phone_registration.local"
	const addrEach = `whatsapp_phone_registration.each["support"]`
	const addrEachConfig = "whatsapp_phone_registration.each"
	const addrDeep = "module.outer.module.inner.whatsapp_phone_registration.this"
	const addrLiteral = "whatsapp_phone_registration.literal"
	k.writeFile("inner/main.tf", k.requiredProviders()+`
variable "number" {
  type = string
}

variable "pin" {
  type      = string
  sensitive = true
}

resource "whatsapp_phone_registration" "this" {
  phone_number_id = var.number
  pin_wo          = var.pin
  pin_wo_version  = 1
}
`)
	k.writeFile("outer/main.tf", k.requiredProviders()+`
variable "number" {
  type = string
}

variable "pin" {
  type      = string
  sensitive = true
}

module "inner" {
  source = "../inner"
  number = var.number
  pin    = var.pin
}
`)
	config := fmt.Sprintf(`
variable "pin" {
  type      = string
  sensitive = true
}

variable "numbers" {
  type = map(object({ id = string, pin = string }))
}

variable "fallback_pin" {
  type      = string
  sensitive = true
  default   = %q
}

locals {
  pin = var.pin
}

resource "whatsapp_phone_registration" "local" {
  phone_number_id = %q
  pin_wo          = local.pin
  pin_wo_version  = 1
}

resource "whatsapp_phone_registration" "each" {
  for_each        = var.numbers
  phone_number_id = each.value.id
  pin_wo          = each.value.pin
  pin_wo_version  = 1
}

module "outer" {
  source = "./outer"
  number = %q
  pin    = var.fallback_pin
}

resource "whatsapp_phone_registration" "literal" {
  phone_number_id = %q
  pin_wo          = %q
  pin_wo_version  = 1
}
`, pinOther, numberA, numberB, extraNumbers[1], pinNew)
	k.write(config)
	k.terraform("get")
	vars := []string{"-var", "pin=" + pinWO, "-var", fmt.Sprintf(`numbers={support = {id = %q, pin = %q}}`, extraNumbers[2], pinOld)}
	create := k.plan("create", vars...)
	k.check("create, pin forbidden", create, forbid, want{
		deny: []string{
			msg("pin_variable_in_plan", addrLocal, numberA),
			msg("pin_variable_in_plan", addrEachConfig, extraNumbers[2]),
			msg("pin_variable_in_plan", addrDeep, numberB),
			msg("pin_in_plan", addrLiteral, extraNumbers[1]),
		},
		budget: map[string]budget{
			numberA: spend(1, 0, addrLocal), numberB: spend(1, 0, addrDeep),
			extraNumbers[1]: spend(1, 0, addrLiteral), extraNumbers[2]: spend(1, 0, addrEach),
		},
		phrases: []string{
			"pin_wo takes its value from local.pin, which plan JSON does not show",
			`pin_wo takes its value from variable "numbers", whose value this plan stores in clear ("variables")`,
			`pin_wo takes its value from variable "fallback_pin", whose default this plan stores in clear ("configuration"); variable "fallback_pin", whose value`,
			"in configuration (a literal pin_wo)",
		},
	})
	k.check("create, pin allowed", create, nil, want{budget: map[string]budget{
		numberA: spend(1, 0, addrLocal), numberB: spend(1, 0, addrDeep),
		extraNumbers[1]: spend(1, 0, addrLiteral), extraNumbers[2]: spend(1, 0, addrEach),
	}})

	// A registration that uses pin keeps the PIN in state: a destroy and a
	// forget still carry it, in before and prior_state.
	k.write(registration("main", numberA, pinOld, "", ""))
	k.apply()
	k.check("destroy, pin forbidden", k.plan("destroy", "-destroy"), forbid, want{
		deny:    []string{msg("deregister_not_approved", addrMain, numberA), msg("pin_in_plan", addrMain, numberA)},
		budget:  map[string]budget{numberA: spend(0, 1, addrMain)},
		phrases: []string{"in configuration (a literal pin), prior_state, resource_changes (before)"},
	})
	k.write(fmt.Sprintf("\nremoved {\n  from = %s\n  lifecycle {\n    destroy = false\n  }\n}\n", addrMain))
	k.check("forget, pin forbidden", k.plan("forget"), forbid, want{
		deny:    []string{msg("pin_in_plan", addrMain, numberA)},
		warn:    []string{msg("forget", addrMain, numberA)},
		phrases: []string{"in prior_state, resource_changes (before)"},
	})
}
