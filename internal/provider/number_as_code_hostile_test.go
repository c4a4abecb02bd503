package provider_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Issue 16, cases 6, 9, 10 and 12: hostile answers to the webhook and
// profile resources and to the number lists, through the CLI.

// Case 6: Meta answers the profile update with success without applying
// it. The apply warns, naming each field; the next plan shows the
// difference and applying it sends the fields again.
func TestCLIProfileReadBackIsCompared(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(acctest.ProfileConfig(`about = "Open 9-5"`, `email = "support@acme.example"`))
	c.MustRun("apply", "-auto-approve")
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpUpdateBusinessProfile, Status: 200, ContentType: "application/json", RawBody: `{"success":true}`})
	c.Write(acctest.ProfileConfig(`about = "Open 24/7"`, `email = "help@acme.example"`))
	out := c.MustRun("apply", "-auto-approve")
	acctest.AssertContains(t, out,
		"Warning: Updated the business profile of phone number "+acctest.Number+", but Meta reports other values",
		`about: sent "Open 24/7", Meta reports "Open 9-5"`,
		`email: sent "help@acme.example", Meta reports "support@acme.example"`,
		"the next plan shows the difference",
	)
	plan := c.SavedPlan()
	acctest.ExpectChanges(t, plan, map[string][]string{acctest.ProfileAddr: {"update"}})
	if rc := acctest.ChangeOf(t, plan, acctest.ProfileAddr); rc.Change.Before["about"] != "Open 9-5" || rc.Change.After["about"] != "Open 24/7" ||
		rc.Change.Before["email"] != "support@acme.example" || rc.Change.After["email"] != "help@acme.example" {
		t.Errorf("the plan does not change about and email back: %+v", rc.Change)
	}
	c.MustRun("apply", "-auto-approve")
	if p, _ := env.Emu.BusinessProfile(acctest.Number); p.About != "Open 24/7" || p.Email != "help@acme.example" {
		t.Errorf("profile = %+v", p)
	}
	c.ExpectNoChanges()
}

// Case 9: a phone number id where a WABA id belongs. The create's 100/33
// names the WhatsApp Business Account and asks the question; it does not
// say that a number is gone, nor that state was left as it was (there is
// none), nor terraform state rm. A refresh of a profile whose number the
// token cannot see names the profile's own state rm.
func TestCLIWebhookTextsNameTheRightObject(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(strings.Replace(acctest.SubscriptionConfig(), acctest.WABA, acctest.Number, 1))
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply passed on a phone number id:\n%s", out)
	}
	acctest.AssertContains(t, out,
		"Error: Could not read the webhook subscriptions of WhatsApp Business Account "+acctest.Number,
		"Nothing was changed and nothing was saved in state",
		"does not prove that WhatsApp Business Account "+acctest.Number+" is gone",
		"Check that "+acctest.Number+" is a WhatsApp Business Account ID and not a phone number ID",
	)
	acctest.AssertNotContains(t, out, "the number is gone", "state was left as it was", "terraform state rm")

	c.Write(acctest.ProfileConfig(`about = "Open"`))
	c.MustRun("apply", "-auto-approve")
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.Hidden = true })
	out, err = c.Run("plan")
	if err == nil {
		t.Fatalf("plan passed on a hidden number:\n%s", out)
	}
	acctest.AssertContains(t, out, "Could not read the business profile of phone number "+acctest.Number, "The profile in state was left as it was",
		"is a phone number ID (from WhatsApp Manager) and not a WhatsApp Business Account ID", "terraform state rm whatsapp_business_profile.<name>")
	acctest.AssertNotContains(t, out, "whatsapp_phone_registration")
}

// Case 10: Meta's 2200 quotes the callback URL it called, with the verify
// token URL-encoded, or JSON-escaped: neither reaches the CLI's output.
func TestCLIVerifyTokenIsScrubbedInEveryEncoding(t *testing.T) {
	t.Parallel()
	env, hook := acctest.NewHookEnv(t)
	c := env.CLI(t)
	c.Write(acctest.SubscriptionConfig())
	c.MustRun("apply", "-auto-approve")
	encoded := url.QueryEscape(acctest.VerifyTokenOdd)
	escaped, _ := json.Marshal(acctest.VerifyTokenOdd)
	for name, quoted := range map[string]string{
		"URL-encoded":  hook.URL("/waba") + "?hub.mode=subscribe&hub.verify_token=" + encoded,
		"path-encoded": hook.URL("/waba/" + url.PathEscape(acctest.VerifyTokenOdd)),
		"JSON-escaped": "verify_token " + string(escaped[1:len(escaped)-1]),
	} {
		env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpSubscribeApp, Code: 2200,
			Message: "(#2200) Callback verification failed with the following errors: curl_errno = 28; HTTP Message = timeout; url = " + quoted})
		c.Write(acctest.SubscriptionConfig(fmt.Sprintf("override_callback_uri = %q", hook.URL("/waba")), fmt.Sprintf("verify_token_wo = %q", acctest.VerifyTokenOdd), "verify_token_wo_version = 1"))
		out, err := c.Run("apply", "-auto-approve")
		if err == nil {
			t.Fatalf("%s: apply passed:\n%s", name, out)
		}
		acctest.AssertContains(t, out, "Graph API error 2200", "url = ")
		for _, form := range []string{acctest.VerifyTokenOdd, encoded, url.PathEscape(acctest.VerifyTokenOdd), string(escaped[1 : len(escaped)-1]), "ä&+"} {
			if strings.Contains(acctest.WithoutSourceSnippets(out), form) {
				t.Errorf("%s: the output holds the verify token as %q:\n%s", name, form, out)
			}
		}
	}
}

// Case 12: one unrelated number without health_status. The list is read;
// that number's health_status is null, the others' are there; a reader of
// ids never notices.
func TestCLIPhoneNumbersListWithoutOneHealthStatus(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	env.Emu.SetHealth(acctest.Number2, emulator.HealthState{Omit: true})
	c := env.CLI(t)
	c.Write(fmt.Sprintf(`
data "whatsapp_phone_numbers" "all" {
  whatsapp_business_account_id = %q
}

output "ids" {
  value = [for n in data.whatsapp_phone_numbers.all.phone_numbers : n.id]
}

output "health" {
  value = { for n in data.whatsapp_phone_numbers.all.phone_numbers : n.id => n.health_status == null ? "not reported" : n.health_status.can_send_message }
}
`, acctest.WABA))
	c.MustRun("apply", "-auto-approve")
	raw := c.MustRun("output", "-json")
	var outs map[string]struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal([]byte(raw), &outs); err != nil {
		t.Fatal(err)
	}
	var ids []string
	var health map[string]string
	_ = json.Unmarshal(outs["ids"].Value, &ids)
	_ = json.Unmarshal(outs["health"].Value, &health)
	if !strings.Contains(strings.Join(ids, ","), acctest.Number) || !strings.Contains(strings.Join(ids, ","), acctest.Number2) {
		t.Errorf("ids = %v", ids)
	}
	if health[acctest.Number2] != "not reported" || health[acctest.Number] == "" || health[acctest.Number] == "not reported" {
		t.Errorf("health = %v", health)
	}
}

// Case 9, for the list: a phone number id where the WABA id belongs.
func TestCLIPhoneNumbersListAsksWhetherTheIDIsAWABA(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(fmt.Sprintf("data \"whatsapp_phone_numbers\" \"all\" {\n  whatsapp_business_account_id = %q\n}\n", acctest.Number))
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("plan passed:\n%s", out)
	}
	acctest.AssertContains(t, out, "Could not list the phone numbers of WhatsApp Business Account "+acctest.Number,
		"The data source has no value this time", "is a WhatsApp Business Account ID and not a phone number ID")
	acctest.AssertNotContains(t, out, "state was left as it was", "terraform state rm")
}
