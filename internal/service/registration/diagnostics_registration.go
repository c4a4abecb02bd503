package registration

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The texts of whatsapp_phone_registration, one constructor per scenario,
// each sentence written once. The CRUD methods only choose among them.

// verifyAgain is how a number whose code_verification_status is not
// VERIFIED becomes registrable again.
const verifyAgain = "verify the number again in WhatsApp Manager (request a code by SMS or voice and enter it)"

const cbdUnsupported = "create_before_destroy is not supported for whatsapp_phone_registration, because the new registration and the old one are the same number: remove it from the configuration."

// --- Plans -----------------------------------------------------------------

func destroyWarning(number string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Destroying this registration deregisters phone number "+number,
		"Applying this plan calls deregister on phone number "+number+". It then stops sending and receiving messages on the Cloud API "+
			"until it is registered again; the number and its message history are not deleted. "+
			"This spends one deregister of the number's budget: "+framework.BudgetSentence)
}

// replacementWarning is guardReplacementAnnounced's text: every
// replacement of the same number, whatever forced it. pinSet says why the
// PIN the preflight writes is a new one ("" when it is the last applied).
func replacementWarning(number string, changes []string, pinSet string) diag.Diagnostic {
	what := "a replacement (-replace, taint, replace_triggered_by or another forced replacement)"
	if len(changes) > 0 {
		what = strings.Join(changes, ", ")
	}
	pin := "the configured PIN, which is the one the last apply presented"
	if pinSet != "" {
		pin = "the configured PIN (" + pinSet + "; whoever uses the old PIN, in WhatsApp Manager or another tool, must use the new one afterwards)"
	}
	local := ""
	if len(changes) > 0 {
		local = "\n- Local storage cannot change in place, so there is no way to do this without the deregister."
	}
	return diag.NewWarningDiagnostic("Phone number "+number+" will be deregistered and registered again",
		fmt.Sprintf("This plan replaces the registration of phone number %s: %s. Applying it:\n\n"+
			"1. reads the number, and stops with nothing spent unless it is on the Cloud API with code_verification_status VERIFIED (the preflight);\n"+
			"2. sets its two-step verification PIN to %s while it is still registered: not a register, no budget;\n"+
			"3. deregisters the number, then registers it again.\n\n"+
			"- Messaging on the Cloud API stops between the deregister and the register (normally seconds).\n"+
			"- It spends one deregister and one register of the number's budget. %s\n"+
			"- If the register fails after the deregister, the number stays deregistered until a register succeeds. After most failures the next terraform apply registers it; "+
			"if the number's register budget is spent (133016, also by calls made outside Terraform), no register is possible until the 72-hour window frees one.%s",
			number, what, pin, framework.BudgetSentence, local))
}

// replaceUnverifiedError is guardReplacementAnnounced's refusal: the
// refreshed verification status forbids the register.
func replaceUnverifiedError(number, status string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Phone number "+number+" cannot be registered again: its verification is "+status,
		fmt.Sprintf("This plan replaces the registration of phone number %s (a deregister, then a register), and Meta reports its code_verification_status as %s. "+
			"Meta refuses a register until the number's ownership is VERIFIED (error 133006), so the apply would deregister the number and leave it offline. "+
			"The plan is refused; nothing was called.\n\n"+
			"What to do: "+verifyAgain+", run terraform plan again to refresh the status, then apply. "+
			"The number stays registered and working meanwhile.", number, status))
}

// duplicateNumberError is guardDuplicateNumber's refusal of a second
// address for one number.
func duplicateNumberError(id string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("phone_number_id"), "Phone number "+id+" is managed by two resources",
		fmt.Sprintf("Another whatsapp_phone_registration of this configuration has phone_number_id %s too. A number has one registration: "+
			"the second resource would adopt what the first registered, and destroying either later would deregister the number while the other still says registered. "+
			"The plan is refused; nothing was called.\n\n"+
			"What to do: keep one resource per number (check for_each and count keys). To drop a duplicate that is already in state without deregistering the number, "+
			"use a removed block with lifecycle { destroy = false } (or terraform state rm) for its address.", id))
}

// destroyKeptNumberError is guardDuplicateNumber's refusal to destroy a
// registration whose number another existing resource keeps.
func destroyKeptNumberError(id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Destroying this registration would deregister phone number "+id+", which another resource keeps",
		fmt.Sprintf("This plan destroys one whatsapp_phone_registration of phone number %s while another resource of this configuration keeps the same number. "+
			"The destroy would deregister the number and take it offline, while the other resource's state still says it is registered. "+
			"The plan is refused; nothing was called.\n\n"+
			"What to do: to stop managing the duplicate without deregistering, replace its resource block with a removed block that has lifecycle { destroy = false } "+
			"(or run terraform state rm on its address); to deregister the number, destroy every resource that has it.", id))
}

// triggersRecordedWarning is guardAdoptedPIN's note on reregister_triggers
// after an import: recorded, not registered.
func triggersRecordedWarning(number string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("reregister_triggers"), "reregister_triggers of phone number "+number+" are recorded, not registered",
		"This registration was imported and no apply has set its PIN since, so this apply takes the configured values as the number's current state: "+
			"reregister_triggers are recorded, and no register is sent (none of the budget is spent). "+
			"To register the number again (after an approved display-name change), change reregister_triggers once more after this apply, or invoke the action whatsapp_phone_registration_reregister.")
}

// adoptingReplaceError is guardAdoptedPIN's refusal of a replacement in the
// plan that imports the registration.
func adoptingReplaceError(number string, changes []string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("The plan that imports phone number "+number+" would replace its registration",
		fmt.Sprintf("This plan imports the registration of phone number %s and replaces it in the same apply (%s): a deregister and a register, and the configured PIN "+
			"would become the number's, although the import could not check it. Adopting an existing number must write nothing, so the plan is refused; nothing was called.\n\n"+
			"What to do: set the configuration to what Meta reports (the query's generated values, for example data_localization_region), apply the import, "+
			"then make the change in a later plan, which runs the replacement's preflight.", number, strings.Join(changes, ", ")))
}

// pinRotatedWarning is guardPINRotated's text.
func pinRotatedWarning(number string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("pin_wo"), "pin_wo of phone number "+number+" is not the PIN last applied",
		"The configured pin_wo differs from the PIN the last apply presented (the provider keeps a salted hash of it, never the PIN), but pin_wo_version did not change, "+
			"and a change of pin_wo_version is the only change of a write-only value Terraform can see. This plan does not set the PIN.\n\n"+
			"What to do: to make the new PIN the number's, increase pin_wo_version and apply (an in-place update, no register or deregister). "+
			"If the secret was rotated by mistake, restore the old value. A replacement of this registration would set the configured PIN first in any case.")
}

// unknownNumberReplaceError is guardReplacementAnnounced's refusal of a
// replacement whose phone_number_id is known only at apply.
func unknownNumberReplaceError(number string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("phone_number_id"), "phone_number_id of the registration of "+number+" is not known until apply",
		fmt.Sprintf("This plan replaces the registration of phone number %s, and its new phone_number_id comes from a value Terraform knows only at apply "+
			"(a resource being replaced, or a data source read at apply). The provider cannot tell whether the replacement registers the same number again "+
			"(then it must check the number and set its PIN before the deregister) or another one (then the old number stays deregistered), so the plan is refused; nothing was called.\n\n"+
			"What to do: make phone_number_id known at plan time (a literal, a variable, or a data source that does not depend on a change in this plan), "+
			"or apply the change it depends on first (terraform apply -target=<that resource>), then plan again.", number))
}

// numberSwapWarning is a plan that moves the registration to another number.
func numberSwapWarning(oldNumber, newID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+oldNumber+" will be deregistered, and phone number "+newID+" registered instead",
		fmt.Sprintf("phone_number_id changes from %s to %s: these are two different numbers. Applying this plan:\n\n"+
			"- deregisters phone number %s, which then STAYS deregistered: it stops sending and receiving messages on the Cloud API until something registers it again;\n"+
			"- registers phone number %s (or adopts it without a register if it is already registered with the configured data_localization_region).\n\n"+
			"Each number has its own budget: this spends one deregister of %s's and one register of %s's. %s",
			oldNumber, newID, oldNumber, newID, oldNumber, newID, framework.BudgetSentence))
}

func reregisterWarning(number string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+number+" will be registered again",
		"reregister_triggers changed, so applying this plan registers the number again in place, with its current PIN and region "+
			"(this is how an approved display-name change takes effect); messaging is not interrupted. "+
			"It spends one register of the number's budget: "+framework.BudgetSentence+" If this plan also replaces the registration, another warning says what that spends instead.")
}

// pinWillBeSetWarning is an update that sets the number's two-step PIN.
// Its first half of the plan cannot know whether Terraform then replaces
// the object (-replace), so it says only what the PIN write spends.
func pinWillBeSetWarning(id, number, why string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Applying this plan sets the two-step verification PIN of phone number "+number,
		fmt.Sprintf("%s, so the apply sets the number's two-step verification PIN to the configured one (POST /%s with the new PIN). "+
			"Setting the PIN is not a register: it spends none of the number's budget. If this plan also replaces the registration, another warning says what that spends. "+
			"Whoever uses the old PIN, in WhatsApp Manager or another tool, must use the new one afterwards.", why, id))
}

// pinTakenAsGivenWarning is guardAdoptedPIN at plan time: the first PIN
// configured after an import is recorded, not sent.
func pinTakenAsGivenWarning(number string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The configured PIN is taken as the current PIN of phone number "+number,
		"This registration was imported, and an import cannot read a PIN, so this apply records the configured PIN as the number's current two-step verification PIN "+
			"without sending it: nothing is written and no register is spent. If it is not the number's PIN, a later register fails (133005) until one sets it: "+
			"to set a new PIN, change pin or bump pin_wo_version, which the plan then announces.")
}

// --- Create ----------------------------------------------------------------

// regionConflictError is guardBeforeRegister's refusal.
func regionConflictError(id, have, want string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("data_localization_region"), "Phone number "+id+" is already registered with another region",
		fmt.Sprintf("Phone number %s is registered on the Cloud API with data_localization_region %s, and this configuration asks for %s. "+
			"Local storage cannot change on a registered number, so the register would fail. No register call was spent and the number is unchanged.\n\n"+
			"If this resource uses lifecycle { create_before_destroy = true }: %s Terraform's default (destroy, then create) deregisters first and is what a region change needs. "+
			"If an earlier apply that replaced this registration stopped after its destroy and before its create (interrupted, or a dependency failed), "+
			"or the number was registered outside Terraform: it is still registered and working, and state no longer holds it. "+
			"Import it (terraform import <address> %s, or an import block with id = \"%s\") and plan again: the plan then shows the replacement, with its preflight. "+
			"Or set data_localization_region to %s.",
			id, regionLabel(have), regionLabel(want), cbdUnsupported, id, id, regionLabel(have)))
}

// onPremisesCreateError is guardBeforeRegister's refusal to move a number
// back from the On-Premises API without its backup.
func onPremisesCreateError(id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Phone number "+id+" is on the On-Premises API",
		fmt.Sprintf("Meta reports phone number %s with platform_type ON_PREMISE: it is served by an On-Premises API client, not deregistered. "+
			"Registering it here would move it to the Cloud API, and without the On-Premises backup its settings and history would not follow. "+
			"Nothing was registered and no register call was spent.\n\n"+
			"What to do: if the number should stay on the On-Premises API, remove this resource (or its number) from the configuration. "+
			"To move it to the Cloud API, export a backup from the On-Premises client and set migration_backup_data_wo and migration_backup_password_wo "+
			"(see the guide \"Migrating from the On-Premises API\"), then apply again.", id))
}

// unverifiedCreateError is guardBeforeRegister's refusal of a number whose
// ownership is not verified.
func unverifiedCreateError(id, status string, stranded bool) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Phone number "+id+" cannot be registered: its verification is "+orNone(status),
		strandedWhat(id, stranded, "its code_verification_status now reads "+orNone(status)+", so the register was not attempted",
			"Meta reports code_verification_status "+orNone(status)+", and refuses a register until it is VERIFIED (error 133006). Nothing was registered and no register call was spent.")+
			"\n\nWhat to do: "+verifyAgain+", then run terraform apply again.")
}

func orNone(s string) string {
	if s == "" {
		return "not reported"
	}
	return s
}

// backupDroppedWarning is a migration backup that the number's platform
// does not take.
func backupDroppedWarning(id string, platform cloudapi.Platform) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("migration_backup_data_wo"), "The migration backup was not sent for phone number "+id,
		fmt.Sprintf("migration_backup_data_wo and migration_backup_password_wo are for a number that moves from the On-Premises API. "+
			"Phone number %s read as platform_type %s right before the register, so the backup does not belong to it and the register went without it. "+
			"Once a migration is done, the two attributes may stay in the configuration: they are sent only to a number on the On-Premises API.", id, platform))
}

// strandedWhat is guardStranded's text: what a failed create left behind.
// how says how the create failed; otherwise is the text when this apply did
// not deregister the number.
func strandedWhat(id string, stranded bool, how, otherwise string) string {
	if stranded {
		return fmt.Sprintf("Phone number %s is now DEREGISTERED: this apply deregistered it to replace its registration, and %s. "+
			"The number cannot send or receive messages on the Cloud API until it is registered again. "+
			"Its messages and settings are kept: fix the cause below, then run terraform apply again; the plan shows the registration to create, and that apply registers the number.", id, how)
	}
	return otherwise
}

// strandedByBudget is guardStranded's text for a register refused with
// 133016 after this apply's deregister: nothing can register the number
// until the moving window frees a register, at the latest 72 hours from
// now (the window's oldest call is younger than that).
func strandedByBudget(id string, now time.Time) string {
	return fmt.Sprintf("Phone number %s is now DEREGISTERED and OFFLINE: this apply deregistered it to replace its registration, and Meta refused the register "+
		"because the number's register budget is spent (133016; calls made outside Terraform count too). "+
		"No register can succeed until the moving 72-hour window frees one: at the latest by %s, earlier if older registers leave the window first. "+
		"Meta does not say which, and every refused attempt may count, so do not retry in a loop. "+
		"Then run terraform apply once: the plan shows the registration to create. Its messages and settings are kept meanwhile.",
		id, now.UTC().Add(72*time.Hour).Format("2006-01-02 15:04 MST"))
}

func readBeforeRegisterFailed(id string, stranded bool, err error) diag.Diagnostic {
	return framework.APIError("Could not read phone number "+id+" before registering it",
		strandedWhat(id, stranded, "the read that comes before the register failed, so the register was not attempted",
			"Nothing was registered and no register call was spent."), err)
}

func registerFailed(id string, stranded bool, err error) diag.Diagnostic {
	var unknown *cloudapi.UnknownOutcomeError
	if errors.As(err, &unknown) {
		return framework.APIError("Could not register phone number "+id, strandedWhat(id, stranded,
			"the register was sent, but whether it took effect is unknown",
			fmt.Sprintf("The register of phone number %s was sent, but whether it took effect is unknown; the registration was not saved in state.", id)), err)
	}
	if stranded && cloudapi.IsRegisterBudgetSpent(err) {
		return framework.APIError("Could not register phone number "+id, strandedByBudget(id, time.Now()), err)
	}
	return framework.APIError("Could not register phone number "+id, strandedWhat(id, stranded, "the register did not succeed",
		fmt.Sprintf("Phone number %s was not registered by this apply. Fix the cause below, then run terraform apply again.", id)), err)
}

func adoptPINFailed(id string, err error) diag.Diagnostic {
	return framework.APIError("Could not adopt phone number "+id,
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
			"If it is registered with another region, on the On-Premises API without a backup configured, or not VERIFIED, the apply stops before any register.\n\n"+
			"If this create replaces a registration of the same number (a tainted one, for example), the destroy that comes first does not deregister blindly: "+
			"the apply reads the number and stops with nothing spent unless it is on the Cloud API and VERIFIED, sets its two-step PIN to the configured one while it is still registered, "+
			"then deregisters and registers it: one deregister and one register, and messaging stops in between.", id, framework.BudgetSentence))
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
	if platform == cloudapi.PlatformOnPremise {
		return diag.NewWarningDiagnostic("Phone number "+id+" moved to the On-Premises API: removed from state",
			fmt.Sprintf("Meta reports phone number %s with platform_type ON_PREMISE: it was moved to an On-Premises API client outside Terraform. It is not deregistered, "+
				"and Terraform will not move it back on its own. The registration has been removed from state, so the next plan shows it to be created; "+
				"that apply refuses to register a number on the On-Premises API unless migration_backup_data_wo and migration_backup_password_wo carry its backup. "+
				"If the number should stay on the On-Premises API, remove this resource from the configuration.", id))
	}
	return diag.NewWarningDiagnostic("Phone number "+id+" removed from state",
		fmt.Sprintf("Meta reports phone number %s as not registered on the Cloud API (platform_type %s): it was deregistered outside Terraform. "+
			"The registration has been removed from state, so the next plan shows it to be created, "+
			"and applying that plan registers the number again (one register of the 10-per-72-hours budget).", id, platform))
}

func registrationReadFailed(id string, err error) diag.Diagnostic {
	return framework.APIError("Could not read phone number "+id, "The registration in state was left as it was.", err)
}

func setPINFailed(id string, refused bool, err error) diag.Diagnostic {
	if refused {
		return framework.APIError("Could not set the two-step verification PIN of phone number "+id,
			"Meta refused the new PIN, so the number keeps its previous one; state still holds the previous PIN settings, so the next apply tries again.", err)
	}
	return framework.APIError("Could not set the two-step verification PIN of phone number "+id,
		"Whether the new PIN took effect is unknown. The provider now treats the number's PIN as unknown: the next apply sets it again, "+
			"and a replacement sets the configured PIN first before its deregister in any case.", err)
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
	return framework.APIError("Could not register phone number "+id+" again", what, err)
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
	return framework.APIError("Could not import phone number "+id, what, err)
}

// --- Delete ----------------------------------------------------------------

// guardPreflight's refusals and failures: nothing was deregistered, and
// the registration stays in state.

const preflightKept = " Nothing was deregistered or registered, no budget was spent, and the registration stays in state: the number keeps working as it is."

func preflightReadFailed(id string, err error) diag.Diagnostic {
	return framework.APIError("Could not check phone number "+id+" before replacing its registration",
		"This apply replaces the registration of phone number "+id+", and reads the number before the deregister to check that the register after it can succeed. That read failed."+preflightKept, err)
}

func preflightOnPremisesError(id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Phone number "+id+" is on the On-Premises API: not replaced",
		"This apply replaces the registration of phone number "+id+", and the read before the deregister shows it on the On-Premises API (platform_type ON_PREMISE): "+
			"it was moved outside Terraform. Deregistering it from the Cloud API and registering it again would move it back without its backup."+preflightKept+"\n\n"+
			"What to do: if it should stay on the On-Premises API, remove the registration from state (a removed block with lifecycle { destroy = false }, or terraform state rm). "+
			"To move it back to the Cloud API with its history, set migration_backup_data_wo and migration_backup_password_wo, remove it from state, and apply.")
}

func preflightUnverifiedError(id, status string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Phone number "+id+" cannot be registered again: its verification is "+orNone(status),
		"This apply replaces the registration of phone number "+id+", and the read before the deregister shows code_verification_status "+orNone(status)+". "+
			"Meta refuses a register until it is VERIFIED (error 133006), so the deregister would leave the number offline."+preflightKept+"\n\n"+
			"What to do: "+verifyAgain+", then run terraform apply again.")
}

// preflightGoneWarning is a replacement whose number was already off the
// Cloud API: there was nothing to deregister.
func preflightGoneWarning(id string, platform cloudapi.Platform) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+id+" was already deregistered",
		fmt.Sprintf("This apply replaces the registration of phone number %s, and the read before the deregister shows it not registered (platform_type %s): "+
			"it was deregistered outside Terraform. No deregister was sent; the create that follows registers it.", id, platform))
}

// The Create of a replacement: after guardPreflight, the PIN, the
// deregister and the register. Up to the deregister, the number is still
// registered as it was, and state keeps it tainted.

func replaceKeptText(id, region string) string {
	return fmt.Sprintf("Phone number %s is STILL REGISTERED with data_localization_region %s and keeps working: nothing was deregistered and no budget was spent. "+
		"State keeps the registration, tainted, so the next terraform apply tries the replacement again from the start.", id, regionLabel(region))
}

func replaceReadFailed(id, region string, err error) diag.Diagnostic {
	return framework.APIError("Could not read phone number "+id+" before replacing its registration", replaceKeptText(id, region), err)
}

func replaceUnverified(id, region, status string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Phone number "+id+" cannot be registered again: its verification is "+orNone(status),
		"Meta refuses a register until code_verification_status is VERIFIED (error 133006), so the deregister was not sent. "+replaceKeptText(id, region)+"\n\n"+
			"What to do: "+verifyAgain+", then run terraform apply again.")
}

func replacePINFailed(id, region string, err error) diag.Diagnostic {
	return framework.APIError("Could not set the two-step PIN of phone number "+id+" before replacing its registration",
		"Before the deregister of a replacement, the provider sets the number's two-step PIN to the configured one, so that the register after it presents the PIN the number has. "+
			"That failed, so the deregister was not sent. "+replaceKeptText(id, region), err)
}

func replaceInterrupted(id, region string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Replacing the registration of phone number "+id+" was interrupted before the deregister",
		fmt.Sprintf("The apply was interrupted or ran out of time (%v) after the preflight and the PIN write, before the deregister. %s", err, replaceKeptText(id, region)))
}

func replaceDeregisterFailed(id, region string, err error) diag.Diagnostic {
	var unknown *cloudapi.UnknownOutcomeError
	if errors.As(err, &unknown) {
		return framework.APIError("Could not deregister phone number "+id+" to replace its registration",
			"The deregister was sent, but whether it took effect is unknown, so the register was not sent. State keeps the registration, tainted; "+
				"the next refresh reads the number: if it is deregistered, the registration leaves state and the next apply registers it.", err)
	}
	return framework.APIError("Could not deregister phone number "+id+" to replace its registration", "The deregister did not succeed. "+replaceKeptText(id, region), err)
}

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
	case cloudapi.IsRegisterBudgetSpent(err):
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
	return framework.APIError("Could not deregister phone number "+id, what, err)
}

func regionLabel(region string) string {
	if region == "" {
		return "(none: local storage off)"
	}
	return region
}

// --- The reregister action -------------------------------------------------

// reregisterSpendsNothing closes every refusal of the action before its
// register.
const reregisterSpendsNothing = " Nothing was registered and no budget was spent."

// reregisterActionWarning is the action's plan: what invoking it spends.
func reregisterActionWarning(number string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Invoking whatsapp_phone_registration_reregister registers "+number+" again",
		"Applying this plan registers "+number+" again in place, with the provider's registration_pin and the number's current data localization region "+
			"(this is how an approved display-name change takes effect); messaging is not interrupted. "+
			"It spends one register of the number's budget: "+framework.BudgetSentence+
			" It reads the number first and refuses, spending nothing, unless it is registered on the Cloud API and VERIFIED.")
}

// reregisterPINProblem is the action's refusal of a missing or malformed
// registration_pin (nil when it is usable). It never shows the value.
func reregisterPINProblem(pin string) diag.Diagnostic {
	const todo = "Set registration_pin in the provider \"whatsapp\" block (from an ephemeral variable or resource, so that no plan file keeps it) " +
		"or the " + framework.EnvRegistrationPIN + " environment variable to the number's current two-step verification PIN, then run terraform apply again."
	switch {
	case pin == "":
		return diag.NewErrorDiagnostic("No PIN to register the number again with",
			"whatsapp_phone_registration_reregister presents the number's two-step verification PIN, and the provider has none: registration_pin is not set, "+
				"nor is "+framework.EnvRegistrationPIN+". Action arguments cannot hold a secret, so the PIN comes from the provider."+reregisterSpendsNothing+"\n\nWhat to do: "+todo)
	case !pinPattern.MatchString(pin):
		return diag.NewErrorDiagnostic("The provider's registration_pin is not a PIN",
			"A two-step verification PIN is exactly 6 digits (0-9); the provider's registration_pin (or "+framework.EnvRegistrationPIN+") is not. "+
				"The value is not shown."+reregisterSpendsNothing+"\n\nWhat to do: "+todo)
	}
	return nil
}

func reregisterActionReadFailed(id string, err error) diag.Diagnostic {
	return framework.APIError("Could not read phone number "+id+" before registering it again",
		"whatsapp_phone_registration_reregister reads the number before the register, to check that it is registered on the Cloud API and verified. That read failed."+reregisterSpendsNothing, err)
}

// reregisterNotRegisteredError is guardReregisterAction's refusal of a
// number that is not on the Cloud API.
func reregisterNotRegisteredError(id string, platform cloudapi.Platform) diag.Diagnostic {
	what := fmt.Sprintf("Meta reports phone number %s with platform_type %s: it is not registered on the Cloud API, so there is nothing to register again.", id, platform)
	todo := "Register it with a whatsapp_phone_registration resource (terraform apply), which also sets its PIN and region."
	if platform == cloudapi.PlatformOnPremise {
		what = fmt.Sprintf("Meta reports phone number %s on the On-Premises API. Registering it on the Cloud API would move it there, which needs its migration backup.", id)
		todo = "Move it with a whatsapp_phone_registration resource that carries migration_backup_data_wo and migration_backup_password_wo."
	}
	return diag.NewErrorDiagnostic("Phone number "+id+" is not registered on the Cloud API", what+reregisterSpendsNothing+"\n\nWhat to do: "+todo)
}

// reregisterUnverifiedError is guardReregisterAction's refusal of a number
// whose ownership is not verified: Meta would refuse the register (133006).
func reregisterUnverifiedError(id, status string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Phone number "+id+" is not verified",
		fmt.Sprintf("Meta reports phone number %s with code_verification_status %s, and refuses a register of a number that is not VERIFIED (error 133006).", id, orNone(status))+
			reregisterSpendsNothing+"\n\nWhat to do: "+verifyAgain+", then invoke the action again.")
}

// reregisterActionFailed is the action's failed register: refused, or sent
// without a definite answer.
func reregisterActionFailed(id string, err error) diag.Diagnostic {
	what := "The register failed; the number was not deregistered and is still registered as before."
	var unknown *cloudapi.UnknownOutcomeError
	if errors.As(err, &unknown) {
		what = "The register was sent, but its answer was lost, and a read of the number cannot tell whether it took effect (the number reads as registered either way). " +
			"It was not sent again, so that no second register is spent blind; the number was not deregistered and keeps working. " +
			"Check in WhatsApp Manager whether the display name took effect before invoking the action again (another register of the budget)."
	}
	if cloudapi.IsPINMismatch(err) {
		what = "The register presented the PIN of the provider's registration_pin (or " + framework.EnvRegistrationPIN + "), and Meta refused it as not the number's two-step PIN (133005). " +
			"One register of the number's budget was spent; the number was not deregistered and keeps working. " +
			"Set registration_pin to the number's current two-step PIN (the action reads no pin or pin_wo of the resource), then invoke the action again."
	}
	return framework.APIError("Could not register phone number "+id+" again", what, err)
}
