package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Issue 16, cases 6, 9, 10 and 12: hostile answers to the webhook and
// profile resources and to the number lists, through the CLI.

// Case 6: Meta answers the profile update with success without applying
// it. The apply warns, naming each field; the next plan shows the
// difference and applying it sends the fields again.
func TestCLIProfileReadBackIsCompared(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	c.write(profile(`about = "Open 9-5"`, `email = "support@acme.example"`))
	c.mustRun("apply", "-auto-approve")
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpUpdateBusinessProfile, Status: 200, ContentType: "application/json", RawBody: `{"success":true}`})
	c.write(profile(`about = "Open 24/7"`, `email = "help@acme.example"`))
	out := c.mustRun("apply", "-auto-approve")
	assertContains(t, out,
		"Warning: Updated the business profile of phone number "+accNumber+", but Meta reports other values",
		`about: sent "Open 24/7", Meta reports "Open 9-5"`,
		`email: sent "help@acme.example", Meta reports "support@acme.example"`,
		"the next plan shows the difference",
	)
	plan := c.mustRun("plan")
	assertContains(t, plan, `~ about = "Open 9-5" -> "Open 24/7"`, `~ email = "support@acme.example" -> "help@acme.example"`)
	c.mustRun("apply", "-auto-approve")
	if p, _ := env.emu.BusinessProfile(accNumber); p.About != "Open 24/7" || p.Email != "help@acme.example" {
		t.Errorf("profile = %+v", p)
	}
	assertContains(t, c.mustRun("plan"), "No changes.")
}

// Case 9: a phone number id where a WABA id belongs. The create's 100/33
// names the WhatsApp Business Account and asks the question; it does not
// say that a number is gone, nor that state was left as it was (there is
// none), nor terraform state rm. A refresh of a profile whose number the
// token cannot see names the profile's own state rm.
func TestCLIWebhookTextsNameTheRightObject(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	c.write(strings.Replace(subscription(), accWABA, accNumber, 1))
	out, err := c.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply passed on a phone number id:\n%s", out)
	}
	assertContains(t, out,
		"Error: Could not read the webhook subscriptions of WhatsApp Business Account "+accNumber,
		"Nothing was changed and nothing was saved in state",
		"does not prove that WhatsApp Business Account "+accNumber+" is gone",
		"Check that "+accNumber+" is a WhatsApp Business Account ID and not a phone number ID",
	)
	assertNotContains(t, out, "the number is gone", "state was left as it was", "terraform state rm")

	c.write(profile(`about = "Open"`))
	c.mustRun("apply", "-auto-approve")
	env.emu.Update(accNumber, func(n *emulator.Number) { n.Hidden = true })
	out, err = c.run("plan")
	if err == nil {
		t.Fatalf("plan passed on a hidden number:\n%s", out)
	}
	assertContains(t, out, "Could not read the business profile of phone number "+accNumber, "The profile in state was left as it was",
		"is a phone number ID (from WhatsApp Manager) and not a WhatsApp Business Account ID", "terraform state rm whatsapp_business_profile.<name>")
	assertNotContains(t, out, "whatsapp_phone_registration")
}

// An odd verify token: every encoding of it differs from the literal one.
const accVerifyTokenOdd = `wh verify/ä&+"tok`

// Case 10: Meta's 2200 quotes the callback URL it called, with the verify
// token URL-encoded, or JSON-escaped: neither reaches the CLI's output.
func TestCLIVerifyTokenIsScrubbedInEveryEncoding(t *testing.T) {
	t.Parallel()
	env, hook := newHookEnv(t)
	c := env.cli(t)
	c.write(subscription())
	c.mustRun("apply", "-auto-approve")
	encoded := url.QueryEscape(accVerifyTokenOdd)
	escaped, _ := json.Marshal(accVerifyTokenOdd)
	for name, quoted := range map[string]string{
		"URL-encoded":  hook.url("/waba") + "?hub.mode=subscribe&hub.verify_token=" + encoded,
		"path-encoded": hook.url("/waba/" + url.PathEscape(accVerifyTokenOdd)),
		"JSON-escaped": "verify_token " + string(escaped[1:len(escaped)-1]),
	} {
		env.emu.InjectFault(emulator.Fault{Operation: emulator.OpSubscribeApp, Code: 2200,
			Message: "(#2200) Callback verification failed with the following errors: curl_errno = 28; HTTP Message = timeout; url = " + quoted})
		c.write(subscription(fmt.Sprintf("override_callback_uri = %q", hook.url("/waba")), fmt.Sprintf("verify_token_wo = %q", accVerifyTokenOdd), "verify_token_wo_version = 1"))
		out, err := c.run("apply", "-auto-approve")
		if err == nil {
			t.Fatalf("%s: apply passed:\n%s", name, out)
		}
		assertContains(t, out, "Graph API error 2200", "url = ")
		for _, form := range []string{accVerifyTokenOdd, encoded, url.PathEscape(accVerifyTokenOdd), string(escaped[1 : len(escaped)-1]), "ä&+"} {
			if strings.Contains(withoutSourceSnippets(out), form) {
				t.Errorf("%s: the output holds the verify token as %q:\n%s", name, form, out)
			}
		}
	}
}

// Case 10, the DEBUG log: the 2200 error that quotes the token, and the
// picture handle, as the provider's tflog subsystem receives them.
func TestClientLoggerScrubsEncodedTokensAndShortensHandles(t *testing.T) {
	env, hook := newHookEnv(t)
	var out strings.Builder
	data := &providerData{secrets: []string{accToken}}
	ctx := data.logContext(tflogtest.RootLogger(context.Background(), &out))
	client, err := cloudapi.New(cloudapi.Config{BaseURL: env.srv.URL, AccessToken: accToken, Log: clientLog, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Subscribe(ctx, accWABA, cloudapi.Subscription{}); err != nil {
		t.Fatal(err)
	}
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpSubscribeApp, Code: 2200,
		Message: "(#2200) Callback verification failed: url = " + hook.url("/w") + "?hub.verify_token=" + url.QueryEscape(accVerifyTokenOdd)})
	err = client.Subscribe(ctx, accWABA, cloudapi.Subscription{OverrideCallbackURI: hook.url("/w"), VerifyToken: accVerifyTokenOdd})
	if err == nil {
		t.Fatal("the fault did not fail the call")
	}
	d := overrideUpdateFailed(accWABA, err)
	const handle = "4::aW1hZ2UvanBlZw==:ARbSecretUploadHandleXYZ"
	about := "x"
	if err := client.UpdateBusinessProfile(ctx, accNumber, cloudapi.ProfileUpdate{About: &about, ProfilePictureHandle: handle}); err != nil {
		t.Fatal(err)
	}
	logs := out.String()
	if !strings.Contains(logs, "profile_picture_handle") || !strings.Contains(logs, "4::aW1… (") {
		t.Fatalf("the handle's log line is missing or not shortened:\n%s", logs)
	}
	for _, text := range []string{logs, d.Detail(), err.Error()} {
		for _, form := range []string{accVerifyTokenOdd, url.QueryEscape(accVerifyTokenOdd), handle, "ARbSecretUploadHandleXYZ"} {
			if strings.Contains(text, form) {
				t.Errorf("%q appears in:\n%s", form, text)
			}
		}
	}
}

// Case 12: one unrelated number without health_status. The list is read;
// that number's health_status is null, the others' are there; a reader of
// ids never notices.
func TestCLIPhoneNumbersListWithoutOneHealthStatus(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	env.emu.SetHealth(accNumber2, emulator.HealthState{Omit: true})
	c := env.cli(t)
	c.write(fmt.Sprintf(`
data "whatsapp_phone_numbers" "all" {
  whatsapp_business_account_id = %q
}

output "ids" {
  value = [for n in data.whatsapp_phone_numbers.all.phone_numbers : n.id]
}

output "health" {
  value = { for n in data.whatsapp_phone_numbers.all.phone_numbers : n.id => n.health_status == null ? "not reported" : n.health_status.can_send_message }
}
`, accWABA))
	c.mustRun("apply", "-auto-approve")
	raw := c.mustRun("output", "-json")
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
	if !strings.Contains(strings.Join(ids, ","), accNumber) || !strings.Contains(strings.Join(ids, ","), accNumber2) {
		t.Errorf("ids = %v", ids)
	}
	if health[accNumber2] != "not reported" || health[accNumber] == "" || health[accNumber] == "not reported" {
		t.Errorf("health = %v", health)
	}
}

// Case 9, for the list: a phone number id where the WABA id belongs.
func TestCLIPhoneNumbersListAsksWhetherTheIDIsAWABA(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	c.write(fmt.Sprintf("data \"whatsapp_phone_numbers\" \"all\" {\n  whatsapp_business_account_id = %q\n}\n", accNumber))
	out, err := c.run("plan")
	if err == nil {
		t.Fatalf("plan passed:\n%s", out)
	}
	assertContains(t, out, "Could not list the phone numbers of WhatsApp Business Account "+accNumber,
		"The data source has no value this time", "is a WhatsApp Business Account ID and not a phone number ID")
	assertNotContains(t, out, "state was left as it was", "terraform state rm")
}
