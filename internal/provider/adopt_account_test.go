package provider_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const (
	adoptPIN       = "481516"
	numberOffCloud = "108840352242944"
)

// adoptableAccount is a WABA set up by hand: the support number registered
// with local storage in DE, a PIN, a profile and a callback override; the
// sales number registered without local storage; a third number never
// registered; this app subscribed with a WABA-level override.
func adoptableAccount(t *testing.T) (*acctest.Env, *acctest.HookEndpoint) {
	env, hook := acctest.NewHookEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) {
		n.PlatformType, n.Status, n.Region, n.PIN, n.WebhookOverride = "CLOUD_API", "CONNECTED", "DE", adoptPIN, hook.URL("/support")
	})
	env.Emu.Update(acctest.Number2, func(n *emulator.Number) {
		n.PlatformType, n.Status, n.PIN = "CLOUD_API", "CONNECTED", adoptPIN
	})
	env.Emu.AddNumber(emulator.Number{ID: numberOffCloud, WABAID: acctest.WABA, DisplayPhoneNumber: "+44 20 7946 0000", VerifiedName: "Acme UK", CodeVerificationStatus: "VERIFIED"})
	env.Emu.UpdateBusinessProfile(acctest.Number, func(p *emulator.BusinessProfile) {
		p.About, p.Email, p.Vertical, p.Websites = "Acme Support, 24/7.", "support@acme.example", "RETAIL", []string{"https://acme.example"}
	})
	env.Emu.SubscribeOutOfBand(acctest.WABA, emulator.Subscription{App: env.Emu.App(), OverrideCallbackURI: hook.URL("/waba")})
	return env, hook
}

// adoptSecrets are the variables the guide adds for the secrets an import
// cannot read, ephemeral so that no plan file keeps them.
const adoptSecrets = `
variable "whatsapp_pin" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "verify_token" {
  type      = string
  sensitive = true
  ephemeral = true
}
`

// adoptQuery lists every type of the account.
const adoptQueryFile = "main.tfquery.hcl"

func adoptQuery() string {
	return acctest.ListBlock("whatsapp_phone_registration", "numbers") +
		acctest.ListBlock("whatsapp_business_profile", "profiles") +
		acctest.ListBlock("whatsapp_phone_number_webhook", "number_hooks") +
		acctest.ListBlock("whatsapp_webhook_subscription", "subscription")
}

// writes are the calls that change the world or spend a budget.
var writes = []string{emulator.OpRegister, emulator.OpDeregister, emulator.OpSetPIN, emulator.OpSetNumberWebhook,
	emulator.OpSubscribeApp, emulator.OpUnsubscribeApp, emulator.OpUpdateBusinessProfile}

// THE round trip: terraform query -generate-config-out on an account set up
// by hand, the generated file refused at plan with what to add, then, with
// the PIN and verify tokens added, a plan of imports only (0 to add,
// change or destroy) and an apply that writes nothing and spends no
// register; the state then equals the world, and the PIN and tokens are
// in neither the plan file nor state.
func TestCLIAdoptAccount(t *testing.T) {
	t.Parallel()
	env, hook := adoptableAccount(t)
	c := env.CLI(t)
	acctest.SkipWithoutQuery(t)
	c.WriteFile(adoptQueryFile, adoptQuery())

	out := c.MustRun("query", "-generate-config-out=adopted.tf")
	acctest.AssertContains(t, out,
		"list.whatsapp_phone_registration.numbers", "phone_number_id="+acctest.Number, "phone_number_id="+acctest.Number2,
		"+41 44 668 18 00 (Acme Support)",
		"list.whatsapp_phone_number_webhook.number_hooks", "list.whatsapp_business_profile.profiles",
		"list.whatsapp_webhook_subscription.subscription", "whatsapp_business_account_id="+acctest.WABA,
		"1 phone numbers of WhatsApp Business Account "+acctest.WABA+" left out", numberOffCloud+" (NOT_APPLICABLE)")
	if strings.Contains(out, "phone_number_id="+numberOffCloud) {
		t.Errorf("the number not on the Cloud API was listed:\n%s", out)
	}
	generated := c.ReadFile("adopted.tf")
	t.Logf("generated:\n%s", generated)
	for _, want := range []string{
		`data_localization_region += "DE"`, `pin_wo_version += 1`, `pin_wo += null # sensitive`, `verify_token_wo_version += 1`,
		`about += "Acme Support, 24/7."`, `identity = \{`, `phone_number_id += "` + acctest.Number2 + `"`,
		`whatsapp_business_account_id += "` + acctest.WABA + `"`, `override_callback_uri += "` + regexp.QuoteMeta(hook.URL("/waba")) + `"`,
	} {
		if !regexp.MustCompile(want).MatchString(generated) {
			t.Errorf("adopted.tf lacks %s", want)
		}
	}
	if n := strings.Count(generated, "import {"); n != 6 {
		t.Errorf("adopted.tf has %d import blocks, want 6 (2 registrations, 2 profiles, 1 number webhook, 1 subscription)", n)
	}

	// As generated, the PIN and the verify tokens are missing: the plan
	// refuses, saying what to add, and calls nothing that writes.
	refused, err := c.Run("plan")
	if err == nil {
		t.Fatalf("the generated configuration planned without a PIN:\n%s", refused)
	}
	acctest.AssertContains(t, refused, "Missing two-step verification PIN", "add pin_wo with the number's current PIN", "verify_token_wo")

	// What the guide says to add by hand.
	c.Replace("adopted.tf", `(pin_wo +)= null # sensitive`, `${1}= var.whatsapp_pin`)
	c.Replace("adopted.tf", `(verify_token_wo +)= null # sensitive`, `${1}= var.verify_token`)
	c.WriteFile("secrets.tf", adoptSecrets)
	secretVars := []string{"-var=whatsapp_pin=" + adoptPIN, "-var=verify_token=" + acctest.VerifyToken}

	changes, planFile := c.SavedPlanChanges(secretVars...)
	if len(changes) != 6 {
		t.Fatalf("the plan has %d changes, want 6 imports: %+v", len(changes), changes)
	}
	for _, rc := range changes {
		if rc.Change.Importing == nil || !slices.Equal(rc.Change.Actions, []string{"no-op"}) {
			t.Errorf("%s: actions %v, importing %v: want an import and nothing else", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}

	before := len(env.OpsOf(writes...))
	verifications := hook.Verifications.Load()
	c.MustRun(append(append([]string{"apply", "-auto-approve"}, secretVars...), "saved.tfplan")...)
	if got := env.OpsOf(writes...)[before:]; len(got) != 0 {
		t.Errorf("the adopting apply wrote: %v", got)
	}
	if err := env.BudgetIs(); err != nil {
		t.Errorf("the adopting apply spent budget: %v", err)
	}
	if n := hook.Verifications.Load(); n != verifications {
		t.Errorf("the adopting apply verified a callback again (%d verifications)", n-verifications)
	}
	c.ExpectNoChanges(secretVars...)
	c.AssertInSync()

	state := c.StateFile()
	for _, secret := range []string{adoptPIN, acctest.VerifyToken} {
		if strings.Contains(planFile, secret) || strings.Contains(state, secret) {
			t.Errorf("a secret reached the plan file or state")
		}
	}
	if n, _ := env.Emu.Number(acctest.Number); n.PIN != adoptPIN || n.Region != "DE" || n.WebhookOverride != hook.URL("/support") {
		t.Errorf("the world changed: %+v", n)
	}
}

// A failure of the listing is an error on the stream, never "0 results".
func TestCLIQueryFailureIsAnError(t *testing.T) {
	t.Parallel()
	env, _ := adoptableAccount(t)
	c := env.CLI(t)
	acctest.SkipWithoutQuery(t)
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpListPhoneNumbers, Code: 100, Subcode: 33, Times: 20})
	c.WriteFile(adoptQueryFile, acctest.ListBlock("whatsapp_phone_registration", "numbers"))
	out, err := c.Run("query")
	if err == nil {
		t.Fatalf("a failed listing succeeded:\n%s", out)
	}
	acctest.AssertContains(t, out, "Could not list the phone numbers of WhatsApp Business Account "+acctest.WABA)
	if regexp.MustCompile(`returned 0 results`).MatchString(out) {
		t.Errorf("the failure read as 0 results:\n%s", out)
	}
}
