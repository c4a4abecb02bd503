package registration_test

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

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestAccPhoneRegistration_createThenEmptyPlan(t *testing.T) {
	env := acctest.NewEnv(t)
	cfg := env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "CH"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("id"), knownvalue.StringExact(acctest.Number)),
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("data_localization_region"), knownvalue.StringExact("CH")),
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("platform_type"), knownvalue.StringExact("CLOUD_API")),
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("display_phone_number"), knownvalue.StringExact("+41 44 668 18 00")),
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("verified_name"), knownvalue.StringExact("Acme Support")),
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("status"), knownvalue.StringExact("CONNECTED")),
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("code_verification_status"), knownvalue.StringExact("VERIFIED")),
					statecheck.ExpectSensitiveValue(acctest.RegistrationAddr, tfjsonpath.New("pin")),
				},
				Check: resource.ComposeTestCheckFunc(
					env.ExpectOps(emulator.OpRegister),
					func(*terraform.State) error {
						body := env.LastBody(t, emulator.OpRegister)
						if body["messaging_product"] != "whatsapp" || body["data_localization_region"] != "CH" {
							return fmt.Errorf("register body = %v", body)
						}
						if n, _ := env.Emu.Number(acctest.Number); !n.Registered() || n.PIN != "123456" || n.Region != "CH" {
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
				Check: env.ExpectOps(emulator.OpRegister),
			},
		},
	})
	if got := env.Emu.Count(emulator.OpSetPIN); got != 0 {
		t.Errorf("an unchanged configuration set the PIN %d times", got)
	}
}

func TestAccPhoneRegistration_regionChangeReplacesInOrder(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "CH"`))},
			{
				Config: env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("data_localization_region"), knownvalue.StringExact("DE")),
				},
				Check: resource.ComposeTestCheckFunc(
					env.ExpectOps(emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister),
					func(*terraform.State) error {
						if body := env.LastBody(t, emulator.OpRegister); body["data_localization_region"] != "DE" {
							return fmt.Errorf("the new register did not carry the region: %v", body)
						}
						return nil
					},
				),
			},
			{
				// Removing the region also replaces, and registers without one.
				Config: env.Config(acctest.RegistrationConfig(`pin = "123456"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("data_localization_region"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					env.ExpectOps(emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister),
					func(*terraform.State) error {
						if _, present := env.LastBody(t, emulator.OpRegister)["data_localization_region"]; present {
							return fmt.Errorf("register after removing the region still sent one")
						}
						if n, _ := env.Emu.Number(acctest.Number); n.Region != "" || !n.Registered() {
							return fmt.Errorf("emulator number = %+v", n)
						}
						return nil
					},
				),
			},
			{
				// Setting a region where there was none replaces too.
				Config: env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "GB"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(*terraform.State) error {
					if n, _ := env.Emu.Number(acctest.Number); n.Region != "GB" {
						return fmt.Errorf("region = %q", n.Region)
					}
					return nil
				},
			},
		},
	})
}

func TestAccPhoneRegistration_pinChangeIsInPlace(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: env.Config(acctest.RegistrationConfig(`pin = "111111"`, `data_localization_region = "CH"`))},
			{
				Config: env.Config(acctest.RegistrationConfig(`pin = "222222"`, `data_localization_region = "CH"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					env.ExpectOps(emulator.OpRegister),
					func(*terraform.State) error {
						if got := env.Emu.Count(emulator.OpSetPIN); got != 1 {
							return fmt.Errorf("PIN calls = %d, want exactly 1", got)
						}
						if n, _ := env.Emu.Number(acctest.Number); n.PIN != "222222" || n.Region != "CH" {
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
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		TerraformVersionChecks:   acctest.WriteOnlyCapable,
		Steps: []resource.TestStep{
			{
				Config: env.Config(acctest.RegistrationConfig(`pin_wo = "424242"`, `pin_wo_version = 1`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("pin_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("pin"), knownvalue.Null()),
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("pin_wo_version"), knownvalue.Int64Exact(1)),
					acctest.SecretAbsentFromState("whatsapp_phone_registration", "424242"),
				},
				Check: func(*terraform.State) error {
					if n, _ := env.Emu.Number(acctest.Number); !n.Registered() || n.PIN != "424242" {
						return fmt.Errorf("emulator number = %+v", n)
					}
					return nil
				},
			},
			{
				// A new write-only value without a version bump is invisible to
				// Terraform: nothing is planned, nothing is called.
				Config: env.Config(acctest.RegistrationConfig(`pin_wo = "515151"`, `pin_wo_version = 1`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: env.Config(acctest.RegistrationConfig(`pin_wo = "515151"`, `pin_wo_version = 2`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("pin_wo_version"), knownvalue.Int64Exact(2)),
					acctest.SecretAbsentFromState("whatsapp_phone_registration", "515151"),
				},
				Check: resource.ComposeTestCheckFunc(
					env.ExpectOps(emulator.OpRegister),
					func(*terraform.State) error {
						if got := env.Emu.Count(emulator.OpSetPIN); got != 1 {
							return fmt.Errorf("PIN calls = %d, want 1", got)
						}
						if n, _ := env.Emu.Number(acctest.Number); n.PIN != "515151" {
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
	env := acctest.NewEnv(t)
	// Registered outside Terraform, with local storage in DE and a PIN.
	env.Emu.Update(acctest.Number, func(n *emulator.Number) {
		n.PlatformType, n.Status, n.Region, n.PIN = "CLOUD_API", "CONNECTED", "DE", "123456"
	})
	cfg := env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       acctest.RegistrationAddr,
				ImportState:        true,
				ImportStateId:      acctest.Number,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 {
						return fmt.Errorf("imported %d objects", len(states))
					}
					a := states[0].Attributes
					if a["data_localization_region"] != "DE" || a["phone_number_id"] != acctest.Number || a["platform_type"] != "CLOUD_API" || a["display_phone_number"] != "+41 44 668 18 00" {
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
				// import, so the first apply takes the configured one as given
				// (guardAdoptedPIN): an update of state only, no PIN call.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					env.ExpectOps(),
					func(*terraform.State) error {
						if got := env.Emu.Count(emulator.OpSetPIN); got != 0 {
							return fmt.Errorf("PIN calls = %d, want 0", got)
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
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "JP"`))},
			{
				ResourceName:            acctest.RegistrationAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"pin", "timeouts"},
			},
			{
				ResourceName:  acctest.RegistrationAddr,
				ImportState:   true,
				ImportStateId: "+41 44 668 18 00",
				ExpectError:   acctest.ErrorMatching("not a phone number ID", "terraform import whatsapp_phone_registration.main"),
			},
		},
	})
	// One register for the create, one deregister for the final destroy:
	// the imports spent nothing.
	if err := env.BudgetIs(emulator.OpRegister, emulator.OpDeregister); err != nil {
		t.Errorf("import spent budget: %v", err)
	}
}

func TestAccPhoneRegistration_outOfBandChanges(t *testing.T) {
	env := acctest.NewEnv(t)
	cfg := env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "CH"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// Deregistered in WhatsApp Manager: the plan registers it again.
				PreConfig: func() { env.Emu.DeregisterOutOfBand(acctest.Number) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionCreate)},
				},
				Check: env.ExpectOps(emulator.OpRegister, emulator.OpRegister),
			},
			{
				// Its region changed outside Terraform: the plan puts it back.
				PreConfig: func() { env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.Region = "DE" }) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeTestCheckFunc(
					env.ExpectOps(emulator.OpRegister, emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister),
					func(*terraform.State) error {
						if n, _ := env.Emu.Number(acctest.Number); n.Region != "CH" {
							return fmt.Errorf("region = %q", n.Region)
						}
						return nil
					},
				),
			},
			{
				// Deleted in WhatsApp Manager: a delete is then a no-op success.
				PreConfig: func() { env.Emu.DeregisterOutOfBand(acctest.Number) },
				Config:    env.ProviderBlock(),
				Check:     env.ExpectOps(emulator.OpRegister, emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister),
			},
		},
	})
}

func TestAccPhoneRegistration_rateLimitSpendsExactlyOneCall(t *testing.T) {
	env := acctest.NewEnv(t)
	env.Emu.SpendBudget(acctest.Number, emulator.OpRegister, emulator.RegistrationLimit)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{{
			Config:      env.Config(acctest.RegistrationConfig(`pin = "123456"`)),
			ExpectError: acctest.ErrorMatching("Could not register phone number "+acctest.Number, "no more register or deregister calls are possible for up to 72 hours", "error 133016", "fbtrace_id: Aemu"),
		}},
	})
	if got := env.Emu.Count(emulator.OpRegister); got != 1 {
		t.Errorf("register calls = %d, want exactly 1", got)
	}
}

func TestAccPhoneRegistration_pinMismatchIsExplained(t *testing.T) {
	env := acctest.NewEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.PIN = "999999" })
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{{
			Config:      env.Config(acctest.RegistrationConfig(`pin = "123456"`)),
			ExpectError: acctest.ErrorMatching("already has two-step verification with a different PIN", "error 133005", "fbtrace_id: Aemu"),
		}},
	})
	if got := env.Emu.Count(emulator.OpRegister); got != 1 {
		t.Errorf("register calls = %d, want 1 (133005 is never retried)", got)
	}
}

func TestAccPhoneRegistration_transientFaultsAreRetried(t *testing.T) {
	env := acctest.NewEnv(t)
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Status: 503, Code: 133004})
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Status: 500, Code: 2})
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetSettings, Status: 502, RawBody: "<html><h1>502 Bad Gateway</h1></html>"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{{
			Config: env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "CH"`)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("platform_type"), knownvalue.StringExact("CLOUD_API")),
			},
			Check: func(*terraform.State) error {
				if got := env.Emu.Count(emulator.OpRegister); got != 2 {
					return fmt.Errorf("register attempts = %d, want 2 (133004, then success)", got)
				}
				injected := 0
				for _, r := range env.Emu.Requests() {
					if r.Injected {
						injected++
					}
				}
				if injected != 3 {
					return fmt.Errorf("%d injected faults were served, want all 3 (register, node read, settings read)", injected)
				}
				if n, _ := env.Emu.Number(acctest.Number); !n.Registered() {
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
	env := acctest.NewEnv(t)
	pinIs := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if n, _ := env.Emu.Number(acctest.Number); n.PIN != want {
				return fmt.Errorf("PIN = %q, want %q", n.PIN, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		TerraformVersionChecks:   acctest.WriteOnlyCapable,
		Steps: []resource.TestStep{
			{Config: env.Config(acctest.RegistrationConfig(`pin = "111111"`, `data_localization_region = "CH"`))},
			{
				Config: env.Config(acctest.RegistrationConfig(`pin = "222222"`, `data_localization_region = "DE"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.InSync()},
				Check:             resource.ComposeTestCheckFunc(pinIs("222222"), env.ExpectOps("register", "deregister", "register")),
			},
			{
				Config: env.Config(acctest.RegistrationConfig(`pin_wo = "333333"`, `pin_wo_version = 1`, `data_localization_region = "CH"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.InSync(), acctest.SecretAbsentFromState("whatsapp_phone_registration", "333333")},
				Check:             resource.ComposeTestCheckFunc(pinIs("333333"), env.ExpectOps("register", "deregister", "register", "deregister", "register")),
			},
		},
	})
}

// Guard (b): create_before_destroy must not deregister what it just registered.
func TestAccPhoneRegistration_guardCreateBeforeDestroy(t *testing.T) {
	env := acctest.NewEnv(t)
	cbd := func(trigger, region string) string {
		return env.Config(fmt.Sprintf(`
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
`, trigger, acctest.Number, region))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: cbd("a", "CH")},
			{
				Config: cbd("b", "CH"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionCreateBeforeDestroy)},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.InSync()},
				Check: resource.ComposeTestCheckFunc(
					// The new object adopted the registered number (no register),
					// and the destroy of the old object did not deregister.
					env.ExpectOps(emulator.OpRegister),
					func(*terraform.State) error {
						if got := env.Emu.Count(emulator.OpSetPIN); got != 1 {
							return fmt.Errorf("adopting set the PIN %d times, want 1", got)
						}
						return nil
					},
				),
			},
			{
				// A region change cannot be done before the destroy: refused before any call.
				Config:      cbd("b", "DE"),
				ExpectError: acctest.ErrorMatching("already registered with another region", "No register call was spent", "create_before_destroy is not supported"),
			},
		},
	})
	// The refused region change spent nothing; the last call is the test's final destroy.
	if err := env.BudgetIs(emulator.OpRegister, emulator.OpDeregister); err != nil {
		t.Error(err)
	}
}

// Guard (c): a register that fails after the deregister says the number is
// offline, and the next apply is the recovery.
func TestAccPhoneRegistration_guardFailedRegisterAfterDeregister(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "CH"`)),
				// Leave one register in the budget: the replacement's register is the 11th.
				Check: func(*terraform.State) error {
					env.Emu.SpendBudget(acctest.Number, emulator.OpRegister, emulator.RegistrationLimit-1)
					return nil
				},
			},
			{
				Config:      env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`)),
				ExpectError: acctest.ErrorMatching("is now DEREGISTERED and OFFLINE", "register budget is spent", "at the latest by", "no more register or deregister calls", "fbtrace_id: Aemu"),
			},
			{
				// 72 hours later the budget is back: the plan shows the create, and applying it recovers.
				PreConfig: func() { env.Clock.Advance(emulator.RegistrationWindow + time.Minute) },
				Config:    env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionCreate)},
				},
				Check: func(*terraform.State) error {
					if n, _ := env.Emu.Number(acctest.Number); !n.Registered() || n.Region != "DE" {
						return fmt.Errorf("not recovered: %+v", n)
					}
					return nil
				},
			},
		},
	})
	want := []string{emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister, emulator.OpRegister, emulator.OpDeregister}
	if err := env.BudgetIs(want...); err != nil {
		t.Error(err)
	}
}

func TestAccPhoneRegistration_guardNetworkFailureAfterDeregister(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "CH"`))},
			{
				PreConfig: func() {
					env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, DropConnection: true, Times: 4})
				},
				Config:      env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`)),
				ExpectError: acctest.ErrorMatching("is now DEREGISTERED", "the register did not succeed", "a read afterwards showed that it had not;", "fbtrace_id: none"),
			},
			{
				// Each dropped register was settled by a read before the next
				// was sent: four sends for four attempts, none blind.
				PreConfig: func() {
					if err := env.BudgetIs(emulator.OpRegister, emulator.OpDeregister, emulator.OpRegister, emulator.OpRegister, emulator.OpRegister, emulator.OpRegister); err != nil {
						t.Error(err)
					}
				},
				Config:            env.Config(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`)),
				ConfigStateChecks: []statecheck.StateCheck{env.InSync()},
			},
		},
	})
}

func TestAccPhoneRegistration_deleteAtTheLimitSaysStillRegistered(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: env.Config(acctest.RegistrationConfig(`pin = "123456"`))},
			{
				PreConfig: func() { env.Emu.SpendBudget(acctest.Number, emulator.OpDeregister, emulator.RegistrationLimit) },
				Config:    env.ProviderBlock(),
				ExpectError: acctest.ErrorMatching("Could not deregister phone number "+acctest.Number, "is STILL REGISTERED and keeps working",
					"The budget recovers within 72 hours", "no more register or deregister calls are possible for up to 72 hours", "fbtrace_id: Aemu"),
			},
			{
				// Three days later the destroy goes through.
				PreConfig: func() { env.Clock.Advance(emulator.RegistrationWindow) },
				Config:    env.ProviderBlock(),
				Check: func(*terraform.State) error {
					if n, _ := env.Emu.Number(acctest.Number); n.Registered() {
						return fmt.Errorf("still registered after the destroy")
					}
					return nil
				},
			},
		},
	})
	// One refused deregister (133016 is never retried) and one that worked.
	if err := env.BudgetIs(emulator.OpRegister, emulator.OpDeregister, emulator.OpDeregister); err != nil {
		t.Error(err)
	}
}
