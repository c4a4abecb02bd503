package registration_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The whatsapp_phone_registration_reregister action, through the real CLI
// (Terraform 1.14+; OpenTofu has no actions).

const (
	reregisterAddr = "action.whatsapp_phone_registration_reregister.name_change"
	// actionPIN is the number's PIN in these tests: it appears nowhere in
	// the configuration, only in -var, so that finding it in a plan file or
	// state is a leak.
	actionPIN = "481516"
)

// reregisterConfig registers the main number with pin_wo and declares the
// action; registration_pin and pin_wo both come from one ephemeral
// variable. extra is more configuration (an action_trigger's resource).
func reregisterConfig(env *acctest.Env, extra string) string {
	return env.ProviderBlockWith(`registration_pin = var.pin`) + `
variable "pin" {
  type      = string
  ephemeral = true
}
` + acctest.RegistrationConfig(`pin_wo = var.pin`, `pin_wo_version = 1`, `data_localization_region = "CH"`) + `
action "whatsapp_phone_registration_reregister" "name_change" {
  config {
    phone_number_id = "` + acctest.Number + `"
  }
}
` + extra
}

// registeredForAction is the main number registered through the
// configuration above (one register), ready for the action.
func registeredForAction(t *testing.T, env *acctest.Env, extra string) *acctest.CLI {
	t.Helper()
	acctest.SkipWithoutQuery(t)
	c := env.CLI(t)
	c.WriteRaw(reregisterConfig(env, extra))
	c.MustRun("apply", "-auto-approve", "-var=pin="+actionPIN)
	if err := env.BudgetIs("register"); err != nil {
		t.Fatal(err)
	}
	return c
}

// progressOf is the messages of the -json stream's action progress events.
func progressOf(t *testing.T, out string) []string {
	t.Helper()
	var msgs []string
	for _, line := range strings.Split(out, "\n") {
		var m struct {
			Type string `json:"type"`
			Hook struct {
				Message string `json:"message"`
			} `json:"hook"`
		}
		if json.Unmarshal([]byte(line), &m) == nil && m.Type == "action_progress" {
			msgs = append(msgs, m.Hook.Message)
		}
	}
	return msgs
}

func TestCLIReregisterActionSpendsOneRegister(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := registeredForAction(t, env, "")

	plan := c.MustRun("plan", "-invoke="+reregisterAddr, "-out=saved.tfplan", "-var=pin="+actionPIN)
	acctest.AssertContains(t, plan,
		"Warning: Invoking whatsapp_phone_registration_reregister registers phone number "+acctest.Number+" again",
		"It spends one register of the number's budget",
		"Meta allows 10 register and 10 deregister calls per phone number in a moving 72-hour window")
	if saved := c.PlanFileContents("saved.tfplan") + c.MustRun("show", "-json", "saved.tfplan"); strings.Contains(saved, actionPIN) {
		t.Error("the saved plan holds the PIN")
	}
	if err := env.BudgetIs("register"); err != nil {
		t.Errorf("the plan spent budget: %v", err)
	}

	out := c.MustRunJSON("apply", "-auto-approve", "-invoke="+reregisterAddr, "-var=pin="+actionPIN)
	if out.Summary == nil || out.Summary.ActionInvocation != 1 {
		t.Errorf("the apply did not report one action invoked: %+v", out.Summary)
	}
	if err := env.BudgetIs("register", "register"); err != nil {
		t.Error(err)
	}
	if got := env.LastBody(t, emulator.OpRegister)["data_localization_region"]; got != "CH" {
		t.Errorf("the action registered with data_localization_region %v, want the number's CH", got)
	}
	progress := progressOf(t, out.Out)
	if !slices.ContainsFunc(progress, func(m string) bool { return strings.Contains(m, "Registering phone number "+acctest.Number+" again") }) {
		t.Errorf("no progress while the register ran: %q", progress)
	}
	for name, raw := range map[string]string{"state": c.StateFile(), "apply output": out.Out} {
		if strings.Contains(raw, actionPIN) {
			t.Errorf("the %s holds the PIN", name)
		}
	}
	c.AssertInSync()
}

// An action_trigger: a display name kept in terraform_data; changing it
// invokes the action, one register, and nothing else changes.
func TestCLIReregisterActionFromAnActionTrigger(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	trigger := func(name string) string {
		return `
resource "terraform_data" "display_name" {
  input = "` + name + `"
  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.whatsapp_phone_registration_reregister.name_change]
    }
  }
}
`
	}
	c := registeredForAction(t, env, trigger("Acme Support"))
	c.WriteRaw(reregisterConfig(env, trigger("Acme Customer Care")))
	out := c.MustRunJSON("apply", "-auto-approve", "-var=pin="+actionPIN)
	out.ExpectApplied(t, map[string][]string{"terraform_data.display_name": {"update"}})
	if out.Summary == nil || out.Summary.ActionInvocation != 1 {
		t.Errorf("the apply did not report one action invoked: %+v", out.Summary)
	}
	if err := env.BudgetIs("register", "register"); err != nil {
		t.Error(err)
	}
	if strings.Contains(c.StateFile(), actionPIN) {
		t.Error("the state holds the PIN")
	}
	c.AssertInSync()
}

// Meta registers the number, then the answer is cut: a read follows, which
// cannot tell (the number was registered before), so the action fails and
// says so; nothing is sent again.
func TestCLIReregisterActionLostAnswerIsSettledByARead(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := registeredForAction(t, env, "")
	before := len(env.Emu.Operations(acctest.Number))
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Act: true, CutBody: true})
	out, err := c.RunJSON("apply", "-auto-approve", "-invoke="+reregisterAddr, "-var=pin="+actionPIN)
	if err == nil {
		t.Fatalf("the action succeeded without a definite answer:\n%s", out.Out)
	}
	acctest.AssertContains(t, out.Text(), "Could not register phone number "+acctest.Number+" again",
		"its answer was lost, and a read of the number cannot tell whether it took effect",
		"It was not sent again")
	if err := env.BudgetIs("register", "register"); err != nil {
		t.Error(err)
	}
	after := env.Emu.Operations(acctest.Number)[before:]
	i := slices.Index(after, emulator.OpRegister)
	if i < 0 || !slices.Contains(after[i+1:], emulator.OpGetPhoneNumber) {
		t.Errorf("no read settled the register whose answer was lost: %v", after)
	}
	c.AssertInSync()
}

// A number that is not VERIFIED: the action reads it and refuses, nothing
// spent; without a PIN, the plan refuses before anything is read.
func TestCLIReregisterActionRefusesUnverified(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := registeredForAction(t, env, "")
	env.Emu.Update(acctest.Number, func(n *emulator.Number) { n.CodeVerificationStatus = "NOT_VERIFIED" })
	out, err := c.RunJSON("apply", "-auto-approve", "-invoke="+reregisterAddr, "-var=pin="+actionPIN)
	if err == nil {
		t.Fatalf("the action registered a number that is not verified:\n%s", out.Out)
	}
	acctest.AssertContains(t, out.Text(), "Phone number "+acctest.Number+" is not verified",
		"code_verification_status NOT_VERIFIED", "Nothing was registered and no budget was spent")
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}

	// No registration_pin: refused at plan time, nothing read or sent.
	c.WriteRaw(strings.Replace(reregisterConfig(env, ""), "registration_pin = var.pin", "", 1))
	reads := env.Emu.Count(emulator.OpGetPhoneNumber)
	out, err = c.RunJSON("plan", "-invoke="+reregisterAddr, "-refresh=false", "-var=pin="+actionPIN)
	if err == nil {
		t.Fatalf("a plan without a PIN for the action passed:\n%s", out.Out)
	}
	acctest.AssertContains(t, out.Text(), "Error: No PIN to register the number again with", "WHATSAPP_REGISTRATION_PIN")
	if got := env.Emu.Count(emulator.OpGetPhoneNumber); got != reads {
		t.Errorf("the refused plan read the number %d times", got-reads)
	}
	if err := env.BudgetIs("register"); err != nil {
		t.Error(err)
	}
}
