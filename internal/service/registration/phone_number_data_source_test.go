package registration_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestAccPhoneNumberDataSource(t *testing.T) {
	env := acctest.NewEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) {
		n.PlatformType, n.Status, n.Region, n.QualityRating, n.ThroughputLevel = "CLOUD_API", "CONNECTED", "DE", "GREEN", "HIGH"
	})
	const addr = "data.whatsapp_phone_number.prod"
	const addr2 = "data.whatsapp_phone_number.spare"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(fmt.Sprintf(`
data "whatsapp_phone_number" "prod" {
  phone_number_id = %q
}

data "whatsapp_phone_number" "spare" {
  phone_number_id = %q
}
`, acctest.Number, acctest.Number2)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(acctest.Number)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("display_phone_number"), knownvalue.StringExact("+41 44 668 18 00")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("verified_name"), knownvalue.StringExact("Acme Support")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("quality_rating"), knownvalue.StringExact("GREEN")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("platform_type"), knownvalue.StringExact("CLOUD_API")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("CONNECTED")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("code_verification_status"), knownvalue.StringExact("VERIFIED")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name_status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("throughput_level"), knownvalue.StringExact("HIGH")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("registered"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("data_localization_region"), knownvalue.StringExact("DE")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("local_storage_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr2, tfjsonpath.New("registered"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr2, tfjsonpath.New("platform_type"), knownvalue.StringExact("NOT_APPLICABLE")),
					statecheck.ExpectKnownValue(addr2, tfjsonpath.New("data_localization_region"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr2, tfjsonpath.New("local_storage_enabled"), knownvalue.Bool(false)),
				},
				Check: env.ExpectOps(),
			},
			{
				Config: env.Config(`
data "whatsapp_phone_number" "gone" {
  phone_number_id = "999000999"
}
`),
				ExpectError: acctest.ErrorMatching("Could not read phone number 999000999", "both for an id that does not exist and for one that this token is not allowed to see", "remove it from the configuration", "fbtrace_id: Aemu"),
			},
		},
	})
}

func TestAccPhoneNumbersDataSource_followsPagingAndFilters(t *testing.T) {
	env := acctest.NewEnv(t)
	// Five numbers at two per page: three pages.
	for i := 1; i <= 3; i++ {
		env.Emu.AddNumber(emulator.Number{ID: fmt.Sprintf("30000000000000%d", i), WABAID: acctest.WABA, DisplayPhoneNumber: fmt.Sprintf("+44 20 7946 000%d", i)})
	}
	env.Emu.Update(acctest.Number2, func(n *emulator.Number) { n.PlatformType, n.Status = "CLOUD_API", "CONNECTED" })
	const all, reg, unreg = "data.whatsapp_phone_numbers.all", "data.whatsapp_phone_numbers.registered", "data.whatsapp_phone_numbers.unregistered"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(fmt.Sprintf(`
data "whatsapp_phone_numbers" "all" {
  whatsapp_business_account_id = %[1]q
}

data "whatsapp_phone_numbers" "registered" {
  whatsapp_business_account_id = %[1]q
  registered                   = true
}

data "whatsapp_phone_numbers" "unregistered" {
  whatsapp_business_account_id = %[1]q
  registered                   = false
}
`, acctest.WABA)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(all, tfjsonpath.New("phone_numbers"), knownvalue.ListSizeExact(5)),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("phone_numbers").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(acctest.Number)),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("phone_numbers").AtSliceIndex(4).AtMapKey("display_phone_number"), knownvalue.StringExact("+44 20 7946 0003")),
					statecheck.ExpectKnownValue(reg, tfjsonpath.New("phone_numbers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(acctest.Number2), "registered": knownvalue.Bool(true), "platform_type": knownvalue.StringExact("CLOUD_API"),
							"verified_name": knownvalue.StringExact("Acme Sales"),
						}),
					})),
					statecheck.ExpectKnownValue(unreg, tfjsonpath.New("phone_numbers"), knownvalue.ListSizeExact(4)),
				},
				Check: func(*terraform.State) error {
					// Three data sources, each reading three pages, at least once.
					if got := env.Emu.Count(emulator.OpListPhoneNumbers); got == 0 || got%9 != 0 {
						return fmt.Errorf("list calls = %d, want a multiple of 9 (3 pages x 3 data sources)", got)
					}
					return nil
				},
			},
			{
				Config:      env.Config(`data "whatsapp_phone_numbers" "x" { whatsapp_business_account_id = "555" }`),
				ExpectError: acctest.ErrorMatching("Could not list the phone numbers of WhatsApp Business Account 555", "does not exist", "not allowed to see", "fbtrace_id: Aemu"),
			},
		},
	})
}
