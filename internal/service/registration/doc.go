// Package registration is the registration area: whatsapp_phone_registration
// (resource and list resource), the whatsapp_phone_number and
// whatsapp_phone_numbers data sources, and the
// whatsapp_phone_registration_reregister action.
//
// Where each rule lives:
//   - guards.go: the replacement safety rules (guardPreflight,
//     guardReplacementAnnounced, guardPINRotated, guardDuplicateNumber,
//     guardBeforeRegister, guardCreateBeforeDestroy, guardStranded,
//     guardAdoptedPIN, guardReregisterAction), each
//     with the tests that prove it; the run ledger and the number claims
//     they keep, in framework.ProviderData's scopes (runLedgerOf,
//     numberClaimsOf);
//   - finder.go: the one read of a number and its settings (findNumber,
//     findRegistration, whose "not registered" is a framework.NotFoundError)
//     and the flatten function the resource and data sources share;
//   - phone_registration_private.go: what private state carries (the PIN
//     hash, keyed by the access token through pinKeyOf);
//   - diagnostics_registration.go: every text, by name;
//   - phone_registration_*.go, phone_number*_data_source.go: one Terraform
//     type each (schema, CRUD, plan, validate);
//     phone_registration_reregister_action.go says where the action's PIN
//     comes from (the provider's registration_pin), and why.
//
// What it shares with the other areas is in internal/framework; it never
// imports another area, nor net/http (depguard).
package registration
