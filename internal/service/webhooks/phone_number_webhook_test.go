package webhooks_test

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

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

func TestAccPhoneNumberWebhook_lifecycle(t *testing.T) {
	env, hook := acctest.NewHookEnv(t)
	cfg := func(path, token string, version int) string {
		return env.Config(acctest.SubscriptionConfig() + acctest.NumberHookConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL(path))}, acctest.TokenLines(token, version)...)...))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		TerraformVersionChecks:   acctest.WriteOnlyCapable,
		CheckDestroy: func(*terraform.State) error {
			n, _ := env.Emu.Number(acctest.Number)
			if n.WebhookOverride != "" {
				return fmt.Errorf("the override survived the destroy: %q", n.WebhookOverride)
			}
			body := env.LastBody(t, emulator.OpSetNumberWebhook)
			if fmt.Sprint(body) != "map[webhook_configuration:map[override_callback_uri:]]" {
				return fmt.Errorf("the destroy sent %v", body)
			}
			// The override goes before the subscription it depends on.
			ops := env.OpsOf(emulator.OpSetNumberWebhook, emulator.OpUnsubscribeApp)
			if ops[len(ops)-1] != emulator.OpUnsubscribeApp || ops[len(ops)-2] != emulator.OpSetNumberWebhook {
				return fmt.Errorf("destroy order = %v", ops)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg("/support", acctest.VerifyToken, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.NumberHookAddr, tfjsonpath.New("id"), knownvalue.StringExact(acctest.Number)),
					statecheck.ExpectKnownValue(acctest.NumberHookAddr, tfjsonpath.New("override_callback_uri"), knownvalue.StringExact(hook.URL("/support"))),
					acctest.SecretAbsentFromState("whatsapp_phone_number_webhook", acctest.VerifyToken),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeAggregateTestCheckFunc(env.NumberHookIs(hook.URL("/support"), 1), func(*terraform.State) error {
					// The subscription came first: Meta refuses the override otherwise.
					ops := env.OpsOf(emulator.OpSubscribeApp, emulator.OpSetNumberWebhook)
					if strings.Join(ops, ",") != "subscribe_app,set_number_webhook" {
						return fmt.Errorf("order = %v", ops)
					}
					body := env.LastBody(t, emulator.OpSetNumberWebhook)
					if conf, _ := body["webhook_configuration"].(map[string]any); conf["verify_token"] != "******" {
						return fmt.Errorf("the log's body = %v", body)
					}
					return nil
				}),
			},
			{
				// Drift: the override changed outside Terraform.
				PreConfig: func() {
					env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.WebhookOverride = hook.URL("/elsewhere") })
				},
				Config: cfg("/support", acctest.VerifyToken, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acctest.NumberHookAddr, plancheck.ResourceActionUpdate),
				}},
				Check: env.NumberHookIs(hook.URL("/support"), 2),
			},
			{
				// A new token (version bump), verified again.
				PreConfig: func() { hook.Expect(acctest.VerifyToken2, false) },
				Config:    cfg("/support", acctest.VerifyToken2, 2),
				Check: resource.ComposeAggregateTestCheckFunc(env.NumberHookIs(hook.URL("/support"), 3), func(*terraform.State) error {
					if n := hook.Verifications.Load(); n != 3 {
						return fmt.Errorf("verifications = %d, want 3", n)
					}
					return nil
				}),
			},
			{
				Config:            cfg("/support-v2", acctest.VerifyToken2, 2),
				ConfigStateChecks: []statecheck.StateCheck{acctest.SecretAbsentFromState("whatsapp_phone_number_webhook", acctest.VerifyToken2)},
				Check:             env.NumberHookIs(hook.URL("/support-v2"), 4),
			},
			{
				ResourceName:            acctest.NumberHookAddr,
				ImportState:             true,
				ImportStateId:           acctest.Number,
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
	env, hook := acctest.NewHookEnv(t)
	c := env.CLI(t)
	alone := strings.Replace(acctest.NumberHookConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL("/support"))}, acctest.TokenLines(acctest.VerifyToken, 1)...)...),
		"depends_on = [whatsapp_webhook_subscription.acme]", "", 1)
	c.Write(alone)
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply passed without a subscription:\n%s", out)
	}
	acctest.AssertContains(t, out,
		"Error: Could not set the callback override of phone number "+acctest.Number,
		"If Meta's message below says that the app must be subscribed",
		"depends_on = [whatsapp_webhook_subscription.<name>]",
		"must be subscribed to the WhatsApp Business Account",
		"fbtrace_id: Aemu",
	)
	if hook.Verifications.Load() != 0 {
		t.Error("the callback was verified for a refused override")
	}
	c.Write(acctest.SubscriptionConfig() + acctest.NumberHookConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL("/support"))}, acctest.TokenLines(acctest.VerifyToken, 1)...)...))
	c.MustRun("apply", "-auto-approve")
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.WebhookOverride = "" })
	saved, plan := c.SavedPlanOutput()
	acctest.AssertContains(t, plan, "Warning: Phone number "+acctest.Number+" has no callback override any more: removed from state")
	acctest.ExpectChanges(t, saved, map[string][]string{acctest.NumberHookAddr: {"create"}})
	if strings.Contains(out+plan, acctest.VerifyToken) {
		t.Error("the CLI output holds the verify token")
	}
	if env.LogHolds(t, acctest.VerifyToken) {
		t.Error("the emulator's request log holds the verify token")
	}
}

// The tflog wiring for the webhook writes: the verify tokens, nested in
// webhook_configuration or not, never reach the "cloudapi" subsystem.
func TestClientLoggerMasksVerifyTokens(t *testing.T) {
	env, hook := acctest.NewHookEnv(t)
	var out strings.Builder
	data := framework.NewProviderData(nil, framework.NewScope(), acctest.Token, "")
	ctx := data.LogContext(tflogtest.RootLogger(context.Background(), &out))
	client, err := cloudapi.New(cloudapi.Config{BaseURL: env.Srv.URL, AccessToken: acctest.Token, Log: framework.ClientLog})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Subscribe(ctx, acctest.WABA, cloudapi.Subscription{}); err != nil {
		t.Fatal(err)
	}
	if err := client.Subscribe(ctx, acctest.WABA, cloudapi.Subscription{OverrideCallbackURI: hook.URL("/waba"), VerifyToken: acctest.VerifyToken}); err != nil {
		t.Fatal(err)
	}
	if err := client.SetNumberWebhook(ctx, acctest.Number, hook.URL("/number"), acctest.VerifyToken); err != nil {
		t.Fatal(err)
	}
	logs := out.String()
	if !strings.Contains(logs, "set the callback override of phone number "+acctest.Number) || !strings.Contains(logs, "webhook_configuration") {
		t.Fatalf("client events did not reach the cloudapi subsystem:\n%s", logs)
	}
	if strings.Contains(logs, acctest.VerifyToken) || strings.Contains(logs, acctest.Token) {
		t.Errorf("a secret was logged:\n%s", logs)
	}
}
