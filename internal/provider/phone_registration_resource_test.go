package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestAccPhoneRegistration_createThenEmptyPlan(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config(registration(`pin = "123456"`, `data_localization_region = "CH"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("id"), knownvalue.StringExact(accNumber)),
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("data_localization_region"), knownvalue.StringExact("CH")),
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("platform_type"), knownvalue.StringExact("CLOUD_API")),
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("display_phone_number"), knownvalue.StringExact("+41 44 668 18 00")),
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("verified_name"), knownvalue.StringExact("Acme Support")),
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("status"), knownvalue.StringExact("CONNECTED")),
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("code_verification_status"), knownvalue.StringExact("VERIFIED")),
					statecheck.ExpectSensitiveValue(accAddr, tfjsonpath.New("pin")),
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectOps(emulator.OpRegister),
					func(*terraform.State) error {
						body := env.lastRegisterBody(t)
						if body["messaging_product"] != "whatsapp" || body["data_localization_region"] != "CH" {
							return fmt.Errorf("register body = %v", body)
						}
						if n, _ := env.emu.Number(accNumber); !n.Registered() || n.PIN != "123456" || n.Region != "CH" {
							return fmt.Errorf("emulator number = %+v", n)
						}
						return nil
					},
				),
			},
			{
				// The same configuration again: nothing to do, and only reads.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: env.expectOps(emulator.OpRegister),
			},
		},
	})
	if got := env.emu.Count(emulator.OpSetPIN); got != 0 {
		t.Errorf("an unchanged configuration set the PIN %d times", got)
	}
}

func TestAccPhoneRegistration_regionChangeReplacesInOrder(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(registration(`pin = "123456"`, `data_localization_region = "CH"`))},
			{
				Config: env.config(registration(`pin = "123456"`, `data_localization_region = "DE"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("data_localization_region"), knownvalue.StringExact("DE")),
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectOps(emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister),
					func(*terraform.State) error {
						if body := env.lastRegisterBody(t); body["data_localization_region"] != "DE" {
							return fmt.Errorf("the new register did not carry the region: %v", body)
						}
						return nil
					},
				),
			},
			{
				// Removing the region also replaces, and registers without one.
				Config: env.config(registration(`pin = "123456"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("data_localization_region"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectOps(emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister),
					func(*terraform.State) error {
						if _, present := env.lastRegisterBody(t)["data_localization_region"]; present {
							return fmt.Errorf("register after removing the region still sent one")
						}
						if n, _ := env.emu.Number(accNumber); n.Region != "" || !n.Registered() {
							return fmt.Errorf("emulator number = %+v", n)
						}
						return nil
					},
				),
			},
			{
				// Setting a region where there was none replaces too.
				Config: env.config(registration(`pin = "123456"`, `data_localization_region = "GB"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(*terraform.State) error {
					if n, _ := env.emu.Number(accNumber); n.Region != "GB" {
						return fmt.Errorf("region = %q", n.Region)
					}
					return nil
				},
			},
		},
	})
}

func TestAccPhoneRegistration_pinChangeIsInPlace(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(registration(`pin = "111111"`, `data_localization_region = "CH"`))},
			{
				Config: env.config(registration(`pin = "222222"`, `data_localization_region = "CH"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectOps(emulator.OpRegister),
					func(*terraform.State) error {
						if got := env.emu.Count(emulator.OpSetPIN); got != 1 {
							return fmt.Errorf("PIN calls = %d, want exactly 1", got)
						}
						if n, _ := env.emu.Number(accNumber); n.PIN != "222222" || n.Region != "CH" {
							return fmt.Errorf("emulator number = %+v", n)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccPhoneRegistration_writeOnlyPIN(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		TerraformVersionChecks:   writeOnlyCapable,
		Steps: []resource.TestStep{
			{
				Config: env.config(registration(`pin_wo = "424242"`, `pin_wo_version = 1`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("pin_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("pin"), knownvalue.Null()),
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("pin_wo_version"), knownvalue.Int64Exact(1)),
					secretAbsentFromState("424242"),
				},
				Check: func(*terraform.State) error {
					if n, _ := env.emu.Number(accNumber); !n.Registered() || n.PIN != "424242" {
						return fmt.Errorf("emulator number = %+v", n)
					}
					return nil
				},
			},
			{
				// A new write-only value without a version bump is invisible to
				// Terraform: nothing is planned, nothing is called.
				Config: env.config(registration(`pin_wo = "515151"`, `pin_wo_version = 1`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: env.config(registration(`pin_wo = "515151"`, `pin_wo_version = 2`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("pin_wo_version"), knownvalue.Int64Exact(2)),
					secretAbsentFromState("515151"),
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectOps(emulator.OpRegister),
					func(*terraform.State) error {
						if got := env.emu.Count(emulator.OpSetPIN); got != 1 {
							return fmt.Errorf("PIN calls = %d, want 1", got)
						}
						if n, _ := env.emu.Number(accNumber); n.PIN != "515151" {
							return fmt.Errorf("PIN = %q", n.PIN)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccPhoneRegistration_importReadsRegionBack(t *testing.T) {
	env := newAccEnv(t)
	// Registered outside Terraform, with local storage in DE and a PIN.
	env.emu.Update(accNumber, func(n *emulator.Number) {
		n.PlatformType, n.Status, n.Region, n.PIN = "CLOUD_API", "CONNECTED", "DE", "123456"
	})
	cfg := env.config(registration(`pin = "123456"`, `data_localization_region = "DE"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       accAddr,
				ImportState:        true,
				ImportStateId:      accNumber,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 {
						return fmt.Errorf("imported %d objects", len(states))
					}
					a := states[0].Attributes
					if a["data_localization_region"] != "DE" || a["phone_number_id"] != accNumber || a["platform_type"] != "CLOUD_API" || a["display_phone_number"] != "+41 44 668 18 00" {
						return fmt.Errorf("imported attributes = %v", a)
					}
					if _, hasPIN := a["pin"]; hasPIN && a["pin"] != "" {
						return fmt.Errorf("import invented a PIN")
					}
					return nil
				},
			},
			{
				// The region matches: no replacement. The PIN is unknown after an
				// import, so the first apply sets it in place.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectOps(),
					func(*terraform.State) error {
						if got := env.emu.Count(emulator.OpSetPIN); got != 1 {
							return fmt.Errorf("PIN calls = %d, want 1", got)
						}
						return nil
					},
				),
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccPhoneRegistration_importStateVerify(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(registration(`pin = "123456"`, `data_localization_region = "JP"`))},
			{
				ResourceName:            accAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"pin", "timeouts"},
			},
			{
				ResourceName:  accAddr,
				ImportState:   true,
				ImportStateId: "+41 44 668 18 00",
				ExpectError:   errorMatching("not a phone number ID", "terraform import whatsapp_phone_registration.main"),
			},
		},
	})
	// One register for the create, one deregister for the final destroy:
	// the imports spent nothing.
	if err := env.budgetIs(emulator.OpRegister, emulator.OpDeregister); err != nil {
		t.Errorf("import spent budget: %v", err)
	}
}

func TestAccPhoneRegistration_outOfBandChanges(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config(registration(`pin = "123456"`, `data_localization_region = "CH"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// Deregistered in WhatsApp Manager: the plan registers it again.
				PreConfig: func() { env.emu.DeregisterOutOfBand(accNumber) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionCreate)},
				},
				Check: env.expectOps(emulator.OpRegister, emulator.OpRegister),
			},
			{
				// Its region changed outside Terraform: the plan puts it back.
				PreConfig: func() { env.emu.Update(accNumber, func(n *emulator.Number) { n.Region = "DE" }) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectOps(emulator.OpRegister, emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister),
					func(*terraform.State) error {
						if n, _ := env.emu.Number(accNumber); n.Region != "CH" {
							return fmt.Errorf("region = %q", n.Region)
						}
						return nil
					},
				),
			},
			{
				// Deleted in WhatsApp Manager: a delete is then a no-op success.
				PreConfig: func() { env.emu.DeregisterOutOfBand(accNumber) },
				Config:    env.providerBlock(),
				Check:     env.expectOps(emulator.OpRegister, emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister),
			},
		},
	})
}

func TestAccPhoneRegistration_rateLimitSpendsExactlyOneCall(t *testing.T) {
	env := newAccEnv(t)
	env.emu.SpendBudget(accNumber, emulator.OpRegister, emulator.RegistrationLimit)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      env.config(registration(`pin = "123456"`)),
			ExpectError: errorMatching("Could not register phone number "+accNumber, "no more register or deregister calls are possible for up to 72 hours", "error 133016", "fbtrace_id: Aemu"),
		}},
	})
	if got := env.emu.Count(emulator.OpRegister); got != 1 {
		t.Errorf("register calls = %d, want exactly 1", got)
	}
}

func TestAccPhoneRegistration_pinMismatchIsExplained(t *testing.T) {
	env := newAccEnv(t)
	env.emu.Update(accNumber, func(n *emulator.Number) { n.PIN = "999999" })
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      env.config(registration(`pin = "123456"`)),
			ExpectError: errorMatching("already has two-step verification with a different PIN", "error 133005", "fbtrace_id: Aemu"),
		}},
	})
	if got := env.emu.Count(emulator.OpRegister); got != 1 {
		t.Errorf("register calls = %d, want 1 (133005 is never retried)", got)
	}
}

func TestAccPhoneRegistration_transientFaultsAreRetried(t *testing.T) {
	env := newAccEnv(t)
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Status: 503, Code: 133004})
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Status: 500, Code: 2})
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetSettings, Status: 502, RawBody: "<html><h1>502 Bad Gateway</h1></html>"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(registration(`pin = "123456"`, `data_localization_region = "CH"`)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(accAddr, tfjsonpath.New("platform_type"), knownvalue.StringExact("CLOUD_API")),
			},
			Check: func(*terraform.State) error {
				if got := env.emu.Count(emulator.OpRegister); got != 2 {
					return fmt.Errorf("register attempts = %d, want 2 (133004, then success)", got)
				}
				injected := 0
				for _, r := range env.emu.Requests() {
					if r.Injected {
						injected++
					}
				}
				if injected != 3 {
					return fmt.Errorf("%d injected faults were served, want all 3 (register, node read, settings read)", injected)
				}
				if n, _ := env.emu.Number(accNumber); !n.Registered() {
					return fmt.Errorf("not registered")
				}
				return nil
			},
		}},
	})
}

// guardPreflight: a replacement that also changes the PIN sets the new PIN
// while the number is still registered, then deregisters and registers it.
func TestAccPhoneRegistration_guardPreflightSetsThePIN(t *testing.T) {
	env := newAccEnv(t)
	pinIs := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if n, _ := env.emu.Number(accNumber); n.PIN != want {
				return fmt.Errorf("PIN = %q, want %q", n.PIN, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		TerraformVersionChecks:   writeOnlyCapable,
		Steps: []resource.TestStep{
			{Config: env.config(registration(`pin = "111111"`, `data_localization_region = "CH"`))},
			{
				Config: env.config(registration(`pin = "222222"`, `data_localization_region = "DE"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.inSync()},
				Check:             resource.ComposeTestCheckFunc(pinIs("222222"), env.expectOps("register", "deregister", "register")),
			},
			{
				Config: env.config(registration(`pin_wo = "333333"`, `pin_wo_version = 1`, `data_localization_region = "CH"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.inSync(), secretAbsentFromState("333333")},
				Check:             resource.ComposeTestCheckFunc(pinIs("333333"), env.expectOps("register", "deregister", "register", "deregister", "register")),
			},
		},
	})
}

// Guard (b): create_before_destroy must not deregister what it just registered.
func TestAccPhoneRegistration_guardCreateBeforeDestroy(t *testing.T) {
	env := newAccEnv(t)
	cbd := func(trigger, region string) string {
		return env.config(fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = %q
}

resource "whatsapp_phone_registration" "main" {
  phone_number_id          = %q
  pin                      = "123456"
  data_localization_region = %q

  lifecycle {
    create_before_destroy = true
    replace_triggered_by  = [terraform_data.trigger]
  }
}
`, trigger, accNumber, region))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: cbd("a", "CH")},
			{
				Config: cbd("b", "CH"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionCreateBeforeDestroy)},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.inSync()},
				Check: resource.ComposeTestCheckFunc(
					// The new object adopted the registered number (no register),
					// and the destroy of the old object did not deregister.
					env.expectOps(emulator.OpRegister),
					func(*terraform.State) error {
						if got := env.emu.Count(emulator.OpSetPIN); got != 1 {
							return fmt.Errorf("adopting set the PIN %d times, want 1", got)
						}
						return nil
					},
				),
			},
			{
				// A region change cannot be done before the destroy: refused before any call.
				Config:      cbd("b", "DE"),
				ExpectError: errorMatching("already registered with another region", "No register call was spent", "create_before_destroy is not supported"),
			},
		},
	})
	// The refused region change spent nothing; the last call is the test's final destroy.
	if err := env.budgetIs(emulator.OpRegister, emulator.OpDeregister); err != nil {
		t.Error(err)
	}
}

// Guard (c): a register that fails after the deregister says the number is
// offline, and the next apply is the recovery.
func TestAccPhoneRegistration_guardFailedRegisterAfterDeregister(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(registration(`pin = "123456"`, `data_localization_region = "CH"`)),
				// Leave one register in the budget: the replacement's register is the 11th.
				Check: func(*terraform.State) error {
					env.emu.SpendBudget(accNumber, emulator.OpRegister, emulator.RegistrationLimit-1)
					return nil
				},
			},
			{
				Config:      env.config(registration(`pin = "123456"`, `data_localization_region = "DE"`)),
				ExpectError: errorMatching("is now DEREGISTERED and OFFLINE", "register budget is spent", "at the latest by", "no more register or deregister calls", "fbtrace_id: Aemu"),
			},
			{
				// 72 hours later the budget is back: the plan shows the create, and applying it recovers.
				PreConfig: func() { env.clock.Advance(emulator.RegistrationWindow + time.Minute) },
				Config:    env.config(registration(`pin = "123456"`, `data_localization_region = "DE"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accAddr, plancheck.ResourceActionCreate)},
				},
				Check: func(*terraform.State) error {
					if n, _ := env.emu.Number(accNumber); !n.Registered() || n.Region != "DE" {
						return fmt.Errorf("not recovered: %+v", n)
					}
					return nil
				},
			},
		},
	})
	want := []string{emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister, emulator.OpRegister, emulator.OpDeregister}
	if err := env.budgetIs(want...); err != nil {
		t.Error(err)
	}
}

func TestAccPhoneRegistration_guardNetworkFailureAfterDeregister(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(registration(`pin = "123456"`, `data_localization_region = "CH"`))},
			{
				PreConfig: func() {
					env.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, DropConnection: true, Times: 4})
				},
				Config:      env.config(registration(`pin = "123456"`, `data_localization_region = "DE"`)),
				ExpectError: errorMatching("is now DEREGISTERED", "the register did not succeed", "a read afterwards showed that it had not;", "fbtrace_id: none"),
			},
			{
				// Each dropped register was settled by a read before the next
				// was sent: four sends for four attempts, none blind.
				PreConfig: func() {
					if err := env.budgetIs(emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister, emulator.OpRegister, emulator.OpRegister, emulator.OpRegister); err != nil {
						t.Error(err)
					}
				},
				Config:            env.config(registration(`pin = "123456"`, `data_localization_region = "DE"`)),
				ConfigStateChecks: []statecheck.StateCheck{env.inSync()},
			},
		},
	})
}

func TestAccPhoneRegistration_deleteAtTheLimitSaysStillRegistered(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(registration(`pin = "123456"`))},
			{
				PreConfig: func() { env.emu.SpendBudget(accNumber, emulator.OpDeregister, emulator.RegistrationLimit) },
				Config:    env.providerBlock(),
				ExpectError: errorMatching("Could not deregister phone number "+accNumber, "is STILL REGISTERED and keeps working",
					"The budget recovers within 72 hours", "no more register or deregister calls are possible for up to 72 hours", "fbtrace_id: Aemu"),
			},
			{
				// Three days later the destroy goes through.
				PreConfig: func() { env.clock.Advance(emulator.RegistrationWindow) },
				Config:    env.providerBlock(),
				Check: func(*terraform.State) error {
					if n, _ := env.emu.Number(accNumber); n.Registered() {
						return fmt.Errorf("still registered after the destroy")
					}
					return nil
				},
			},
		},
	})
	// One refused deregister (133016 is never retried) and one that worked.
	if err := env.budgetIs(emulator.OpRegister, emulator.OpDeregister, emulator.OpDeregister); err != nil {
		t.Error(err)
	}
}
