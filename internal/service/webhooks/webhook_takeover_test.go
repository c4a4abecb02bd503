package webhooks_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// guardHookPlan, and the takeovers a create must not make silently: found
// by a hostile review, each proved through the CLI.

// A replacement planned with one app's token and applied with another's
// (the CI secret switched before the approved plan is applied) writes
// nothing as the other app: the plan named app_id, and Terraform's final
// plan check stops the create.
func TestCLIWebhookCreatePlannedWithAnotherAppDoesNotWrite(t *testing.T) {
	t.Parallel()
	env, hook := acctest.NewHookEnv(t)
	c := env.CLI(t)
	override := append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL("/a"))}, acctest.TokenLines(acctest.VerifyToken, 1)...)
	c.Write(cbdSubscription("a", override...))
	c.MustRun("apply", "-auto-approve")
	const bHook = "https://b.example.com/hook"
	env.Emu.SubscribeOutOfBand(acctest.WABA, emulator.Subscription{App: acctest.AnotherApp, OverrideCallbackURI: bHook})

	c.Write(cbdSubscription("b", override...))
	plan := c.SavedPlan()
	if got := acctest.ActionsOf(t, plan, acctest.SubscriptionAddr); strings.Join(got, ",") != "create,delete" {
		t.Fatalf("actions = %v, want create then delete", got)
	}
	env.Emu.SwitchTokenApp(acctest.AnotherApp)
	env.Emu.ResetRequests()
	if out, err := c.Run("apply", "saved.tfplan"); err == nil {
		t.Fatalf("the saved plan applied with a token of another app:\n%s", out)
	}
	if got := env.OpsOf(emulator.OpSubscribeApp, emulator.OpUnsubscribeApp); len(got) != 0 {
		t.Errorf("writes made as app %s: %v", acctest.AnotherApp.ID, got)
	}
	if s, ok := env.Emu.SubscribedApp(acctest.WABA, acctest.AnotherApp.ID); !ok || s.OverrideCallbackURI != bHook {
		t.Errorf("the other app's subscription was touched: %+v %v", s, ok)
	}
	if s, ok := env.Emu.SubscribedApp(acctest.WABA, emulator.DefaultAppID); !ok || s.OverrideCallbackURI != hook.URL("/a") {
		t.Errorf("this app's subscription was touched: %+v %v", s, ok)
	}
	env.Emu.SwitchTokenApp(emulator.App{})
	if st := c.StateOf(acctest.SubscriptionAddr); st == nil || st.AttributeValues["app_id"] != emulator.DefaultAppID {
		t.Errorf("state = %+v, want this app's subscription", st)
	}
}

// -replace with -refresh=false (the way past a refresh that refuses) and a
// token of another app: refused at plan time, for the subscription and for
// the number's override, with nothing written.
func TestCLIWebhookPlanWithATokenOfAnotherAppIsRefused(t *testing.T) {
	t.Parallel()
	env, hook := acctest.NewHookEnv(t)
	c := env.CLI(t)
	c.Write(fmt.Sprintf(`
resource "whatsapp_webhook_subscription" "acme" {
  whatsapp_business_account_id = %q
  lifecycle {
    create_before_destroy = true
  }
}

resource "whatsapp_phone_number_webhook" "support" {
  phone_number_id         = %q
  override_callback_uri   = %q
  verify_token_wo         = %q
  verify_token_wo_version = 1
  depends_on              = [whatsapp_webhook_subscription.acme]
  lifecycle {
    create_before_destroy = true
  }
}
`, acctest.WABA, acctest.Number, hook.URL("/n"), acctest.VerifyToken))
	c.MustRun("apply", "-auto-approve")
	env.Emu.SubscribeOutOfBand(acctest.WABA, emulator.Subscription{App: acctest.AnotherApp})
	env.Emu.SwitchTokenApp(acctest.AnotherApp)
	env.Emu.ResetRequests()
	for _, addr := range []string{acctest.SubscriptionAddr, acctest.NumberHookAddr} {
		out, err := c.Run("apply", "-auto-approve", "-refresh=false", "-replace="+addr)
		if err == nil {
			t.Fatalf("-replace=%s as another app passed:\n%s", addr, out)
		}
		acctest.AssertContains(t, out, "Error: The access token belongs to another app than", "now belongs to app "+acctest.AnotherApp.Name)
	}
	if got := env.OpsOf(emulator.OpSubscribeApp, emulator.OpUnsubscribeApp, emulator.OpSetNumberWebhook); len(got) != 0 {
		t.Errorf("writes made as app %s: %v", acctest.AnotherApp.ID, got)
	}
	env.Emu.SwitchTokenApp(emulator.App{})
	if st := c.StateOf(acctest.NumberHookAddr); st == nil || st.AttributeValues["app_id"] != emulator.DefaultAppID {
		t.Errorf("number override state = %+v", st)
	}
}

// A subscription create that finds this app subscribed with another
// override refuses, with import advice, as the number's override does: its
// plan never named the URL it would replace.
func TestCLISubscriptionCreateRefusesToReplaceAnOverride(t *testing.T) {
	t.Parallel()
	env, hook := acctest.NewHookEnv(t)
	const other = "https://other-workspace.example.com/hook"
	env.Emu.SubscribeOutOfBand(acctest.WABA, emulator.Subscription{App: env.Emu.App(), OverrideCallbackURI: other})
	c := env.CLI(t)
	c.Write(acctest.SubscriptionConfig(append([]string{fmt.Sprintf("override_callback_uri = %q", hook.URL("/a"))}, acctest.TokenLines(acctest.VerifyToken, 1)...)...))
	env.Emu.ResetRequests()
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the create replaced an override its plan never named:\n%s", out)
	}
	acctest.AssertContains(t, out, "already sends this app's webhooks to another callback override", other, "terraform import whatsapp_webhook_subscription.<name> "+acctest.WABA)
	if s, _ := env.Emu.Subscribed(acctest.WABA); s.OverrideCallbackURI != other {
		t.Errorf("override = %q, want %q", s.OverrideCallbackURI, other)
	}
	if got := env.OpsOf(emulator.OpSubscribeApp, emulator.OpUnsubscribeApp); len(got) != 0 {
		t.Errorf("writes: %v", got)
	}
	// The import leads to the change, shown old → new.
	c.MustRun("import", acctest.SubscriptionAddr, acctest.WABA)
	plan := c.SavedPlan()
	if got := acctest.ActionsOf(t, plan, acctest.SubscriptionAddr); strings.Join(got, ",") != "update" {
		t.Errorf("after the import: %v, want an in-place update", got)
	}
}

// A rename without moved (or count to for_each) that also changes the
// number's callback URL is refused at plan time: whichever of the destroy
// and the create ran first, the number could end with no override. With the
// same URL, the run ledger keeps it (TestCLIWebhookRenameWithoutMovedKeepsBoth).
func TestCLIWebhookRenameWithANewURLIsRefused(t *testing.T) {
	t.Parallel()
	env, hook := acctest.NewHookEnv(t)
	c := env.CLI(t)
	sub := fmt.Sprintf("resource \"whatsapp_webhook_subscription\" \"acme\" {\n  whatsapp_business_account_id = %q\n}\n", acctest.WABA)
	hookRes := func(header, uri string) string {
		return fmt.Sprintf(`
resource "whatsapp_phone_number_webhook" %s
  phone_number_id         = %q
  override_callback_uri   = %q
  verify_token_wo         = %q
  verify_token_wo_version = 1
  depends_on              = [whatsapp_webhook_subscription.acme]
}
`, header, acctest.Number, uri, acctest.VerifyToken)
	}
	c.Write(sub + hookRes(`"support" {`, hook.URL("/n")))
	c.MustRun("apply", "-auto-approve")
	env.Emu.ResetRequests()
	for name, renamed := range map[string]string{
		"rename":            hookRes(`"renamed" {`, hook.URL("/n2")),
		"count to for_each": strings.Replace(hookRes(`"support" {`, hook.URL("/n2")), "phone_number_id", "for_each = toset([\"a\"])\n  phone_number_id", 1),
	} {
		c.Write(sub + renamed)
		out, err := c.Run("plan")
		if err == nil {
			t.Fatalf("%s: planned:\n%s", name, out)
		}
		acctest.AssertContains(t, out, "destroys and creates the callback override of phone number "+acctest.Number+" with another callback URL", "add a moved block")
	}
	if got := env.OpsOf(emulator.OpSetNumberWebhook); len(got) != 0 {
		t.Errorf("a refused plan wrote: %v", got)
	}
	// With a moved block it is one in-place change of the URL.
	c.Write(sub + hookRes(`"renamed" {`, hook.URL("/n2")) + "\nmoved {\n  from = whatsapp_phone_number_webhook.support\n  to   = whatsapp_phone_number_webhook.renamed\n}\n")
	c.MustRun("apply", "-auto-approve")
	if n, _ := env.Emu.Number(acctest.Number); n.WebhookOverride != hook.URL("/n2") {
		t.Errorf("override = %q", n.WebhookOverride)
	}
}
