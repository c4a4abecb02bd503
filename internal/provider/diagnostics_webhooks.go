package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// The texts of whatsapp_webhook_subscription and
// whatsapp_phone_number_webhook, one constructor per scenario. None of
// these calls spends the register budget, so none of the texts mentions it.

// Meta's 2200, for explainGraph.
const (
	callbackVerificationWhy = "Meta verifies a callback URL when it is set: it sends a GET with hub.mode=subscribe, hub.verify_token and hub.challenge, " +
		"and the endpoint must answer HTTP 200 with the hub.challenge value as its whole body. That did not happen (Meta's message below says what it got instead). Nothing was changed."
	callbackVerificationTodo = "Make the endpoint at override_callback_uri reachable over https from Meta, check that it compares hub.verify_token with the same token as verify_token_wo, " +
		"and have it echo hub.challenge; then apply again (bump verify_token_wo_version if the token changed)."
)

const subscribeFirst = "An override is accepted only once the app is subscribed to the WhatsApp Business Account: " +
	"manage the subscription with whatsapp_webhook_subscription and add depends_on = [whatsapp_webhook_subscription.<name>] to this resource, so that the subscription is applied first."

// --- whatsapp_webhook_subscription -------------------------------------------

func appReadFailed(waba string, err error) diag.Diagnostic {
	return apiError("Could not read the app of the access token",
		"The provider reads the app the access token belongs to (GET /app) to find its own subscription to WhatsApp Business Account "+waba+". "+
			"Nothing was changed.", err)
}

// alreadySubscribedWarning is a create that found the app subscribed with
// an override the configuration does not set: it is left as it is, for the
// next plan to show.
func alreadySubscribedWarning(waba, override string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The app was already subscribed to WhatsApp Business Account "+waba+", with a callback override",
		"The app was already subscribed, with the override "+override+", and this configuration sets none. This apply did not remove it, because its plan did not say so; "+
			"the next plan shows the difference, and applying that plan removes the override.")
}

func subscribeFailed(waba string, err error) diag.Diagnostic {
	return apiError("Could not subscribe the app to WhatsApp Business Account "+waba,
		"The app was not subscribed by this apply (POST /"+waba+"/subscribed_apps failed), and nothing was saved in state. Fix the cause below, then apply again.", err)
}

// overrideAfterSubscribeFailed is a create whose plain subscribe succeeded
// and whose override did not.
func overrideAfterSubscribeFailed(waba string, err error) diag.Diagnostic {
	return apiError("Could not set the callback override of WhatsApp Business Account "+waba,
		"The app IS subscribed to the account's webhooks (it was, or the first POST made it so), but without this override, so Meta sends its events to the app's own callback URL or a previous override. "+
			"The subscription was not saved in state: the next apply finds the app subscribed and sets the override.", err)
}

func overrideUpdateFailed(waba string, err error) diag.Diagnostic {
	return apiError("Could not change the callback override of WhatsApp Business Account "+waba,
		"The app is still subscribed, with the override it had before; state keeps it, so the next apply tries again.", err)
}

func subscriptionReadFailed(waba string, err error) diag.Diagnostic {
	return apiError("Could not read the webhook subscriptions of WhatsApp Business Account "+waba, "The subscription in state was left as it was.", err)
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
	return apiError("Could not unsubscribe the app from WhatsApp Business Account "+waba,
		"The app may still be subscribed; the subscription stays in state so that the next destroy tries again.", err)
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

func numberWebhookSetFailed(id string, err error) diag.Diagnostic {
	what := "The callback override of phone number " + id + " was not changed by this apply. "
	if apiErr, ok := cloudapi.AsError(err); ok && apiErr.Code == cloudapi.CodeInvalidParameter && apiErr.Subcode == 0 {
		what += "If Meta's message below says that the app must be subscribed: " + subscribeFirst
	}
	return apiError("Could not set the callback override of phone number "+id, what, err)
}

func numberWebhookReadFailed(id string, err error) diag.Diagnostic {
	return apiError("Could not read the webhook configuration of phone number "+id, "The override in state was left as it was.", err)
}

func numberWebhookGoneWarning(id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Phone number "+id+" has no callback override any more: removed from state",
		"Meta's webhook_configuration of phone number "+id+" holds no phone_number override: it was removed outside Terraform, and the number's messaging webhooks "+
			"go to the WABA's override or the app's callback URL. The override has been removed from state, so the next plan shows it to be created.")
}

func numberWebhookRemoveFailed(id string, err error) diag.Diagnostic {
	return apiError("Could not remove the callback override of phone number "+id,
		"The override may still be set; it stays in state so that the next destroy tries again.", err)
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
