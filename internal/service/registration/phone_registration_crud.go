package registration

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

func (r *phoneRegistrationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config phoneRegistrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, plan.Timeouts.Create, createRegistrationTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	id := plan.PhoneNumberID.ValueString()
	region := plan.DataLocalizationRegion.ValueString()
	framework.SetIdentity(ctx, resp.Identity, "phone_number_id", plan.PhoneNumberID, &resp.Diagnostics)
	defer runLedgerOf(r.data).lock(id)()
	// guardDuplicateNumber: a number registered or adopted already in this
	// apply belongs to another address.
	if runLedgerOf(r.data).guardCreateBeforeDestroy(id) {
		resp.Diagnostics.Append(duplicateNumberError(id))
		return
	}
	stranded := runLedgerOf(r.data).stranded(id)
	priorRegion, replacing := runLedgerOf(r.data).takeOver(id)

	// Round trip 1: look before spending a register (guardBeforeRegister).
	reading, err := findNumber(ctx, client, id)
	if err != nil {
		if replacing {
			r.keepReplaced(ctx, &plan, nil, priorRegion, resp)
			resp.Diagnostics.Append(replaceReadFailed(id, priorRegion, err))
			return
		}
		resp.Diagnostics.Append(readBeforeRegisterFailed(id, stranded, err))
		return
	}
	if replacing && reading.Registered() {
		r.replace(ctx, client, reading, &plan, config, resp)
		return
	}
	withBackup := !config.MigrationBackupDataWO.IsNull()
	switch guardBeforeRegister(reading, region, withBackup) {
	case createRefuse:
		resp.Diagnostics.Append(regionConflictError(id, reading.Region(), region))
		return
	case createRefuseOnPremises:
		resp.Diagnostics.Append(onPremisesCreateError(id))
		return
	case createRefuseUnverified:
		resp.Diagnostics.Append(unverifiedCreateError(id, reading.Number.CodeVerificationStatus, stranded))
		return
	case createAdopt:
		if err := client.SetPIN(ctx, id, configuredPIN(config)); err != nil {
			resp.Diagnostics.Append(adoptPINFailed(id, err))
			return
		}
		runLedgerOf(r.data).markRegistered(id)
		resp.Diagnostics.Append(adoptedWarning(id, region))
		mergeRegistration(&plan, reading)
		rememberPIN(ctx, resp.Private, pinKeyOf(r.data), configuredPIN(config), &resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	r.register(ctx, client, reading, &plan, config, stranded, resp)
}

// register is round trips 2 and 3 of a create: the register, then the
// read-back for the computed attributes.
func (r *phoneRegistrationResource) register(ctx context.Context, client *cloudapi.Client, reading *cloudapi.Registration, plan *phoneRegistrationModel, config phoneRegistrationModel, stranded bool, resp *resource.CreateResponse) {
	id := plan.PhoneNumberID.ValueString()
	reg := cloudapi.RegisterRequest{PIN: configuredPIN(config), Region: plan.DataLocalizationRegion.ValueString()}
	if !config.MigrationBackupDataWO.IsNull() {
		if sendBackup(reading) {
			reg.Backup = &cloudapi.Backup{Data: config.MigrationBackupDataWO.ValueString(), Password: config.MigrationBackupPasswordWO.ValueString()}
		} else {
			resp.Diagnostics.Append(backupDroppedWarning(id, reading.Number.Platform))
		}
	}
	report, err := client.Register(ctx, id, reg)
	reportBudgetWrite(&resp.Diagnostics, "register", id, report)
	if err != nil {
		resp.Diagnostics.Append(registerFailed(id, stranded, err))
		return
	}
	runLedgerOf(r.data).markRegistered(id)
	plan.ID = types.StringValue(id)
	readBackRegistration(ctx, client, plan, &resp.Diagnostics, "Registered")
	rememberPIN(ctx, resp.Private, pinKeyOf(r.data), reg.PIN, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// replace is the Create of a replacement after guardPreflight passed in its
// Delete: the number is still registered. It checks again, sets the PIN the
// register will present while the number is registered, then deregisters
// and registers. Until the deregister, a failure keeps the number as it was.
func (r *phoneRegistrationResource) replace(ctx context.Context, client *cloudapi.Client, reading *cloudapi.Registration, plan *phoneRegistrationModel, config phoneRegistrationModel, resp *resource.CreateResponse) {
	id := plan.PhoneNumberID.ValueString()
	have := reading.Region()
	if guardPreflight(reading) == preflightUnverified {
		r.keepReplaced(ctx, plan, reading, have, resp)
		resp.Diagnostics.Append(replaceUnverified(id, have, reading.Number.CodeVerificationStatus))
		return
	}
	if err := client.SetPIN(ctx, id, configuredPIN(config)); err != nil {
		r.keepReplaced(ctx, plan, reading, have, resp)
		resp.Diagnostics.Append(replacePINFailed(id, have, err))
		return
	}
	if err := ctx.Err(); err != nil {
		// Interrupted (Ctrl-C) or out of time before the deregister: stop
		// while the number is still registered.
		r.keepReplaced(ctx, plan, reading, have, resp)
		resp.Diagnostics.Append(replaceInterrupted(id, have, err))
		return
	}
	// From the deregister on, the deregister and the register are one unit:
	// an interrupt must not leave the number between them. They run to the
	// operation's deadline, whatever is cancelled meanwhile.
	unit, stop := detached(ctx)
	defer stop()
	ctx = unit
	report, err := client.Deregister(ctx, id)
	reportBudgetWrite(&resp.Diagnostics, "deregister", id, report)
	if err != nil {
		r.keepReplaced(ctx, plan, reading, have, resp)
		resp.Diagnostics.Append(replaceDeregisterFailed(id, have, err))
		return
	}
	runLedgerOf(r.data).markDeregistered(id)
	// The read before the deregister is the read before the register: the
	// number was on the Cloud API, so a migration backup does not belong.
	r.register(ctx, client, reading, plan, config, true, resp)
}

// detached is ctx without its cancellation but with its deadline (if any).
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	if deadline, ok := ctx.Deadline(); ok {
		return context.WithDeadline(context.WithoutCancel(ctx), deadline)
	}
	return context.WithCancel(context.WithoutCancel(ctx))
}

// keepReplaced saves, tainted (the create fails), the registration a
// replacement left as it was: the number is still registered with region.
// Terraform takes a failed create's state as it is given; the next plan
// replaces it again, after a refresh that reads what Meta has.
func (r *phoneRegistrationResource) keepReplaced(ctx context.Context, plan *phoneRegistrationModel, reading *cloudapi.Registration, region string, resp *resource.CreateResponse) {
	kept := *plan
	kept.ID = kept.PhoneNumberID
	if reading != nil {
		flattenRegistration(reading, &kept)
	} else {
		nullUnknownRegistration(&kept)
	}
	kept.DataLocalizationRegion = framework.OptionalString(region)
	forgetPIN(ctx, resp.Private, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &kept)...)
}

// reportBudgetWrite warns of what a register or deregister may have spent
// beyond one call, and of an answer that only a read could confirm.
func reportBudgetWrite(diags *diag.Diagnostics, call, id string, report cloudapi.WriteReport) {
	if report.Sent > 1 {
		diags.Append(retriedBudgetCallWarning(call, id, report.Sent))
	}
	if report.LostAnswer != nil {
		diags.Append(lostAnswerWarning(call, id, report.LostAnswer))
	}
}

// readBackRegistration fills the computed attributes after a successful write. The write
// happened, so state records it whatever the read says (otherwise the next
// apply would register again and spend another call): a failed read leaves
// the unknown attributes empty until the next refresh, and the region stays
// the one Meta accepted, so that a region read back otherwise shows as
// drift on the next plan instead of failing this apply.
func readBackRegistration(ctx context.Context, client *cloudapi.Client, plan *phoneRegistrationModel, diags *diag.Diagnostics, done string) {
	id := plan.ID.ValueString()
	reading, err := findRegistration(ctx, client, id)
	if err != nil {
		nullUnknownRegistration(plan)
		diags.Append(readBackFailedWarning(done, id, err))
		return
	}
	if got := reading.Region(); got != plan.DataLocalizationRegion.ValueString() {
		diags.Append(regionMismatchWarning(done, id, plan.DataLocalizationRegion.ValueString(), got))
	}
	mergeRegistration(plan, reading)
}

// nullUnknownRegistration sets the computed attributes still unknown to null.
func nullUnknownRegistration(plan *phoneRegistrationModel) {
	for _, v := range plan.computedRegistration() {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
}

// mergeRegistration sets the computed attributes the plan left unknown from a
// reading. Known ones stay as planned, as Terraform requires; a change there
// shows on the next refresh.
func mergeRegistration(plan *phoneRegistrationModel, reading *cloudapi.Registration) {
	var read phoneRegistrationModel
	flattenRegistration(reading, &read)
	have, got := plan.computedRegistration(), read.computedRegistration()
	for i, v := range have {
		if v.IsUnknown() {
			*v = *got[i]
		}
	}
	plan.ID = read.ID
}

func (r *phoneRegistrationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state phoneRegistrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, state.Timeouts.Read, framework.DefaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	id := state.ID.ValueString()
	framework.SetIdentity(ctx, resp.Identity, "phone_number_id", state.ID, &resp.Diagnostics)
	reading, err := findRegistration(ctx, client, id)
	switch {
	case framework.NotFound(err):
		resp.Diagnostics.Append(removedFromStateWarning(id, reading.Number.Platform))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(registrationReadFailed(id, err))
		return
	}
	flattenRegistration(reading, &state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *phoneRegistrationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config phoneRegistrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, plan.Timeouts.Update, framework.DefaultWriteTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	id := state.ID.ValueString()
	pin := configuredPIN(config)
	framework.SetIdentity(ctx, resp.Identity, "phone_number_id", state.ID, &resp.Diagnostics)
	defer runLedgerOf(r.data).lock(id)()
	adopted := wasAdopted(ctx, req.Private)
	// The plan's private notes are for the plan; state never keeps them.
	forgetPlanKeys(ctx, resp.Private, &resp.Diagnostics)

	// saved is what state records if a later step fails: the prior state,
	// with the PIN as far as it is known.
	saved := state
	// The PIN goes first: a re-register in the same apply must present the
	// PIN the number has by then.
	if pinTakenAsGiven(adopted, state, plan) {
		// guardAdoptedPIN: the first PIN configured after an import is the
		// number's current PIN, taken as given. Nothing is sent.
		saved.PIN, saved.PINWOVersion = plan.PIN, plan.PINWOVersion
		rememberPIN(ctx, resp.Private, pinKeyOf(r.data), pin, &resp.Diagnostics)
	} else if why := pinChanged(state, plan); why != "" {
		if err := client.SetPIN(ctx, id, pin); err != nil {
			certain := refusedOutright(err)
			if !certain {
				// It may have been set: forget the PIN, so that the next apply
				// sets it again.
				saved.PIN, saved.PINWOVersion = types.StringNull(), types.Int64Null()
				forgetPIN(ctx, resp.Private, &resp.Diagnostics)
				resp.Diagnostics.Append(resp.State.Set(ctx, &saved)...)
			}
			resp.Diagnostics.Append(setPINFailed(id, certain, err))
			return
		}
		saved.PIN, saved.PINWOVersion = plan.PIN, plan.PINWOVersion
		rememberPIN(ctx, resp.Private, pinKeyOf(r.data), pin, &resp.Diagnostics)
	}
	forgetAdopted(ctx, resp.Private, &resp.Diagnostics)
	if adopted || !reregisterWanted(state, plan) {
		// Nothing was read: what Meta left out before stays out.
		nullUnknownRegistration(&plan)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	report, err := client.Register(ctx, id, cloudapi.RegisterRequest{PIN: pin, Region: state.DataLocalizationRegion.ValueString(), Again: true})
	reportBudgetWrite(&resp.Diagnostics, "register", id, report)
	if err != nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, &saved)...)
		resp.Diagnostics.Append(reregisterFailed(id, !saved.PIN.Equal(state.PIN) || !saved.PINWOVersion.Equal(state.PINWOVersion), err))
		return
	}
	readBackRegistration(ctx, client, &plan, &resp.Diagnostics, "Registered again")
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// refusedOutright reports an error that proves the call changed nothing:
// Meta refused it for good (not a transient failure, not a lost answer).
func refusedOutright(err error) bool {
	apiErr, ok := cloudapi.AsError(err)
	return ok && !apiErr.NonJSONBody && !apiErr.Retryable()
}

// imported reports a registration whose PIN state does not know: neither
// pin nor pin_wo_version is recorded (an earlier apply forgot an uncertain
// PIN, or an import by a provider version before guardAdoptedPIN).
func imported(state phoneRegistrationModel) bool {
	return state.PIN.IsNull() && state.PINWOVersion.IsNull()
}

// pinChanged says why the plan asks for a PIN other than the one the number
// is known to have ("" when it does not): a new pin, a new pin_wo_version,
// a switch between the two, or a PIN not known since an import.
func pinChanged(state, plan phoneRegistrationModel) string {
	switch {
	case imported(state):
		return "The number's current PIN is not known (an earlier apply could not tell whether its PIN was set, or it was imported by a version of this provider that did not record pin_wo_version)"
	case !plan.PIN.IsNull() && !plan.PIN.Equal(state.PIN):
		return "pin changes"
	case plan.PIN.IsNull() && !plan.PINWOVersion.Equal(state.PINWOVersion):
		return "pin_wo_version changes, which means a new pin_wo"
	}
	return ""
}

// reregisterWanted reports whether an update registers the number again.
// The first apply after an import records the triggers it finds, as a
// create would: the number's registration is what was imported.
func reregisterWanted(state, plan phoneRegistrationModel) bool {
	return !imported(state) && triggersFire(state.ReregisterTriggers, plan.ReregisterTriggers)
}

// triggersFire reports whether reregister_triggers asks for a register:
// the new map has entries and differs from the old. A null map and an empty
// one are the same, and emptying or removing the map calls nothing, so that
// tidying the configuration never spends the budget.
func triggersFire(before, after types.Map) bool {
	switch {
	case after.IsUnknown():
		return true
	case after.IsNull() || len(after.Elements()) == 0:
		return false
	}
	return !after.Equal(before)
}

func (r *phoneRegistrationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state phoneRegistrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, state.Timeouts.Delete, framework.DefaultWriteTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	// The framework gives a failed Delete's state the planned private data,
	// which for a replacement is the create's: never let its notes stay.
	// (Request and response share one private data: read it first.)
	var follows registerFollows
	followed := getPrivate(ctx, req.Private, privateRegisterFollows, &follows)
	forgetPlanKeys(ctx, resp.Private, &resp.Diagnostics)
	id := state.ID.ValueString()
	defer runLedgerOf(r.data).lock(id)()
	if runLedgerOf(r.data).guardCreateBeforeDestroy(id) {
		resp.Diagnostics.Append(cbdSkipWarning(id))
		return
	}
	if followed && follows.PhoneNumberID == id {
		r.preflight(ctx, client, id, resp)
		return
	}
	report, err := client.Deregister(ctx, id)
	reportBudgetWrite(&resp.Diagnostics, "deregister", id, report)
	if err != nil {
		resp.Diagnostics.Append(deregisterFailed(id, err))
		return
	}
	runLedgerOf(r.data).markDeregistered(id)
	if report.AlreadyDone {
		resp.Diagnostics.Append(alreadyDeregisteredWarning(id))
	}
}

// preflight is guardPreflight in the Delete of a replacement: it reads the
// number and refuses, with the registration kept in state, unless the
// register that follows can succeed; then it leaves the deregister to the
// Create, which has the configuration and so the PIN.
func (r *phoneRegistrationResource) preflight(ctx context.Context, client *cloudapi.Client, id string, resp *resource.DeleteResponse) {
	reading, err := findNumber(ctx, client, id)
	if err != nil {
		resp.Diagnostics.Append(preflightReadFailed(id, err))
		return
	}
	switch guardPreflight(reading) {
	case preflightOnPremises:
		resp.Diagnostics.Append(preflightOnPremisesError(id))
	case preflightUnverified:
		resp.Diagnostics.Append(preflightUnverifiedError(id, reading.Number.CodeVerificationStatus))
	case preflightGone:
		resp.Diagnostics.Append(preflightGoneWarning(id, reading.Number.Platform))
	case preflightPass:
		runLedgerOf(r.data).handOver(id, reading.Region())
	}
}

// ImportState reads the number first, so that "not registered" and "no
// such id, or not visible to this token" each get their own message rather
// than Terraform's generic one. It takes the id from `terraform import`, an
// import block's id, or its identity (framework.ImportID).
//
// An import cannot read the number's PIN. It records pin_wo_version 1 and
// marks the registration adopted (guardAdoptedPIN): a configuration with
// pin_wo and pin_wo_version = 1 then plans no change, and the first pin or
// pin_wo configured is taken as the number's current PIN, without a write.
func (r *phoneRegistrationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := framework.ImportID(ctx, req, "phone_number_id", "a phone number ID", "terraform import whatsapp_phone_registration.main 106540352242922", &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, cancel, client := framework.StartOperation(ctx, r.data, framework.FixedTimeout, framework.DefaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}
	reading, err := findRegistration(ctx, client, id)
	switch {
	case framework.NotFound(err):
		resp.Diagnostics.Append(importNotRegisteredError(id, reading.Number.Platform))
		return
	case err != nil:
		resp.Diagnostics.Append(importReadFailed(id, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("phone_number_id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("pin_wo_version"), adoptedPINWOVersion)...)
	markAdopted(ctx, resp.Private, id, &resp.Diagnostics)
	runLedgerOf(r.data).markImported(id)
	framework.SetIdentity(ctx, resp.Identity, "phone_number_id", types.StringValue(id), &resp.Diagnostics)
}
