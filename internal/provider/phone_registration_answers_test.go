package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Issue 8, reads: only a recognised, definite answer changes state. Each
// test drives the real CLI against the emulator, and after each command
// checks that state equals the emulator's world and that no register or
// deregister was spent beyond the minimum.

// registeredCH applies a registration with local storage in CH.
func registeredCH(t *testing.T, env *accEnv) *tfCLI {
	t.Helper()
	c := env.cli(t)
	c.write(registration(`pin = "123456"`, `data_localization_region = "CH"`))
	c.mustRun("apply", "-auto-approve")
	c.assertInSync()
	return c
}

// stateList is what `terraform state list` prints.
func (c *tfCLI) stateList() string { return strings.TrimSpace(c.mustRun("state", "list")) }

// 1. Settings answered 200 without a storage configuration the provider
// knows: an error naming the field, never "local storage off", never a
// replacement.
func TestCLISettingsNotUnderstoodNeverReplace(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	for name, body := range map[string]string{
		"no storage_configuration": `{"id":"` + accNumber + `"}`,
		"null":                     `{"storage_configuration":null}`,
		"unknown status":           `{"storage_configuration":{"status":"migrating","data_localization_region":"CH"}}`,
		"enabled without a region": `{"storage_configuration":{"status":"in_country_storage_enabled"}}`,
	} {
		env.emu.ClearFaults()
		env.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetSettings, Status: 200, ContentType: "application/json", RawBody: body, Times: 100})
		for range 2 { // as a pipeline retrying apply would
			out, err := c.run("apply", "-auto-approve")
			if err == nil {
				t.Fatalf("%s: apply succeeded:\n%s", name, out)
			}
			assertContains(t, out, "Could not read phone number "+accNumber, "Meta's answer was not understood", "storage_configuration",
				"The registration in state was left as it was", "fbtrace_id: Aemu")
			assertNotContains(t, out, "must be replaced", "Destroying")
		}
	}
	env.emu.ClearFaults()
	c.assertInSync()
	if err := env.budgetIs("register"); err != nil {
		t.Error(err)
	}
	assertContains(t, c.mustRun("plan"), "No changes.")
}

// 2. A node without a platform_type the provider knows: an error, never
// "deregistered outside Terraform", never a removal from state.
func TestCLINodeNotUnderstoodNeverRemoves(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	for name, body := range map[string]string{
		"missing":        `{"id":"` + accNumber + `","status":"CONNECTED"}`,
		"null":           `{"id":"` + accNumber + `","platform_type":null}`,
		"empty object":   `{}`,
		"a JSON list":    `[{"id":"` + accNumber + `","platform_type":"CLOUD_API"}]`,
		"a data wrapper": `{"data":[{"id":"` + accNumber + `","platform_type":"NOT_APPLICABLE"}]}`,
		"another number": `{"id":"` + accNumber2 + `","platform_type":"NOT_APPLICABLE"}`,
		"unknown value":  `{"id":"` + accNumber + `","platform_type":"CLOUD_API_BETA"}`,
	} {
		env.emu.ClearFaults()
		env.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Status: 200, ContentType: "application/json", RawBody: body, Times: 100})
		out, err := c.run("plan")
		if err == nil {
			t.Fatalf("%s: plan succeeded:\n%s", name, out)
		}
		assertContains(t, out, "Meta's answer was not understood", "The registration in state was left as it was")
		assertNotContains(t, out, "removed from state", "will be created")
		if got := c.stateList(); got != accAddr {
			t.Fatalf("%s: state list = %q", name, got)
		}
	}
	env.emu.ClearFaults()
	c.assertInSync()
	assertContains(t, c.mustRun("apply", "-auto-approve"), "0 added, 0 changed, 0 destroyed")
	if err := env.budgetIs("register"); err != nil {
		t.Error(err)
	}
}

// 4 and 5. Bounded waits: a read that hangs or drips ends within the read
// timeout with an error that says the API did not answer; a cut or
// throttled-with-Retry-After read is retried and succeeds.
func TestCLIReadsThatHangOrDripAreBounded(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	slow := env.providerBlockWith(`request_timeout = "500ms"`) + registration(`pin = "123456"`, `data_localization_region = "CH"`,
		"timeouts {\n    read = \"2s\"\n  }")
	c.writeRaw(slow)
	c.mustRun("apply", "-auto-approve") // records the read timeout in state
	for name, f := range map[string]emulator.Fault{
		"hang": {Operation: emulator.OpGetPhoneNumber, Hang: true, Times: 100},
		"drip": {Operation: emulator.OpGetSettings, Drip: 200 * time.Millisecond, Times: 100},
	} {
		env.emu.ClearFaults()
		env.emu.InjectFault(f)
		start := time.Now()
		out, err := c.run("plan")
		if err == nil {
			t.Fatalf("%s: plan succeeded:\n%s", name, out)
		}
		assertContains(t, out, "Could not read phone number "+accNumber, "No complete answer came back", "within the request timeout (500ms per attempt)",
			"raise request_timeout", "The registration in state was left as it was")
		if took := time.Since(start); took > 30*time.Second {
			t.Errorf("%s: the plan took %v despite a 2s read timeout", name, took)
		}
	}
	env.emu.ClearFaults()
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, CutBody: true})
	env.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetSettings, Status: 503, Code: 2, RetryAfter: "3600"})
	assertContains(t, c.mustRun("plan"), "No changes.")
	c.assertInSync()
	if err := env.budgetIs("register"); err != nil {
		t.Error(err)
	}
}

// 6. Permission is not absence: a token that lost access (100/33) neither
// drops the registration on refresh nor ends a destroy as "already
// deregistered"; nor do 100/33, 803 or 133010 answered to the deregister of
// a number a read shows registered.
func TestCLIPermissionIsNotAbsence(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := registeredCH(t, env)
	env.emu.Update(accNumber, func(n *emulator.Number) { n.Hidden = true })
	out, err := c.run("plan")
	if err == nil {
		t.Fatalf("plan succeeded:\n%s", out)
	}
	assertContains(t, out, "does not exist and for one that this token is not allowed to see", "give its system user access",
		"terraform state rm", "fbtrace_id: Aemu")
	assertNotContains(t, out, "removed from state")
	out, err = c.run("destroy", "-auto-approve", "-refresh=false")
	if err == nil {
		t.Fatalf("destroy succeeded:\n%s", out)
	}
	assertContains(t, out, "Could not deregister phone number "+accNumber, "not allowed to see")
	assertNotContains(t, out, "already deregistered")
	if got := c.stateList(); got != accAddr {
		t.Fatalf("state list = %q", got)
	}
	env.emu.Update(accNumber, func(n *emulator.Number) { n.Hidden = false })
	c.assertInSync()

	for _, f := range []emulator.Fault{{Code: 100, Subcode: 33}, {Code: 803, Status: 404}, {Code: 133010}} {
		f.Operation = emulator.OpDeregister
		env.emu.InjectFault(f)
		out, err := c.run("destroy", "-auto-approve")
		if err == nil {
			t.Fatalf("destroy with %d succeeded:\n%s", f.Code, out)
		}
		assertContains(t, out, "Could not deregister phone number "+accNumber, "is still registered (a read shows it)", "a read shows it registered")
		assertNotContains(t, out, "already deregistered")
		c.assertInSync()
	}
	// Each destroy sent its one deregister, none retried or resent: the
	// hidden number's, then the three refused ones.
	if err := env.budgetIs("register", "deregister", "deregister", "deregister", "deregister"); err != nil {
		t.Error(err)
	}
	// Deregistered outside Terraform, a destroy that skips the refresh is
	// told "not registered" by Meta; a read confirms it, so it is done.
	env.emu.DeregisterOutOfBand(accNumber)
	assertContains(t, c.mustRun("destroy", "-auto-approve", "-refresh=false"), "Warning: Phone number "+accNumber+" was already deregistered",
		"a read confirmed that the number is not registered", "1 destroyed")
	c.assertInSync()
	if err := env.budgetIs("register", "deregister", "deregister", "deregister", "deregister", "deregister"); err != nil {
		t.Error(err)
	}
}

// 8. Import says which of the two failures it met.
func TestCLIImportTellsNotRegisteredFromNotVisible(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	c := env.cli(t)
	c.write(registration(`pin = "123456"`))
	out, err := c.run("import", accAddr, accNumber)
	if err == nil {
		t.Fatalf("import of an unregistered number succeeded:\n%s", out)
	}
	assertContains(t, out, "Phone number "+accNumber+" exists but is not registered", "platform_type NOT_APPLICABLE", "run terraform apply: it registers the number")
	c.write(`
resource "whatsapp_phone_registration" "main" {
  phone_number_id = "999000999"
  pin             = "123456"
}
`)
	out, err = c.run("import", accAddr, "999000999")
	if err == nil {
		t.Fatalf("import of an unknown id succeeded:\n%s", out)
	}
	assertContains(t, out, "Could not import phone number 999000999", "does not exist, or is not visible to this token", "fbtrace_id: Aemu")
	assertNotContains(t, out, "Cannot import non-existent remote object")
	if err := env.budgetIs(); err != nil {
		t.Error(err)
	}
}
