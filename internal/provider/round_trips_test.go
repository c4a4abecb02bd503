package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Issue 9: the API is far away, so what counts is sequential round trips.
// With latency on every answer, the emulator's log shows which requests
// overlapped: a refresh is one round trip of two concurrent reads, a create
// three (the read before, the register, the read-back), a data source one.
func TestCLIRoundTripsAndCalls(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t, func(o *emulator.Options) { o.Latency = 300 * time.Millisecond })
	c := env.cli(t)
	c.write(registration(`pin = "123456"`, `data_localization_region = "DE"`) + fmt.Sprintf(`
data "whatsapp_phone_number" "other" {
  phone_number_id = %q
}
`, accNumber2))
	ids := []string{accNumber}
	phase := func(args ...string) []emulator.Request {
		mark := len(env.emu.Requests())
		c.mustRun(args...)
		return env.emu.Requests()[mark:]
	}
	ops := func(log []emulator.Request, id string) string {
		var out []string
		for _, r := range log {
			if r.NumberID == id {
				out = append(out, r.Operation)
			}
		}
		return strings.Join(out, ",")
	}

	created := phase("apply", "-auto-approve")
	if got := roundTrips(created, ids); got != 3 {
		t.Errorf("create: %v round trips, want 3 (%s)", got, ops(created, accNumber))
	}
	if got := len(onNumber(created, accNumber)); got != 5 {
		t.Errorf("create: %d calls, want 5: two reads, the register, two reads (%s)", got, ops(created, accNumber))
	}
	if got := roundTrips(created, []string{accNumber2}); got != 1 {
		t.Errorf("data source: %v round trips, want 1 (%s)", got, ops(created, accNumber2))
	}

	refreshed := phase("plan", "-detailed-exitcode")
	if got := roundTrips(refreshed, ids); got != 1 {
		t.Errorf("refresh: %v round trips, want 1 (%s)", got, ops(refreshed, accNumber))
	}
	if got := len(onNumber(refreshed, accNumber)); got != 2 {
		t.Errorf("refresh: %d calls, want 2 (%s)", got, ops(refreshed, accNumber))
	}
	for _, r := range onNumber(refreshed, accNumber) {
		if r.Operation != emulator.OpGetPhoneNumber && r.Operation != emulator.OpGetSettings {
			t.Errorf("a plan wrote: %+v", r)
		}
	}
	c.assertInSync()
}

func onNumber(log []emulator.Request, id string) []emulator.Request {
	var out []emulator.Request
	for _, r := range log {
		if r.NumberID == id {
			out = append(out, r)
		}
	}
	return out
}

// A WhatsApp Business Account whose hourly call budget is spent: the plan
// fails at once, says how many minutes to wait and that nothing changed,
// and does not spend the retries against a closed budget.
func TestCLIThrottledAccountFailsFastWithTheWait(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t, func(o *emulator.Options) { o.CallsPerHour = 50 })
	c := env.cli(t)
	c.write(registration(`pin = "123456"`))
	c.mustRun("apply", "-auto-approve")
	env.emu.SpendCalls(accWABA, 50)
	env.clock.Advance(17 * time.Minute)
	mark := len(env.emu.Requests())
	out, err := c.run("plan")
	if err == nil {
		t.Fatalf("plan succeeded against a spent budget:\n%s", out)
	}
	assertContains(t, out, "Meta throttled the call: the WhatsApp Business Account's hourly call budget for this app (code 80007) is spent",
		"access returns in 43 minutes, longer than this operation may wait", "Nothing was changed by this call", "Wait 43 minutes, then run the command again",
		"fbtrace_id: Aemu")
	// GET /app (the token check at Configure) is not a read of the account.
	if got := len(slices.DeleteFunc(env.emu.Requests()[mark:], func(r emulator.Request) bool { return r.Operation == emulator.OpGetApp })); got > 2 {
		t.Errorf("%d calls against a closed budget, want one attempt per read", got)
	}
	if err := env.budgetIs("register"); err != nil {
		t.Error(err)
	}
}
