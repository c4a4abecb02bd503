package provider

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

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The guide's configuration, applied as written (only the webhook host is
// the test's endpoint on 127.0.0.1): one register, the subscription before
// the number's override, the profile, a health check that passes once the
// number is registered, and a destroy that undoes what can be undone.
func TestCLIRunANumberAsCodeGuide(t *testing.T) {
	t.Parallel()
	env, hook := newHookEnv(t)
	c := env.cli(t)
	config := strings.ReplaceAll(exampleFile(t, "guides/run-a-number-as-code/main.tf"), "https://hooks.example.com", hook.srv.URL)
	c.writeRaw(env.providerBlock() + config)
	vars := []string{"-var=two_step_pin=123456", "-var=webhook_verify_token=" + accVerifyToken}
	run := func(args ...string) string { return c.mustRun(append(args, vars...)...) }

	plan := run("plan")
	assertContains(t, plan, "Plan: 4 to add, 0 to change, 0 to destroy.")
	if got := env.opsOf(emulator.OpRegister, emulator.OpSubscribeApp, emulator.OpSetNumberWebhook, emulator.OpUpdateBusinessProfile); len(got) != 0 {
		t.Fatalf("the plan wrote: %v", got)
	}
	env.emu.ResetRequests()
	apply := run("apply", "-auto-approve")
	assertContains(t, apply, "Apply complete! Resources: 4 added, 0 changed, 0 destroyed.")
	assertNotContains(t, apply, "Check block assertion failed", accVerifyToken, "123456")

	writes := env.opsOf(emulator.OpRegister, emulator.OpDeregister, emulator.OpSubscribeApp, emulator.OpSetNumberWebhook, emulator.OpUpdateBusinessProfile)
	if err := env.budgetIs("register"); err != nil {
		t.Error(err)
	}
	at := func(op string) int { return slices.Index(writes, op) }
	if at(emulator.OpRegister) > at(emulator.OpSetNumberWebhook) || at(emulator.OpSubscribeApp) > at(emulator.OpSetNumberWebhook) ||
		at(emulator.OpRegister) > at(emulator.OpUpdateBusinessProfile) || len(writes) != 5 {
		t.Errorf("writes = %v: want the register and both subscribe calls before the number's override, and the profile after the register", writes)
	}
	calls := map[string]int{}
	for _, r := range env.emu.Requests() {
		calls[r.Operation]++
	}
	// The guide's table of what each apply spends says 17 calls (the
	// number's override is read before it is set: guardAnnounceTakeover).
	if n := len(env.emu.Requests()); n != 17 {
		t.Errorf("the first apply made %d calls (%v); the guide says 17", n, calls)
	}
	if calls[emulator.OpSubscribeApp] != 2 || calls[emulator.OpSetNumberWebhook] != 1 || calls[emulator.OpUpdateBusinessProfile] != 1 || calls[emulator.OpGetApp] != 1 {
		t.Errorf("calls = %v", calls)
	}
	if n, _ := env.emu.Number(accNumber); !n.Registered() || n.WebhookOverride != hook.url("/whatsapp/support") {
		t.Errorf("number = %+v", n)
	}
	if s, _ := env.emu.Subscribed(accWABA); s.OverrideCallbackURI != hook.url("/whatsapp/acme") {
		t.Errorf("subscription = %+v", s)
	}
	if p, _ := env.emu.BusinessProfile(accNumber); p.Vertical != "RETAIL" || p.Email != "support@acme.example" {
		t.Errorf("profile = %+v", p)
	}

	env.emu.ResetRequests()
	// The check's data source is read again on every plan; nothing else moves.
	assertContains(t, run("plan"), "Plan: 0 to add, 0 to change, 0 to destroy.")
	reads := map[string]int{}
	for _, r := range env.emu.Requests() {
		reads[r.Operation]++
	}
	if n := len(env.emu.Requests()); n != 8 || reads[emulator.OpGetApp] != 1 {
		t.Errorf("a plan with no changes made %d calls (%v); the guide says 8", n, reads)
	}

	// Meta limits the number: the next plan says so, and changes nothing.
	env.emu.SetHealth(accNumber, emulator.HealthState{CanSendMessage: "LIMITED", AdditionalInfo: []string{"Messaging limit reached."}})
	assertContains(t, run("plan"), "Warning: Check block assertion failed", "Phone number "+accNumber+" is LIMITED")

	destroy := run("destroy", "-auto-approve")
	assertContains(t, destroy, "Destroy complete! Resources: 4 destroyed.", "stays as it is")
	if err := env.budgetIs("deregister"); err != nil { // the log was emptied after the apply
		t.Error(err)
	}
	if got := env.emu.BudgetUsed(accNumber, emulator.OpRegister); got != 1 {
		t.Errorf("registers spent = %d, want 1", got)
	}
	if _, ok := env.emu.Subscribed(accWABA); ok {
		t.Error("still subscribed after destroy")
	}
	if n, _ := env.emu.Number(accNumber); n.WebhookOverride != "" {
		t.Errorf("the number's override survived the destroy: %q", n.WebhookOverride)
	}
	if env.logHolds(t, accVerifyToken) || env.logHolds(t, "123456") {
		t.Error("the emulator's log holds a secret")
	}
}

// Issue 16, case 14: the guide's configuration against the emulator
// command itself, whose own https webhook endpoint answers Meta's
// verification: no endpoint of the user's is needed. The command is built
// and started as `make emulator` starts it (on free ports).
func TestCLIGuideOnTheEmulatorsOwnWebhookEndpoint(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
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
	c.writeRaw(fmt.Sprintf("provider \"whatsapp\" {\n  base_url     = %q\n  access_token = %q\n}\n", ready["base_url"], ready["access_token"]) +
		exampleFile(t, "guides/run-a-number-as-code/main.tf"))
	vars := []string{"-var=two_step_pin=123456", "-var=webhook_verify_token=" + ready["callback_verify_token"],
		"-var=webhook_base_url=" + strings.TrimSuffix(ready["callback_url"], "/whatsapp")}
	apply := c.mustRun(append([]string{"apply", "-auto-approve"}, vars...)...)
	assertContains(t, apply, "Apply complete! Resources: 4 added, 0 changed, 0 destroyed.")

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
	control("/_emulator/wabas/"+accWABA+"/subscribed_apps", &subs)
	if len(subs) != 1 || subs[0].OverrideCallbackURI != strings.TrimSuffix(ready["callback_url"], "/whatsapp")+"/whatsapp/acme" {
		t.Errorf("subscriptions = %+v", subs)
	}
	var n emulator.NumberView
	control("/_emulator/numbers/"+accNumber, &n)
	if n.WebhookOverride != strings.TrimSuffix(ready["callback_url"], "/whatsapp")+"/whatsapp/support" || !n.Registered() {
		t.Errorf("number = %+v", n)
	}
	// A wrong verify token is refused by the endpoint, as Meta's check would be.
	vars[1] = "-var=webhook_verify_token=not-the-endpoints-token"
	c.writeRaw(strings.Replace(c.read(), "verify_token_wo_version      = 1", "verify_token_wo_version      = 2", 1))
	out, err := c.run(append([]string{"apply", "-auto-approve"}, vars...)...)
	if err == nil {
		t.Fatalf("a wrong verify token passed the endpoint's check:\n%s", out)
	}
	assertContains(t, out, "Graph API error 2200", "HTTP Status Code = 403")
}
