package provider

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// profileIs checks the emulator's profile against want (only the fields
// given), and that the newest update carried exactly the fields sent.
func (e *accEnv) profileIs(t *testing.T, wantP *emulator.BusinessProfile, updates int, sent ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		want := *wantP
		p, _ := e.emu.BusinessProfile(accNumber)
		if p.About != want.About || p.Address != want.Address || p.Email != want.Email || p.Vertical != want.Vertical ||
			!slices.Equal(p.Websites, want.Websites) || p.Description != want.Description {
			return fmt.Errorf("the emulator's profile = %+v, want %+v", p, want)
		}
		if got := len(e.opsOf(emulator.OpUpdateBusinessProfile)); got != updates {
			return fmt.Errorf("profile updates = %d, want %d", got, updates)
		}
		if sent != nil {
			var keys []string
			for k := range e.lastBody(t, emulator.OpUpdateBusinessProfile) {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if !slices.Equal(keys, sent) {
				return fmt.Errorf("the last update sent %v, want %v", keys, sent)
			}
		}
		return e.budgetIs()
	}
}

func TestAccBusinessProfile_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	// Set in WhatsApp Manager before Terraform: never configured, never touched.
	env.emu.UpdateBusinessProfile(accNumber, func(p *emulator.BusinessProfile) { p.Address = "1 Rue du Lac, Genève" })
	base := []string{`about = "Acme Support: we answer within the hour."`, `email = "support@acme.example"`,
		`websites = ["https://acme.example/support"]`, `vertical = "RETAIL"`}
	picture := []string{`profile_picture_handle_wo = "4::aW1hZ2UvanBlZw==:ARbHandle"`, `profile_picture_handle_wo_version = 1`}
	want := emulator.BusinessProfile{About: "Acme Support: we answer within the hour.", Address: "1 Rue du Lac, Genève",
		Email: "support@acme.example", Websites: []string{"https://acme.example/support"}, Vertical: "RETAIL"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		TerraformVersionChecks:   writeOnlyCapable,
		CheckDestroy: func(*terraform.State) error {
			// Destroy calls nothing: the profile stays as it is.
			if p, _ := env.emu.BusinessProfile(accNumber); p.About != want.About || p.Vertical != "RETAIL" || len(p.Websites) != 1 {
				return fmt.Errorf("the destroy changed the profile: %+v", p)
			}
			if got := env.emu.Count(emulator.OpUpdateBusinessProfile); got != 4 {
				return fmt.Errorf("profile updates after destroy = %d, want still 4", got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: env.config(profile(base...)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("id"), knownvalue.StringExact(accNumber)),
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("address"), knownvalue.StringExact("1 Rue du Lac, Genève")),
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("description"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("websites"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("https://acme.example/support")})),
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("profile_picture_url"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            env.profileIs(t, &want, 1, "about", "email", "messaging_product", "vertical", "websites"),
			},
			{
				// Drift of a field left out of the configuration is ignored.
				PreConfig: func() {
					env.emu.UpdateBusinessProfile(accNumber, func(p *emulator.BusinessProfile) { p.Address = "2 Quai du Mont-Blanc" })
					want.Address = "2 Quai du Mont-Blanc"
				},
				Config:             env.config(profile(base...)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: false,
			},
			{
				// Drift of a configured field is put back, and only it is sent.
				PreConfig: func() {
					env.emu.UpdateBusinessProfile(accNumber, func(p *emulator.BusinessProfile) { p.Email = "old@acme.example" })
				},
				Config: env.config(profile(base...)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(profileAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(profileAddr, tfjsonpath.New("address"), knownvalue.StringExact("2 Quai du Mont-Blanc")),
				}},
				Check: env.profileIs(t, &want, 2, "email", "messaging_product"),
			},
			{
				// A change and a new picture, in one partial update.
				Config: env.config(profile(append(append(slices.Clone(base[1:]), `about = "Acme Support, 24/7."`), picture...)...)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("profile_picture_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://pps\.whatsapp\.net/`))),
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("profile_picture_handle_wo"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(s *terraform.State) error {
					want.About = "Acme Support, 24/7."
					return env.profileIs(t, &want, 3, "about", "messaging_product", "profile_picture_handle")(s)
				},
			},
			{
				// Removing a field from the configuration neither clears it nor calls anything.
				Config:           env.config(profile(append([]string{`about = "Acme Support, 24/7."`, `vertical = "RETAIL"`}, picture...)...)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            env.profileIs(t, &want, 3),
			},
			{
				// "" clears a field.
				Config: env.config(profile(append([]string{`about = "Acme Support, 24/7."`, `vertical = "RETAIL"`, `email = ""`}, picture...)...)),
				Check: func(s *terraform.State) error {
					want.Email = ""
					return env.profileIs(t, &want, 4, "email", "messaging_product")(s)
				},
			},
			{
				ResourceName:            profileAddr,
				ImportState:             true,
				ImportStateId:           accNumber,
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
	env := newAccEnv(t)
	c := env.cli(t)
	c.write(profile(`about = "Acme Support"`))
	c.mustRun("apply", "-auto-approve")
	updates := env.emu.Count(emulator.OpUpdateBusinessProfile)
	plan := c.mustRun("plan", "-destroy")
	assertContains(t, plan,
		"Warning: The business profile of phone number "+accNumber+" stays as it is",
		"Destroying whatsapp_business_profile makes no API call",
	)
	out := c.mustRun("destroy", "-auto-approve")
	assertContains(t, out, "stays as it is", "Destroy complete! Resources: 1 destroyed.")
	if got := env.emu.Count(emulator.OpUpdateBusinessProfile); got != updates {
		t.Errorf("the destroy sent %d updates", got-updates)
	}
	if p, _ := env.emu.BusinessProfile(accNumber); p.About != "Acme Support" {
		t.Errorf("profile after destroy = %+v", p)
	}
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpUpdateBusinessProfile, Code: 100, Message: "(#100) Param email must be a valid email address"})
	c.write(profile(`about = "Acme Support"`, `email = "support@acme.example"`))
	out, err := c.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply passed:\n%s", out)
	}
	assertContains(t, out, "Error: Could not update the business profile of phone number "+accNumber,
		"the profile is as it was before this apply", "Meta rejected a parameter", "fbtrace_id: Aemu")
	if strings.Contains(c.mustRun("show", "-json"), "whatsapp_business_profile") {
		t.Error("a failed create saved the profile in state")
	}
}
