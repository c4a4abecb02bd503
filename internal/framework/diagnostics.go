package framework

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// Every error the provider reports reads: what happened (the caller's own
// sentence, from the constructors in diagnostics_registration.go), why and
// what to do (explain, from the error's type and Meta's code), then Meta's
// answer and its fbtrace_id, once.

const BudgetSentence = "Meta allows 10 register and 10 deregister calls per phone number in a moving 72-hour window (error 133016 past that)."

// apiError is one error diagnostic for a failed call.
func APIError(summary, what string, err error) diag.Diagnostic {
	why, todo := Explain(err)
	return diag.NewErrorDiagnostic(summary, fmt.Sprintf("%s\n\nWhy: %s\n\nWhat to do: %s\n\n%s", what, why, todo, MetaAnswer(err)))
}

// traced is an error that carries Meta's fbtrace_id.
type traced interface {
	error
	TraceID() string
}

// traceSuffix is how an error's own text carries its fbtrace_id; the
// diagnostic prints the trace once, on a line of its own.
var traceSuffix = regexp.MustCompile(`\s*\[fbtrace_id: [^\]]*\]`)

func MetaAnswer(err error) string {
	text := traceSuffix.ReplaceAllString(err.Error(), "")
	var t traced
	if errors.As(err, &t) {
		return fmt.Sprintf("Meta's answer: %s\nfbtrace_id: %s", text, t.TraceID())
	}
	return fmt.Sprintf("Details: %s\nfbtrace_id: none (Meta did not answer)", text)
}

// explain says why a call failed and what to do about it. Every branch is
// classified through cloudapi's types, never by parsing a body here.
func Explain(err error) (why, todo string) {
	var (
		transport    *cloudapi.TransportError
		notUnderstod *cloudapi.NotUnderstoodError
		unknown      *cloudapi.UnknownOutcomeError
		noEffect     *cloudapi.NoEffectError
		unconfirmed  *cloudapi.UnconfirmedAbsenceError
	)
	switch {
	case errors.Is(err, cloudapi.ErrNoAccessToken):
		return "The provider has no access token.",
			"Set access_token in the provider \"whatsapp\" block, or the " + EnvAccessToken + " environment variable, to a system-user token with the whatsapp_business_management permission."
	case errors.As(err, &unknown):
		why = "The call was sent, but no answer said whether it took effect (the answer was lost, or was a transient error), and the read that followed could not tell. " +
			"The provider records only what Meta definitely said, so it neither claims success nor sends the call again blind."
		todo = "Run terraform plan: its refresh reads what the call was meant to change (the number, the template...) and shows what is left to do, if anything. Applying that plan spends a call only where one is still needed."
		if unknown.ReadErr != nil {
			readWhy, readTodo := Explain(unknown.ReadErr)
			todo = "The read failed because: " + readWhy + " " + readTodo + " Then " + strings.ToLower(todo[:1]) + todo[1:]
		}
		return why, todo
	case errors.As(err, &unconfirmed):
		if unconfirmed.ReadErr != nil && cloudapi.IsNotVisible(unconfirmed.ReadErr) {
			return notVisibleWhy, notVisibleTodo
		}
		if unconfirmed.ReadErr != nil {
			return "Meta refused the call as if the number were not registered, and the read meant to confirm that failed, so the provider cannot tell.",
				"Run the command again once the read succeeds."
		}
		return "Meta refused the call as if the number were not registered, but a read shows it registered; the provider believes the read.",
			"Check the number in WhatsApp Manager, then run the command again. If the refusal persists, give the fbtrace_id to Meta support."
	case errors.As(err, &noEffect):
		return "No answer said whether the call took effect (it was lost, or was a transient error), and a read afterwards showed that it had not; " +
				"it was not sent again (no retries or time were left, the operation was stopped, or the lost answer was a success that a second call would not improve).",
			"Run terraform apply again."
	case errors.As(err, &notUnderstod):
		return "Meta answered with a shape the provider does not recognise, and it decides only on answers it recognises, so nothing was concluded from it.",
			"Run the command again. If it persists, Meta may have changed the API: report it with this message (it names the field and what was received)."
	case errors.Is(err, context.Canceled):
		return "The operation was cancelled (for example by Ctrl-C).", "Run the command again."
	case errors.As(err, &transport) && transport.TimedOut:
		return fmt.Sprintf("No complete answer came back from %s within the request timeout (%s per attempt), after %d attempt(s): the API or the network path hangs.", transport.Host, transport.Timeout, transport.Attempts),
			"Check the network path to the API and the provider's base_url. If Meta is slow rather than down, raise request_timeout in the provider block."
	case errors.As(err, &transport):
		return "No HTTP answer came back from " + transport.Host + ", even after retries.",
			"Check the network path to the API and the provider's base_url, then run the command again."
	case errors.Is(err, context.DeadlineExceeded):
		return "The operation ran out of time, including the waits between retries.",
			"Run the command again once Meta's service is healthy, or raise the resource's timeouts."
	}
	apiErr, ok := cloudapi.AsError(err)
	if !ok {
		return "The API answered something the provider did not expect.", "Run the command again; if it persists, report it with the message below."
	}
	return explainGraph(apiErr)
}

const (
	notVisibleWhy = "Graph answers 100/33 (or 803) both for an id that does not exist and for one that this token is not allowed to see, so the answer does not prove that the number is gone. " +
		"The provider never takes it as an absence: state is left as it was."
	notVisibleTodo = "If the token lost access (a new system user, a removed asset, a token from another app), give its system user access to the number's WhatsApp Business Account " +
		"with the whatsapp_business_management permission, then run the command again. " +
		"If the number was deleted in WhatsApp Manager, or the id is mistyped, remove it from the configuration (a whatsapp_phone_registration also from state, with terraform state rm <address>)."
)

func explainGraph(apiErr *cloudapi.Error) (why, todo string) {
	switch {
	case apiErr.NonJSONBody:
		return fmt.Sprintf("A proxy or gateway answered HTTP %d instead of the Graph API, even after retries.", apiErr.HTTPStatus),
			"Check base_url and any proxy between Terraform and Meta, then run the command again."
	case apiErr.IsRegisterBudgetSpent():
		return BudgetSentence + " This number has used its budget, so no more register or deregister calls are possible for up to 72 hours.",
			"Do not retry now: every attempt is refused until the oldest call leaves the 72-hour window. Run terraform apply again after that."
	case apiErr.Throttled() && apiErr.RegainAccess > 0:
		return fmt.Sprintf("Meta throttled the call: %s is spent, and Meta estimates that access returns in %s, longer than this operation may wait. Nothing was changed by this call.",
				apiErr.ThrottleScope(), minutesText(apiErr.RegainAccess.Minutes())),
			fmt.Sprintf("Wait %s, then run the command again. Every tool that uses the same app and WhatsApp Business Account spends the same hourly budget.", minutesText(apiErr.RegainAccess.Minutes()))
	case apiErr.Throttled():
		return fmt.Sprintf("Meta kept throttling the call (%s) after %d attempt(s), without saying when access returns. Nothing was changed by this call.", apiErr.ThrottleScope(), apiErr.Attempts),
			"Wait a few minutes, then run the command again; lower -parallelism spends the hourly budget more slowly."
	case apiErr.Code == cloudapi.CodeWaitBeforeRegistering:
		return "Meta asked to wait a few minutes before registering this number again (133015), as it does right after a deregister. " +
				"The provider waited and tried once more; every refused register may count against the budget, so it stopped there.",
			"Run terraform apply again in a few minutes; its plan shows what is left to do."
	case apiErr.IsPINMismatch():
		return "The number already has two-step verification with a different PIN, and the PIN survives a deregister.",
			"Set pin (or pin_wo) to the number's current two-step PIN. If nobody knows it, reset it in WhatsApp Manager (Phone numbers > Two-step verification), then apply again."
	case apiErr.Code == cloudapi.CodeNeedsReverification:
		return "Meta wants the number's ownership verified again before it can be registered.",
			"Request and enter a verification code for the number in WhatsApp Manager, then run terraform apply again."
	case apiErr.Code == cloudapi.CodeTooManyPINGuesses || apiErr.Code == cloudapi.CodePINTooFast:
		return "Meta refused the PIN because of too many or too fast attempts.",
			"Wait before trying again (Meta does not say how long; an hour is prudent), check the PIN, then apply again."
	case apiErr.Code == cloudapi.CodeInvalidParameter && apiErr.Subcode == cloudapi.SubcodeCannotCreateCertificate:
		return "Meta has not finished provisioning the number (its display name certificate does not exist yet), so it cannot be registered.",
			"Wait until WhatsApp Manager shows the display name as approved and the number ready, then apply again. The whatsapp_phone_number data source can check this first (see its postcondition example)."
	case apiErr.Code == cloudapi.CodeCallbackVerification:
		return CallbackVerificationWhy, CallbackVerificationTodo
	case apiErr.SaysNotRegistered():
		return "Meta says the number is not registered on the Cloud API.", "Register it (apply this resource) before this operation."
	case apiErr.NotVisible():
		return notVisibleWhy, notVisibleTodo
	case apiErr.Code == cloudapi.CodeAccessToken:
		return "Meta refused the access token: it is invalid or has expired.",
			"Generate a new system-user token and set it in access_token or " + EnvAccessToken + "."
	case apiErr.IsAuth():
		return "The access token lacks a permission this call needs.",
			"Give the token's system user the whatsapp_business_management permission on the WhatsApp Business Account, then run the command again."
	case apiErr.Code == cloudapi.CodeAccountLocked:
		return "Meta has locked the WhatsApp Business Account.", "Resolve the lock with Meta (Business Support Home), then run the command again."
	case apiErr.Code == cloudapi.CodeDeprecatedVersion:
		return "The configured Graph API version has been retired by Meta.", "Set api_version (or " + EnvAPIVersion + ") to a current version such as " + cloudapi.DefaultAPIVersion + "."
	case apiErr.Retryable():
		return fmt.Sprintf("Meta's service kept failing with a transient error after %d attempt(s).", apiErr.Attempts),
			"Run the command again later, or raise max_retries in the provider block."
	case apiErr.Code == cloudapi.CodeInvalidParameter:
		return "Meta rejected a parameter of the request.", "Correct the value Meta names below, then run the command again."
	}
	return "Meta refused the request.", "Read Meta's message below; if it is unclear, give the fbtrace_id to Meta support."
}

func minutesText(m float64) string {
	if n := int(m + 0.5); n != 1 {
		return fmt.Sprintf("%d minutes", n)
	}
	return "1 minute"
}

func NotConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider configuration not known yet",
		"The provider \"whatsapp\" block depends on values that are known only after apply, so the API cannot be called yet. "+
			"Apply the resources those values come from first (for example with -target), then run this again.")
}
