package policies_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestPlansOfOneNumberWithPIN follows one registration that uses pin through
// the plans a team makes, each from the same applied state.
func TestPlansOfOneNumberWithPIN(t *testing.T) {
	k := newKit(t)
	main := func(number, pin, region string) string { return registration("main", number, pin, region, "") }

	k.write(main(numberA, pinOld, "CH"))
	create := k.plan("create")
	k.check("create", create, nil, want{budget: map[string]budget{numberA: spend(1, 0, addrMain)}})
	k.check("create, pin forbidden", create, []string{forbidPIN}, want{
		deny:    []string{msg("pin_in_plan", addrMain, numberA)},
		budget:  map[string]budget{numberA: spend(1, 0, addrMain)},
		phrases: []string{"ephemeral = true to pin_wo"},
	})
	k.apply()

	noop := k.plan("noop")
	k.check("no-op", noop, nil, want{})
	// The PIN is in every plan that has pin in its configuration, no-ops too.
	k.check("no-op, pin forbidden", noop, []string{forbidPIN}, want{deny: []string{msg("pin_in_plan", addrMain, numberA)}})

	k.write(main(numberA, pinOld, "DE"))
	region := k.plan("region")
	regionSpend := map[string]budget{numberA: spend(1, 1, addrMain)}
	k.check("region CH to DE", region, nil, want{
		deny:    []string{msg("deregister_not_approved", addrMain, numberA)},
		warn:    []string{msg("region_change", addrMain, numberA)},
		budget:  regionSpend,
		phrases: []string{"from CH to DE", "deregister, then register; forced by data_localization_region"},
	})
	// The approval the deny message suggests approves exactly this change,
	// and says so; planned again, the same change has the same digest.
	got := k.check("region CH to DE, again", k.plan("region-again"), nil, want{
		deny:   []string{msg("deregister_not_approved", addrMain, numberA)},
		warn:   []string{msg("region_change", addrMain, numberA)},
		budget: regionSpend,
		phrases: []string{
			"no approval document was given",
			"the provider's preflight reads the number and sets its two-step verification PIN to the one the register will present",
		},
	})
	approval := k.suggestion(got, addrMain)
	if c := approval.Approval.Changes[0]; c["phone_number_id"] != numberA || fmt.Sprint(c["actions"]) != "[delete create]" {
		t.Errorf("the suggested approval names %+v", c)
	}
	approved := want{
		warn:    []string{msg("deregister_approved", addrMain, numberA), msg("region_change", addrMain, numberA)},
		budget:  regionSpend,
		phrases: []string{"Approved by CHG-1234 (until " + approval.Approval.Expires + ")"},
	}
	k.check("region, approved by the suggested approval", region, []string{approval.String()}, approved)
	k.check("no-op, with the approval of the region change", noop, []string{approval.String()}, want{
		warn:    []string{"[whatsapp.approval_unused] " + addrMain},
		phrases: []string{"approves no change of this plan"},
	})
	k.checkApprovalRefusals(region, approval, regionSpend)
	k.check("region, pin forbidden", region, []string{forbidPIN}, want{
		deny:   []string{msg("deregister_not_approved", addrMain, numberA), msg("pin_in_plan", addrMain, numberA)},
		warn:   []string{msg("region_change", addrMain, numberA)},
		budget: regionSpend,
	})

	k.write(main(numberA, pinOld, ""))
	k.check("region removed", k.plan("region-off"), nil, want{
		deny:    []string{msg("deregister_not_approved", addrMain, numberA)},
		warn:    []string{msg("region_change", addrMain, numberA)},
		budget:  regionSpend,
		phrases: []string{"from CH to (none: local storage off)"},
	})

	k.write(main(numberA, pinNew, "CH"))
	pin := k.plan("pin")
	k.check("pin change", pin, nil, want{
		warn:    []string{msg("pin_set", addrMain, numberA)},
		phrases: []string{"(pin changes)"},
	})
	k.check("pin change, pin forbidden", pin, []string{forbidPIN}, want{
		deny: []string{msg("pin_in_plan", addrMain, numberA)},
		warn: []string{msg("pin_set", addrMain, numberA)},
	})

	k.write(registrationWO(1, "CH", "") + ephemeralPIN)
	// The plan that moves to pin_wo still holds the old PIN, from state.
	k.check("switch from pin to pin_wo", k.plan("to-pin-wo", "-var", "pin="+pinOld), []string{forbidPIN}, want{
		deny: []string{msg("pin_in_plan", addrMain, numberA)},
		warn: []string{msg("pin_set", addrMain, numberA)},
		phrases: []string{
			"switches from pin to pin_wo (pin_wo_version 1)",
			"in prior_state, resource_changes (before)",
			"The plan that makes the move still holds the old PIN",
		},
	})

	k.write(main(numberB, pinOld, "CH"))
	moved := k.plan("number")
	movedSpend := map[string]budget{numberA: spend(0, 1, addrMain), numberB: spend(1, 0, addrMain)}
	k.check("phone_number_id change", moved, nil, want{
		deny:    []string{msg("deregister_not_approved", addrMain, numberA+" → "+numberB)},
		budget:  movedSpend,
		phrases: []string{"forced by phone_number_id", "phone number " + numberA + " stops messaging"},
	})
	// The approval names the number that is deregistered, not the new one.
	movedApproval := k.suggestion(k.eval(moved), addrMain)
	if movedApproval.Approval.Changes[0]["phone_number_id"] != numberA {
		t.Errorf("the approval of a number change names %v, want the old number", movedApproval.Approval.Changes[0]["phone_number_id"])
	}
	k.check("phone_number_id change, approved", moved, []string{movedApproval.String()}, want{
		warn:   []string{msg("deregister_approved", addrMain, numberA+" → "+numberB)},
		budget: movedSpend,
	})
	k.check("phone_number_id change, the new number approved", moved, []string{movedApproval.edited(map[string]any{"phone_number_id": numberB}).String()}, want{
		deny:    []string{msg("deregister_not_approved", addrMain, numberA+" → "+numberB)},
		budget:  movedSpend,
		phrases: []string{`phone_number_id: approved "` + numberB + `", this change acts on "` + numberA + `"`},
	})

	k.write(main(numberA, pinOld, "CH"))
	k.check("-replace", k.plan("replace", "-replace="+addrMain), nil, want{
		deny:    []string{msg("deregister_not_approved", addrMain, numberA)},
		budget:  regionSpend,
		phrases: []string{"deregister, then register; -replace was requested", "the provider's preflight"},
	})

	k.write(registration("main", numberA, pinOld, "DE", "  lifecycle {\n    create_before_destroy = true\n  }\n"))
	k.check("create_before_destroy and a region change", k.plan("cbd"), nil, want{
		deny:    []string{msg("deregister_not_approved", addrMain, numberA)},
		warn:    []string{msg("region_change", addrMain, numberA)},
		budget:  regionSpend,
		phrases: []string{"create_before_destroy (register, then deregister; forced by data_localization_region)"},
	})

	// A rename without a moved block destroys one address and creates the
	// other: two calls on one number, under two addresses.
	k.write(registration("support", numberA, pinOld, "DE", ""))
	k.check("rename without moved, and a region change", k.plan("rename"), nil, want{
		deny:    []string{msg("deregister_not_approved", addrMain, numberA)},
		budget:  map[string]budget{numberA: spend(1, 1, addrMain, addrSupport)},
		phrases: []string{"the address is no longer in the configuration, and " + addrSupport + " creates the same object: a rename without a moved block"},
	})

	// A copy of the resource on the same number next to a region change:
	// three calls on one number in one plan. The provider refuses two
	// resources of one number under one provider configuration
	// (guardDuplicateNumber), but cannot see across two, each its own
	// plugin process: the kit's budget counts the plan as a whole.
	k.write(main(numberA, pinOld, "DE") + registration("support", numberA, pinOld, "DE", ""))
	if _, stderr, err := k.run("plan", "-input=false"); err == nil || !strings.Contains(stderr, "is managed by two resources") {
		t.Fatalf("the provider planned two resources of one number under one configuration: %v\n%s", err, stderr)
	}
	k.write(main(numberA, pinOld, "DE") + k.aliasedProvider("copy") + registration("support", numberA, pinOld, "DE", "  provider = whatsapp.copy\n"))
	threeSpend := map[string]budget{numberA: spend(2, 1, addrMain, addrSupport)}
	copied := k.plan("copy")
	k.check("two resources on one number", copied, []string{k.suggestion(k.eval(copied), addrMain).String()}, want{
		warn: []string{
			msg("deregister_approved", addrMain, numberA),
			msg("region_change", addrMain, numberA),
			msg("budget", addrMain+", "+addrSupport, numberA),
		},
		budget:  threeSpend,
		phrases: []string{"this plan spends 2 register(s) and 1 deregister(s) on phone number " + numberA},
	})

	k.write(main(numberA, pinOld, "CH"))
	destroy := k.plan("destroy", "-destroy")
	k.check("destroy", destroy, nil, want{
		deny:    []string{msg("deregister_not_approved", addrMain, numberA)},
		budget:  map[string]budget{numberA: spend(0, 1, addrMain)},
		phrases: []string{"destroys the registration (deregister; terraform destroy, or plan -destroy)"},
	})
	// The approval of the region change does not approve a destroy of the
	// same address: other actions, another digest.
	k.check("destroy, with the approval of the region change", destroy, []string{approval.String()}, want{
		deny:   []string{msg("deregister_not_approved", addrMain, numberA)},
		budget: map[string]budget{numberA: spend(0, 1, addrMain)},
		phrases: []string{
			`the entry for ` + addrMain + ` does not count: actions: approved ["delete","create"], this change does ["delete"]`,
			"digest: approved",
		},
	})
	k.check("destroy, approved", destroy, []string{k.suggestion(k.eval(destroy), addrMain).String()}, want{
		warn:   []string{msg("deregister_approved", addrMain, numberA)},
		budget: map[string]budget{numberA: spend(0, 1, addrMain)},
	})
}

// TestPlansOfOneNumberWithWriteOnlyPIN: pin_wo, its version, and
// reregister_triggers, which spends a register without a deregister.
func TestPlansOfOneNumberWithWriteOnlyPIN(t *testing.T) {
	k := newKit(t)
	pinVar := []string{"-var", "pin=" + pinWO}
	triggers := func(m string) string { return "  reregister_triggers = " + m + "\n" }

	k.write(registrationWO(1, "CH", "") + ephemeralPIN)
	k.check("create with pin_wo, pin forbidden", k.plan("create", pinVar...), []string{forbidPIN}, want{
		budget: map[string]budget{numberA: spend(1, 0, addrMain)},
	})
	k.apply(pinVar...)

	k.write(registrationWO(2, "CH", "") + ephemeralPIN)
	k.check("pin_wo_version bump, pin forbidden", k.plan("version", pinVar...), []string{forbidPIN}, want{
		warn:    []string{msg("pin_set", addrMain, numberA)},
		phrases: []string{"pin_wo_version changes from 1 to 2"},
	})

	// With pin_wo and an unchanged version, the provider allows a region change.
	k.write(registrationWO(1, "DE", "") + ephemeralPIN)
	k.check("region change with pin_wo, pin forbidden", k.plan("region", pinVar...), []string{forbidPIN}, want{
		deny:   []string{msg("deregister_not_approved", addrMain, numberA)},
		warn:   []string{msg("region_change", addrMain, numberA)},
		budget: map[string]budget{numberA: spend(1, 1, addrMain)},
	})

	k.write(registrationWO(1, "CH", triggers(`{ display_name = "Acme Support" }`)) + ephemeralPIN)
	k.check("triggers set", k.plan("triggers", pinVar...), nil, want{
		warn:    []string{msg("reregister", addrMain, numberA)},
		budget:  map[string]budget{numberA: spend(1, 0, addrMain)},
		phrases: []string{"registered again in place"},
	})
	k.apply(pinVar...)

	k.write(registrationWO(1, "CH", triggers(`{ display_name = "Acme Customer Care" }`)) + ephemeralPIN)
	k.check("triggers changed", k.plan("triggers-changed", pinVar...), nil, want{
		warn:   []string{msg("reregister", addrMain, numberA)},
		budget: map[string]budget{numberA: spend(1, 0, addrMain)},
	})

	// Emptying the map is an update that calls nothing.
	k.write(registrationWO(1, "CH", triggers("{}")) + ephemeralPIN)
	k.check("triggers emptied", k.plan("triggers-emptied", pinVar...), nil, want{})
	k.apply(pinVar...)

	// And from {} to null: null and {} are the same.
	k.write(registrationWO(1, "CH", "") + ephemeralPIN)
	k.check("triggers removed after {}", k.plan("triggers-removed", pinVar...), nil, want{})
}

// TestModulesUnknownNumbersAndVariables: a registration in a module, one
// whose number is not known until apply, and pin_wo fed by variables that
// are not ephemeral, which the plan file stores in clear.
func TestModulesUnknownNumbersAndVariables(t *testing.T) {
	k := newKit(t)
	const addrModule = "module.wa.whatsapp_phone_registration.this"
	const addrLater = "whatsapp_phone_registration.later"
	k.writeFile("wa/main.tf", `terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

variable "number" {
  type = string
}

variable "region" {
  type = string
}

variable "pin" {
  type      = string
  sensitive = true
}

resource "whatsapp_phone_registration" "this" {
  phone_number_id          = var.number
  pin_wo                   = var.pin
  pin_wo_version           = 1
  data_localization_region = var.region
}
`)
	root := func(region string) string {
		return fmt.Sprintf(`
variable "pin" {
  type      = string
  sensitive = true
}

module "wa" {
  source = "./wa"
  number = %q
  region = %q
  pin    = var.pin
}

resource "terraform_data" "number" {
  input = %q
}

resource "whatsapp_phone_registration" "later" {
  phone_number_id = terraform_data.number.output
  pin_wo          = var.pin
  pin_wo_version  = 1
}
`, numberA, region, numberB)
	}
	k.write(root("CH"))
	k.terraform("get")
	pinVar := []string{"-var", "pin=" + pinWO}
	create := k.plan("create", pinVar...)
	createSpend := map[string]budget{
		numberA:                                  spend(1, 0, addrModule),
		"(known after apply: " + addrLater + ")": spend(1, 0, addrLater),
	}
	k.check("create", create, nil, want{budget: createSpend})
	k.check("create, pin forbidden", create, []string{forbidPIN}, want{
		deny: []string{
			msg("pin_variable_in_plan", addrModule, numberA),
			msg("pin_variable_in_plan", addrLater, "(known after apply)"),
		},
		budget:  createSpend,
		phrases: []string{`pin_wo takes its value from variable "pin", whose value this plan stores in clear ("variables")`, "ephemeral = true"},
	})
	k.apply(pinVar...)

	k.write(root("DE"))
	region := k.plan("region", pinVar...)
	k.check("region change in a module", region, nil, want{
		deny:   []string{msg("deregister_not_approved", addrModule, numberA)},
		warn:   []string{msg("region_change", addrModule, numberA)},
		budget: map[string]budget{numberA: spend(1, 1, addrModule)},
	})
	k.check("region change in a module, approved", region, []string{k.suggestion(k.eval(region), addrModule).String()}, want{
		warn:   []string{msg("deregister_approved", addrModule, numberA), msg("region_change", addrModule, numberA)},
		budget: map[string]budget{numberA: spend(1, 1, addrModule)},
	})
}

// TestFirstPlanAfterImport: the PIN cannot be read from Meta; an import
// records pin_wo_version 1 and the provider takes the first configured PIN
// as given. A saved plan does not show that mark (private state), so the
// kit says both readings and counts the register the triggers may spend.
func TestFirstPlanAfterImport(t *testing.T) {
	k := newKit(t)
	// A number registered by someone else (here: another state), then
	// imported into this one.
	k.write(registration("main", numberA, pinImported, "DE", ""))
	k.apply()
	k.terraform("state", "rm", addrMain)
	k.terraform("import", "-input=false", addrMain, numberA)
	k.check("first plan after import", k.plan("imported"), nil, want{
		warn:    []string{msg("pin_set", addrMain, numberA)},
		phrases: []string{"if this is the first apply since an import", "takes the configured PIN as the number's current one without sending it"},
	})

	// reregister_triggers in the configuration of an imported number are
	// only recorded by that first apply; the kit cannot see that, so it
	// counts the register and says why.
	k.write(registration("main", numberA, pinImported, "DE", "  reregister_triggers = { display_name = \"Acme Support\" }\n"))
	k.check("first plan after import, with triggers", k.plan("imported-triggers"), nil, want{
		warn:    []string{msg("pin_set", addrMain, numberA), msg("reregister", addrMain, numberA)},
		budget:  map[string]budget{numberA: spend(1, 0, addrMain)},
		phrases: []string{"the first apply since an import only records the triggers"},
	})
}

// TestBudgetOfOnePlan: more than 10 registers of one number in one plan
// cannot succeed. Under one provider configuration the provider itself
// refuses a second resource of a number (guardDuplicateNumber); each
// resource here has a configuration of its own, which the provider cannot
// see across, and the kit can.
func TestBudgetOfOnePlan(t *testing.T) {
	k := newKit(t)
	for _, n := range []int{10, 11} {
		var body strings.Builder
		addresses := make([]string, n)
		for i := range addresses {
			name := fmt.Sprintf("main_%02d", i)
			addresses[i] = "whatsapp_phone_registration." + name
			body.WriteString(k.aliasedProvider(name))
			body.WriteString(registration(name, numberA, pinOld, "", "  provider = whatsapp."+name+"\n"))
		}
		k.write(body.String())
		slices.Sort(addresses)
		w := want{
			warn:    []string{msg("budget", strings.Join(addresses, ", "), numberA)},
			budget:  map[string]budget{numberA: spend(n, 0, addresses...)},
			phrases: []string{fmt.Sprintf("this plan spends %d register(s) and 0 deregister(s)", n)},
		}
		if n > 10 {
			w.deny = []string{msg("budget_exceeded", strings.Join(addresses, ", "), numberA)}
		}
		k.check(fmt.Sprintf("count = %d on one number", n), k.plan(fmt.Sprintf("count%d", n)), nil, w)
	}
}
