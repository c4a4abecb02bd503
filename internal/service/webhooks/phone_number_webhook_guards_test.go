package webhooks_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The guards of guards_webhooks.go on whatsapp_phone_number_webhook, each
// through the CLI against the emulator.

// hookedNumber is the subscription and the number's override at path.
func hookedNumber(hook *acctest.HookEndpoint, path string) string {
	return acctest.SubscriptionConfig() + acctest.NumberHookConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL(path))}, acctest.TokenLines(acctest.VerifyToken, 1)...)...)
}

// Case 1, for the number's override: a token of another app neither reads,
// changes nor clears it.
func TestCLINumberWebhookTokenOfAnotherAppIsAnError(t *testing.T) {
	t.Parallel()
	env, hook := acctest.NewHookEnv(t)
	c := env.CLI(t)
	c.Write(hookedNumber(hook, "/n"))
	c.MustRun("apply", "-auto-approve")
	if st := c.StateOf(acctest.NumberHookAddr); st == nil || st.AttributeValues["app_id"] != emulator.DefaultAppID {
		t.Fatalf("state = %+v, want app_id %s", st, emulator.DefaultAppID)
	}
	env.Emu.SwitchTokenApp(acctest.AnotherApp)
	env.Emu.ResetRequests()
	// Without refresh, the override's destroy runs first (it depends on the
	// subscription) and is refused before any write.
	out, err := c.Run("destroy", "-auto-approve", "-refresh=false")
	if err == nil {
		t.Fatalf("destroy passed with a token of another app:\n%s", out)
	}
	acctest.AssertContains(t, out, "The access token belongs to another app than the callback override of phone number "+acctest.Number,
		"now belongs to app "+acctest.AnotherApp.Name+" (id "+acctest.AnotherApp.ID+")")
	if got := env.OpsOf(emulator.OpSetNumberWebhook, emulator.OpSubscribeApp, emulator.OpUnsubscribeApp); len(got) != 0 {
		t.Errorf("writes as the other app: %v", got)
	}
	if n, _ := env.Emu.Number(acctest.Number); n.WebhookOverride != hook.URL("/n") {
		t.Errorf("override = %q", n.WebhookOverride)
	}
	if got := c.StateList(); got != acctest.NumberHookAddr+"\n"+acctest.SubscriptionAddr {
		t.Errorf("state list = %q", got)
	}
}

// Case 2, for the number's override.
func TestCLINumberWebhookCreateBeforeDestroyKeepsIt(t *testing.T) {
	t.Parallel()
	env, hook := acctest.NewHookEnv(t)
	c := env.CLI(t)
	config := func(trigger string) string {
		return acctest.SubscriptionConfig() + fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = %q
}

resource "whatsapp_phone_number_webhook" "support" {
  phone_number_id         = %q
  override_callback_uri   = %q
  verify_token_wo         = %q
  verify_token_wo_version = 1

  depends_on = [whatsapp_webhook_subscription.acme]
  lifecycle {
    create_before_destroy = true
    replace_triggered_by  = [terraform_data.trigger]
  }
}
`, trigger, acctest.Number, hook.URL("/n"), acctest.VerifyToken)
	}
	c.Write(config("a"))
	c.MustRun("apply", "-auto-approve")
	c.Write(config("b"))
	out := c.MustRun("apply", "-auto-approve")
	acctest.AssertContains(t, out, "Warning: Phone number "+acctest.Number+" already had this callback override: adopted",
		"Warning: The callback override of phone number "+acctest.Number+" was not cleared", "create_before_destroy")
	if n, _ := env.Emu.Number(acctest.Number); n.WebhookOverride != hook.URL("/n") {
		t.Fatalf("create_before_destroy cleared the override: %q", n.WebhookOverride)
	}
	for _, r := range env.Emu.Requests() {
		if r.Operation == emulator.OpSetNumberWebhook {
			if conf, _ := r.Body["webhook_configuration"].(map[string]any); conf["override_callback_uri"] == "" {
				t.Errorf("a clear was sent: %v", r.Body)
			}
		}
	}
	c.ExpectNoChanges()
}

// Case 5: a create reads the number first. Another URL there is refused
// with import advice, and nothing is written; after the import, the plan
// names both URLs.
func TestCLINumberWebhookCreateRefusesToReplaceAnOverride(t *testing.T) {
	t.Parallel()
	env, hook := acctest.NewHookEnv(t)
	const theirs = "https://other-team.example.com/whatsapp"
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.WebhookOverride = theirs })
	c := env.CLI(t)
	c.Write(hookedNumber(hook, "/n"))
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply replaced an override it never announced:\n%s", out)
	}
	acctest.AssertContains(t, out, "Error: Phone number "+acctest.Number+" already has a callback override",
		"already sends its messaging webhooks to "+theirs, "This create would replace it with "+hook.URL("/n"),
		"terraform import whatsapp_phone_number_webhook.<name> "+acctest.Number)
	if got := env.OpsOf(emulator.OpSetNumberWebhook); len(got) != 0 {
		t.Errorf("set_number_webhook calls = %v, want none", got)
	}
	if n, _ := env.Emu.Number(acctest.Number); n.WebhookOverride != theirs {
		t.Errorf("override = %q", n.WebhookOverride)
	}
	c.MustRun("import", acctest.NumberHookAddr, acctest.Number)
	plan := c.MustRun("plan")
	acctest.AssertContains(t, plan, fmt.Sprintf(`~ override_callback_uri = %q -> %q`, theirs, hook.URL("/n")))
	c.MustRun("apply", "-auto-approve")
	if n, _ := env.Emu.Number(acctest.Number); n.WebhookOverride != hook.URL("/n") {
		t.Errorf("override after the reviewed apply = %q", n.WebhookOverride)
	}
	if strings.Contains(c.MustRun("show", "-json"), acctest.VerifyToken) {
		t.Error("state holds the verify token")
	}
}
