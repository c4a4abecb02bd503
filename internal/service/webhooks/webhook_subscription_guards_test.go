package webhooks_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The guards of guards_webhooks.go on whatsapp_webhook_subscription, each
// through the CLI against the emulator.

// Issue 16, case 1: the token is switched to another app's. Refresh and
// destroy are errors naming both apps; nothing of the other app's
// subscription reaches state, nothing is unsubscribed, and an absent
// subscription of the other app is not "unsubscribed outside Terraform".
func TestCLISubscriptionTokenOfAnotherAppIsAnError(t *testing.T) {
	t.Parallel()
	env, hook := acctest.NewHookEnv(t)
	c := env.CLI(t)
	c.Write(acctest.SubscriptionConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL("/a"))}, acctest.TokenLines(acctest.VerifyToken, 1)...)...))
	c.MustRun("apply", "-auto-approve")
	env.Emu.SubscribeOutOfBand(acctest.WABA, emulator.Subscription{App: acctest.AnotherApp, OverrideCallbackURI: "https://b.example.com/hook"})
	env.Emu.SwitchTokenApp(acctest.AnotherApp)
	env.Emu.ResetRequests()

	for _, args := range [][]string{{"plan"}, {"destroy", "-auto-approve"}, {"destroy", "-auto-approve", "-refresh=false"}, {"apply", "-auto-approve", "-refresh=false"}} {
		if args[0] == "apply" {
			// An update as the other app: refused before any write.
			c.Write(acctest.SubscriptionConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL("/a2"))}, acctest.TokenLines(acctest.VerifyToken, 1)...)...))
		}
		out, err := c.RunJSON(args...)
		if err == nil {
			t.Fatalf("%v passed with a token of another app:\n%s", args, out.Out)
		}
		acctest.AssertContains(t, out.Text(),
			"Error: The access token belongs to another app than the webhook subscription of WhatsApp Business Account "+acctest.WABA,
			"State records the webhook subscription of WhatsApp Business Account "+acctest.WABA+" as made by app "+emulator.DefaultAppName+" (id "+emulator.DefaultAppID+")",
			"now belongs to app "+acctest.AnotherApp.Name+" (id "+acctest.AnotherApp.ID+")",
			"Nothing was read into state, written or removed",
		)
		acctest.AssertNotContains(t, out.Out, "no longer subscribed")
		if len(out.Applied) != 0 {
			t.Errorf("%v completed %v, want nothing", args, out.Applied)
		}
	}
	if got := env.OpsOf(emulator.OpSubscribeApp, emulator.OpUnsubscribeApp); len(got) != 0 {
		t.Errorf("writes as the other app: %v", got)
	}
	if s, ok := env.Emu.SubscribedApp(acctest.WABA, acctest.AnotherApp.ID); !ok || s.OverrideCallbackURI != "https://b.example.com/hook" {
		t.Errorf("the other app's subscription was touched: %+v %v", s, ok)
	}
	if s, ok := env.Emu.SubscribedApp(acctest.WABA, emulator.DefaultAppID); !ok || s.OverrideCallbackURI != hook.URL("/a") {
		t.Errorf("this app's subscription was touched: %+v %v", s, ok)
	}
	c.Write(acctest.SubscriptionConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL("/a"))}, acctest.TokenLines(acctest.VerifyToken, 1)...)...))
	// The other app not subscribed at all: still an error, not a removal.
	env.Emu.UnsubscribeOutOfBand(acctest.WABA, acctest.AnotherApp.ID)
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("plan passed:\n%s", out)
	}
	acctest.AssertContains(t, out, "The access token belongs to another app")
	acctest.AssertNotContains(t, out, "unsubscribed outside Terraform")
	st := c.StateOf(acctest.SubscriptionAddr)
	if st == nil || st.AttributeValues["app_id"] != emulator.DefaultAppID || st.AttributeValues["override_callback_uri"] != hook.URL("/a") {
		t.Fatalf("state after the refusals = %+v", st)
	}
	// The right token again: everything is as it was.
	env.Emu.SwitchTokenApp(emulator.App{})
	c.ExpectNoChanges()
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
`, trigger, acctest.WABA, strings.Join(lines, "\n  "))
}

// Case 2: create_before_destroy with replace_triggered_by, then -replace.
// The create adopts the subscription; the deposed object's destroy does not
// unsubscribe the app it now belongs to (guardHookCreateBeforeDestroy).
func TestCLISubscriptionCreateBeforeDestroyKeepsIt(t *testing.T) {
	t.Parallel()
	env, hook := acctest.NewHookEnv(t)
	c := env.CLI(t)
	override := append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL("/a"))}, acctest.TokenLines(acctest.VerifyToken, 1)...)
	c.Write(cbdSubscription("a", override...))
	c.MustRun("apply", "-auto-approve")
	c.Write(cbdSubscription("b", override...))
	replaced := map[string][]string{acctest.SubscriptionAddr: {"create", "delete"}}
	for _, step := range []struct {
		args    []string
		applied map[string][]string
	}{
		{[]string{"apply", "-auto-approve"}, map[string][]string{"terraform_data.trigger": {"update"}, acctest.SubscriptionAddr: {"create", "delete"}}},
		{[]string{"apply", "-auto-approve", "-replace=" + acctest.SubscriptionAddr}, replaced},
	} {
		args := step.args
		out := c.MustRunJSON(args...)
		acctest.AssertContains(t, out.Text(),
			"Warning: The app was not unsubscribed from WhatsApp Business Account "+acctest.WABA,
			"create_before_destroy",
		)
		out.ExpectApplied(t, step.applied)
		if s, ok := env.Emu.Subscribed(acctest.WABA); !ok || s.OverrideCallbackURI != hook.URL("/a") {
			t.Fatalf("%v left the subscription %+v %v", args, s, ok)
		}
		if got := env.OpsOf(emulator.OpUnsubscribeApp); len(got) != 0 {
			t.Fatalf("%v unsubscribed: %v", args, got)
		}
	}
	c.ExpectNoChanges()
}

// Case 3: a rename without a moved block, for the subscription and the
// number's override at once, with latency so that the create and the
// destroy of each overlap. Each object ends present and in state, whichever
// ran first.
func TestCLIWebhookRenameWithoutMovedKeepsBoth(t *testing.T) {
	t.Parallel()
	hook := acctest.NewHookEndpoint(t)
	env := acctest.NewEnv(t, func(o *emulator.Options) {
		o.CallbackClient = hook.Srv.Client()
		o.AppCallbackURL = acctest.AppCallback
		o.Latency = 40 * time.Millisecond
	})
	c := env.CLI(t)
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
`, sub, acctest.WABA, num, acctest.Number, hook.URL("/n"), acctest.VerifyToken, sub)
	}
	c.Write(config("acme", "support"))
	c.MustRun("apply", "-auto-approve")
	c.Write(config("renamed", "renamed"))
	c.MustRun("apply", "-auto-approve")
	if _, ok := env.Emu.Subscribed(acctest.WABA); !ok {
		t.Error("the rename left the app unsubscribed")
	}
	if n, _ := env.Emu.Number(acctest.Number); n.WebhookOverride != hook.URL("/n") {
		t.Errorf("the rename left the number's override %q", n.WebhookOverride)
	}
	if got := c.StateList(); got != "whatsapp_phone_number_webhook.renamed\nwhatsapp_webhook_subscription.renamed" {
		t.Errorf("state list = %q", got)
	}
	c.ExpectNoChanges()
}

// Case 4: a create that finds this app subscribed adopts it, and says so,
// with what a later destroy removes; it writes nothing.
func TestCLISubscriptionCreateAnnouncesAdoption(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	env.Emu.SubscribeOutOfBand(acctest.WABA, emulator.Subscription{App: env.Emu.App()})
	c := env.CLI(t)
	c.Write(acctest.SubscriptionConfig())
	out := c.MustRunJSON("apply", "-auto-approve")
	acctest.AssertContains(t, out.Text(),
		"Warning: The app was already subscribed to WhatsApp Business Account "+acctest.WABA+": adopted",
		"without a callback override",
		"Destroying this resource later unsubscribes the app (DELETE /"+acctest.WABA+"/subscribed_apps) for everyone who relies on it",
	)
	out.ExpectApplied(t, map[string][]string{acctest.SubscriptionAddr: {"create"}})
	if got := env.OpsOf(emulator.OpSubscribeApp, emulator.OpUnsubscribeApp); len(got) != 0 {
		t.Errorf("writes = %v, want none", got)
	}
	c.ExpectNoChanges()
}

// Case 11: the list names this app twice with different data: not
// understood, state untouched, no removal.
func TestCLISubscribedAppsListingThisAppTwiceIsNotUnderstood(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(acctest.SubscriptionConfig())
	c.MustRun("apply", "-auto-approve")
	env.Emu.AppendSubscriptionOutOfBand(acctest.WABA, emulator.Subscription{App: env.Emu.App(), OverrideCallbackURI: "https://twin.example.com/hook"})
	out, err := c.RunJSON("plan")
	if err == nil {
		t.Fatalf("plan passed on an ambiguous list:\n%s", out.Out)
	}
	acctest.AssertContains(t, out.Text(), "Could not read the webhook subscriptions of WhatsApp Business Account "+acctest.WABA,
		"Meta's answer was not understood", "app "+emulator.DefaultAppID+" twice, with different data", "The subscription in state was left as it was")
	acctest.AssertNotContains(t, out.Out, "removed from state")
	out.ExpectNothingPlanned(t)
	if c.StateOf(acctest.SubscriptionAddr) == nil {
		t.Error("the subscription left state")
	}
}

// Case 13: a plan of creates only, with a token Meta refuses, fails at plan
// and names where the token came from, never the token.
func TestCLIPlanWithARefusedTokenFails(t *testing.T) {
	const badToken = "EAAG-revoked-token-7d1e"
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	block := func(token string) string {
		if token == "" {
			return fmt.Sprintf("provider \"whatsapp\" {\n  base_url = %q\n}\n", env.Srv.URL)
		}
		return fmt.Sprintf("provider \"whatsapp\" {\n  base_url     = %q\n  access_token = %q\n}\n", env.Srv.URL, token)
	}
	env.Emu.ResetRequests()
	c.WriteRaw(block(badToken) + acctest.SubscriptionConfig())
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("plan passed with a refused token:\n%s", out)
	}
	acctest.AssertContains(t, out, "Error: Meta refused the access token from the provider block's access_token",
		"so that a plan fails here rather than the apply after it was approved", "Meta refused the access token: it is invalid or has expired", "fbtrace_id")
	acctest.AssertNotContains(t, acctest.WithoutSourceSnippets(out), badToken)
	if got := env.OpsOf(emulator.OpGetApp, emulator.OpSubscribeApp, emulator.OpListSubscribedApps); strings.Join(got, ",") != emulator.OpGetApp {
		t.Errorf("calls = %v, want one GET /app", got)
	}

	t.Setenv(framework.EnvAccessToken, badToken)
	c.WriteRaw(block("") + acctest.SubscriptionConfig())
	out, err = c.Run("plan")
	if err == nil {
		t.Fatalf("plan passed with a refused token from the environment:\n%s", out)
	}
	acctest.AssertContains(t, out, "Meta refused the access token from the "+framework.EnvAccessToken+" environment variable")
	acctest.AssertNotContains(t, out, badToken)
	if os.Getenv(framework.EnvAccessToken) != badToken {
		t.Fatal("the environment was not set")
	}

	// A good token: the plan passes, with one GET /app for the whole command.
	c.Write(acctest.SubscriptionConfig())
	env.Emu.ResetRequests()
	acctest.ExpectChanges(t, c.SavedPlan(), map[string][]string{acctest.SubscriptionAddr: {"create"}})
	if got := env.OpsOf(emulator.OpGetApp); len(got) != 1 {
		t.Errorf("GET /app calls = %v, want one", got)
	}
}
