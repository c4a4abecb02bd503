package framework

// Environment variables read when the provider block leaves a value unset
// (internal/provider reads them; the texts of every area name them).
const (
	EnvAccessToken = "WHATSAPP_ACCESS_TOKEN"
	EnvBaseURL     = "WHATSAPP_BASE_URL"
	EnvAPIVersion  = "WHATSAPP_API_VERSION"
	EnvAppSecret   = "WHATSAPP_APP_SECRET" //nolint:gosec // the name of a variable, not a credential
	// EnvRegistrationPIN supplies registration_pin, the two-step PIN the
	// whatsapp_phone_registration_reregister action presents.
	EnvRegistrationPIN = "WHATSAPP_REGISTRATION_PIN"
)
