package policies_test

import (
	"fmt"
	"testing"
)

// TestEveryReplacementIsFlagged: whatever asks for a replacement of a
// registration (-replace, taint, replace_triggered_by, a PIN change during
// a forced replacement), the saved plan shows a deregister and a register,
// the budget, the preflight's PIN write, and Terraform's reason; a destroy
// says why Terraform plans it (a removed block, OpenTofu's enabled = false).
func TestEveryReplacementIsFlagged(t *testing.T) {
	k := newKit(t)
	trigger := func(input string) string {
		return fmt.Sprintf("\nresource \"terraform_data\" \"rotation\" {\n  input = %q\n}\n", input)
	}
	main := func(pin string) string {
		return registration("main", numberA, pin, "CH", "  lifecycle {\n    replace_triggered_by = [terraform_data.rotation]\n  }\n")
	}
	k.write(main(pinOld) + trigger("one"))
	k.apply()
	replaced := want{
		deny:   []string{msg("deregister_not_approved", addrMain, numberA)},
		budget: map[string]budget{numberA: spend(1, 1, addrMain)},
	}
	with := func(w want, phrases ...string) want {
		w.phrases = append(phrases, "deregister, then register", "one deregister and one register of its 10 each per 72 hours are spent",
			"Before the deregister, the provider's preflight reads the number and sets its two-step verification PIN")
		return w
	}

	k.check("-replace", k.plan("replace", "-replace="+addrMain), nil, with(replaced, "-replace was requested"))

	k.write(main(pinOld) + trigger("two"))
	k.check("replace_triggered_by", k.plan("triggered"), nil, with(replaced, "replace_triggered_by: a resource it names changes"))

	k.write(main(pinOld) + trigger("one"))
	k.terraform("taint", addrMain)
	k.check("taint", k.plan("taint"), nil, with(replaced, "the object is tainted"))
	k.terraform("untaint", addrMain)

	// A PIN change during a forced replacement: the preflight sets the new
	// PIN before the deregister.
	k.write(main(pinNew) + trigger("one"))
	pinDuring := with(replaced, "sets its two-step verification PIN to the new one the register will present",
		"(pin changes), during the replacement: the provider's preflight sets it before the deregister")
	pinDuring.warn = []string{msg("pin_set", addrMain, numberA)}
	k.check("a PIN change during -replace", k.plan("replace-pin", "-replace="+addrMain), nil, pinDuring)

	// Removing the block with a removed block: destroy = true deregisters,
	// destroy = false forgets (no call, but the number is no longer managed).
	removed := func(destroy bool) string {
		return fmt.Sprintf("%s\nremoved {\n  from = %s\n  lifecycle {\n    destroy = %t\n  }\n}\n", trigger("one"), addrMain, destroy)
	}
	k.write(removed(true))
	k.check("removed, destroy = true", k.plan("removed"), nil, want{
		deny:    []string{msg("deregister_not_approved", addrMain, numberA)},
		budget:  map[string]budget{numberA: spend(0, 1, addrMain)},
		phrases: []string{"destroys the registration (deregister; the address is no longer in the configuration: its block was deleted, or a removed block says destroy = true)"},
	})
	k.write(removed(false))
	k.check("removed, destroy = false", k.plan("forget"), nil, want{
		warn:    []string{msg("forget", addrMain, numberA)},
		phrases: []string{"Terraform stops managing it and makes no API call"},
	})

	if k.tofu() {
		k.write(registration("main", numberA, pinOld, "CH", "  lifecycle {\n    enabled = false\n  }\n") + trigger("one"))
		k.check("OpenTofu enabled = false", k.plan("disabled"), nil, want{
			deny:    []string{msg("deregister_not_approved", addrMain, numberA)},
			budget:  map[string]budget{numberA: spend(0, 1, addrMain)},
			phrases: []string{"destroys the registration (deregister; lifecycle { enabled = false } (OpenTofu))"},
		})
	}
}
