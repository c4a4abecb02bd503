package registration_test

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Issue 8, writes: a register or deregister whose outcome was not seen is
// settled by a read, never resent blind and never reported as a definite
// outcome the provider did not see.

// 3. Meta acts, then the answer is lost: cut, malformed, oversize, or the
// connection reset, over and over. One apply, one register, state in sync.
func TestCLILostRegisterAnswersAreSettledByARead(t *testing.T) {
	t.Parallel()
	for name, f := range map[string]emulator.Fault{
		"2xx cut mid-body":            {CutBody: true},
		"malformed 2xx":               {Malformed: true},
		"2xx over the size cap":       {Oversize: true},
		"reset after processing, x10": {DropConnection: true, Times: 10},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := acctest.NewEnv(t)
			c := env.CLI(t)
			f.Operation, f.Act = emulator.OpRegister, true
			env.Emu.InjectFault(f)
			c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
			out := c.MustRunJSON("apply", "-auto-approve")
			acctest.AssertContains(t, out.Text(), "Warning: The answer to the register of phone number "+acctest.Number+" was lost; a read confirmed it")
			out.ExpectApplied(t, map[string][]string{acctest.RegistrationAddr: {"create"}})
			if err := env.BudgetIs("register"); err != nil {
				t.Error(err)
			}
			c.AssertInSync()
			c.ExpectNoChanges()
		})
	}
}

// A region change whose deregister and register both lose their answers
// after Meta acted: each is confirmed by a read; one of each is spent.
func TestCLILostAnswersDuringARegionChange(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpDeregister, Act: true, DropConnection: true})
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Act: true, CutBody: true})
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	out := c.MustRunJSON("apply", "-auto-approve")
	acctest.AssertContains(t, out.Text(), "The answer to the deregister of phone number "+acctest.Number+" was lost; a read confirmed it",
		"The answer to the register of phone number "+acctest.Number+" was lost; a read confirmed it")
	out.ExpectApplied(t, map[string][]string{acctest.RegistrationAddr: {"delete", "create"}})
	if err := env.BudgetIs("register", "deregister", "register"); err != nil {
		t.Error(err)
	}
	c.AssertInSync()
}

// When the read cannot settle it, the apply says only what was seen, keeps
// state as it was, and the next plan finds out: a register that did take
// effect is then adopted, without a second register.
func TestCLIUnknownRegisterOutcomeIsFoundOutByTheNextPlan(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Act: true, DropConnection: true})
	// The reads meant to settle it fail too; the read before the register
	// is the first node read, so let it through.
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetSettings, Status: 500, Code: 2, Times: 1})
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetSettings, Status: 500, Code: 2, Times: 100})
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply succeeded:\n%s", out)
	}
	acctest.AssertContains(t, out, "Could not register phone number "+acctest.Number, "was sent, but whether it took effect is unknown",
		"terraform plan: its refresh reads what the call was meant to change (the number")
	acctest.AssertNotContains(t, out, "is not registered", "is now DEREGISTERED")
	env.Emu.ClearFaults()
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}
	// Meta had acted: the next apply adopts the number, spending nothing.
	adopted := c.MustRunJSON("apply", "-auto-approve")
	acctest.AssertContains(t, adopted.Text(), "was already registered: adopted without a register")
	adopted.ExpectApplied(t, map[string][]string{acctest.RegistrationAddr: {"create"}})
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}
	c.AssertInSync()
}

// 7. A create on a number already registered with the configured region
// spends no register: the number is adopted and its PIN set.
func TestAccPhoneRegistration_adoptsARegisteredNumber(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) {
		n.PlatformType, n.Status, n.Region, n.PIN = "CLOUD_API", "CONNECTED", "DE", "999999"
	})
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
	out := c.MustRunJSON("apply", "-auto-approve")
	acctest.AssertContains(t, out.Text(), "Warning: Phone number "+acctest.Number+" was already registered: adopted without a register",
		"Its two-step verification PIN was set to the configured one")
	out.ExpectApplied(t, map[string][]string{acctest.RegistrationAddr: {"create"}})
	if err := env.BudgetIs(); err != nil {
		t.Error(err)
	}
	if n, _ := env.Emu.Number(acctest.Number); n.PIN != "123456" || env.Emu.Count(emulator.OpSetPIN) != 1 {
		t.Errorf("PIN = %q after %d PIN calls", n.PIN, env.Emu.Count(emulator.OpSetPIN))
	}
	c.AssertInSync()
	// Three round trips at most: the read before (node and settings,
	// together), then the PIN; no read-back is needed.
	if ops := strings.Join(env.Emu.Operations(acctest.Number), ","); ops != "get_phone_number,get_settings,set_pin" && ops != "get_settings,get_phone_number,set_pin" {
		t.Errorf("calls = %s", ops)
	}
}

// Ctrl-C while a register is on the wire: the write gets its grace, and
// what Meta did is what state records.
func TestCLICtrlCDuringARegister(t *testing.T) {
	t.Parallel()
	t.Run("the answer comes within the grace", func(t *testing.T) {
		t.Parallel()
		env := acctest.NewEnv(t)
		c := env.CLI(t)
		// Meta acts at once, and its answer trickles in over about two seconds.
		env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Act: true, Drip: 120 * time.Millisecond})
		c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
		interrupt, wait := c.Start("apply", "-json", "-auto-approve")
		waitFor(t, "the register has acted", acted(env))
		interrupt()
		out, _ := wait()
		expectCreated(t, acctest.ParseStream(t, out))
		if err := env.BudgetIs("register"); err != nil {
			t.Error(err)
		}
		c.AssertInSync()
	})
	t.Run("the answer outlasts the grace", func(t *testing.T) {
		t.Parallel()
		env := acctest.NewEnv(t)
		env.Tune = func(cfg *cloudapi.Config) { cfg.WriteGrace = 300 * time.Millisecond }
		c := env.CLI(t)
		env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Act: true, Hang: true})
		c.Write(acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "DE"`))
		interrupt, wait := c.Start("apply", "-json", "-auto-approve")
		waitFor(t, "the register has acted", acted(env))
		interrupt()
		out, _ := wait()
		stream := acctest.ParseStream(t, out)
		acctest.AssertContains(t, stream.Text(), "The answer to the register of phone number "+acctest.Number+" was lost; a read confirmed it")
		expectCreated(t, stream)
		if err := env.BudgetIs("register"); err != nil {
			t.Error(err)
		}
		c.AssertInSync()
	})
	t.Run("no write in flight", func(t *testing.T) {
		t.Parallel()
		env := acctest.NewEnv(t)
		c := acctest.RegisteredCH(t, env)
		env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Hang: true, Times: 100})
		interrupt, wait := c.Start("plan")
		waitFor(t, "the read hangs", func() bool { return env.Emu.InFlight(emulator.OpGetPhoneNumber) > 0 })
		start := time.Now()
		interrupt()
		out, err := wait()
		if err == nil {
			t.Fatalf("an interrupted plan succeeded:\n%s", out)
		}
		// The hang lasts until the read timeout (90s); a stop cuts it short.
		if took := time.Since(start); took > 20*time.Second {
			t.Errorf("the plan took %v to stop after Ctrl-C", took)
		}
		acctest.AssertContains(t, out, "cancelled")
		if err := env.BudgetIs("register"); err != nil {
			t.Error(err)
		}
	})
}

// expectCreated checks that an interrupted apply completed the create of
// the registration, and nothing else.
func expectCreated(t *testing.T, s *acctest.Stream) {
	t.Helper()
	if want := map[string][]string{acctest.RegistrationAddr: {"create"}}; !maps.EqualFunc(s.Applied, want, slices.Equal) {
		t.Errorf("the interrupted apply completed %v, want %v\n%s", s.Applied, want, s.Out)
	}
}

// waitFor polls until ready, so that an interrupt lands while a call is in
// flight.
func waitFor(t *testing.T, what string, ready func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if ready() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting until %s", what)
}

// acted is true once the emulator has registered the main number and is
// still answering the register.
func acted(env *acctest.Env) func() bool {
	return func() bool {
		n, _ := env.Emu.Number(acctest.Number)
		return n.Registered() && env.Emu.InFlight(emulator.OpRegister) > 0
	}
}
