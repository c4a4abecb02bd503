package registration_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The health data source in its three states, for one number and in the
// list, with the readiness fields.
func TestAccPhoneNumberHealth(t *testing.T) {
	env, hook := acctest.NewHookEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.PlatformType, n.Status, n.PIN = "CLOUD_API", "CONNECTED", "123456" })
	env.Emu.SubscribeOutOfBand(acctest.WABA, emulator.Subscription{App: env.Emu.App(), OverrideCallbackURI: hook.URL("/waba")})
	const addr, list = "data.whatsapp_phone_number.support", "data.whatsapp_phone_numbers.all"
	cfg := env.Config(fmt.Sprintf(`
data "whatsapp_phone_number" "support" {
  phone_number_id = %q
}

data "whatsapp_phone_numbers" "all" {
  whatsapp_business_account_id = %q
}
`, acctest.Number, acctest.WABA))
	health := tfjsonpath.New("health_status")
	entity := func(i int) tfjsonpath.Path { return health.AtMapKey("entities").AtSliceIndex(i) }
	limited := emulator.HealthState{CanSendMessage: "LIMITED", AdditionalInfo: []string{"The number reached its messaging limit for 24 hours."},
		Errors: []emulator.HealthError{{Code: 141006, Description: "Messaging limit reached", PossibleSolution: "Wait, or raise the limit."}}}
	blocked := emulator.HealthState{CanSendMessage: "BLOCKED", EntityType: "WABA",
		Errors: []emulator.HealthError{{Code: 131031, Description: "The account is locked.", PossibleSolution: "Appeal in Business Support Home."}}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, health.AtMapKey("can_send_message"), knownvalue.StringExact("AVAILABLE")),
					statecheck.ExpectKnownValue(addr, health.AtMapKey("entities"), knownvalue.ListSizeExact(4)),
					statecheck.ExpectKnownValue(addr, entity(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"entity_type": knownvalue.StringExact("PHONE_NUMBER"), "id": knownvalue.StringExact(acctest.Number), "can_send_message": knownvalue.StringExact("AVAILABLE"),
						"errors": knownvalue.ListSizeExact(0), "additional_info": knownvalue.ListSizeExact(0),
					})),
					statecheck.ExpectKnownValue(addr, entity(3).AtMapKey("id"), knownvalue.StringExact(emulator.DefaultAppID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("is_pin_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name_status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("new_name_status"), knownvalue.StringExact("NONE")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_mode"), knownvalue.StringExact("LIVE")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("throughput_level"), knownvalue.StringExact("STANDARD")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("messaging_limit_tier"), knownvalue.StringExact("TIER_1K")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("webhook_configuration"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"application": knownvalue.StringExact(acctest.AppCallback), "whatsapp_business_account": knownvalue.StringExact(hook.URL("/waba")),
						"phone_number": knownvalue.Null(),
					})),
					// In the list, the unregistered number is blocked by its own state.
					statecheck.ExpectKnownValue(list, tfjsonpath.New("phone_numbers").AtSliceIndex(1).AtMapKey("health_status").AtMapKey("can_send_message"), knownvalue.StringExact("BLOCKED")),
					statecheck.ExpectKnownValue(list, tfjsonpath.New("phone_numbers").AtSliceIndex(1).AtMapKey("health_status").AtMapKey("entities").AtSliceIndex(0).AtMapKey("errors").AtSliceIndex(0).AtMapKey("error_code"), knownvalue.Int64Exact(133010)),
				},
			},
			{
				PreConfig: func() { env.Emu.SetHealth(acctest.Number, limited) },
				Config:    cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, health.AtMapKey("can_send_message"), knownvalue.StringExact("LIMITED")),
					statecheck.ExpectKnownValue(addr, entity(0).AtMapKey("errors"), knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"error_code": knownvalue.Int64Exact(141006), "error_description": knownvalue.StringExact("Messaging limit reached"),
						"possible_solution": knownvalue.StringExact("Wait, or raise the limit."),
					})})),
					statecheck.ExpectKnownValue(addr, entity(0).AtMapKey("additional_info"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("The number reached its messaging limit for 24 hours.")})),
					statecheck.ExpectKnownValue(list, tfjsonpath.New("phone_numbers").AtSliceIndex(0).AtMapKey("health_status").AtMapKey("can_send_message"), knownvalue.StringExact("LIMITED")),
				},
			},
			{
				PreConfig: func() { env.Emu.SetHealth(acctest.Number, blocked) },
				Config:    cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, health.AtMapKey("can_send_message"), knownvalue.StringExact("BLOCKED")),
					statecheck.ExpectKnownValue(addr, entity(0).AtMapKey("can_send_message"), knownvalue.StringExact("AVAILABLE")),
					statecheck.ExpectKnownValue(addr, entity(1).AtMapKey("entity_type"), knownvalue.StringExact("WABA")),
					statecheck.ExpectKnownValue(addr, entity(1).AtMapKey("errors").AtSliceIndex(0).AtMapKey("error_code"), knownvalue.Int64Exact(131031)),
				},
				Check: env.ExpectOps(),
			},
		},
	})
}

// The check example of the docs passes for an available number and warns,
// with Meta's reasons, for a limited or blocked one.
func TestCLIHealthCheckExample(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.PlatformType, n.Status = "CLOUD_API", "CONNECTED" })
	c := env.CLI(t)
	c.Write(acctest.ExampleFile(t, "data-sources/whatsapp_phone_number/health-check.tf"))
	pass := c.MustRun("plan")
	acctest.AssertNotContains(t, pass, "Check block assertion failed")

	env.Emu.SetHealth(acctest.Number, emulator.HealthState{CanSendMessage: "LIMITED", AdditionalInfo: []string{"Messaging limit reached for today."}})
	limited := c.MustRun("plan")
	acctest.AssertContains(t, limited, "Warning: Check block assertion failed",
		"Phone number "+acctest.Number+" cannot send messages freely (LIMITED): PHONE_NUMBER "+acctest.Number+": Messaging limit reached for today.")

	env.Emu.SetHealth(acctest.Number, emulator.HealthState{CanSendMessage: "BLOCKED", EntityType: "APP",
		Errors: []emulator.HealthError{{Code: 131045, Description: "The app is restricted.", PossibleSolution: "Check the App Dashboard."}}})
	blocked := c.MustRun("plan")
	acctest.AssertContains(t, blocked, "Warning: Check block assertion failed",
		"(BLOCKED): APP "+emulator.DefaultAppID+": The app is restricted. (error 131045). Check the App Dashboard.")

	env.Emu.SetHealth(acctest.Number, emulator.HealthState{})
	env.Emu.DeregisterOutOfBand(acctest.Number)
	gone := c.MustRun("plan")
	acctest.AssertContains(t, gone, "Warning: Check block assertion failed", "(BLOCKED): PHONE_NUMBER "+acctest.Number+": The phone number is not registered on the Cloud API. (error 133010)")
}

// A number Meta has not finished provisioning: the postcondition example
// stops the plan before any register; without it, the register fails with
// 100/2388001 and the provider says what it means.
func TestCLINotYetProvisionedNumber(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.Provisioning = true })
	c := env.CLI(t)
	c.Write(acctest.ExampleFile(t, "data-sources/whatsapp_phone_number/ready-to-register.tf"))
	out, err := c.Run("plan", "-var=two_step_pin=123456")
	if err == nil {
		t.Fatalf("plan passed for a number still being provisioned:\n%s", out)
	}
	acctest.AssertContains(t, out, "Resource postcondition failed", "Meta has not finished provisioning this number")
	if err := env.BudgetIs(); err != nil {
		t.Error(err)
	}

	c.Write(acctest.RegistrationConfig(`pin = "123456"`))
	out, err = c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("register of a number still being provisioned passed:\n%s", out)
	}
	acctest.AssertContains(t, out,
		"Error: Could not register phone number "+acctest.Number,
		"Why: Meta has not finished provisioning the number (its display name certificate does not exist yet), so it cannot be registered.",
		"What to do: Wait until WhatsApp Manager shows the display name as approved and the number ready",
		"postcondition example",
		"Graph API error 100 (subcode 2388001)",
		"Cannot Create Certificate",
		"fbtrace_id: Aemu",
	)
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}

	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.Provisioning = false })
	c.Write(acctest.ExampleFile(t, "data-sources/whatsapp_phone_number/ready-to-register.tf"))
	acctest.ExpectChanges(t, c.SavedPlan("-var=two_step_pin=123456"), map[string][]string{"whatsapp_phone_registration.new": {"create"}})
}
