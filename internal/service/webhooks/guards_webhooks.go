package webhooks

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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
//   - guardSameApp (plan, refresh, update, delete of both resources; in a
//     Delete before the create_before_destroy skip): the app the token
//     belongs to (GET /app) must be the app in state (app_id). A token of
//     another app is an error that names both apps; state is left as it
//     was, nothing is written, adopted or removed as the other app.
//     Tests: TestGuardSameApp, TestCLISubscriptionTokenOfAnotherAppIsAnError,
//     TestCLINumberWebhookTokenOfAnotherAppIsAnError.
//   - guardHookPlan (ModifyPlan of both resources, below): guardSameApp at
//     plan time (also with -refresh=false and in the first half of a
//     replacement), app_id planned as the token's app for a create (an apply
//     with another app's token is stopped before any write), and a plan that
//     destroys and creates the same WABA's or number's object with another
//     URL refused (a rename without moved). Tests: see guardHookPlan.
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
//     unsubscribes the app for every tool that relies on it; one whose
//     override is another URL than the configured one is refused, with
//     terraform import advice. A number override that already exists with
//     another URL is refused the same way, because the plan never named the
//     URL it would replace; the same URL is adopted with a warning.
//     Tests: TestGuardAnnounceTakeover, TestCLISubscriptionCreateAnnouncesAdoption,
//     TestCLISubscriptionCreateKeepsAnUnannouncedOverride,
//     TestCLISubscriptionCreateRefusesToReplaceAnOverride,
//     TestCLINumberWebhookCreateRefusesToReplaceAnOverride.
//   - guardPartialCreate (Create of whatsapp_webhook_subscription): a create
//     whose subscribe succeeded and whose override failed saves the
//     subscription in state, tainted, so that destroy can remove it and the
//     next apply replaces it.
//     Tests: TestCLIWebhookSubscriptionCreateOrderAndRefusedCallback.
//   - guardCredentials (Configure, internal/provider): one GET /app per
//     process and token checks that Meta accepts the token and the
//     appsecret_proof, so that a plan of creates fails, not the apply after
//     approval. The error names where the token or the secret came from,
//     never its value.
//     Tests: TestCLIPlanWithARefusedTokenFails (one GET /app per command),
//     TestCLIPlanWithAWrongAppSecretFails,
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

// guardHookPlan is the plan-time side of the webhook guards, for both
// resources' ModifyPlan:
//   - the token's app must be the one state records, also in a plan made
//     with -refresh=false or in the first half of a replacement, which
//     would otherwise write as another app;
//   - a create plans app_id as the token's app, so that an apply made with
//     a token of another app (a saved plan, a switched CI secret) is stopped
//     by Terraform's final plan check before any write;
//   - a plan that destroys one address's object and creates another
//     address's on the same WABA or number with another callback URL (a
//     rename without moved, count to for_each) is refused: whichever runs
//     first, the other would undo it, and the create refuses a URL it finds.
//
// Tests: TestCLIWebhookPlanWithATokenOfAnotherAppIsRefused,
// TestCLIWebhookCreatePlannedWithAnotherAppDoesNotWrite,
// TestCLIWebhookRenameWithANewURLIsRefused.
type hookObject struct {
	key, object            string
	stateApp, stateAppName types.String
	stateURI               string
	planURI                types.String
}

// privateHookPlanOf marks the first half of a possible replacement for the
// create half: Terraform plans a replacement as an update, then a create.
const privateHookPlanOf = "hook_plan_of"

func guardHookPlan(ctx context.Context, data *framework.ProviderData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, obj hookObject) {
	stateNull, planNull := req.State.Raw.IsNull(), req.Plan.Raw.IsNull()
	if data == nil {
		return
	}
	plans := hookPlanOf(data)
	switch {
	case planNull:
		if plans.destroy(obj.key, obj.stateURI) {
			resp.Diagnostics.Append(hookRenameError(obj.object))
		}
		return
	case stateNull:
		raw, _ := req.Private.GetKey(ctx, privateHookPlanOf)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateHookPlanOf, nil)...)
		if len(raw) == 0 && obj.key != "" && !obj.planURI.IsUnknown() && plans.create(obj.key, obj.planURI.ValueString()) {
			resp.Diagnostics.Append(hookRenameError(obj.object))
			return
		}
	default:
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateHookPlanOf, []byte(`{"replacing":true}`))...)
	}
	if data.Client == nil {
		return
	}
	app, err := data.Client.App(ctx)
	if err != nil {
		return // the apply's own calls say why
	}
	if !stateNull {
		if d := guardSameApp(obj.object, obj.stateApp, obj.stateAppName, app); d != nil {
			resp.Diagnostics.Append(d)
			return
		}
	}
	var planned types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("app_id"), &planned)...)
	if planned.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("app_id"), app.ID)...)
	}
}

// hookPlan records, per configured provider, the webhook objects a plan
// destroys and creates, with their callback URLs.
type hookPlan struct {
	mu                 sync.Mutex
	destroyed, created map[string]string
}

type hookPlanKey struct{}

func hookPlanOf(data *framework.ProviderData) *hookPlan {
	return framework.Shared(data.Configured, hookPlanKey{}, func() *hookPlan {
		return &hookPlan{destroyed: map[string]string{}, created: map[string]string{}}
	})
}

// destroy and create record one side and report a conflict: the same
// object destroyed and created with another URL in one plan.
func (p *hookPlan) destroy(key, uri string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.destroyed[key] = uri
	created, ok := p.created[key]
	return ok && created != uri
}

func (p *hookPlan) create(key, uri string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.created[key] = uri
	destroyed, ok := p.destroyed[key]
	return ok && destroyed != uri
}

// planAppMatches is the apply-time fallback of guardHookPlan: a create
// whose plan named the token's app refuses, before any write, a token that
// now belongs to another app.
func planAppMatches(object string, planned types.String, app *cloudapi.App, diags *diag.Diagnostics) bool {
	if planned.IsNull() || planned.IsUnknown() || planned.ValueString() == app.ID {
		return true
	}
	diags.Append(plannedAppMismatchError(object, planned.ValueString(), app))
	return false
}
