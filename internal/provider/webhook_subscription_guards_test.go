package provider

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The guards of guards_webhooks.go on whatsapp_webhook_subscription, each
// through the CLI against the emulator.

// Issue 16, case 1: the token is switched to another app's. Refresh and
// destroy are errors naming both apps; nothing of the other app's
// subscription reaches state, nothing is unsubscribed, and an absent
// subscription of the other app is not "unsubscribed outside Terraform".
func TestCLISubscriptionTokenOfAnotherAppIsAnError(t *testing.T) {
	t.Parallel()
	env, hook := newHookEnv(t)
	c := env.cli(t)
	c.write(subscription(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.url("/a"))}, tokenLines(accVerifyToken, 1)...)...))
	c.mustRun("apply", "-auto-approve")
	env.emu.SubscribeOutOfBand(accWABA, emulator.Subscription{App: anotherApp, OverrideCallbackURI: "https://b.example.com/hook"})
	env.emu.SwitchTokenApp(anotherApp)
	env.emu.ResetRequests()

	for _, args := range [][]string{{"plan"}, {"destroy", "-auto-approve"}, {"destroy", "-auto-approve", "-refresh=false"}, {"apply", "-auto-approve", "-refresh=false"}} {
		if args[0] == "apply" {
			// An update as the other app: refused before any write.
			c.write(subscription(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.url("/a2"))}, tokenLines(accVerifyToken, 1)...)...))
		}
		out, err := c.run(args...)
		if err == nil {
			t.Fatalf("%v passed with a token of another app:\n%s", args, out)
		}
		assertContains(t, out,
			"Error: The access token belongs to another app than the webhook subscription of WhatsApp Business Account "+accWABA,
			"State records the webhook subscription of WhatsApp Business Account "+accWABA+" as made by app "+emulator.DefaultAppName+" (id "+emulator.DefaultAppID+")",
			"now belongs to app "+anotherApp.Name+" (id "+anotherApp.ID+")",
			"Nothing was read into state, written or removed",
		)
		assertNotContains(t, out, "no longer subscribed", "Destruction complete")
	}
	if got := env.opsOf(emulator.OpSubscribeApp, emulator.OpUnsubscribeApp); len(got) != 0 {
		t.Errorf("writes as the other app: %v", got)
	}
	if s, ok := env.emu.SubscribedApp(accWABA, anotherApp.ID); !ok || s.OverrideCallbackURI != "https://b.example.com/hook" {
		t.Errorf("the other app's subscription was touched: %+v %v", s, ok)
	}
	if s, ok := env.emu.SubscribedApp(accWABA, emulator.DefaultAppID); !ok || s.OverrideCallbackURI != hook.url("/a") {
		t.Errorf("this app's subscription was touched: %+v %v", s, ok)
	}
	c.write(subscription(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.url("/a"))}, tokenLines(accVerifyToken, 1)...)...))
	// The other app not subscribed at all: still an error, not a removal.
	env.emu.UnsubscribeOutOfBand(accWABA, anotherApp.ID)
	out, err := c.run("plan")
	if err == nil {
		t.Fatalf("plan passed:\n%s", out)
	}
	assertContains(t, out, "The access token belongs to another app")
	assertNotContains(t, out, "unsubscribed outside Terraform")
	st := c.stateOf(subAddr)
	if st == nil || st.AttributeValues["app_id"] != emulator.DefaultAppID || st.AttributeValues["override_callback_uri"] != hook.url("/a") {
		t.Fatalf("state after the refusals = %+v", st)
	}
	// The right token again: everything is as it was.
	env.emu.SwitchTokenApp(emulator.App{})
	assertContains(t, c.mustRun("plan"), "No changes.")
}

// cbdSubscription is the subscription with create_before_destroy, replaced
// whenever trigger changes.
func cbdSubscription(trigger string, lines ...string) string {
	return fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = %q
}

resource "whatsapp_webhook_subscription" "acme" {
  whatsapp_business_account_id = %q
  %s

  lifecycle {
    create_before_destroy = true
    replace_triggered_by  = [terraform_data.trigger]
  }
}
`, trigger, accWABA, strings.Join(lines, "\n  "))
}

// Case 2: create_before_destroy with replace_triggered_by, then -replace.
// The create adopts the subscription; the deposed object's destroy does not
// unsubscribe the app it now belongs to (guardHookCreateBeforeDestroy).
func TestCLISubscriptionCreateBeforeDestroyKeepsIt(t *testing.T) {
	t.Parallel()
	env, hook := newHookEnv(t)
	c := env.cli(t)
	override := append([]string{fmt.Sprintf("override_callback_uri = %q", hook.url("/a"))}, tokenLines(accVerifyToken, 1)...)
	c.write(cbdSubscription("a", override...))
	c.mustRun("apply", "-auto-approve")
	c.write(cbdSubscription("b", override...))
	for _, args := range [][]string{{"apply", "-auto-approve"}, {"apply", "-auto-approve", "-replace=" + subAddr}} {
		out := c.mustRun(args...)
		assertContains(t, out,
			"Warning: The app was not unsubscribed from WhatsApp Business Account "+accWABA,
			"create_before_destroy",
			"1 destroyed",
		)
		if s, ok := env.emu.Subscribed(accWABA); !ok || s.OverrideCallbackURI != hook.url("/a") {
			t.Fatalf("%v left the subscription %+v %v", args, s, ok)
		}
		if got := env.opsOf(emulator.OpUnsubscribeApp); len(got) != 0 {
			t.Fatalf("%v unsubscribed: %v", args, got)
		}
	}
	assertContains(t, c.mustRun("plan"), "No changes.")
}

// Case 3: a rename without a moved block, for the subscription and the
// number's override at once, with latency so that the create and the
// destroy of each overlap. Each object ends present and in state, whichever
// ran first.
func TestCLIWebhookRenameWithoutMovedKeepsBoth(t *testing.T) {
	t.Parallel()
	hook := newHookEndpoint(t)
	env := newAccEnv(t, func(o *emulator.Options) {
		o.CallbackClient = hook.srv.Client()
		o.AppCallbackURL = accAppCallback
		o.Latency = 40 * time.Millisecond
	})
	c := env.cli(t)
	config := func(sub, num string) string {
		return fmt.Sprintf(`
resource "whatsapp_webhook_subscription" %q {
  whatsapp_business_account_id = %q
}

resource "whatsapp_phone_number_webhook" %q {
  phone_number_id         = %q
  override_callback_uri   = %q
  verify_token_wo         = %q
  verify_token_wo_version = 1

  depends_on = [whatsapp_webhook_subscription.%s]
}
`, sub, accWABA, num, accNumber, hook.url("/n"), accVerifyToken, sub)
	}
	c.write(config("acme", "support"))
	c.mustRun("apply", "-auto-approve")
	c.write(config("renamed", "renamed"))
	c.mustRun("apply", "-auto-approve")
	if _, ok := env.emu.Subscribed(accWABA); !ok {
		t.Error("the rename left the app unsubscribed")
	}
	if n, _ := env.emu.Number(accNumber); n.WebhookOverride != hook.url("/n") {
		t.Errorf("the rename left the number's override %q", n.WebhookOverride)
	}
	if got := c.stateList(); got != "whatsapp_phone_number_webhook.renamed\nwhatsapp_webhook_subscription.renamed" {
		t.Errorf("state list = %q", got)
	}
	assertContains(t, c.mustRun("plan"), "No changes.")
}

// Case 4: a create that finds this app subscribed adopts it, and says so,
// with what a later destroy removes; it writes nothing.
func TestCLISubscriptionCreateAnnouncesAdoption(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	env.emu.SubscribeOutOfBand(accWABA, emulator.Subscription{App: env.emu.App()})
	c := env.cli(t)
	c.write(subscription())
	out := c.mustRun("apply", "-auto-approve")
	assertContains(t, out,
		"Warning: The app was already subscribed to WhatsApp Business Account "+accWABA+": adopted",
		"without a callback override",
		"Destroying this resource later unsubscribes the app (DELETE /"+accWABA+"/subscribed_apps) for everyone who relies on it",
		"1 added",
	)
	if got := env.opsOf(emulator.OpSubscribeApp, emulator.OpUnsubscribeApp); len(got) != 0 {
		t.Errorf("writes = %v, want none", got)
	}
	assertContains(t, c.mustRun("plan"), "No changes.")
}

// Case 11: the list names this app twice with different data: not
// understood, state untouched, no removal.
func TestCLISubscribedAppsListingThisAppTwiceIsNotUnderstood(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	c.write(subscription())
	c.mustRun("apply", "-auto-approve")
	env.emu.AppendSubscriptionOutOfBand(accWABA, emulator.Subscription{App: env.emu.App(), OverrideCallbackURI: "https://twin.example.com/hook"})
	out, err := c.run("plan")
	if err == nil {
		t.Fatalf("plan passed on an ambiguous list:\n%s", out)
	}
	assertContains(t, out, "Could not read the webhook subscriptions of WhatsApp Business Account "+accWABA,
		"Meta's answer was not understood", "app "+emulator.DefaultAppID+" twice, with different data", "The subscription in state was left as it was")
	assertNotContains(t, out, "removed from state", "will be created")
	if c.stateOf(subAddr) == nil {
		t.Error("the subscription left state")
	}
}

// Case 13: a plan of creates only, with a token Meta refuses, fails at plan
// and names where the token came from, never the token.
func TestCLIPlanWithARefusedTokenFails(t *testing.T) {
	const badToken = "EAAG-revoked-token-7d1e"
	env := newAccEnv(t)
	c := env.cli(t)
	block := func(token string) string {
		if token == "" {
			return fmt.Sprintf("provider \"whatsapp\" {\n  base_url = %q\n}\n", env.srv.URL)
		}
		return fmt.Sprintf("provider \"whatsapp\" {\n  base_url     = %q\n  access_token = %q\n}\n", env.srv.URL, token)
	}
	env.emu.ResetRequests()
	c.writeRaw(block(badToken) + subscription())
	out, err := c.run("plan")
	if err == nil {
		t.Fatalf("plan passed with a refused token:\n%s", out)
	}
	assertContains(t, out, "Error: Meta refused the access token from the provider block's access_token",
		"so that a plan fails here rather than the apply after it was approved", "Meta refused the access token: it is invalid or has expired", "fbtrace_id")
	assertNotContains(t, withoutSourceSnippets(out), badToken)
	if got := env.opsOf(emulator.OpGetApp, emulator.OpSubscribeApp, emulator.OpListSubscribedApps); strings.Join(got, ",") != emulator.OpGetApp {
		t.Errorf("calls = %v, want one GET /app", got)
	}

	t.Setenv(EnvAccessToken, badToken)
	c.writeRaw(block("") + subscription())
	out, err = c.run("plan")
	if err == nil {
		t.Fatalf("plan passed with a refused token from the environment:\n%s", out)
	}
	assertContains(t, out, "Meta refused the access token from the "+EnvAccessToken+" environment variable")
	assertNotContains(t, out, badToken)
	if os.Getenv(EnvAccessToken) != badToken {
		t.Fatal("the environment was not set")
	}

	// A good token: the plan passes, with one GET /app for the whole command.
	c.write(subscription())
	env.emu.ResetRequests()
	assertContains(t, c.mustRun("plan"), "whatsapp_webhook_subscription.acme will be created")
	if got := env.opsOf(emulator.OpGetApp); len(got) != 1 {
		t.Errorf("GET /app calls = %v, want one", got)
	}
}
