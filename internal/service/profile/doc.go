// Package profile is the business profile area: whatsapp_business_profile.
//
// Where each rule lives: business_profile_resource.go (schema, plan),
// business_profile_crud.go (the read, the flatten and merge functions, the
// update and its read-back comparison, profileNotApplied),
// diagnostics_profile.go (every text, by name). A profile always exists,
// so there is no not-found: destroy only stops managing it
// (profileStaysWarning).
package profile
