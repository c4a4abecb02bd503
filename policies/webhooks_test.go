package policies_test

import (
	"fmt"
	"testing"
)

const (
	addrSub     = "whatsapp_webhook_subscription.acme"
	addrHook    = "whatsapp_phone_number_webhook.support"
	addrProfile = "whatsapp_business_profile.support"
)

// TestWebhooksAndProfile: unsubscribing the app, removing an override and
// destroying a number's override are denied unless approved; a moved
// callback, a rotated verify token, a changed profile and a profile left
// unmanaged are warned.
func TestWebhooksAndProfile(t *testing.T) {
	k := newKit(t)
	verify := []string{"-var", "verify=" + verifyToken}
	config := func(wabaID, subOverride, hookNumber, hookPath string, tokenVersion int, about string) string {
		override := ""
		if subOverride != "" {
			override = fmt.Sprintf("  override_callback_uri   = %q\n  verify_token_wo         = var.verify\n  verify_token_wo_version = %d\n", k.hookURL+subOverride, tokenVersion)
		}
		return fmt.Sprintf(`
variable "verify" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "whatsapp_webhook_subscription" "acme" {
  whatsapp_business_account_id = %q
%s}

resource "whatsapp_phone_number_webhook" "support" {
  phone_number_id         = %q
  override_callback_uri   = %q
  verify_token_wo         = var.verify
  verify_token_wo_version = 1
  depends_on              = [whatsapp_webhook_subscription.acme]
}

resource "whatsapp_business_profile" "support" {
  phone_number_id = %q
  about           = %q
}
`, wabaID, override, hookNumber, k.hookURL+hookPath, numberA, about)
	}
	k.write(config(waba, "/acme", numberA, "/support", 1, "Acme Support"))
	k.check("create", k.plan("create", verify...), nil, want{
		warn: []string{
			msgSub("callback_changed", waba),
			msg("number_callback_changed", addrHook, numberA),
			msg("profile_changed", addrProfile, numberA),
		},
		phrases: []string{
			"go to " + k.hookURL + "/acme instead of the app's callback URL",
			"go to " + k.hookURL + "/support instead of the account's override, or the app's callback URL",
			"the business profile customers see changes: about",
		},
	})
	k.apply(verify...)

	k.write(config(waba, "/acme-2", numberA, "/support", 2, "Acme Support, 24/7"))
	k.check("callback moved, token rotated, profile changed", k.plan("moved", verify...), nil, want{
		warn: []string{
			msgSub("callback_changed", waba),
			msgSub("verify_token_rotated", waba),
			msg("profile_changed", addrProfile, numberA),
		},
		phrases: []string{"go to " + k.hookURL + "/acme-2 instead of " + k.hookURL + "/acme", "verify_token_wo_version changes from 1 to 2"},
	})

	k.write(config(waba, "", numberA, "/support", 1, "Acme Support"))
	removed := k.plan("override-removed", verify...)
	got := k.check("the account's override removed", removed, nil, want{
		deny:    []string{msgSub("override_removed_not_approved", waba)},
		phrases: []string{"removes the callback override " + k.hookURL + "/acme of WABA " + waba, "go to the app's callback URL instead"},
	})
	k.check("the account's override removed, approved", removed, []string{k.suggestion(got, addrSub).String()}, want{
		warn: []string{msgSub("override_removed_approved", waba)},
	})

	k.write(config(waba, "/acme", numberA, "/support", 1, "Acme Support"))
	destroy := k.plan("destroy", append([]string{"-destroy"}, verify...)...)
	got = k.check("destroy", destroy, nil, want{
		deny: []string{
			msgSub("unsubscribe_not_approved", waba),
			msg("number_override_removed_not_approved", addrHook, numberA),
		},
		warn: []string{msg("profile_unmanaged", addrProfile, numberA)},
		phrases: []string{
			"unsubscribes the app from WABA " + waba + " (DELETE /" + waba + "/subscribed_apps; terraform destroy, or plan -destroy): the messaging events of every number of the account stop reaching the app, and its callback override " + k.hookURL + "/acme goes with it",
			"removes the callback override " + k.hookURL + "/support of phone number " + numberA,
			"which makes no API call: the business profile of phone number " + numberA + " stays exactly as it is",
		},
	})
	both := merge(k.suggestion(got, addrSub), k.suggestion(got, addrHook))
	k.check("destroy, approved", destroy, []string{both.String()}, want{
		warn: []string{
			msgSub("unsubscribe_approved", waba),
			msg("number_override_removed_approved", addrHook, numberA),
			msg("profile_unmanaged", addrProfile, numberA),
		},
	})
	// The approval of the account's override removal does not approve
	// unsubscribing the app.
	k.check("destroy, with the approval of the override removal", destroy, []string{k.suggestion(k.eval(removed), addrSub).String()}, want{
		deny: []string{
			msgSub("unsubscribe_not_approved", waba),
			msg("number_override_removed_not_approved", addrHook, numberA),
		},
		warn:    []string{msg("profile_unmanaged", addrProfile, numberA)},
		phrases: []string{`actions: approved ["update"], this change does ["delete"]`},
	})

	// Another account, another number: the old ones lose their webhooks.
	k.write(config(wabaB, "/acme", numberB, "/support", 1, "Acme Support"))
	k.check("another account and number", k.plan("elsewhere", verify...), nil, want{
		deny: []string{
			msgSub("unsubscribe_not_approved", waba+" → "+wabaB),
			msg("number_override_removed_not_approved", addrHook, numberA+" → "+numberB),
		},
		// The new ones get the override.
		warn: []string{
			msgSub("callback_changed", waba+" → "+wabaB),
			msg("number_callback_changed", addrHook, numberA+" → "+numberB),
		},
		phrases: []string{
			"moves the subscription from WABA " + waba + " to WABA " + wabaB,
			"moves the callback override from phone number " + numberA + " to " + numberB,
		},
	})

	k.write(config(waba, "/acme", numberA, "/support", 1, "Acme Support"))
	k.check("-replace of the subscription", k.plan("replace", append([]string{"-replace=" + addrSub}, verify...)...), nil, want{
		deny:    []string{msgSub("unsubscribe_not_approved", waba)},
		phrases: []string{"replaces the subscription (unsubscribe, then subscribe; -replace was requested)"},
	})
}
