package provider

import (
	"slices"
	"strings"
	"testing"

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
