package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The guide's configuration, applied as written (only the webhook host is
// the test's endpoint on 127.0.0.1): one register, the subscription before
// the number's override, the profile, a health check that passes once the
// number is registered, and a destroy that undoes what can be undone.
func TestCLIRunANumberAsCodeGuide(t *testing.T) {
	t.Parallel()
	env, hook := acctest.NewHookEnv(t)
	c := env.CLI(t)
	config := strings.ReplaceAll(acctest.ExampleFile(t, "guides/run-a-number-as-code/main.tf"), "https://hooks.example.com", hook.Srv.URL)
	c.WriteRaw(env.ProviderBlock() + config)
	vars := []string{"-var=two_step_pin=123456", "-var=webhook_verify_token=" + acctest.VerifyToken}
	run := func(args ...string) string { return c.MustRun(append(args, vars...)...) }
	runJSON := func(args ...string) *acctest.Stream { return c.MustRunJSON(append(args, vars...)...) }
	// The guide's four resources.
	guide := func(action string) map[string][]string {
		return map[string][]string{
			"whatsapp_phone_registration.support": {action}, "whatsapp_webhook_subscription.acme": {action},
			"whatsapp_phone_number_webhook.support": {action}, "whatsapp_business_profile.support": {action},
		}
	}

	acctest.ExpectChanges(t, c.SavedPlan(vars...), guide("create"))
	if got := env.OpsOf(emulator.OpRegister, emulator.OpSubscribeApp, emulator.OpSetNumberWebhook, emulator.OpUpdateBusinessProfile); len(got) != 0 {
		t.Fatalf("the plan wrote: %v", got)
	}
	env.Emu.ResetRequests()
	apply := runJSON("apply", "-auto-approve")
	apply.ExpectApplied(t, guide("create"))
	acctest.AssertNotContains(t, apply.Out, "Check block assertion failed", acctest.VerifyToken, "123456")

	writes := env.OpsOf(emulator.OpRegister, emulator.OpDeregister, emulator.OpSubscribeApp, emulator.OpSetNumberWebhook, emulator.OpUpdateBusinessProfile)
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}
	at := func(op string) int { return slices.Index(writes, op) }
	if at(emulator.OpRegister) > at(emulator.OpSetNumberWebhook) || at(emulator.OpSubscribeApp) > at(emulator.OpSetNumberWebhook) ||
		at(emulator.OpRegister) > at(emulator.OpUpdateBusinessProfile) || len(writes) != 5 {
		t.Errorf("writes = %v: want the register and both subscribe calls before the number's override, and the profile after the register", writes)
	}
	calls := map[string]int{}
	for _, r := range env.Emu.Requests() {
		calls[r.Operation]++
	}
	// The guide's table of what each apply spends says 18 calls (the
	// number's override and the profile are read before they are set:
	// guardAnnounceTakeover, and a profile create names what it replaces).
	if n := len(env.Emu.Requests()); n != 18 {
		t.Errorf("the first apply made %d calls (%v); the guide says 18", n, calls)
	}
	if calls[emulator.OpSubscribeApp] != 2 || calls[emulator.OpSetNumberWebhook] != 1 || calls[emulator.OpUpdateBusinessProfile] != 1 || calls[emulator.OpGetApp] != 1 {
		t.Errorf("calls = %v", calls)
	}
	if n, _ := env.Emu.Number(acctest.Number); !n.Registered() || n.WebhookOverride != hook.URL("/whatsapp/support") {
		t.Errorf("number = %+v", n)
	}
	if s, _ := env.Emu.Subscribed(acctest.WABA); s.OverrideCallbackURI != hook.URL("/whatsapp/acme") {
		t.Errorf("subscription = %+v", s)
	}
	if p, _ := env.Emu.BusinessProfile(acctest.Number); p.Vertical != "RETAIL" || p.Email != "support@acme.example" {
		t.Errorf("profile = %+v", p)
	}

	env.Emu.ResetRequests()
	// The check's data source is read again on every plan; nothing else moves.
	acctest.ExpectChanges(t, c.SavedPlan(vars...), map[string][]string{})
	reads := map[string]int{}
	for _, r := range env.Emu.Requests() {
		reads[r.Operation]++
	}
	if n := len(env.Emu.Requests()); n != 8 || reads[emulator.OpGetApp] != 1 {
		t.Errorf("a plan with no changes made %d calls (%v); the guide says 8", n, reads)
	}

	// Meta limits the number: the next plan says so, and changes nothing.
	env.Emu.SetHealth(acctest.Number, emulator.HealthState{CanSendMessage: "LIMITED", AdditionalInfo: []string{"Messaging limit reached."}})
	acctest.AssertContains(t, run("plan"), "Warning: Check block assertion failed", "Phone number "+acctest.Number+" is LIMITED")

	destroy := runJSON("destroy", "-auto-approve")
	destroy.ExpectApplied(t, guide("delete"))
	acctest.AssertContains(t, destroy.Text(), "stays as it is")
	if err := env.BudgetIs("deregister"); err != nil { // the log was emptied after the apply
		t.Error(err)
	}
	if got := env.Emu.BudgetUsed(acctest.Number, emulator.OpRegister); got != 1 {
		t.Errorf("registers spent = %d, want 1", got)
	}
	if _, ok := env.Emu.Subscribed(acctest.WABA); ok {
		t.Error("still subscribed after destroy")
	}
	if n, _ := env.Emu.Number(acctest.Number); n.WebhookOverride != "" {
		t.Errorf("the number's override survived the destroy: %q", n.WebhookOverride)
	}
	if env.LogHolds(t, acctest.VerifyToken) || env.LogHolds(t, "123456") {
		t.Error("the emulator's log holds a secret")
	}
}

// Issue 16, case 14: the guide's configuration against the emulator
// command itself, whose own https webhook endpoint answers Meta's
// verification: no endpoint of the user's is needed. The command is built
// and started as `make emulator` starts it (on free ports).
func TestCLIGuideOnTheEmulatorsOwnWebhookEndpoint(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "whatsapp-cloud-emulator")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/whatsapp-cloud-emulator").CombinedOutput(); err != nil {
		t.Fatalf("building the emulator: %v\n%s", err, out)
	}
	readyFile := filepath.Join(dir, "ready.json")
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-callback-listen", "127.0.0.1:0", "-ready-file", readyFile, "-quiet")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	var ready map[string]string
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if raw, err := os.ReadFile(readyFile); err == nil && json.Unmarshal(raw, &ready) == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the emulator did not write its ready file")
		}
	}
	if !strings.HasPrefix(ready["callback_url"], "https://127.0.0.1:") || ready["callback_verify_token"] != emulator.DefaultCallbackVerifyToken {
		t.Fatalf("ready file = %v", ready)
	}
	c.WriteRaw(fmt.Sprintf("provider \"whatsapp\" {\n  base_url     = %q\n  access_token = %q\n}\n", ready["base_url"], ready["access_token"]) +
		acctest.ExampleFile(t, "guides/run-a-number-as-code/main.tf"))
	vars := []string{"-var=two_step_pin=123456", "-var=webhook_verify_token=" + ready["callback_verify_token"],
		"-var=webhook_base_url=" + strings.TrimSuffix(ready["callback_url"], "/whatsapp")}
	c.MustRunJSON(append([]string{"apply", "-auto-approve"}, vars...)...).ExpectApplied(t, map[string][]string{
		"whatsapp_phone_registration.support": {"create"}, "whatsapp_webhook_subscription.acme": {"create"},
		"whatsapp_phone_number_webhook.support": {"create"}, "whatsapp_business_profile.support": {"create"},
	})

	control := func(path string, v any) {
		req, _ := http.NewRequest(http.MethodGet, ready["base_url"]+path, nil)
		req.Header.Set("Authorization", "Bearer "+ready["access_token"])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	var subs []emulator.Subscription
	control("/_emulator/wabas/"+acctest.WABA+"/subscribed_apps", &subs)
	if len(subs) != 1 || subs[0].OverrideCallbackURI != strings.TrimSuffix(ready["callback_url"], "/whatsapp")+"/whatsapp/acme" {
		t.Errorf("subscriptions = %+v", subs)
	}
	var n emulator.NumberView
	control("/_emulator/numbers/"+acctest.Number, &n)
	if n.WebhookOverride != strings.TrimSuffix(ready["callback_url"], "/whatsapp")+"/whatsapp/support" || !n.Registered() {
		t.Errorf("number = %+v", n)
	}
	// A wrong verify token is refused by the endpoint, as Meta's check would be.
	vars[1] = "-var=webhook_verify_token=not-the-endpoints-token"
	c.WriteRaw(strings.Replace(c.Read(), "verify_token_wo_version      = 1", "verify_token_wo_version      = 2", 1))
	out, err := c.Run(append([]string{"apply", "-auto-approve"}, vars...)...)
	if err == nil {
		t.Fatalf("a wrong verify token passed the endpoint's check:\n%s", out)
	}
	acctest.AssertContains(t, out, "Graph API error 2200", "HTTP Status Code = 403")
}
