package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

var (
	digitsPattern = regexp.MustCompile(`^[0-9]+$`)
	pinPattern    = regexp.MustCompile(`^[0-9]{6}$`)
)

const budgetSentence = "Meta allows 10 register and 10 deregister calls per phone number in a moving 72-hour window (error 133016 past that)."

// explain says why a call failed and what to do about it. Every branch is
// classified through cloudapi's error type, never by parsing a body here.
func explain(err error) (why, todo string) {
	var transport *cloudapi.TransportError
	apiErr, isAPI := cloudapi.AsError(err)
	switch {
	case errors.Is(err, cloudapi.ErrNoAccessToken):
		return "The provider has no access token.",
			"Set access_token in the provider \"whatsapp\" block, or the " + EnvAccessToken + " environment variable, to a system-user token with the whatsapp_business_management permission."
	case errors.Is(err, context.DeadlineExceeded):
		return "The operation ran out of time, including the waits between retries.",
			"Run terraform apply again once Meta's service is healthy, or raise the resource's timeouts."
	case errors.Is(err, context.Canceled):
		return "The operation was cancelled (for example by Ctrl-C).", "Run terraform apply again."
	case errors.As(err, &transport):
		return "No HTTP answer came back from " + transport.Host + ", even after retries.",
			"Check the network path to the API and the provider's base_url, then run terraform apply again."
	case !isAPI:
		return "The API answered something the provider did not expect.", "Run terraform apply again; if it persists, report it with the message above."
	}
	switch {
	case apiErr.NonJSONBody:
		return fmt.Sprintf("A proxy or gateway answered HTTP %d instead of the Graph API, even after retries.", apiErr.HTTPStatus),
			"Check base_url and any proxy between Terraform and Meta, then run terraform apply again."
	case apiErr.IsRateLimited():
		return budgetSentence + " This number has used its budget, so no more register or deregister calls are possible for up to 72 hours.",
			"Do not retry now: every attempt is refused until the oldest call leaves the 72-hour window. Run terraform apply again after that."
	case apiErr.IsPINMismatch():
		return "The number already has two-step verification with a different PIN, and the PIN survives a deregister.",
			"Set pin (or pin_wo) to the number's current two-step PIN. If nobody knows it, reset it in WhatsApp Manager (Phone numbers > Two-step verification), then apply again."
	case apiErr.Code == cloudapi.CodeNeedsReverification:
		return "Meta wants the number's ownership verified again before it can be registered.",
			"Request and enter a verification code for the number in WhatsApp Manager, then run terraform apply again."
	case apiErr.Code == cloudapi.CodeTooManyPINGuesses || apiErr.Code == cloudapi.CodePINTooFast:
		return "Meta refused the PIN because of too many or too fast attempts.",
			"Wait before trying again (Meta does not say how long; an hour is prudent), check the PIN, then apply again."
	case apiErr.IsNotRegistered():
		return "The number is not registered on the Cloud API.", "Register it (apply this resource) before this operation."
	case apiErr.IsNotFound():
		return "The id does not exist, or the token cannot see it.",
			"Check the id in WhatsApp Manager (the phone number ID, not the phone number itself) and that the token's system user has access to its WhatsApp Business Account."
	case apiErr.Code == cloudapi.CodeAccessToken:
		return "Meta refused the access token: it is invalid or has expired.",
			"Generate a new system-user token and set it in access_token or " + EnvAccessToken + "."
	case apiErr.IsAuth():
		return "The access token lacks a permission this call needs.",
			"Give the token's system user the whatsapp_business_management permission on the WhatsApp Business Account, then apply again."
	case apiErr.Code == cloudapi.CodeAccountLocked:
		return "Meta has locked the WhatsApp Business Account.", "Resolve the lock with Meta (Business Support Home), then apply again."
	case apiErr.Code == cloudapi.CodeDeprecatedVersion:
		return "The configured Graph API version has been retired by Meta.", "Set api_version (or " + EnvAPIVersion + ") to a current version such as " + cloudapi.DefaultAPIVersion + "."
	case apiErr.Retryable():
		return fmt.Sprintf("Meta's service kept failing with a transient error after %d attempt(s).", apiErr.Attempts),
			"Run terraform apply again later, or raise max_retries in the provider block."
	case apiErr.Code == cloudapi.CodeInvalidParameter:
		return "Meta rejected a parameter of the request.", "Correct the value Meta names above, then apply again."
	}
	return "Meta refused the request.", "Read Meta's message above; if it is unclear, give the fbtrace_id to Meta support."
}

// addAPIError adds one error diagnostic: what happened (from the caller),
// why and what to do (from the error), and Meta's own answer with its
// fbtrace_id.
func addAPIError(diags *diag.Diagnostics, summary, what string, err error) {
	why, todo := explain(err)
	diags.AddError(summary, fmt.Sprintf("%s\n\nWhy: %s\n\nWhat to do: %s\n\n%s", what, why, todo, metaAnswer(err)))
}

func metaAnswer(err error) string {
	if apiErr, ok := cloudapi.AsError(err); ok {
		return fmt.Sprintf("Meta's answer: %s\nfbtrace_id: %s", apiErr.Error(), apiErr.TraceID())
	}
	return fmt.Sprintf("Error: %s\nfbtrace_id: none (Meta did not answer)", err.Error())
}

func notConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider configuration not known yet",
		"The provider \"whatsapp\" block depends on values that are known only after apply, so the API cannot be called yet. "+
			"Apply the resources those values come from first (for example with -target), then run this again.")
}

// warnRetriedBudgetCall says so when a register or deregister needed more
// than one attempt: Meta may count every attempt against the budget.
func warnRetriedBudgetCall(diags *diag.Diagnostics, call, id string, counter *cloudapi.AttemptCounter) {
	n := counter.Attempts()
	if n <= 1 {
		return
	}
	diags.AddWarning(fmt.Sprintf("The %s of phone number %s took %d attempts", call, id, n),
		fmt.Sprintf("Transient errors were retried. Meta may count each attempt against the number's budget, so up to %d of its 10 %s calls per 72 hours may be spent. "+
			"Set max_retries lower in the provider block to spend fewer calls on retries.", n, call))
}
