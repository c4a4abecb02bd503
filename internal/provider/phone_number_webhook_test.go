package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// numberHookIs checks the emulator's world: the number's override, and how
// many webhook writes were made so far.
func (e *accEnv) numberHookIs(override string, writes int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		n, _ := e.emu.Number(accNumber)
		if n.WebhookOverride != override {
			return fmt.Errorf("the emulator's number override = %q, want %q", n.WebhookOverride, override)
		}
		if got := len(e.opsOf(emulator.OpSetNumberWebhook)); got != writes {
			return fmt.Errorf("number webhook writes = %d, want %d", got, writes)
		}
		return e.budgetIs()
	}
}

func TestAccPhoneNumberWebhook_lifecycle(t *testing.T) {
	env, hook := newHookEnv(t)
	cfg := func(path, token string, version int) string {
		return env.config(subscription() + numberHook(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.url(path))}, tokenLines(token, version)...)...))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		TerraformVersionChecks:   writeOnlyCapable,
		CheckDestroy: func(*terraform.State) error {
			n, _ := env.emu.Number(accNumber)
			if n.WebhookOverride != "" {
				return fmt.Errorf("the override survived the destroy: %q", n.WebhookOverride)
			}
			body := env.lastBody(t, emulator.OpSetNumberWebhook)
			if fmt.Sprint(body) != "map[webhook_configuration:map[override_callback_uri:]]" {
				return fmt.Errorf("the destroy sent %v", body)
			}
			// The override goes before the subscription it depends on.
			ops := env.opsOf(emulator.OpSetNumberWebhook, emulator.OpUnsubscribeApp)
			if ops[len(ops)-1] != emulator.OpUnsubscribeApp || ops[len(ops)-2] != emulator.OpSetNumberWebhook {
				return fmt.Errorf("destroy order = %v", ops)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg("/support", accVerifyToken, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(numberHookAddr, tfjsonpath.New("id"), knownvalue.StringExact(accNumber)),
					statecheck.ExpectKnownValue(numberHookAddr, tfjsonpath.New("override_callback_uri"), knownvalue.StringExact(hook.url("/support"))),
					stateLacks("whatsapp_phone_number_webhook", accVerifyToken),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeAggregateTestCheckFunc(env.numberHookIs(hook.url("/support"), 1), func(*terraform.State) error {
					// The subscription came first: Meta refuses the override otherwise.
					ops := env.opsOf(emulator.OpSubscribeApp, emulator.OpSetNumberWebhook)
					if strings.Join(ops, ",") != "subscribe_app,set_number_webhook" {
						return fmt.Errorf("order = %v", ops)
					}
					body := env.lastBody(t, emulator.OpSetNumberWebhook)
					if conf, _ := body["webhook_configuration"].(map[string]any); conf["verify_token"] != "******" {
						return fmt.Errorf("the log's body = %v", body)
					}
					return nil
				}),
			},
			{
				// Drift: the override changed outside Terraform.
				PreConfig: func() {
					env.emu.Update(accNumber, func(n *emulator.Number) { n.WebhookOverride = hook.url("/elsewhere") })
				},
				Config: cfg("/support", accVerifyToken, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(numberHookAddr, plancheck.ResourceActionUpdate),
				}},
				Check: env.numberHookIs(hook.url("/support"), 2),
			},
			{
				// A new token (version bump), verified again.
				PreConfig: func() { hook.expect(accVerifyToken2, false) },
				Config:    cfg("/support", accVerifyToken2, 2),
				Check: resource.ComposeAggregateTestCheckFunc(env.numberHookIs(hook.url("/support"), 3), func(*terraform.State) error {
					if n := hook.verifications.Load(); n != 3 {
						return fmt.Errorf("verifications = %d, want 3", n)
					}
					return nil
				}),
			},
			{
				Config:            cfg("/support-v2", accVerifyToken2, 2),
				ConfigStateChecks: []statecheck.StateCheck{stateLacks("whatsapp_phone_number_webhook", accVerifyToken2)},
				Check:             env.numberHookIs(hook.url("/support-v2"), 4),
			},
			{
				ResourceName:            numberHookAddr,
				ImportState:             true,
				ImportStateId:           accNumber,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"verify_token_wo_version"},
			},
		},
	})
}

// Without the subscription, Meta refuses the override: the error says why
// and how to order the resources. Removed outside Terraform, the override
// leaves state with a warning.
func TestCLIPhoneNumberWebhookNeedsTheSubscription(t *testing.T) {
	t.Parallel()
	env, hook := newHookEnv(t)
	c := env.cli(t)
	alone := strings.Replace(numberHook(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.url("/support"))}, tokenLines(accVerifyToken, 1)...)...),
		"depends_on = [whatsapp_webhook_subscription.acme]", "", 1)
	c.write(alone)
	out, err := c.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply passed without a subscription:\n%s", out)
	}
	assertContains(t, out,
		"Error: Could not set the callback override of phone number "+accNumber,
		"If Meta's message below says that the app must be subscribed",
		"depends_on = [whatsapp_webhook_subscription.<name>]",
		"must be subscribed to the WhatsApp Business Account",
		"fbtrace_id: Aemu",
	)
	if hook.verifications.Load() != 0 {
		t.Error("the callback was verified for a refused override")
	}
	c.write(subscription() + numberHook(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.url("/support"))}, tokenLines(accVerifyToken, 1)...)...))
	c.mustRun("apply", "-auto-approve")
	env.emu.Update(accNumber, func(n *emulator.Number) { n.WebhookOverride = "" })
	plan := c.mustRun("plan")
	assertContains(t, plan,
		"Warning: Phone number "+accNumber+" has no callback override any more: removed from state",
		"whatsapp_phone_number_webhook.support will be created",
	)
	if strings.Contains(out+plan, accVerifyToken) {
		t.Error("the CLI output holds the verify token")
	}
	if env.logHolds(t, accVerifyToken) {
		t.Error("the emulator's request log holds the verify token")
	}
}

// The tflog wiring for the webhook writes: the verify tokens, nested in
// webhook_configuration or not, never reach the "cloudapi" subsystem.
func TestClientLoggerMasksVerifyTokens(t *testing.T) {
	env, hook := newHookEnv(t)
	var out strings.Builder
	data := &providerData{secrets: []string{accToken}}
	ctx := data.logContext(tflogtest.RootLogger(context.Background(), &out))
	client, err := cloudapi.New(cloudapi.Config{BaseURL: env.srv.URL, AccessToken: accToken, Log: clientLog})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Subscribe(ctx, accWABA, cloudapi.Subscription{}); err != nil {
		t.Fatal(err)
	}
	if err := client.Subscribe(ctx, accWABA, cloudapi.Subscription{OverrideCallbackURI: hook.url("/waba"), VerifyToken: accVerifyToken}); err != nil {
		t.Fatal(err)
	}
	if err := client.SetNumberWebhook(ctx, accNumber, hook.url("/number"), accVerifyToken); err != nil {
		t.Fatal(err)
	}
	logs := out.String()
	if !strings.Contains(logs, "set the callback override of phone number "+accNumber) || !strings.Contains(logs, "webhook_configuration") {
		t.Fatalf("client events did not reach the cloudapi subsystem:\n%s", logs)
	}
	if strings.Contains(logs, accVerifyToken) || strings.Contains(logs, accToken) {
		t.Errorf("a secret was logged:\n%s", logs)
	}
}
