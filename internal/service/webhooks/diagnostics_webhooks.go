package webhooks

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The texts of whatsapp_webhook_subscription and
// whatsapp_phone_number_webhook, one constructor per scenario. None of
// these calls spends the register budget, so none of the texts mentions it.

const subscribeFirst = "An override is accepted only once the app is subscribed to the WhatsApp Business Account: " +
	"manage the subscription with whatsapp_webhook_subscription and add depends_on = [whatsapp_webhook_subscription.<name>] to this resource, so that the subscription is applied first."

// anotherAppError is guardSameApp's refusal: the token belongs to another
// app than the one that made the object in state.
func anotherAppError(object string, stateApp, tokenApp *cloudapi.App) diag.Diagnostic {
	return diag.NewErrorDiagnostic("The access token belongs to another app than "+object,
		fmt.Sprintf("State records %s as made by app %s, but the access token now belongs to app %s (GET /app). "+
			"The provider reads, writes and removes a webhook subscription or override only as the app that owns it: as another app it would read that app's subscription into this resource, "+
			"and a destroy would unsubscribe that app or clear its override while %s stays as it is. Nothing was read into state, written or removed.\n\n"+
			"What to do: if the token was switched by mistake (a wrong CI secret, a new system user of another app), set access_token back to a token of app %s. "+
			"If the object really moved to app %s, remove it from state (terraform state rm <address>) and import it again with the new token.",
			object, appLabelOf(stateApp), appLabelOf(tokenApp), object, stateApp.ID, tokenApp.ID))
}

func appLabelOf(app *cloudapi.App) string {
	if app.Name != "" {
		return fmt.Sprintf("%s (id %s)", app.Name, app.ID)
	}
	return app.ID
}

// --- whatsapp_webhook_subscription -------------------------------------------

func appReadFailed(waba string, op framework.Operation, err error) diag.Diagnostic {
	return framework.APIError("Could not read the app of the access token",
		"The provider reads the app the access token belongs to (GET /app) to find its own subscription to WhatsApp Business Account "+waba+", and to check that it is the app in state. "+
			op.Unchanged("subscription"), err)
}

// subscriptionAdoptedWarning is guardAnnounceTakeover on a create that
// found this app already subscribed: adopted, and the warning says what a
// destroy will remove.
func subscriptionAdoptedWarning(waba, existing, configured string) diag.Diagnostic {
	was, summary := "without a callback override", ""
	if existing != "" {
		was, summary = "with the callback override "+existing, ", with a callback override"
	}
	then := ""
	switch {
	case configured != "" && configured != existing:
		then = " This apply sets the override " + configured + " in its place."
	case configured == "" && existing != "":
		then = " This apply did not remove the override, because its plan did not say so; the next plan shows the difference, and applying that plan removes it."
	}
	return diag.NewWarningDiagnostic("The app was already subscribed to WhatsApp Business Account "+waba+summary+": adopted",
		"The app of this token was already subscribed to WhatsApp Business Account "+waba+" ("+was+"), by another workspace, another tool or the App Dashboard; this resource now manages that subscription."+then+
			" Destroying this resource later unsubscribes the app (DELETE /"+waba+"/subscribed_apps) for everyone who relies on it: the messaging webhooks of the account's numbers then reach no app of ours.")
}

func subscribeFailed(waba string, err error) diag.Diagnostic {
	return framework.ObjectAPIError("Could not subscribe the app to WhatsApp Business Account "+waba,
		"The app was not subscribed by this apply (POST /"+waba+"/subscribed_apps failed), and nothing was saved in state. Fix the cause below, then apply again.", err, framework.WABAObject(waba, framework.OpCreate))
}

// overrideAfterSubscribeFailed is guardPartialCreate: the plain subscribe
// of this create succeeded and the override did not, so the subscription is
// saved in state, tainted.
func overrideAfterSubscribeFailed(waba string, err error) diag.Diagnostic {
	return framework.ObjectAPIError("Could not set the callback override of WhatsApp Business Account "+waba,
		"The app IS subscribed to the account's webhooks (this apply's first POST made it so), but without this override, so Meta sends its events to the app's own callback URL. "+
			"The subscription is saved in state as tainted, without the override: terraform destroy unsubscribes it, and the next apply replaces it (unsubscribe, subscribe, set the override).",
		err, framework.WABAObject(waba, framework.OpCreate))
}

// overrideAfterAdoptFailed is a create that adopted an existing
// subscription and could not set the override: nothing this apply made is
// left behind, so nothing is saved.
func overrideAfterAdoptFailed(waba string, err error) diag.Diagnostic {
	return framework.ObjectAPIError("Could not set the callback override of WhatsApp Business Account "+waba,
		"The app IS subscribed to the account's webhooks (it already was before this apply), with the override it had. Nothing was saved in state: the next apply adopts the subscription again and sets the override.",
		err, framework.WABAObject(waba, framework.OpCreate))
}

func overrideUpdateFailed(waba string, err error) diag.Diagnostic {
	return framework.ObjectAPIError("Could not change the callback override of WhatsApp Business Account "+waba,
		"The app is still subscribed, with the override it had before; state keeps it, so the next apply tries again.", err, framework.WABAObject(waba, framework.OpUpdate))
}

func subscriptionReadFailed(waba string, op framework.Operation, err error) diag.Diagnostic {
	return framework.ObjectAPIError("Could not read the webhook subscriptions of WhatsApp Business Account "+waba, op.Unchanged("subscription"), err, framework.WABAObject(waba, op))
}

// subscriptionKeptWarning is guardHookCreateBeforeDestroy on a subscription.
func subscriptionKeptWarning(waba string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The app was not unsubscribed from WhatsApp Business Account "+waba,
		"This destroy is of an object that another resource of this apply has just created or adopted: the same app's subscription to the same account "+
			"(create_before_destroy with -replace or replace_triggered_by, or a rename without a moved block). Unsubscribing would silence the account's webhooks "+
			"that the new object manages, so the destroy only removed the old object from state.")
}

func notSubscribedWarning(waba string, app *cloudapi.App) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The app is no longer subscribed to WhatsApp Business Account "+waba+": removed from state",
		fmt.Sprintf("Meta lists the apps subscribed to WhatsApp Business Account %s, and %s is not among them: it was unsubscribed outside Terraform. "+
			"Its numbers' messaging webhooks reach no app of ours until it is subscribed again. "+
			"The subscription has been removed from state, so the next plan shows it to be created.", waba, appLabel(app)))
}

func importNotSubscribedError(waba string, app *cloudapi.App) diag.Diagnostic {
	return diag.NewErrorDiagnostic("The app is not subscribed to WhatsApp Business Account "+waba,
		fmt.Sprintf("Meta lists the apps subscribed to WhatsApp Business Account %s, and %s is not among them, so there is no subscription to import. "+
			"Remove the import and run terraform apply: it subscribes the app.", waba, appLabel(app)))
}

func unsubscribeFailed(waba string, err error) diag.Diagnostic {
	return framework.ObjectAPIError("Could not unsubscribe the app from WhatsApp Business Account "+waba,
		"The app may still be subscribed; the subscription stays in state so that the next destroy tries again.", err, framework.WABAObject(waba, framework.OpDelete))
}

func unsubscribeWarning(waba string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Destroying this subscription unsubscribes the app from WhatsApp Business Account "+waba,
		"Applying this plan calls DELETE /"+waba+"/subscribed_apps. From then on, the messaging webhooks of the account's numbers reach no app of ours "+
			"(and its WABA-level override is gone), until the app is subscribed again. No register or deregister is spent.")
}

func overrideStillSetWarning(waba, override string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Meta still reports a callback override on WhatsApp Business Account "+waba,
		"override_callback_uri was removed from the configuration, so the provider subscribed the app again without one (a plain POST), "+
			"but Meta still lists the override "+override+". The next plan shows the difference; remove it in the App Dashboard if it persists.")
}

func subscriptionReadBackWarning(waba string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Subscribed the app to WhatsApp Business Account "+waba+", but could not read the subscription back",
		"The calls succeeded and are saved in state. Reading the subscription back failed ("+err.Error()+"); the next refresh checks it.")
}

func appLabel(app *cloudapi.App) string {
	if app == nil {
		return "this app"
	}
	if app.Name != "" {
		return fmt.Sprintf("this app (%s, id %s)", app.Name, app.ID)
	}
	return "this app (id " + app.ID + ")"
}

// --- whatsapp_phone_number_webhook -------------------------------------------

const (
	numberWebhookType = "whatsapp_phone_number_webhook"
	subscriptionType  = "whatsapp_webhook_subscription"
)

func numberWebhookSetFailed(id string, op framework.Operation, err error) diag.Diagnostic {
	what := "The callback override of phone number " + id + " was not changed by this apply. " + op.Unchanged("override")
	if apiErr, ok := cloudapi.AsError(err); ok && apiErr.Code == cloudapi.CodeInvalidParameter && apiErr.Subcode == 0 {
		what += " If Meta's message below says that the app must be subscribed: " + subscribeFirst
	}
	return framework.ObjectAPIError("Could not set the callback override of phone number "+id, what, err, framework.NumberObject(id, numberWebhookType, op))
}

func numberWebhookReadFailed(id string, op framework.Operation, err error) diag.Diagnostic {
	return framework.ObjectAPIError("Could not read the webhook configuration of phone number "+id, op.Unchanged("override"), err, framework.NumberObject(id, numberWebhookType, op))
}

func numberWebhookAppReadFailed(id string, op framework.Operation, err error) diag.Diagnostic {
	return framework.APIError("Could not read the app of the access token",
		"The provider reads the app the access token belongs to (GET /app) to check that it is the app that set the override of phone number "+id+". "+op.Unchanged("override"), err)
}

// numberOverrideExistsError is guardAnnounceTakeover refusing a create: the
// number already has another override, which the plan never named.
func numberOverrideExistsError(id, existing, configured string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Phone number "+id+" already has a callback override",
		"Phone number "+id+" already sends its messaging webhooks to "+existing+" (set by another workspace, another tool or the App Dashboard). "+
			"This create would replace it with "+configured+", and its plan never said so, so nothing was written.\n\n"+
			"What to do: import the existing override (terraform import "+numberWebhookType+".<name> "+id+"); the next plan then shows "+existing+" → "+configured+
			" for review, and applying it replaces the override.")
}

// numberOverrideAdoptedWarning is guardAnnounceTakeover adopting an
// override that already had the configured URL.
func numberOverrideAdoptedWarning(id, existing string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+id+" already had this callback override: adopted",
		"Phone number "+id+" already sent its messaging webhooks to "+existing+"; this resource now manages that override, and this apply set it again with verify_token_wo. "+
			"Destroying this resource later clears it: the number's webhooks then go to the WABA's override or the app's callback URL.")
}

// numberWebhookKeptWarning is guardHookCreateBeforeDestroy on an override.
func numberWebhookKeptWarning(id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The callback override of phone number "+id+" was not cleared",
		"This destroy is of an object that another resource of this apply has just created or adopted: the same number's override "+
			"(create_before_destroy with -replace or replace_triggered_by, or a rename without a moved block). Clearing it would undo the new object, "+
			"so the destroy only removed the old object from state.")
}

func numberWebhookGoneWarning(id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+id+" has no callback override any more: removed from state",
		"Meta's webhook_configuration of phone number "+id+" holds no phone_number override: it was removed outside Terraform, and the number's messaging webhooks "+
			"go to the WABA's override or the app's callback URL. The override has been removed from state, so the next plan shows it to be created.")
}

func numberWebhookRemoveFailed(id string, err error) diag.Diagnostic {
	return framework.ObjectAPIError("Could not remove the callback override of phone number "+id,
		"The override may still be set; it stays in state so that the next destroy tries again.", err, framework.NumberObject(id, numberWebhookType, framework.OpDelete))
}

func importNoNumberWebhookError(id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Phone number "+id+" has no callback override",
		"Meta's webhook_configuration of phone number "+id+" holds no phone_number override, so there is nothing to import. "+
			"Remove the import and run terraform apply: it sets the override.")
}

func numberWebhookReadBackFailedWarning(id string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Set the callback override of phone number "+id+", but could not read it back",
		"The call succeeded and is saved in state. Reading it back failed ("+err.Error()+"); the next refresh checks it.")
}

func webhookReadBackWarning(done, id, want, got string) diag.Diagnostic {
	return diag.NewWarningDiagnostic(done+", but Meta reports another override",
		fmt.Sprintf("The call for %s succeeded, but reading it back shows %s instead of %s. If the next plan still shows a difference, check the override in the App Dashboard.",
			id, overrideLabel(got), overrideLabel(want)))
}

func overrideLabel(uri string) string {
	if uri == "" {
		return "no override"
	}
	return uri
}

// hookRenameError is guardHookPlan's refusal of a destroy and a create of
// the same webhook object with another URL in one plan.
func hookRenameError(object string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("This plan destroys and creates "+object+" with another callback URL",
		"One address's "+object+" is destroyed and another address's is created in the same plan, with a different callback URL: a rename without a moved block, "+
			"or count changed to for_each. Whichever runs first, the other would undo it (the create refuses an override it finds; the destroy removes it), "+
			"and the webhooks could end up going nowhere. The plan is refused; nothing was called.\n\n"+
			"What to do: add a moved block from the old address to the new one (then the plan is one in-place change of the URL), "+
			"or change the URL in one apply and the address in another.")
}

// plannedAppMismatchError is a create planned with a token of one app and
// applied with a token of another.
func plannedAppMismatchError(object, planned string, token *cloudapi.App) diag.Diagnostic {
	return diag.NewErrorDiagnostic("The access token belongs to another app than the plan of "+object,
		fmt.Sprintf("The plan of %s was made with a token of app %s, and this apply's token belongs to app %s (GET /app). "+
			"Writing now would subscribe or set the override as app %s. Nothing was written.\n\n"+
			"What to do: apply with a token of app %s, or plan again with the token you mean to use and review that plan.",
			object, planned, appLabelOf(token), token.ID, planned))
}

// subscriptionOverrideExistsError is guardAnnounceTakeover refusing a
// subscription create that would replace an override its plan never named.
func subscriptionOverrideExistsError(waba, existing, configured string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("WhatsApp Business Account "+waba+" already sends this app's webhooks to another callback override",
		"The app is already subscribed to WhatsApp Business Account "+waba+" with the callback override "+existing+" (set by another workspace, another tool or the App Dashboard). "+
			"This create would replace it with "+configured+", and its plan never said so, so nothing was written.\n\n"+
			"What to do: import the subscription (terraform import "+subscriptionType+".<name> "+waba+"); the next plan then shows "+existing+" → "+configured+
			" for review, and applying it replaces the override.")
}
