package webhooks

import (
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// Webhook safety: the guards of the two singleton webhook objects.
//
// A WABA's subscription and a number's callback override are singletons:
// when the app is unsubscribed or the override is cleared, every message and
// status update of every number stops arriving, with no error anywhere.
// These guards keep that from happening by surprise, as guards.go's keep a
// registration from stranding a number. Each is named here, used where it
// says, and proved by the tests listed.
//
//   - guardSameApp (refresh, update, delete of both resources): the app the
//     token belongs to (GET /app) must be the app in state (app_id). A token
//     of another app is an error that names both apps; state is left as it
//     was, nothing is written, adopted or removed as the other app.
//     Tests: TestGuardSameApp, TestCLISubscriptionTokenOfAnotherAppIsAnError,
//     TestCLINumberWebhookTokenOfAnotherAppIsAnError.
//   - guardHookCreateBeforeDestroy (Delete of both resources): an object
//     this process created or adopted moments ago, for the object that
//     replaces this one, is not unsubscribed or cleared
//     (create_before_destroy with -replace or replace_triggered_by, or a
//     rename without a moved block). The create, update and delete of one
//     WABA's subscription, or of one number's override, take turns
//     (hookLedger.lock), so whichever of a rename's create and destroy runs
//     first, the object ends present and in state.
//     Tests: TestGuardHookCreateBeforeDestroy, TestCLISubscriptionCreateBeforeDestroyKeepsIt,
//     TestCLINumberWebhookCreateBeforeDestroyKeepsIt,
//     TestCLIWebhookRenameWithoutMovedKeepsBoth.
//   - guardAnnounceTakeover (Create of both resources): a create reads first.
//     A subscription of this app that already exists is adopted, with a
//     warning naming its override and saying that destroying the resource
//     unsubscribes the app for every tool that relies on it. A number
//     override that already exists with another URL is refused, with
//     terraform import advice, because the plan never named the URL it would
//     replace; the same URL is adopted with a warning.
//     Tests: TestGuardAnnounceTakeover, TestCLISubscriptionCreateAnnouncesAdoption,
//     TestCLISubscriptionCreateKeepsAnUnannouncedOverride,
//     TestCLINumberWebhookCreateRefusesToReplaceAnOverride.
//   - guardPartialCreate (Create of whatsapp_webhook_subscription): a create
//     whose subscribe succeeded and whose override failed saves the
//     subscription in state, tainted, so that destroy can remove it and the
//     next apply replaces it.
//     Tests: TestCLIWebhookSubscriptionCreateOrderAndRefusedCallback.
//   - guardCredentials (Configure): one GET /app per process and token checks
//     that Meta accepts the token, so that a plan of creates only fails when
//     the token is refused, not the apply after approval. The error names
//     where the token came from, never its value.
//     Tests: TestCLIPlanWithARefusedTokenFails (one GET /app per command),
//     TestCLIRunANumberAsCodeGuide (one GET /app for a whole apply).

// hookLedger remembers, for the life of one provider process, which webhook
// objects this process created or adopted, and makes the writes of one
// object take turns. Keys are subscriptionKey and numberWebhookKey.
type hookLedger struct {
	mu      sync.Mutex
	claimed map[string]bool
	locks   map[string]*sync.Mutex
}

type hookLedgerKey struct{}

// hookLedgerOf is the hook ledger of this provider process.
func hookLedgerOf(data *framework.ProviderData) *hookLedger {
	return framework.Shared(data.Process, hookLedgerKey{}, newHookLedger)
}

func newHookLedger() *hookLedger {
	return &hookLedger{claimed: map[string]bool{}, locks: map[string]*sync.Mutex{}}
}

func subscriptionKey(waba string) string    { return "subscription/" + waba }
func numberWebhookKey(number string) string { return "number-webhook/" + number }

// lock makes the writes of one object take turns within this run, and
// returns the unlock.
func (l *hookLedger) lock(key string) func() {
	l.mu.Lock()
	m, ok := l.locks[key]
	if !ok {
		m = &sync.Mutex{}
		l.locks[key] = m
	}
	l.mu.Unlock()
	m.Lock()
	return m.Unlock
}

// claim records that this process created or adopted the object.
func (l *hookLedger) claim(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.claimed[key] = true
}

// guardHookCreateBeforeDestroy reports whether a Delete must skip its
// unsubscribe or clear: this process created or adopted the same object
// for the resource that replaces this one.
func (l *hookLedger) guardHookCreateBeforeDestroy(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.claimed[key]
}

// guardSameApp returns an error when the token's app is not the app state
// records; a state without app_id (written before the provider recorded
// it) has nothing to compare, and gets the token's app.
func guardSameApp(object string, stateID, stateName types.String, token *cloudapi.App) diag.Diagnostic {
	if stateID.IsNull() || stateID.IsUnknown() || stateID.ValueString() == token.ID {
		return nil
	}
	return anotherAppError(object, &cloudapi.App{ID: stateID.ValueString(), Name: stateName.ValueString()}, token)
}

// numberOverrideAction is what guardAnnounceTakeover lets a number
// override's create do.
type numberOverrideAction int

const (
	overrideSet numberOverrideAction = iota
	overrideAdopt
	overrideRefuse
)

// guardAnnounceTakeover decides a number override's create from the
// override Meta reports ("" for none) and the configured one.
func guardAnnounceTakeover(existing, configured string) numberOverrideAction {
	switch existing {
	case "":
		return overrideSet
	case configured:
		return overrideAdopt
	}
	return overrideRefuse
}
