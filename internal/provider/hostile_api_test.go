package provider_test

import (
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// What a hostile review of the definite-answer work found, each now a test:
// the API answers in ways that must not spend the budget, strand a number,
// wipe a setting or leak a secret.

// Meta acts, then answers a transient error (131000, 133004, 1, 2): the
// answer does not say whether the register or deregister took effect, so a
// read decides; nothing is resent blind.
func TestCLITransientErrorAfterMetaActedSpendsNothingMore(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Act: true, Code: 131000, Status: 500, Times: 10})
	c.Write(acctest.RegistrationConfig(`pin = "123456"`))
	out := c.MustRunJSON("apply", "-auto-approve")
	acctest.AssertContains(t, out.Text(), "The answer to the register of phone number "+acctest.Number+" was lost; a read confirmed it")
	acctest.AssertNotContains(t, out.Out, "was not registered by this apply")
	out.ExpectApplied(t, map[string][]string{acctest.RegistrationAddr: {"create"}})
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}
	c.AssertInSync()

	env.Emu.ClearFaults()
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpDeregister, Act: true, Code: 133004, Status: 503, Times: 10})
	out = c.MustRunJSON("destroy", "-auto-approve")
	acctest.AssertContains(t, out.Text(), "The answer to the deregister of phone number "+acctest.Number+" was lost; a read confirmed it")
	acctest.AssertNotContains(t, out.Out, "was already deregistered", "is still registered")
	out.ExpectApplied(t, map[string][]string{acctest.RegistrationAddr: {"delete"}})
	if err := env.BudgetIs("register", "deregister"); err != nil {
		t.Error(err)
	}
	c.AssertInSync()
}

// 133015 right after the deregister of a region change: one more register
// after the cooldown, then the apply stops and says so; a pipeline that
// retries does not burn the budget five registers at a time.
func TestCLIWaitBeforeRegisteringSpendsAtMostOneMoreRegister(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t, func(o *emulator.Options) { o.RegisterCooldown = time.Hour })
	c := acctest.RegisteredCH(t, env)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply succeeded despite the cooldown:\n%s", out)
	}
	acctest.AssertContains(t, out, "is now DEREGISTERED", "Meta asked to wait a few minutes before registering this number again (133015)",
		"Run terraform apply again in a few minutes")
	acctest.AssertNotContains(t, out, "raise max_retries")
	if err := env.BudgetIs("register", "deregister", "register", "register"); err != nil {
		t.Error(err)
	}
	c.AssertInSync()
	// A pipeline retrying at once spends at most two more.
	_, _ = c.Run("apply", "-auto-approve")
	if got := env.Emu.BudgetUsed(acctest.Number, emulator.OpRegister); got != 5 {
		t.Errorf("registers spent = %d, want 5 (1 + 2 + 2)", got)
	}
}

// Graph quotes what it was sent in some errors ("Malformed access token
// <token>"): the provider never shows it.
func TestCLIMetaEchoingTheTokenIsScrubbed(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Code: 190, Status: 401, Message: "Malformed access token " + acctest.Token, Times: 10})
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("plan succeeded:\n%s", out)
	}
	acctest.AssertContains(t, out, "Malformed access token ***", "Meta refused the access token")
	acctest.AssertNotContains(t, out, acctest.Token)
}

// A rename without a moved block: Terraform creates the new address and
// destroys the old one at the same time, on the same number. The two take
// turns, so the number ends registered and in state whichever goes first.
func TestCLIRenameWithoutMovedKeepsTheNumber(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t, func(o *emulator.Options) { o.Latency = 40 * time.Millisecond })
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`))
	c.MustRun("apply", "-auto-approve")
	c.Write(strings.Replace(acctest.RegistrationConfig(`pin = "123456"`), `"main"`, `"renamed"`, 1))
	c.MustRun("apply", "-auto-approve")
	if n, _ := env.Emu.Number(acctest.Number); !n.Registered() {
		t.Fatalf("the rename left the number deregistered: %+v", n)
	}
	if got := c.StateList(); got != "whatsapp_phone_registration.renamed" {
		t.Errorf("state list = %q", got)
	}
	budget := strings.Join(env.Emu.Operations(acctest.Number, emulator.OpRegister, emulator.OpDeregister), ",")
	if budget != "register" && budget != "register,deregister,register" {
		t.Errorf("register/deregister calls = %s, want the create adopted (register) or the destroy first (register,deregister,register)", budget)
	}
}

// A PIN change whose answer says nothing definite: the PIN may have been
// set, so the provider forgets it. The next plan sets it again; a region
// change meanwhile is safe, because the replacement sets the configured PIN
// before its deregister (guardPreflight).
func TestCLIUncertainPINChangeForgetsThePIN(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin = "111111"`, `data_localization_region = "CH"`))
	c.MustRun("apply", "-auto-approve")
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpSetPIN, Act: true, Status: 200, ContentType: "application/json", RawBody: `{"success":"true"}`})
	c.Write(acctest.RegistrationConfig(`pin = "222222"`, `data_localization_region = "CH"`))
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply succeeded:\n%s", out)
	}
	acctest.AssertContains(t, out, "Whether the new PIN took effect is unknown", "a replacement sets the configured PIN first")
	c.AssertInSync()
	// The user reverts the PIN and changes the region in one go: the plan
	// says the PIN is not known and will be set first; the apply does so.
	c.Write(acctest.RegistrationConfig(`pin = "111111"`, `data_localization_region = "DE"`))
	acctest.AssertContains(t, c.MustRun("plan"), "will be deregistered and registered again", "the PIN the number has is not known to this state")
	c.MustRun("apply", "-auto-approve")
	if n, _ := env.Emu.Number(acctest.Number); n.PIN != "111111" || n.Region != "DE" {
		t.Errorf("PIN %q, region %q; want 111111 in DE", n.PIN, n.Region)
	}
	if err := env.BudgetIs("register", "deregister", "register"); err != nil {
		t.Error(err)
	}
	c.AssertInSync()
}

// A PIN change and a re-register in one apply, the register refused: the
// PIN was set, and state says so.
func TestCLIPINSetBeforeAFailedReregisterIsRecorded(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin = "111111"`))
	c.MustRun("apply", "-auto-approve")
	env.Emu.SpendBudget(acctest.Number, emulator.OpRegister, emulator.RegistrationLimit)
	c.Write(acctest.RegistrationConfig(`pin = "222222"`, `reregister_triggers = { display_name = "Acme" }`))
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply succeeded at the limit:\n%s", out)
	}
	acctest.AssertContains(t, out, "The new two-step PIN was set before the register, and state records it")
	plan := c.MustRun("plan")
	acctest.AssertContains(t, plan, "will be registered again")
	acctest.AssertNotContains(t, plan, "sets the two-step verification PIN")
}

// Creating a subscription for an app that is already subscribed with an
// override the configuration does not set leaves the override alone: the
// plan did not announce removing it.
func TestCLISubscriptionCreateKeepsAnUnannouncedOverride(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	app := env.Emu.App()
	env.Emu.SubscribeOutOfBand(acctest.WABA, emulator.Subscription{App: app, OverrideCallbackURI: "https://hooks.example.com/kept"})
	c := env.CLI(t)
	c.Write(acctest.SubscriptionConfig())
	out := c.MustRunJSON("apply", "-auto-approve")
	acctest.AssertContains(t, out.Text(), "The app was already subscribed to WhatsApp Business Account "+acctest.WABA+", with a callback override")
	out.ExpectApplied(t, map[string][]string{acctest.SubscriptionAddr: {"create"}})
	if s, _ := env.Emu.Subscribed(acctest.WABA); s.OverrideCallbackURI != "https://hooks.example.com/kept" {
		t.Errorf("the override was wiped: %+v", s)
	}
	if got := env.OpsOf(emulator.OpSubscribeApp); len(got) != 0 {
		t.Errorf("subscribe calls = %v, want none", got)
	}
	acctest.AssertContains(t, c.MustRun("plan"), `- override_callback_uri = "https://hooks.example.com/kept" -> null`)
}
