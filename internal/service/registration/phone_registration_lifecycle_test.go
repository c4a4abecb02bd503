package registration_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Re-registering after an approved display-name change: an in-place update
// that spends one register and no deregister.
func TestAccPhoneRegistration_reregisterTriggers(t *testing.T) {
	env := acctest.NewEnv(t)
	base := []string{`pin = "123456"`, `data_localization_region = "CH"`}
	with := func(extra string) string { return env.Config(acctest.RegistrationConfig(append(base, extra)...)) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: env.Config(acctest.RegistrationConfig(base...))},
			{
				// Adding an empty map changes nothing that matters: no call.
				Config: with(`reregister_triggers = {}`),
				Check:  env.ExpectOps(emulator.OpRegister),
			},
			{
				Config: with(`reregister_triggers = { display_name = "Acme Support" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RegistrationAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("reregister_triggers").AtMapKey("display_name"), knownvalue.StringExact("Acme Support")),
				},
				Check: resource.ComposeTestCheckFunc(
					env.ExpectOps(emulator.OpRegister, emulator.OpRegister),
					func(*terraform.State) error {
						body := env.LastBody(t, emulator.OpRegister)
						if body["data_localization_region"] != "CH" || body["pin"] == nil {
							return fmt.Errorf("re-register did not carry the current region and PIN: %v", body)
						}
						return nil
					},
				),
			},
			{
				Config:           with(`reregister_triggers = { display_name = "Acme Support" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Removing the triggers is not a name change: nothing is called.
				Config: env.Config(acctest.RegistrationConfig(base...)),
				Check:  env.ExpectOps(emulator.OpRegister, emulator.OpRegister),
			},
		},
	})
}

// A PIN change and a re-register in one apply: the PIN goes first, so the
// register presents the PIN the number has by then.
func TestAccPhoneRegistration_pinChangeWithReregister(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{Config: env.Config(acctest.RegistrationConfig(`pin = "111111"`))},
			{
				Config: env.Config(acctest.RegistrationConfig(`pin = "222222"`, `reregister_triggers = { display_name = "Acme" }`)),
				Check: func(*terraform.State) error {
					got := env.Emu.Operations(acctest.Number, emulator.OpRegister, emulator.OpDeregister, emulator.OpSetPIN)
					if fmt.Sprint(got) != "[register set_pin register]" {
						return fmt.Errorf("calls = %v", got)
					}
					return nil
				},
			},
		},
	})
}

func TestAccPhoneRegistration_migrationBackupIsWriteOnly(t *testing.T) {
	env := acctest.NewEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.PlatformType = "ON_PREMISE" })
	backup := func(data, password string) string {
		return env.Config(acctest.RegistrationConfig(`pin = "123456"`,
			fmt.Sprintf(`migration_backup_data_wo = %q`, data),
			fmt.Sprintf(`migration_backup_password_wo = %q`, password)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		TerraformVersionChecks:   acctest.WriteOnlyCapable,
		Steps: []resource.TestStep{
			{
				Config: backup("on-prem-backup-blob", "backup-password-1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("migration_backup_data_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("migration_backup_password_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("platform_type"), knownvalue.StringExact("CLOUD_API")),
					acctest.SecretAbsentFromState("whatsapp_phone_registration", "on-prem-backup-blob"),
					acctest.SecretAbsentFromState("whatsapp_phone_registration", "backup-password-1"),
				},
				Check: func(*terraform.State) error {
					n, _ := env.Emu.Number(acctest.Number)
					if n.LastBackup == nil || n.LastBackup.Data != "on-prem-backup-blob" || n.LastBackup.Password != "backup-password-1" {
						return fmt.Errorf("backup did not reach the API: %+v", n.LastBackup)
					}
					return nil
				},
			},
			{
				// Used on create only: new values plan nothing and call nothing.
				Config:           backup("another-blob", "backup-password-2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            env.ExpectOps(emulator.OpRegister),
			},
		},
	})
}
