package framework

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// What the texts of every area share beyond apiError: the Terraform
// operation a text is about, and the Graph object a 100/33 was about.

// Meta's 2200, for explainGraph.
const (
	CallbackVerificationWhy = "Meta verifies a callback URL when it is set: it sends a GET with hub.mode=subscribe, hub.verify_token and hub.challenge, " +
		"and the endpoint must answer HTTP 200 with the hub.challenge value as its whole body. That did not happen (Meta's message below says what it got instead). Nothing was changed."
	CallbackVerificationTodo = "Make the endpoint at override_callback_uri reachable over https from Meta, check that it compares hub.verify_token with the same token as verify_token_wo, " +
		"and have it echo hub.challenge; then apply again (bump verify_token_wo_version if the token changed)."
)

// operation is the Terraform operation a text is about: what "nothing
// changed" means differs between a refresh (state was left as it was), a
// create (nothing saved), an import and a delete.
type Operation int

const (
	OpRefresh Operation = iota
	OpCreate
	OpUpdate
	OpDelete
	OpImport
	OpDataSource
)

// unchanged says what a failed read or write left, for op.
func (op Operation) Unchanged(object string) string {
	switch op {
	case OpCreate:
		return "Nothing was changed and nothing was saved in state; the next apply tries again."
	case OpUpdate:
		return "State keeps " + object + " as it was before this apply; the next apply tries again."
	case OpDelete:
		return "Nothing was removed: " + object + " stays in state, so that the next destroy tries again."
	case OpImport:
		return "Nothing was imported."
	case OpDataSource:
		return "The data source has no value this time; nothing was changed."
	}
	return "The " + object + " in state was left as it was."
}

// graphObject is the object a call was about, for the texts of a 100/33:
// kind is "waba" or "number"; address is the resource type whose state to
// remove when the object is really gone ("" when there is no state).
type GraphObject struct {
	kind, id, resourceType string
}

// objectAPIError is apiError for the webhook and profile resources: a 100/33
// names the object the call was about (a WhatsApp Business Account is not a
// number), asks whether an id of the other kind was given, and gives this
// resource's recovery.
func ObjectAPIError(summary, what string, err error, obj GraphObject) diag.Diagnostic {
	if !cloudapi.IsNotVisible(err) {
		return APIError(summary, what, err)
	}
	var why, todo string
	switch obj.kind {
	case "waba":
		why = "Graph answers 100/33 (or 803) both for an id that does not exist and for one that this token is not allowed to see, so the answer does not prove that WhatsApp Business Account " + obj.id +
			" is gone, nor that the app is unsubscribed from it: the provider never takes it as an absence."
		todo = "Check that " + obj.id + " is a WhatsApp Business Account ID and not a phone number ID: a phone number ID where a WABA ID belongs gets exactly this answer " +
			"(the WABA ID is in WhatsApp Manager, or in the whatsapp_phone_number data source's whatsapp_business_account_id). " +
			"If the token lost access (a new system user, a removed asset), give its system user access to the account with the whatsapp_business_management permission, then run the command again."
	default:
		why = "Graph answers 100/33 (or 803) both for an id that does not exist and for one that this token is not allowed to see, so the answer does not prove that phone number " + obj.id +
			" is gone: the provider never takes it as an absence."
		todo = "Check that " + obj.id + " is a phone number ID (from WhatsApp Manager) and not a WhatsApp Business Account ID or the phone number itself. " +
			"If the token lost access, give its system user access to the number's WhatsApp Business Account with the whatsapp_business_management permission, then run the command again."
	}
	if obj.resourceType != "" {
		todo += " If the object was deleted, remove it from the configuration and from state (terraform state rm " + obj.resourceType + ".<name>)."
	} else {
		todo += " If the id is mistyped, correct it in the configuration."
	}
	return diag.NewErrorDiagnostic(summary, fmt.Sprintf("%s\n\nWhy: %s\n\nWhat to do: %s\n\n%s", what, why, todo, MetaAnswer(err)))
}

func WABAObject(waba string, op Operation) GraphObject {
	g := GraphObject{kind: "waba", id: waba}
	if op == OpRefresh || op == OpDelete || op == OpUpdate {
		g.resourceType = "whatsapp_webhook_subscription"
	}
	return g
}

func NumberObject(id, resourceType string, op Operation) GraphObject {
	g := GraphObject{kind: "number", id: id}
	if op == OpRefresh || op == OpDelete || op == OpUpdate {
		g.resourceType = resourceType
	}
	return g
}
