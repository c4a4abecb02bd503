package registration_test

import (
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Issue 8, reads: only a recognised, definite answer changes state. Each
// test drives the real CLI against the emulator, and after each command
// checks that state equals the emulator's world and that no register or
// deregister was spent beyond the minimum.

// 1. Settings answered 200 without a storage configuration the provider
// knows: an error naming the field, never "local storage off", never a
// replacement.
func TestCLISettingsNotUnderstoodNeverReplace(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	for name, body := range map[string]string{
		"no storage_configuration": `{"id":"` + acctest.Number + `"}`,
		"null":                     `{"storage_configuration":null}`,
		"unknown status":           `{"storage_configuration":{"status":"migrating","data_localization_region":"CH"}}`,
		"enabled without a region": `{"storage_configuration":{"status":"in_country_storage_enabled"}}`,
	} {
		env.Emu.ClearFaults()
		env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetSettings, Status: 200, ContentType: "application/json", RawBody: body, Times: 100})
		for range 2 { // as a pipeline retrying apply would
			out, err := c.RunJSON("apply", "-auto-approve")
			if err == nil {
				t.Fatalf("%s: apply succeeded:\n%s", name, out.Out)
			}
			acctest.AssertContains(t, out.Text(), "Could not read phone number "+acctest.Number, "Meta's answer was not understood", "storage_configuration",
				"The registration in state was left as it was", "fbtrace_id: Aemu")
			out.ExpectNothingPlanned(t)
		}
	}
	env.Emu.ClearFaults()
	c.AssertInSync()
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}
	c.ExpectNoChanges()
}

// 2. A node without a platform_type the provider knows: an error, never
// "deregistered outside Terraform", never a removal from state.
func TestCLINodeNotUnderstoodNeverRemoves(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	for name, body := range map[string]string{
		"missing":        `{"id":"` + acctest.Number + `","status":"CONNECTED"}`,
		"null":           `{"id":"` + acctest.Number + `","platform_type":null}`,
		"empty object":   `{}`,
		"a JSON list":    `[{"id":"` + acctest.Number + `","platform_type":"CLOUD_API"}]`,
		"a data wrapper": `{"data":[{"id":"` + acctest.Number + `","platform_type":"NOT_APPLICABLE"}]}`,
		"another number": `{"id":"` + acctest.Number2 + `","platform_type":"NOT_APPLICABLE"}`,
		"unknown value":  `{"id":"` + acctest.Number + `","platform_type":"CLOUD_API_BETA"}`,
	} {
		env.Emu.ClearFaults()
		env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Status: 200, ContentType: "application/json", RawBody: body, Times: 100})
		out, err := c.RunJSON("plan")
		if err == nil {
			t.Fatalf("%s: plan succeeded:\n%s", name, out.Out)
		}
		acctest.AssertContains(t, out.Text(), "Meta's answer was not understood", "The registration in state was left as it was")
		acctest.AssertNotContains(t, out.Out, "removed from state")
		out.ExpectNothingPlanned(t)
		if got := c.StateList(); got != acctest.RegistrationAddr {
			t.Fatalf("%s: state list = %q", name, got)
		}
	}
	env.Emu.ClearFaults()
	c.AssertInSync()
	c.MustRunJSON("apply", "-auto-approve").ExpectApplied(t, map[string][]string{})
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}
}

// 4 and 5. Bounded waits: a read that hangs or drips ends within the read
// timeout with an error that says the API did not answer; a cut or
// throttled-with-Retry-After read is retried and succeeds.
func TestCLIReadsThatHangOrDripAreBounded(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	slow := env.ProviderBlockWith(`request_timeout = "500ms"`) + acctest.RegistrationConfig(`pin = "123456"`, `data_localization_region = "CH"`,
		"timeouts {\n    read = \"2s\"\n  }")
	c.WriteRaw(slow)
	c.MustRun("apply", "-auto-approve") // records the read timeout in state
	for name, f := range map[string]emulator.Fault{
		"hang": {Operation: emulator.OpGetPhoneNumber, Hang: true, Times: 100},
		"drip": {Operation: emulator.OpGetSettings, Drip: 200 * time.Millisecond, Times: 100},
	} {
		env.Emu.ClearFaults()
		env.Emu.InjectFault(f)
		start := time.Now()
		out, err := c.Run("plan")
		if err == nil {
			t.Fatalf("%s: plan succeeded:\n%s", name, out)
		}
		acctest.AssertContains(t, out, "Could not read phone number "+acctest.Number, "No complete answer came back", "within the request timeout (500ms per attempt)",
			"raise request_timeout", "The registration in state was left as it was")
		if took := time.Since(start); took > 30*time.Second {
			t.Errorf("%s: the plan took %v despite a 2s read timeout", name, took)
		}
	}
	env.Emu.ClearFaults()
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, CutBody: true})
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetSettings, Status: 503, Code: 2, RetryAfter: "3600"})
	c.ExpectNoChanges()
	c.AssertInSync()
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}
}

// 6. Permission is not absence: a token that lost access (100/33) neither
// drops the registration on refresh nor ends a destroy as "already
// deregistered"; nor do 100/33, 803 or 133010 answered to the deregister of
// a number a read shows registered.
func TestCLIPermissionIsNotAbsence(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := acctest.RegisteredCH(t, env)
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.Hidden = true })
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("plan succeeded:\n%s", out)
	}
	acctest.AssertContains(t, out, "does not exist and for one that this token is not allowed to see", "give its system user access",
		"terraform state rm", "fbtrace_id: Aemu")
	acctest.AssertNotContains(t, out, "removed from state")
	out, err = c.Run("destroy", "-auto-approve", "-refresh=false")
	if err == nil {
		t.Fatalf("destroy succeeded:\n%s", out)
	}
	acctest.AssertContains(t, out, "Could not deregister phone number "+acctest.Number, "not allowed to see")
	acctest.AssertNotContains(t, out, "already deregistered")
	if got := c.StateList(); got != acctest.RegistrationAddr {
		t.Fatalf("state list = %q", got)
	}
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.Hidden = false })
	c.AssertInSync()

	for _, f := range []emulator.Fault{{Code: 100, Subcode: 33}, {Code: 803, Status: 404}, {Code: 133010}} {
		f.Operation = emulator.OpDeregister
		env.Emu.InjectFault(f)
		out, err := c.Run("destroy", "-auto-approve")
		if err == nil {
			t.Fatalf("destroy with %d succeeded:\n%s", f.Code, out)
		}
		acctest.AssertContains(t, out, "Could not deregister phone number "+acctest.Number, "is still registered (a read shows it)", "a read shows it registered")
		acctest.AssertNotContains(t, out, "already deregistered")
		c.AssertInSync()
	}
	// Each destroy sent its one deregister, none retried or resent: the
	// hidden number's, then the three refused ones.
	if err := env.BudgetIs("register", "deregister", "deregister", "deregister", "deregister"); err != nil {
		t.Error(err)
	}
	// Deregistered outside Terraform, a destroy that skips the refresh is
	// told "not registered" by Meta; a read confirms it, so it is done.
	env.Emu.DeregisterOutOfBand(acctest.Number)
	destroy := c.MustRunJSON("destroy", "-auto-approve", "-refresh=false")
	acctest.AssertContains(t, destroy.Text(), "Warning: Phone number "+acctest.Number+" was already deregistered",
		"a read confirmed that the number is not registered")
	destroy.ExpectApplied(t, map[string][]string{acctest.RegistrationAddr: {"delete"}})
	c.AssertInSync()
	if err := env.BudgetIs("register", "deregister", "deregister", "deregister", "deregister", "deregister"); err != nil {
		t.Error(err)
	}
}

// 8. Import says which of the two failures it met.
func TestCLIImportTellsNotRegisteredFromNotVisible(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(acctest.RegistrationConfig(`pin = "123456"`))
	out, err := c.Run("import", acctest.RegistrationAddr, acctest.Number)
	if err == nil {
		t.Fatalf("import of an unregistered number succeeded:\n%s", out)
	}
	acctest.AssertContains(t, out, "Phone number "+acctest.Number+" exists but is not registered", "platform_type NOT_APPLICABLE", "run terraform apply: it registers the number")
	c.Write(`
resource "whatsapp_phone_registration" "main" {
  phone_number_id = "999000999"
  pin             = "123456"
}
`)
	out, err = c.Run("import", acctest.RegistrationAddr, "999000999")
	if err == nil {
		t.Fatalf("import of an unknown id succeeded:\n%s", out)
	}
	acctest.AssertContains(t, out, "Could not import phone number 999000999", "does not exist, or is not visible to this token", "fbtrace_id: Aemu")
	acctest.AssertNotContains(t, out, "Cannot import non-existent remote object")
	if err := env.BudgetIs(); err != nil {
		t.Error(err)
	}
}
