package profile_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
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

func TestAccBusinessProfile_lifecycle(t *testing.T) {
	env := acctest.NewEnv(t)
	// Set in WhatsApp Manager before Terraform: never configured, never touched.
	env.Emu.UpdateBusinessProfile(acctest.Number, func(p *emulator.BusinessProfile) { p.Address = "1 Rue du Lac, Genève" })
	base := []string{`about = "Acme Support: we answer within the hour."`, `email = "support@acme.example"`,
		`websites = ["https://acme.example/support"]`, `vertical = "RETAIL"`}
	picture := []string{`profile_picture_handle_wo = "4::aW1hZ2UvanBlZw==:ARbHandle"`, `profile_picture_handle_wo_version = 1`}
	want := emulator.BusinessProfile{About: "Acme Support: we answer within the hour.", Address: "1 Rue du Lac, Genève",
		Email: "support@acme.example", Websites: []string{"https://acme.example/support"}, Vertical: "RETAIL"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		TerraformVersionChecks:   acctest.WriteOnlyCapable,
		CheckDestroy: func(*terraform.State) error {
			// Destroy calls nothing: the profile stays as it is.
			if p, _ := env.Emu.BusinessProfile(acctest.Number); p.About != want.About || p.Vertical != "RETAIL" || len(p.Websites) != 1 {
				return fmt.Errorf("the destroy changed the profile: %+v", p)
			}
			if got := env.Emu.Count(emulator.OpUpdateBusinessProfile); got != 4 {
				return fmt.Errorf("profile updates after destroy = %d, want still 4", got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: env.Config(acctest.ProfileConfig(base...)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.ProfileAddr, tfjsonpath.New("id"), knownvalue.StringExact(acctest.Number)),
					statecheck.ExpectKnownValue(acctest.ProfileAddr, tfjsonpath.New("address"), knownvalue.StringExact("1 Rue du Lac, Genève")),
					statecheck.ExpectKnownValue(acctest.ProfileAddr, tfjsonpath.New("description"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(acctest.ProfileAddr, tfjsonpath.New("websites"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("https://acme.example/support")})),
					statecheck.ExpectKnownValue(acctest.ProfileAddr, tfjsonpath.New("profile_picture_url"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            env.ProfileIs(t, &want, 1, "about", "email", "messaging_product", "vertical", "websites"),
			},
			{
				// Drift of a field left out of the configuration is ignored.
				PreConfig: func() {
					env.Emu.UpdateBusinessProfile(acctest.Number, func(p *emulator.BusinessProfile) { p.Address = "2 Quai du Mont-Blanc" })
					want.Address = "2 Quai du Mont-Blanc"
				},
				Config:             env.Config(acctest.ProfileConfig(base...)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: false,
			},
			{
				// Drift of a configured field is put back, and only it is sent.
				PreConfig: func() {
					env.Emu.UpdateBusinessProfile(acctest.Number, func(p *emulator.BusinessProfile) { p.Email = "old@acme.example" })
				},
				Config: env.Config(acctest.ProfileConfig(base...)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acctest.ProfileAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(acctest.ProfileAddr, tfjsonpath.New("address"), knownvalue.StringExact("2 Quai du Mont-Blanc")),
				}},
				Check: env.ProfileIs(t, &want, 2, "email", "messaging_product"),
			},
			{
				// A change and a new picture, in one partial update.
				Config: env.Config(acctest.ProfileConfig(append(append(slices.Clone(base[1:]), `about = "Acme Support, 24/7."`), picture...)...)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.ProfileAddr, tfjsonpath.New("profile_picture_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://pps\.whatsapp\.net/`))),
					statecheck.ExpectKnownValue(acctest.ProfileAddr, tfjsonpath.New("profile_picture_handle_wo"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(s *terraform.State) error {
					want.About = "Acme Support, 24/7."
					return env.ProfileIs(t, &want, 3, "about", "messaging_product", "profile_picture_handle")(s)
				},
			},
			{
				// Removing a field from the configuration neither clears it nor calls anything.
				Config:           env.Config(acctest.ProfileConfig(append([]string{`about = "Acme Support, 24/7."`, `vertical = "RETAIL"`}, picture...)...)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            env.ProfileIs(t, &want, 3),
			},
			{
				// "" clears a field.
				Config: env.Config(acctest.ProfileConfig(append([]string{`about = "Acme Support, 24/7."`, `vertical = "RETAIL"`, `email = ""`}, picture...)...)),
				Check: func(s *terraform.State) error {
					want.Email = ""
					return env.ProfileIs(t, &want, 4, "email", "messaging_product")(s)
				},
			},
			{
				ResourceName:            acctest.ProfileAddr,
				ImportState:             true,
				ImportStateId:           acctest.Number,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"profile_picture_handle_wo_version"},
			},
		},
	})
}

// Destroy calls nothing and says so, in the plan and in the apply; a
// refused update explains itself.
func TestCLIBusinessProfileDestroyAndRefusal(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(acctest.ProfileConfig(`about = "Acme Support"`))
	c.MustRun("apply", "-auto-approve")
	updates := env.Emu.Count(emulator.OpUpdateBusinessProfile)
	plan := c.MustRun("plan", "-destroy")
	acctest.AssertContains(t, plan,
		"Warning: The business profile of phone number "+acctest.Number+" stays as it is",
		"Destroying whatsapp_business_profile makes no API call",
	)
	destroy := c.MustRunJSON("destroy", "-auto-approve")
	acctest.AssertContains(t, destroy.Text(), "stays as it is")
	destroy.ExpectApplied(t, map[string][]string{acctest.ProfileAddr: {"delete"}})
	if got := env.Emu.Count(emulator.OpUpdateBusinessProfile); got != updates {
		t.Errorf("the destroy sent %d updates", got-updates)
	}
	if p, _ := env.Emu.BusinessProfile(acctest.Number); p.About != "Acme Support" {
		t.Errorf("profile after destroy = %+v", p)
	}
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpUpdateBusinessProfile, Code: 100, Message: "(#100) Param email must be a valid email address"})
	c.Write(acctest.ProfileConfig(`about = "Acme Support"`, `email = "support@acme.example"`))
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply passed:\n%s", out)
	}
	acctest.AssertContains(t, out, "Error: Could not update the business profile of phone number "+acctest.Number,
		"the profile is as it was before this apply", "Meta rejected a parameter", "fbtrace_id: Aemu")
	if strings.Contains(c.MustRun("show", "-json"), "whatsapp_business_profile") {
		t.Error("a failed create saved the profile in state")
	}
}
