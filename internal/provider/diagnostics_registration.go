package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// The texts of whatsapp_phone_registration, one constructor per scenario,
// each sentence written once. The CRUD methods only choose among them.

const cbdUnsupported = "create_before_destroy is not supported for whatsapp_phone_registration, because the new registration and the old one are the same number: remove it from the configuration."

// --- Plans -----------------------------------------------------------------

func destroyWarning(number string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Destroying this registration deregisters phone number "+number,
		"Applying this plan calls deregister on phone number "+number+". It then stops sending and receiving messages on the Cloud API "+
			"until it is registered again; the number and its message history are not deleted. "+
			"This spends one deregister of the number's budget: "+budgetSentence)
}

func replacementWarning(number string, changes []string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+number+" will be deregistered and registered again",
		fmt.Sprintf("This plan replaces the registration of phone number %s: %s. Applying it deregisters the number, then registers it again.\n\n"+
			"- Messaging on the Cloud API stops between the deregister and the register (normally seconds).\n"+
			"- It spends one deregister and one register of the number's budget. %s\n"+
			"- If the register fails, the number stays deregistered; running terraform apply again registers it.\n"+
			"- Local storage cannot change in place, so there is no way to do this without the deregister.",
			number, strings.Join(changes, ", "), budgetSentence))
}

// numberSwapWarning is a plan that moves the registration to another number.
func numberSwapWarning(oldNumber, newID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+oldNumber+" will be deregistered, and phone number "+newID+" registered instead",
		fmt.Sprintf("phone_number_id changes from %s to %s: these are two different numbers. Applying this plan:\n\n"+
			"- deregisters phone number %s, which then STAYS deregistered: it stops sending and receiving messages on the Cloud API until something registers it again;\n"+
			"- registers phone number %s (or adopts it without a register if it is already registered with the configured data_localization_region).\n\n"+
			"Each number has its own budget: this spends one deregister of %s's and one register of %s's. %s",
			oldNumber, newID, oldNumber, newID, oldNumber, newID, budgetSentence))
}

func reregisterWarning(number string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+number+" will be registered again",
		"reregister_triggers changed, so applying this plan registers the number again in place, with its current PIN and region and without a deregister "+
			"(this is how an approved display-name change takes effect). Messaging is not interrupted. "+
			"It spends one register of the number's budget: "+budgetSentence)
}

// pinWillBeSetWarning is an update that sets the number's two-step PIN.
func pinWillBeSetWarning(id, number, why string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Applying this plan sets the two-step verification PIN of phone number "+number,
		fmt.Sprintf("%s, so the apply sets the number's two-step verification PIN to the configured one (POST /%s with the new PIN; no register or deregister, no budget). "+
			"Whoever uses the old PIN, in WhatsApp Manager or another tool, must use the new one afterwards.", why, id))
}

// pinDuringReplaceError is guardPINDuringReplace's refusal.
func pinDuringReplaceError(attr, number string, changes []string, why string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attr), "Change the PIN and the region of phone number "+number+" in two applies",
		fmt.Sprintf("This plan would deregister phone number %s and register it again (%s), and %s. "+
			"Two-step verification keeps the number's current PIN through a deregister, so a register with another PIN fails with error 133005 "+
			"after the deregister has succeeded, leaving the number offline. The plan is refused so that this cannot happen.\n\n"+
			"What to do: first apply with the old data_localization_region and the PIN you want (an in-place update that sets the PIN, with no deregister); "+
			"then change data_localization_region and apply again.", number, strings.Join(changes, ", "), why))
}

// --- Create ----------------------------------------------------------------

// regionConflictError is guardBeforeRegister's refusal.
func regionConflictError(id, have, want string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("data_localization_region"), "Phone number "+id+" is already registered with another region",
		fmt.Sprintf("Phone number %s is registered on the Cloud API with data_localization_region %s, and this configuration asks for %s. "+
			"Local storage cannot change on a registered number, so the register would fail. No register call was spent and the number is unchanged.\n\n"+
			"If this resource uses lifecycle { create_before_destroy = true }: %s Terraform's default (destroy, then create) deregisters first and is what a region change needs. "+
			"If the number was registered outside Terraform, import it (terraform import) or set data_localization_region to %s.",
			id, regionLabel(have), regionLabel(want), cbdUnsupported, regionLabel(have)))
}

// strandedWhat is guardStranded's text: what a failed create left behind.
// how says how the create failed; otherwise is the text when this apply did
// not deregister the number.
func strandedWhat(id string, stranded bool, how, otherwise string) string {
	if stranded {
		return fmt.Sprintf("Phone number %s is now DEREGISTERED: this apply deregistered it to replace its registration, and %s. "+
			"The number cannot send or receive messages on the Cloud API until it is registered again. "+
			"Nothing is lost: fix the cause below, then run terraform apply again; the plan shows the registration to create, and that apply registers the number.", id, how)
	}
	return otherwise
}

func readBeforeRegisterFailed(id string, stranded bool, err error) diag.Diagnostic {
	return apiError("Could not read phone number "+id+" before registering it",
		strandedWhat(id, stranded, "the read that comes before the register failed, so the register was not attempted",
			"Nothing was registered and no register call was spent."), err)
}

func registerFailed(id string, stranded bool, err error) diag.Diagnostic {
	var unknown *cloudapi.UnknownOutcomeError
	if errors.As(err, &unknown) {
		return apiError("Could not register phone number "+id, strandedWhat(id, stranded,
			"the register was sent, but whether it took effect is unknown",
			fmt.Sprintf("The register of phone number %s was sent, but whether it took effect is unknown; the registration was not saved in state.", id)), err)
	}
	return apiError("Could not register phone number "+id, strandedWhat(id, stranded, "the register did not succeed",
		fmt.Sprintf("Phone number %s was not registered by this apply. Fix the cause below, then run terraform apply again.", id)), err)
}

func adoptPINFailed(id string, err error) diag.Diagnostic {
	return apiError("Could not adopt phone number "+id,
		fmt.Sprintf("Phone number %s read as registered with the configured data_localization_region, so this resource adopts it without a register. "+
			"Adopting sets the number's two-step PIN to the configured one, so that later registers present the right PIN, and that failed. "+
			"No register was spent and nothing was saved in state; run terraform apply again, which reads the number first.", id), err)
}

// createWarning is a create's plan: a register, or an adoption; either
// way the number's two-step PIN becomes the configured one.
func createWarning(id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Creating this registration registers phone number "+id+" and sets its two-step PIN",
		fmt.Sprintf("Applying this plan reads phone number %s, then registers it with the configured PIN: one register of its budget. %s "+
			"If two-step verification is off, the configured PIN becomes the number's PIN; if it is on, the configured PIN must be the current one (error 133005 otherwise). "+
			"If the number is already registered with the configured data_localization_region, it is adopted instead: no register is spent, and its two-step PIN is set to the configured one. "+
			"If it is registered with another region, the apply stops before any register.", id, budgetSentence))
}

func adoptedWarning(id, region string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+id+" was already registered: adopted without a register",
		fmt.Sprintf("Phone number %s was already registered on the Cloud API with data_localization_region %s, as configured, so no register was spent. "+
			"Its two-step verification PIN was set to the configured one, so that every later register presents the PIN the number has.", id, regionLabel(region)))
}

// --- After a write ---------------------------------------------------------

func retriedBudgetCallWarning(call, id string, sent int) diag.Diagnostic {
	return diag.NewWarningDiagnostic(fmt.Sprintf("The %s of phone number %s took %d attempts", call, id, sent),
		fmt.Sprintf("Transient errors were retried. Meta may count each attempt against the number's budget, so up to %d of its 10 %s calls per 72 hours may be spent. "+
			"Set max_retries lower in the provider block to spend fewer calls on retries.", sent, call))
}

func lostAnswerWarning(call, id string, cause error) diag.Diagnostic {
	return diag.NewWarningDiagnostic(fmt.Sprintf("The answer to the %s of phone number %s was lost; a read confirmed it", call, id),
		fmt.Sprintf("The %s was sent, and its answer did not arrive whole (%v). Instead of sending it again, the provider read the number, "+
			"which shows that the %s took effect; that is what state records.", call, cause, call))
}

func readBackFailedWarning(done, id string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic(done+" phone number "+id+", but could not read it back",
		"The call succeeded and is saved in state. Reading the number back failed ("+err.Error()+"); the next refresh fills in the computed attributes.")
}

func regionMismatchWarning(done, id, sent, read string) diag.Diagnostic {
	return diag.NewWarningDiagnostic(done+" phone number "+id+", but Meta reports another region",
		fmt.Sprintf("The register carried data_localization_region %s and succeeded, but the number's settings report %s right after it. "+
			"If the next plan still shows a difference, the region did not take effect; check it in WhatsApp Manager before applying a replacement.",
			regionLabel(sent), regionLabel(read)))
}

// --- Read, update, import ----------------------------------------------------

func removedFromStateWarning(id string, platform cloudapi.Platform) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+id+" removed from state",
		fmt.Sprintf("Meta reports phone number %s as not registered on the Cloud API (platform_type %s): it was deregistered outside Terraform. "+
			"The registration has been removed from state, so the next plan shows it to be created, "+
			"and applying that plan registers the number again (one register of the 10-per-72-hours budget).", id, platform))
}

func readFailed(id string, err error) diag.Diagnostic {
	return apiError("Could not read phone number "+id, "The registration in state was left as it was.", err)
}

func setPINFailed(id string, refused bool, err error) diag.Diagnostic {
	if refused {
		return apiError("Could not set the two-step verification PIN of phone number "+id,
			"Meta refused the new PIN, so the number keeps its previous one; state still holds the previous PIN settings, so the next apply tries again.", err)
	}
	return apiError("Could not set the two-step verification PIN of phone number "+id,
		"Whether the new PIN took effect is unknown. The provider now treats the number's PIN as unknown: the next apply sets it again, "+
			"and a change of data_localization_region is refused until then (a register with the wrong PIN after a deregister would strand the number).", err)
}

func reregisterFailed(id string, pinSet bool, err error) diag.Diagnostic {
	what := "reregister_triggers changed, so the number was registered again in place. That register failed; the number was not deregistered and is still registered as before."
	var unknown *cloudapi.UnknownOutcomeError
	if errors.As(err, &unknown) {
		what = "reregister_triggers changed, so the number was registered again in place. The register was sent, but whether it took effect is unknown: " +
			"the number was not deregistered and is still registered, and state keeps the previous reregister_triggers, so the next plan announces the register again."
	}
	if pinSet {
		what += " The new two-step PIN was set before the register, and state records it."
	}
	return apiError("Could not register phone number "+id+" again", what, err)
}

func importNotRegisteredError(id string, platform cloudapi.Platform) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Phone number "+id+" exists but is not registered",
		fmt.Sprintf("Meta reports phone number %s with platform_type %s: it is not registered on the Cloud API, so there is no registration to import. "+
			"Remove the import and run terraform apply: it registers the number (one register of the budget).", id, platform))
}

func importReadFailed(id string, err error) diag.Diagnostic {
	what := "Nothing was imported."
	if cloudapi.IsNotVisible(err) {
		what = fmt.Sprintf("Nothing was imported: Meta answers that phone number ID %s does not exist, or is not visible to this token. "+
			"Check the id in WhatsApp Manager (the phone number ID, not the phone number itself).", id)
	}
	return apiError("Could not import phone number "+id, what, err)
}

// --- Delete ----------------------------------------------------------------

func cbdSkipWarning(id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+id+" was not deregistered",
		"This apply registered phone number "+id+" moments ago for the object that replaces this one, which is what lifecycle { create_before_destroy = true } does. "+
			"Deregistering now would take the number offline, so the old object was removed from state without a deregister call; the number stays registered with its new settings. "+
			cbdUnsupported)
}

func alreadyDeregisteredWarning(id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+id+" was already deregistered",
		"Meta refused the deregister as \"not registered\", and a read confirmed that the number is not registered on the Cloud API, so there was nothing to do. "+
			"The registration has been removed from state.")
}

func deregisterFailed(id string, err error) diag.Diagnostic {
	var (
		unknown     *cloudapi.UnknownOutcomeError
		noEffect    *cloudapi.NoEffectError
		unconfirmed *cloudapi.UnconfirmedAbsenceError
		transport   *cloudapi.TransportError
	)
	kept := " The registration stays in state."
	what := "Phone number " + id + " may still be registered; the registration stays in state so that the next apply can try again."
	switch {
	case errors.As(err, &unknown):
		what = "The deregister of phone number " + id + " was sent, but whether it took effect is unknown." + kept + " The next refresh reads the number: if it is deregistered, it leaves state then."
	case errors.As(err, &noEffect), errors.As(err, &unconfirmed):
		what = "Phone number " + id + " is still registered (a read shows it)." + kept
	case cloudapi.IsRateLimited(err):
		what = "Phone number " + id + " is STILL REGISTERED and keeps working: the deregister was refused." + kept + " The budget recovers within 72 hours of the oldest counted call."
	case errors.As(err, &transport):
		// A deregister that may have reached Meta ends as unknown or no
		// effect above; a transport error means it never left.
		what = "The deregister never reached Meta, so phone number " + id + " is still registered." + kept
	default:
		if _, ok := cloudapi.AsError(err); ok {
			what = "Phone number " + id + " is still registered: Meta refused the deregister." + kept
		}
	}
	return apiError("Could not deregister phone number "+id, what, err)
}

func regionLabel(region string) string {
	if region == "" {
		return "(none: local storage off)"
	}
	return region
}
