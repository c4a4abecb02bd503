package provider_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Issue 9: the API is far away, so what counts is sequential round trips.
// With latency on every answer, the emulator's log shows which requests
// overlapped: a refresh is one round trip of two concurrent reads, a create
// three (the read before, the register, the read-back), a data source one.
func TestCLIRoundTripsAndCalls(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t, func(o *emulator.Options) { o.Latency = 300 * time.Millisecond })
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`) + fmt.Sprintf(`
data "whatsapp_phone_number" "other" {
  phone_number_id = %q
}
`, acctest.Number2))
	ids := []string{acctest.Number}
	phase := func(args ...string) []emulator.Request {
		mark := len(env.Emu.Requests())
		c.MustRun(args...)
		return env.Emu.Requests()[mark:]
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
		t.Errorf("create: %v round trips, want 3 (%s)", got, ops(created, acctest.Number))
	}
	if got := len(onNumber(created, acctest.Number)); got != 5 {
		t.Errorf("create: %d calls, want 5: two reads, the register, two reads (%s)", got, ops(created, acctest.Number))
	}
	if got := roundTrips(created, []string{acctest.Number2}); got != 1 {
		t.Errorf("data source: %v round trips, want 1 (%s)", got, ops(created, acctest.Number2))
	}

	refreshed := phase("plan", "-detailed-exitcode")
	if got := roundTrips(refreshed, ids); got != 1 {
		t.Errorf("refresh: %v round trips, want 1 (%s)", got, ops(refreshed, acctest.Number))
	}
	if got := len(onNumber(refreshed, acctest.Number)); got != 2 {
		t.Errorf("refresh: %d calls, want 2 (%s)", got, ops(refreshed, acctest.Number))
	}
	for _, r := range onNumber(refreshed, acctest.Number) {
		if r.Operation != emulator.OpGetPhoneNumber && r.Operation != emulator.OpGetSettings {
			t.Errorf("a plan wrote: %+v", r)
		}
	}
	c.AssertInSync()
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
	env := acctest.NewEnv(t, func(o *emulator.Options) { o.CallsPerHour = 50 })
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`))
	c.MustRun("apply", "-auto-approve")
	env.Emu.SpendCalls(acctest.WABA, 50)
	env.Clock.Advance(17 * time.Minute)
	mark := len(env.Emu.Requests())
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("plan succeeded against a spent budget:\n%s", out)
	}
	acctest.AssertContains(t, out, "Meta throttled the call: the WhatsApp Business Account's hourly call budget for this app (code 80007) is spent",
		"access returns in 43 minutes, longer than this operation may wait", "Nothing was changed by this call", "Wait 43 minutes, then run the command again",
		"fbtrace_id: Aemu")
	// GET /app (the token check at Configure) is not a read of the account.
	if got := len(slices.DeleteFunc(env.Emu.Requests()[mark:], func(r emulator.Request) bool { return r.Operation == emulator.OpGetApp })); got > 2 {
		t.Errorf("%d calls against a closed budget, want one attempt per read", got)
	}
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}
}
