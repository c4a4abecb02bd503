package webhooks_test

import (
	"fmt"
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

func TestAccWebhookSubscription_lifecycle(t *testing.T) {
	env, hook := acctest.NewHookEnv(t)
	withOverride := func(path, token string, version int) string {
		return env.Config(acctest.SubscriptionConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL(path))}, acctest.TokenLines(token, version)...)...))
	}
	const sub = emulator.OpSubscribeApp
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		TerraformVersionChecks:   acctest.WriteOnlyCapable,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := env.Emu.Subscribed(acctest.WABA); ok {
				return fmt.Errorf("still subscribed after destroy")
			}
			if got := env.OpsOf(emulator.OpUnsubscribeApp); len(got) != 1 {
				return fmt.Errorf("unsubscribe calls = %v, want one", got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// A plain subscribe.
				Config: env.Config(acctest.SubscriptionConfig()),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.SubscriptionAddr, tfjsonpath.New("id"), knownvalue.StringExact(acctest.WABA)),
					statecheck.ExpectKnownValue(acctest.SubscriptionAddr, tfjsonpath.New("app_id"), knownvalue.StringExact(emulator.DefaultAppID)),
					statecheck.ExpectKnownValue(acctest.SubscriptionAddr, tfjsonpath.New("app_name"), knownvalue.StringExact(emulator.DefaultAppName)),
					statecheck.ExpectKnownValue(acctest.SubscriptionAddr, tfjsonpath.New("override_callback_uri"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            env.SubscribedAs("", sub),
			},
			{
				// Adding an override: one POST, verified by the endpoint.
				Config: withOverride("/waba", acctest.VerifyToken, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.SubscriptionAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.SubscriptionAddr, tfjsonpath.New("override_callback_uri"), knownvalue.StringExact(hook.URL("/waba"))),
					statecheck.ExpectKnownValue(acctest.SubscriptionAddr, tfjsonpath.New("verify_token_wo"), knownvalue.Null()),
					acctest.SecretAbsentFromState("whatsapp_webhook_subscription", acctest.VerifyToken),
				},
				Check: resource.ComposeAggregateTestCheckFunc(env.SubscribedAs(hook.URL("/waba"), sub, sub), func(*terraform.State) error {
					if n := hook.Verifications.Load(); n != 1 {
						return fmt.Errorf("verifications = %d, want 1", n)
					}
					if body := env.LastBody(t, sub); body["verify_token"] != "******" || body["override_callback_uri"] != hook.URL("/waba") {
						return fmt.Errorf("override body in the log = %v", body)
					}
					return nil
				}),
			},
			{
				// Drift: the override changed in the App Dashboard.
				PreConfig: func() {
					env.Emu.SubscribeOutOfBand(acctest.WABA, emulator.Subscription{App: env.Emu.App(), OverrideCallbackURI: hook.URL("/elsewhere")})
				},
				Config: withOverride("/waba", acctest.VerifyToken, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(acctest.SubscriptionAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(acctest.SubscriptionAddr, tfjsonpath.New("override_callback_uri"), knownvalue.StringExact(hook.URL("/waba"))),
					},
				},
				Check: env.SubscribedAs(hook.URL("/waba"), sub, sub, sub),
			},
			{
				// A new token: bumping the version sends it, verified again.
				PreConfig: func() { hook.Expect(acctest.VerifyToken2, false) },
				Config:    withOverride("/waba", acctest.VerifyToken2, 2),
				Check: resource.ComposeAggregateTestCheckFunc(env.SubscribedAs(hook.URL("/waba"), sub, sub, sub, sub), func(*terraform.State) error {
					if n := hook.Verifications.Load(); n != 3 {
						return fmt.Errorf("verifications = %d, want 3", n)
					}
					return nil
				}),
			},
			{
				// Another URL.
				Config:            withOverride("/waba-v2", acctest.VerifyToken2, 2),
				ConfigStateChecks: []statecheck.StateCheck{acctest.SecretAbsentFromState("whatsapp_webhook_subscription", acctest.VerifyToken2)},
				Check:             env.SubscribedAs(hook.URL("/waba-v2"), sub, sub, sub, sub, sub),
			},
			{
				// Import reads the override back; the token's version cannot be.
				ResourceName:            acctest.SubscriptionAddr,
				ImportState:             true,
				ImportStateId:           acctest.WABA,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"verify_token_wo_version"},
			},
			{
				// Removing the override: a plain POST.
				Config: env.Config(acctest.SubscriptionConfig()),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.SubscriptionAddr, tfjsonpath.New("override_callback_uri"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeAggregateTestCheckFunc(env.SubscribedAs("", sub, sub, sub, sub, sub, sub), func(*terraform.State) error {
					if body := env.LastBody(t, sub); len(body) != 0 {
						return fmt.Errorf("the removal sent %v, want an empty body", body)
					}
					return nil
				}),
			},
		},
	})
}

// The create sends a plain POST, then the override: the order Meta demands.
// A refused verification leaves the app subscribed, says so, and saves the
// subscription tainted, without the override (guardPartialCreate), so that
// destroy can remove it; the next apply replaces it. Nothing of the token
// reaches the output, the state or the emulator's log.
func TestCLIWebhookSubscriptionCreateOrderAndRefusedCallback(t *testing.T) {
	t.Parallel()
	env, hook := acctest.NewHookEnv(t)
	c := env.CLI(t)
	hook.Expect(acctest.VerifyToken, true)
	c.Write(acctest.SubscriptionConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL("/waba"))}, acctest.TokenLines(acctest.VerifyToken, 1)...)...))
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply passed although the endpoint refuses verification:\n%s", out)
	}
	acctest.AssertContains(t, out,
		"Error: Could not set the callback override of WhatsApp Business Account "+acctest.WABA,
		"The app IS subscribed to the account's webhooks",
		"saved in state as tainted",
		"Why: Meta verifies a callback URL when it is set",
		"What to do: Make the endpoint at override_callback_uri reachable",
		"Graph API error 2200",
		"HTTP Status Code = 403",
		"fbtrace_id: Aemu",
	)
	if strings.Count(out, "fbtrace_id") != 1 {
		t.Errorf("fbtrace_id shown %d times, want once:\n%s", strings.Count(out, "fbtrace_id"), out)
	}
	if got := env.OpsOf(emulator.OpSubscribeApp); len(got) != 2 {
		t.Fatalf("subscribe calls = %v, want the plain one then the override", got)
	}
	reqs := env.Emu.Requests()
	var bodies []map[string]any
	for _, r := range reqs {
		if r.Operation == emulator.OpSubscribeApp {
			bodies = append(bodies, r.Body)
		}
	}
	if len(bodies[0]) != 0 || bodies[1]["override_callback_uri"] != hook.URL("/waba") {
		t.Errorf("subscribe bodies = %v", bodies)
	}
	if s, ok := env.Emu.Subscribed(acctest.WABA); !ok || s.OverrideCallbackURI != "" {
		t.Errorf("after the refused override: %+v %v", s, ok)
	}
	st := c.ShowState()
	if len(st) != 1 || st[0].Address != acctest.SubscriptionAddr || !st[0].Tainted || st[0].AttributeValues["override_callback_uri"] != nil {
		t.Fatalf("state after the failed create = %+v, want the subscription, tainted, without the override", st)
	}
	// A destroy now removes what the failed create made.
	acctest.ExpectChanges(t, c.SavedPlan("-destroy"), map[string][]string{acctest.SubscriptionAddr: {"delete"}})
	hook.Expect(acctest.VerifyToken, false)
	c.MustRunJSON("apply", "-auto-approve").ExpectApplied(t, map[string][]string{acctest.SubscriptionAddr: {"delete", "create"}})
	if s, _ := env.Emu.Subscribed(acctest.WABA); s.OverrideCallbackURI != hook.URL("/waba") {
		t.Errorf("after the second apply: %+v", s)
	}
	show := c.MustRun("show", "-json")
	for name, text := range map[string]string{"the CLI output": out, "the state": show} {
		if strings.Contains(text, acctest.VerifyToken) {
			t.Errorf("%s holds the verify token", name)
		}
	}
	if env.LogHolds(t, acctest.VerifyToken) {
		t.Error("the emulator's log holds the verify token")
	}
}

// A definite answer without this app removes the subscription from state
// with a warning, even when other apps are subscribed; the destroy plan
// says what an unsubscribe does.
func TestCLIWebhookSubscriptionDrift(t *testing.T) {
	t.Parallel()
	env, _ := acctest.NewHookEnv(t)
	c := env.CLI(t)
	env.Emu.SubscribeOutOfBand(acctest.WABA, emulator.Subscription{App: emulator.App{ID: "777000111", Name: "Another app"}})
	c.Write(acctest.SubscriptionConfig())
	c.MustRun("apply", "-auto-approve")
	destroy := c.MustRun("plan", "-destroy")
	acctest.AssertContains(t, destroy,
		"Warning: Destroying this subscription unsubscribes the app from WhatsApp Business Account "+acctest.WABA,
		"reach no app of ours",
		"No register or deregister is spent",
	)
	env.Emu.UnsubscribeOutOfBand(acctest.WABA, emulator.DefaultAppID)
	saved, plan := c.SavedPlanOutput()
	acctest.AssertContains(t, plan,
		"Warning: The app is no longer subscribed to WhatsApp Business Account "+acctest.WABA+": removed from state",
		"this app ("+emulator.DefaultAppName+", id "+emulator.DefaultAppID+") is not among them",
	)
	acctest.ExpectChanges(t, saved, map[string][]string{acctest.SubscriptionAddr: {"create"}})
	// A WABA the token cannot see is not an absence: state stays.
	c.MustRun("apply", "-auto-approve")
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpListSubscribedApps, Code: 100, Subcode: 33, Times: 10})
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("plan passed on a 100/33:\n%s", out)
	}
	acctest.AssertContains(t, out, "Could not read the webhook subscriptions of WhatsApp Business Account "+acctest.WABA, "The subscription in state was left as it was")
	env.Emu.ClearFaults()
	acctest.AssertContains(t, c.MustRun("show", "-json"), `"address":"`+acctest.SubscriptionAddr+`"`)
}

func TestCLIWebhookSubscriptionImportOfAnUnsubscribedApp(t *testing.T) {
	t.Parallel()
	env, _ := acctest.NewHookEnv(t)
	c := env.CLI(t)
	c.Write(acctest.SubscriptionConfig())
	out, err := c.Run("import", acctest.SubscriptionAddr, acctest.WABA)
	if err == nil {
		t.Fatalf("import passed:\n%s", out)
	}
	acctest.AssertContains(t, out, "The app is not subscribed to WhatsApp Business Account "+acctest.WABA, "there is no subscription to import")
	out, err = c.Run("import", acctest.SubscriptionAddr, "acme-waba")
	if err == nil || !strings.Contains(out, "is not a WhatsApp Business Account ID") {
		t.Errorf("import with a name: %v\n%s", err, out)
	}
}
