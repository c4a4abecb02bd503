package registration

import (
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// Replacement safety: the guards.
//
// Replacing a registration (deregister, then register) can strand a number:
// offline, with its 72-hour budget spent. These guards stop that. Each is
// named here, used where it says, and proved by the tests listed.
//
//   - guardPreflight (apply time, Delete then Create): a Delete whose change
//     registers the same number afterwards (privateRegisterFollows: every
//     replacement, whatever forced it: a region change, -replace, taint,
//     replace_triggered_by) does not deregister. It reads the number and
//     refuses, with nothing spent and the registration kept in state,
//     unless the number is on the Cloud API and its code_verification_status
//     is VERIFIED; otherwise it hands the deregister over to the Create of
//     the same apply (runLedger.handOver). That Create reads again, sets the
//     two-step PIN to the configured one while the number is still
//     registered (not a budget call; a PIN changed in WhatsApp Manager, by
//     another state or in the vault cannot then fail the register with
//     133005), and only then deregisters and registers. A failure before
//     the deregister leaves the number registered as it was, and state
//     holds it tainted with the region it still has, so the next apply
//     tries again. Tests: TestGuardPreflight,
//     TestCLIReplacementSetsThePINFirst, TestCLIPreflightRefusesUnverified,
//     TestCLIPreflightRefusesOnPremises, TestCLIPreflightFailureKeepsTheNumber.
//   - guardReplacementAnnounced (plan time, ModifyPlan): the create half of
//     every replacement of the same number learns what it replaces
//     (privatePlanOf) and says so: the PIN write, the deregister, the
//     register and the budget. A replacement whose refreshed
//     code_verification_status is not VERIFIED is refused at plan time: the
//     register would fail with 133006 after the deregister.
//     Tests: TestCLIEveryReplacementIsAnnounced, TestCLIPreflightRefusesUnverified.
//   - guardPINRotated (plan time, ModifyPlan): a pin_wo that differs from
//     the PIN the last apply presented (privatePIN, a salted hash) while
//     pin_wo_version stays the same is announced: the plan sets nothing,
//     but a replacement would set it first.
//     Tests: TestPINHash, TestCLIRotatedPinWOIsAnnounced.
//   - guardDuplicateNumber (plan time, numberClaims; apply time, Create):
//     two addresses of one configuration for the same number are refused
//     before anything is called, and so is destroying an address whose
//     number another, existing address keeps; an apply never registers
//     or adopts a number twice. Tests: TestNumberClaims,
//     TestCLIDuplicateNumberIsRefused.
//   - guardBeforeRegister (apply time, Create): the number is read before
//     any register. Registered with another region: refused, nothing spent
//     (create_before_destroy with a region change, or a replacement whose
//     create never came). Registered with the configured region: adopted,
//     no register. On the On-Premises API: registered with the configured
//     backup, or refused without one (never moved back silently). Not
//     VERIFIED: refused (133006). A migration backup is sent only to a
//     number on the On-Premises API and otherwise dropped with a warning.
//     Tests: TestGuardBeforeRegister, TestAccPhoneRegistration_guardCreateBeforeDestroy,
//     TestAccPhoneRegistration_adoptsARegisteredNumber, TestCLIOnPremisesIsNotDeregistered,
//     TestCLIBackupOnlyForOnPremises.
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
//     number is now DEREGISTERED, and what brings it back: the next apply,
//     or, after 133016, nothing until the 72-hour window frees a register.
//     Tests: TestAccPhoneRegistration_guardFailedRegisterAfterDeregister,
//     TestAccPhoneRegistration_guardNetworkFailureAfterDeregister,
//     TestCLIFailureBetweenDeregisterAndRegisterIsRecoverable,
//     TestCLIRegisterBudgetSpentElsewhereSaysWhen.
//   - guardAdoptedPIN (import, ModifyPlan, Update): an import cannot read
//     a PIN, so it records pin_wo_version 1 and marks the registration
//     adopted (privateAdopted). The first apply that configures a PIN for
//     it (pin, or pin_wo at version 1) takes it as the number's current
//     PIN, without a write, and its plan says so; only a pin_wo_version
//     other than 1 sets a new PIN, announced as any PIN change is. The
//     adopting apply never registers either: reregister_triggers are
//     recorded, and the plan says so (until an apply clears the mark, also
//     for triggers added later). The plan that imports a number (this
//     process's ImportState) refuses to replace it: adopting writes nothing.
//     Tests: TestPINTakenAsGiven, TestCLIPlansThatSetThePINSaySo,
//     TestAccPhoneRegistration_importReadsRegionBack, TestCLIAdoptAccount,
//     TestCLIAdoptingPlanRefusesAReplacement, TestCLITriggersAfterAdoptionAreAnnounced.
//   - guardReregisterAction (apply time, the whatsapp_phone_registration_reregister
//     action): the number is read before the action's register, which is
//     sent only to a number registered on the Cloud API and VERIFIED;
//     otherwise the action fails, nothing spent. Its plan announces the
//     register, and refuses without a registration_pin.
//     Tests: TestGuardReregisterAction, TestCLIReregisterActionRefusesUnverified,
//     TestCLIReregisterActionSpendsOneRegister.
//
// Under all of them lies internal/cloudapi's rule: a register or deregister
// whose answer was lost is settled by a read, never sent again blind.

// pinTakenAsGiven is guardAdoptedPIN: after an import (adopted), a
// configured pin, or pin_wo at the version the import recorded, is the
// number's current PIN, taken as given without a write. A new
// pin_wo_version is an explicit PIN change.
func pinTakenAsGiven(adopted bool, state, plan phoneRegistrationModel) bool {
	return adopted && (plan.PINWOVersion.IsNull() || plan.PINWOVersion.Equal(state.PINWOVersion))
}

// createAction is what guardBeforeRegister lets a create do.
type createAction int

const (
	createRegister createAction = iota
	createAdopt
	createRefuse
	createRefuseOnPremises
	createRefuseUnverified
)

// guardBeforeRegister decides, from a read of the number, what a create of
// its registration with region does; withBackup says whether the
// configuration carries a migration backup.
func guardBeforeRegister(reading *cloudapi.Registration, region string, withBackup bool) createAction {
	switch {
	case reading.Registered() && reading.Region() == region:
		return createAdopt
	case reading.Registered():
		return createRefuse
	case reading.Number.Platform == cloudapi.PlatformOnPremise && !withBackup:
		return createRefuseOnPremises
	case !verified(reading):
		return createRefuseUnverified
	}
	return createRegister
}

// sendBackup reports whether a register carries the configured migration
// backup: only to a number that reads as on the On-Premises API.
func sendBackup(reading *cloudapi.Registration) bool {
	return reading.Number.Platform == cloudapi.PlatformOnPremise
}

func verified(reading *cloudapi.Registration) bool {
	return strings.EqualFold(reading.Number.CodeVerificationStatus, "VERIFIED")
}

// preflightRefusal is why guardPreflight refuses to take a number through
// a deregister and a register, from a read of it.
type preflightRefusal int

const (
	preflightPass preflightRefusal = iota
	// preflightGone: the number is already off the Cloud API (deregistered
	// outside Terraform); there is nothing to deregister, and the Create's
	// own guardBeforeRegister decides the register.
	preflightGone
	preflightOnPremises
	preflightUnverified
)

// guardPreflight decides, from a read before the deregister of a
// replacement, whether the register that follows can succeed as far as
// the provider can know.
func guardPreflight(reading *cloudapi.Registration) preflightRefusal {
	switch {
	case reading.Number.Platform == cloudapi.PlatformOnPremise:
		return preflightOnPremises
	case !reading.Registered():
		return preflightGone
	case !verified(reading):
		return preflightUnverified
	}
	return preflightPass
}

// runLedger remembers, for the life of one provider process (one plan or
// one apply), which numbers this process registered (or adopted) and
// deregistered, and which deregisters a Delete handed over to the Create
// that follows.
//
// Terraform runs a create_before_destroy replacement as create (register)
// then destroy of the old object (deregister). For a registration both
// objects are the same phone number, so the destroy would undo the register
// it follows and leave the number offline. The ledger lets Delete see that
// (guardCreateBeforeDestroy), lets a failed create say whether this
// apply deregistered the number (guardStranded), and carries a replacement's
// deregister from its Delete to its Create (guardPreflight).
type runLedger struct {
	mu           sync.Mutex
	registered   map[string]bool
	deregistered map[string]bool
	// handedOver maps a number to the region its replaced registration had.
	handedOver map[string]string
	// imported lists the numbers this process imported (the plan that
	// imports them, guardAdoptedPIN).
	imported map[string]bool
	numbers  map[string]*sync.Mutex
}

type runLedgerKey struct{}

// runLedgerOf is the run ledger of this provider process.
func runLedgerOf(data *framework.ProviderData) *runLedger {
	return framework.Shared(data.Process, runLedgerKey{}, newRunLedger)
}

func newRunLedger() *runLedger {
	return &runLedger{registered: map[string]bool{}, deregistered: map[string]bool{}, handedOver: map[string]string{}, imported: map[string]bool{}, numbers: map[string]*sync.Mutex{}}
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
// A Create calls it too: a number registered or adopted already in this
// apply is another address's (guardDuplicateNumber).
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

// handOver records that a Delete passed guardPreflight and left the
// deregister of id, registered with region, to the Create that follows.
func (l *runLedger) handOver(id, region string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.handedOver[id] = region
}

// handingOver reports whether a Delete left the deregister of id to a
// Create that has not run yet: the create half of a replacement, planned
// again by the apply after its Delete.
func (l *runLedger) handingOver(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.handedOver[id]
	return ok
}

// markImported records that this process imported id.
func (l *runLedger) markImported(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.imported[id] = true
}

// importedHere reports whether this process imported id: its plan is the
// one that imports the number.
func (l *runLedger) importedHere(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.imported[id]
}

// takeOver returns, once, the deregister a Delete handed over for id.
func (l *runLedger) takeOver(id string) (region string, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	region, ok = l.handedOver[id]
	delete(l.handedOver, id)
	return region, ok
}

// numberClaims is guardDuplicateNumber at plan time: which numbers the
// objects of one plan keep or create, and which they destroy. Each
// configured provider (each Configure) has its own, so a plan and the
// apply that follows in the same process never count each other.
type numberClaims struct {
	mu        sync.Mutex
	kept      map[string]int // existing objects that stay or are updated or replaced
	created   map[string]int // new objects
	destroyed map[string]int // objects destroyed without a replacement
}

type numberClaimsKey struct{}

// numberClaimsOf is the claims of one Configure.
func numberClaimsOf(data *framework.ProviderData) *numberClaims {
	return framework.Shared(data.Configured, numberClaimsKey{}, newNumberClaims)
}

func newNumberClaims() *numberClaims {
	return &numberClaims{kept: map[string]int{}, created: map[string]int{}, destroyed: map[string]int{}}
}

// claimConflict is what guardDuplicateNumber found.
type claimConflict int

const (
	claimOK claimConflict = iota
	// claimTwice: two objects of the plan hold the number after it.
	claimTwice
	// claimDestroyKept: an object is destroyed while another, existing
	// object keeps its number: the deregister would take the number that
	// object says is registered offline.
	claimDestroyKept
)

// claim records an object that holds id after the plan; existing says it
// is in state already.
func (c *numberClaims) claim(id string, existing bool) claimConflict {
	c.mu.Lock()
	defer c.mu.Unlock()
	if existing {
		c.kept[id]++
	} else {
		c.created[id]++
	}
	switch {
	case c.kept[id]+c.created[id] > 1:
		return claimTwice
	case existing && c.destroyed[id] > 0:
		return claimDestroyKept
	}
	return claimOK
}

// destroy records an object whose number the plan deregisters.
func (c *numberClaims) destroy(id string) claimConflict {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.destroyed[id]++
	if c.kept[id] > 0 {
		return claimDestroyKept
	}
	return claimOK
}

// guardReregisterAction decides, from a read of the number, whether the
// whatsapp_phone_registration_reregister action may spend a register: only
// on a number registered on the Cloud API and VERIFIED. Its refusal, nil
// when the register may go.
func guardReregisterAction(id string, reading *cloudapi.Registration) diag.Diagnostic {
	switch {
	case !reading.Registered():
		return reregisterNotRegisteredError(id, reading.Number.Platform)
	case !verified(reading):
		return reregisterUnverifiedError(id, reading.Number.CodeVerificationStatus)
	}
	return nil
}
