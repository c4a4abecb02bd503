package provider

import (
	"sync"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// Replacement safety: the guards.
//
// Replacing a registration (deregister, then register) can strand a number:
// offline, with its 72-hour budget spent. Four guards stop that. Each is
// named here, used in one place, and proved by the tests listed.
//
//   - guardPINDuringReplace (plan time, ModifyPlan): a plan that replaces
//     the registration of the same number while changing its PIN, or
//     without the provider being able to tell, is refused before anything
//     is called: the register would fail with 133005 after the deregister.
//     Tests: TestGuardPINDuringReplace, TestAccPhoneRegistration_guardPINChangeDuringReplace,
//     TestCLIRefusedPlanExplainsItself.
//   - guardBeforeRegister (apply time, Create): the number is read before
//     any register. Registered with another region: refused, nothing
//     spent (this is create_before_destroy with a region change). Registered
//     with the configured region: adopted, no register. Otherwise: register.
//     Tests: TestGuardBeforeRegister, TestAccPhoneRegistration_guardCreateBeforeDestroy,
//     TestAccPhoneRegistration_adoptsARegisteredNumber.
//   - guardCreateBeforeDestroy (apply time, Delete): a number that this
//     process registered or adopted moments ago, for the object that
//     replaces this one, is not deregistered (create_before_destroy with
//     replace_triggered_by, or a rename without a moved block, whose create
//     and destroy Terraform runs at the same time). Creates, updates and
//     deletes of one number take turns (runLedger.lock), so that a create
//     never adopts a number that a delete is deregistering.
//     Tests: TestAccPhoneRegistration_guardCreateBeforeDestroy,
//     TestCLICreateBeforeDestroyDoesNotDeregister, TestCLIRenameWithoutMovedKeepsTheNumber.
//   - guardStranded (failure texts, strandedWhat): anything that fails
//     between this apply's deregister and its register says first that the
//     number is now DEREGISTERED and that the next apply registers it.
//     Tests: TestAccPhoneRegistration_guardFailedRegisterAfterDeregister,
//     TestAccPhoneRegistration_guardNetworkFailureAfterDeregister,
//     TestCLIFailureBetweenDeregisterAndRegisterIsRecoverable.
//
// Under all four lies internal/cloudapi's rule: a register or deregister
// whose answer was lost is settled by a read, never sent again blind.

// guardPINDuringReplace says which PIN attribute makes a replacement of the
// same number unsafe, and why; "" when the register will present the PIN
// the number has.
func guardPINDuringReplace(state, plan, config phoneRegistrationModel) (attr, why string) {
	if !config.PIN.IsNull() {
		switch {
		case config.PIN.IsUnknown():
			return "pin", "the new pin is not known until apply, so the provider cannot check that it is the number's current PIN"
		case state.PIN.IsNull():
			return "pin", "the provider does not know the number's current PIN (after an import, or after pin_wo, it is not in state), so it cannot check that pin matches it"
		case !config.PIN.Equal(state.PIN):
			return "pin", "pin changes at the same time"
		}
		return "", ""
	}
	if !state.PINWOVersion.IsNull() {
		if !plan.PINWOVersion.Equal(state.PINWOVersion) {
			return "pin_wo_version", "pin_wo_version changes at the same time, which means a new PIN"
		}
		return "", ""
	}
	if !state.PIN.IsNull() && config.PINWO.Equal(state.PIN) {
		return "", ""
	}
	return "pin_wo", "the provider cannot tell whether pin_wo is the number's current PIN (the registration in state used another PIN or was imported)"
}

// createAction is what guardBeforeRegister lets a create do.
type createAction int

const (
	createRegister createAction = iota
	createAdopt
	createRefuse
)

// guardBeforeRegister decides, from a read of the number, what a create of
// its registration with region does.
func guardBeforeRegister(reading *cloudapi.Registration, region string) createAction {
	switch {
	case !reading.Registered():
		return createRegister
	case reading.Region() == region:
		return createAdopt
	}
	return createRefuse
}

// runLedger remembers, for the life of one provider process (one plan or
// one apply), which numbers this process registered (or adopted) and
// deregistered.
//
// Terraform runs a create_before_destroy replacement as create (register)
// then destroy of the old object (deregister). For a registration both
// objects are the same phone number, so the destroy would undo the register
// it follows and leave the number offline. The ledger lets Delete see that
// (guardCreateBeforeDestroy), and lets a failed create say whether this
// apply deregistered the number (guardStranded).
type runLedger struct {
	mu           sync.Mutex
	registered   map[string]bool
	deregistered map[string]bool
	numbers      map[string]*sync.Mutex
}

func newRunLedger() *runLedger {
	return &runLedger{registered: map[string]bool{}, deregistered: map[string]bool{}, numbers: map[string]*sync.Mutex{}}
}

// lock makes the writes of one number take turns within this run, and
// returns the unlock.
func (l *runLedger) lock(id string) func() {
	l.mu.Lock()
	m, ok := l.numbers[id]
	if !ok {
		m = &sync.Mutex{}
		l.numbers[id] = m
	}
	l.mu.Unlock()
	m.Lock()
	return m.Unlock
}

func (l *runLedger) markRegistered(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.registered[id] = true
}

func (l *runLedger) markDeregistered(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.deregistered[id] = true
}

// guardCreateBeforeDestroy reports whether a Delete of id must skip its
// deregister: this process registered the number for the replacing object.
func (l *runLedger) guardCreateBeforeDestroy(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.registered[id]
}

// stranded reports whether this process deregistered id: a create that
// fails now leaves the number offline (guardStranded).
func (l *runLedger) stranded(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.deregistered[id]
}
