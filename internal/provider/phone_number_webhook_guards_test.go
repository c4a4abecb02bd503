package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The guards of guards_webhooks.go on whatsapp_phone_number_webhook, each
// through the CLI against the emulator.

// hookedNumber is the subscription and the number's override at path.
func hookedNumber(hook *hookEndpoint, path string) string {
	return subscription() + numberHook(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.url(path))}, tokenLines(accVerifyToken, 1)...)...)
}

// Case 1, for the number's override: a token of another app neither reads,
// changes nor clears it.
func TestCLINumberWebhookTokenOfAnotherAppIsAnError(t *testing.T) {
	t.Parallel()
	env, hook := newHookEnv(t)
	c := env.cli(t)
	c.write(hookedNumber(hook, "/n"))
	c.mustRun("apply", "-auto-approve")
	if st := c.stateOf(numberHookAddr); st == nil || st.AttributeValues["app_id"] != emulator.DefaultAppID {
		t.Fatalf("state = %+v, want app_id %s", st, emulator.DefaultAppID)
	}
	env.emu.SwitchTokenApp(anotherApp)
	env.emu.ResetRequests()
	// Without refresh, the override's destroy runs first (it depends on the
	// subscription) and is refused before any write.
	out, err := c.run("destroy", "-auto-approve", "-refresh=false")
	if err == nil {
		t.Fatalf("destroy passed with a token of another app:\n%s", out)
	}
	assertContains(t, out, "The access token belongs to another app than the callback override of phone number "+accNumber,
		"now belongs to app "+anotherApp.Name+" (id "+anotherApp.ID+")")
	if got := env.opsOf(emulator.OpSetNumberWebhook, emulator.OpSubscribeApp, emulator.OpUnsubscribeApp); len(got) != 0 {
		t.Errorf("writes as the other app: %v", got)
	}
	if n, _ := env.emu.Number(accNumber); n.WebhookOverride != hook.url("/n") {
		t.Errorf("override = %q", n.WebhookOverride)
	}
	if got := c.stateList(); got != numberHookAddr+"\n"+subAddr {
		t.Errorf("state list = %q", got)
	}
}

// Case 2, for the number's override.
func TestCLINumberWebhookCreateBeforeDestroyKeepsIt(t *testing.T) {
	t.Parallel()
	env, hook := newHookEnv(t)
	c := env.cli(t)
	config := func(trigger string) string {
		return subscription() + fmt.Sprintf(`
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
`, trigger, accNumber, hook.url("/n"), accVerifyToken)
	}
	c.write(config("a"))
	c.mustRun("apply", "-auto-approve")
	c.write(config("b"))
	out := c.mustRun("apply", "-auto-approve")
	assertContains(t, out, "Warning: Phone number "+accNumber+" already had this callback override: adopted",
		"Warning: The callback override of phone number "+accNumber+" was not cleared", "create_before_destroy")
	if n, _ := env.emu.Number(accNumber); n.WebhookOverride != hook.url("/n") {
		t.Fatalf("create_before_destroy cleared the override: %q", n.WebhookOverride)
	}
	for _, r := range env.emu.Requests() {
		if r.Operation == emulator.OpSetNumberWebhook {
			if conf, _ := r.Body["webhook_configuration"].(map[string]any); conf["override_callback_uri"] == "" {
				t.Errorf("a clear was sent: %v", r.Body)
			}
		}
	}
	assertContains(t, c.mustRun("plan"), "No changes.")
}

// Case 5: a create reads the number first. Another URL there is refused
// with import advice, and nothing is written; after the import, the plan
// names both URLs.
func TestCLINumberWebhookCreateRefusesToReplaceAnOverride(t *testing.T) {
	t.Parallel()
	env, hook := newHookEnv(t)
	const theirs = "https://other-team.example.com/whatsapp"
	env.emu.Update(accNumber, func(n *emulator.Number) { n.WebhookOverride = theirs })
	c := env.cli(t)
	c.write(hookedNumber(hook, "/n"))
	out, err := c.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply replaced an override it never announced:\n%s", out)
	}
	assertContains(t, out, "Error: Phone number "+accNumber+" already has a callback override",
		"already sends its messaging webhooks to "+theirs, "This create would replace it with "+hook.url("/n"),
		"terraform import whatsapp_phone_number_webhook.<name> "+accNumber)
	if got := env.opsOf(emulator.OpSetNumberWebhook); len(got) != 0 {
		t.Errorf("set_number_webhook calls = %v, want none", got)
	}
	if n, _ := env.emu.Number(accNumber); n.WebhookOverride != theirs {
		t.Errorf("override = %q", n.WebhookOverride)
	}
	c.mustRun("import", numberHookAddr, accNumber)
	plan := c.mustRun("plan")
	assertContains(t, plan, fmt.Sprintf(`~ override_callback_uri = %q -> %q`, theirs, hook.url("/n")))
	c.mustRun("apply", "-auto-approve")
	if n, _ := env.emu.Number(accNumber); n.WebhookOverride != hook.url("/n") {
		t.Errorf("override after the reviewed apply = %q", n.WebhookOverride)
	}
	if strings.Contains(c.mustRun("show", "-json"), accVerifyToken) {
		t.Error("state holds the verify token")
	}
}
