package provider

import (
	"fmt"
	"slices"
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

// subscribedAs checks the emulator's world: this app is subscribed to the
// demo WABA with the given override ("" for none), and the writes so far
// are exactly writes.
func (e *accEnv) subscribedAs(override string, writes ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		s, ok := e.emu.Subscribed(accWABA)
		switch {
		case !ok:
			return fmt.Errorf("the emulator has the app unsubscribed")
		case s.OverrideCallbackURI != override:
			return fmt.Errorf("the emulator's override = %q, want %q", s.OverrideCallbackURI, override)
		}
		if got := e.opsOf(emulator.OpSubscribeApp, emulator.OpUnsubscribeApp); !slices.Equal(got, writes) {
			return fmt.Errorf("subscription writes = %v, want %v", got, writes)
		}
		return e.budgetIs()
	}
}

func TestAccWebhookSubscription_lifecycle(t *testing.T) {
	env, hook := newHookEnv(t)
	withOverride := func(path, token string, version int) string {
		return env.config(subscription(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.url(path))}, tokenLines(token, version)...)...))
	}
	const sub = emulator.OpSubscribeApp
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		TerraformVersionChecks:   writeOnlyCapable,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := env.emu.Subscribed(accWABA); ok {
				return fmt.Errorf("still subscribed after destroy")
			}
			if got := env.opsOf(emulator.OpUnsubscribeApp); len(got) != 1 {
				return fmt.Errorf("unsubscribe calls = %v, want one", got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// A plain subscribe.
				Config: env.config(subscription()),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("id"), knownvalue.StringExact(accWABA)),
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("app_id"), knownvalue.StringExact(emulator.DefaultAppID)),
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("app_name"), knownvalue.StringExact(emulator.DefaultAppName)),
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("override_callback_uri"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            env.subscribedAs("", sub),
			},
			{
				// Adding an override: one POST, verified by the endpoint.
				Config: withOverride("/waba", accVerifyToken, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(subAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("override_callback_uri"), knownvalue.StringExact(hook.url("/waba"))),
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("verify_token_wo"), knownvalue.Null()),
					stateLacks("whatsapp_webhook_subscription", accVerifyToken),
				},
				Check: resource.ComposeAggregateTestCheckFunc(env.subscribedAs(hook.url("/waba"), sub, sub), func(*terraform.State) error {
					if n := hook.verifications.Load(); n != 1 {
						return fmt.Errorf("verifications = %d, want 1", n)
					}
					if body := env.lastBody(t, sub); body["verify_token"] != "******" || body["override_callback_uri"] != hook.url("/waba") {
						return fmt.Errorf("override body in the log = %v", body)
					}
					return nil
				}),
			},
			{
				// Drift: the override changed in the App Dashboard.
				PreConfig: func() {
					env.emu.SubscribeOutOfBand(accWABA, emulator.Subscription{App: env.emu.App(), OverrideCallbackURI: hook.url("/elsewhere")})
				},
				Config: withOverride("/waba", accVerifyToken, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(subAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(subAddr, tfjsonpath.New("override_callback_uri"), knownvalue.StringExact(hook.url("/waba"))),
					},
				},
				Check: env.subscribedAs(hook.url("/waba"), sub, sub, sub),
			},
			{
				// A new token: bumping the version sends it, verified again.
				PreConfig: func() { hook.expect(accVerifyToken2, false) },
				Config:    withOverride("/waba", accVerifyToken2, 2),
				Check: resource.ComposeAggregateTestCheckFunc(env.subscribedAs(hook.url("/waba"), sub, sub, sub, sub), func(*terraform.State) error {
					if n := hook.verifications.Load(); n != 3 {
						return fmt.Errorf("verifications = %d, want 3", n)
					}
					return nil
				}),
			},
			{
				// Another URL.
				Config:            withOverride("/waba-v2", accVerifyToken2, 2),
				ConfigStateChecks: []statecheck.StateCheck{stateLacks("whatsapp_webhook_subscription", accVerifyToken2)},
				Check:             env.subscribedAs(hook.url("/waba-v2"), sub, sub, sub, sub, sub),
			},
			{
				// Import reads the override back; the token's version cannot be.
				ResourceName:            subAddr,
				ImportState:             true,
				ImportStateId:           accWABA,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"verify_token_wo_version"},
			},
			{
				// Removing the override: a plain POST.
				Config: env.config(subscription()),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("override_callback_uri"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeAggregateTestCheckFunc(env.subscribedAs("", sub, sub, sub, sub, sub, sub), func(*terraform.State) error {
					if body := env.lastBody(t, sub); len(body) != 0 {
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
	env, hook := newHookEnv(t)
	c := env.cli(t)
	hook.expect(accVerifyToken, true)
	c.write(subscription(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.url("/waba"))}, tokenLines(accVerifyToken, 1)...)...))
	out, err := c.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply passed although the endpoint refuses verification:\n%s", out)
	}
	assertContains(t, out,
		"Error: Could not set the callback override of WhatsApp Business Account "+accWABA,
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
	if got := env.opsOf(emulator.OpSubscribeApp); len(got) != 2 {
		t.Fatalf("subscribe calls = %v, want the plain one then the override", got)
	}
	reqs := env.emu.Requests()
	var bodies []map[string]any
	for _, r := range reqs {
		if r.Operation == emulator.OpSubscribeApp {
			bodies = append(bodies, r.Body)
		}
	}
	if len(bodies[0]) != 0 || bodies[1]["override_callback_uri"] != hook.url("/waba") {
		t.Errorf("subscribe bodies = %v", bodies)
	}
	if s, ok := env.emu.Subscribed(accWABA); !ok || s.OverrideCallbackURI != "" {
		t.Errorf("after the refused override: %+v %v", s, ok)
	}
	st := c.showState()
	if len(st) != 1 || st[0].Address != subAddr || !st[0].Tainted || st[0].AttributeValues["override_callback_uri"] != nil {
		t.Fatalf("state after the failed create = %+v, want the subscription, tainted, without the override", st)
	}
	// A destroy now removes what the failed create made.
	destroy := c.mustRun("plan", "-destroy")
	assertContains(t, destroy, "whatsapp_webhook_subscription.acme will be destroyed")
	hook.expect(accVerifyToken, false)
	replace := c.mustRun("apply", "-auto-approve")
	assertContains(t, replace, "1 added, 0 changed, 1 destroyed")
	if s, _ := env.emu.Subscribed(accWABA); s.OverrideCallbackURI != hook.url("/waba") {
		t.Errorf("after the second apply: %+v", s)
	}
	show := c.mustRun("show", "-json")
	for name, text := range map[string]string{"the CLI output": out, "the state": show} {
		if strings.Contains(text, accVerifyToken) {
			t.Errorf("%s holds the verify token", name)
		}
	}
	if env.logHolds(t, accVerifyToken) {
		t.Error("the emulator's log holds the verify token")
	}
}

// A definite answer without this app removes the subscription from state
// with a warning, even when other apps are subscribed; the destroy plan
// says what an unsubscribe does.
func TestCLIWebhookSubscriptionDrift(t *testing.T) {
	t.Parallel()
	env, _ := newHookEnv(t)
	c := env.cli(t)
	env.emu.SubscribeOutOfBand(accWABA, emulator.Subscription{App: emulator.App{ID: "777000111", Name: "Another app"}})
	c.write(subscription())
	c.mustRun("apply", "-auto-approve")
	destroy := c.mustRun("plan", "-destroy")
	assertContains(t, destroy,
		"Warning: Destroying this subscription unsubscribes the app from WhatsApp Business Account "+accWABA,
		"reach no app of ours",
		"No register or deregister is spent",
	)
	env.emu.UnsubscribeOutOfBand(accWABA, emulator.DefaultAppID)
	plan := c.mustRun("plan")
	assertContains(t, plan,
		"Warning: The app is no longer subscribed to WhatsApp Business Account "+accWABA+": removed from state",
		"this app ("+emulator.DefaultAppName+", id "+emulator.DefaultAppID+") is not among them",
		"whatsapp_webhook_subscription.acme will be created",
	)
	// A WABA the token cannot see is not an absence: state stays.
	c.mustRun("apply", "-auto-approve")
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpListSubscribedApps, Code: 100, Subcode: 33, Times: 10})
	out, err := c.run("plan")
	if err == nil {
		t.Fatalf("plan passed on a 100/33:\n%s", out)
	}
	assertContains(t, out, "Could not read the webhook subscriptions of WhatsApp Business Account "+accWABA, "The subscription in state was left as it was")
	env.emu.ClearFaults()
	assertContains(t, c.mustRun("show", "-json"), `"address":"`+subAddr+`"`)
}

func TestCLIWebhookSubscriptionImportOfAnUnsubscribedApp(t *testing.T) {
	t.Parallel()
	env, _ := newHookEnv(t)
	c := env.cli(t)
	c.write(subscription())
	out, err := c.run("import", subAddr, accWABA)
	if err == nil {
		t.Fatalf("import passed:\n%s", out)
	}
	assertContains(t, out, "The app is not subscribed to WhatsApp Business Account "+accWABA, "there is no subscription to import")
	out, err = c.run("import", subAddr, "acme-waba")
	if err == nil || !strings.Contains(out, "is not a WhatsApp Business Account ID") {
		t.Errorf("import with a name: %v\n%s", err, out)
	}
}
