// Package webhooks is the webhooks area: whatsapp_webhook_subscription and
// whatsapp_phone_number_webhook.
//
// Where each rule lives:
//   - guards_webhooks.go: guardSameApp, guardHookCreateBeforeDestroy,
//     guardAnnounceTakeover, guardPartialCreate, with the tests that prove
//     each (guardCredentials, listed there too, is the provider's:
//     internal/provider/provider_credentials.go); the hook ledger they keep
//     (hookLedgerOf);
//   - webhook_subscription_crud.go, phone_number_webhook_crud.go: the
//     finders (findSubscription, findNumberWebhook, whose absences are
//     framework.NotFoundError) and the CRUD;
//   - diagnostics_webhooks.go: every text, by name.
//
// None of these writes spends the register budget, and each sets a state,
// so a failed apply is simply run again.
package webhooks
