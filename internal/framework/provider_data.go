package framework

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// ProviderData reaches resources and data sources through Configure.
type ProviderData struct {
	// Client is nil when the configuration is not known yet (UnknownConfig).
	Client *cloudapi.Client
	// Process holds what an area keeps for the life of the provider
	// process: the registration's run ledger, the webhooks' hook ledger
	// (see the guards files of each area). Every Configure of one process
	// shares it.
	Process *Scope
	// Configured holds what an area keeps for one Configure, such as the
	// registration's number claims (guardDuplicateNumber): a plan and the
	// apply that follows in the same process never count each other.
	Configured *Scope
	// UnknownConfig is set when the provider block depends on values known
	// only after apply; calls then fail with a clear message.
	UnknownConfig bool
	// token keys TokenKey; secrets are masked in every log line.
	token   string
	secrets []string
	// registrationPIN is the provider's registration_pin (or
	// WHATSAPP_REGISTRATION_PIN): the PIN an action presents, which action
	// schemas cannot hold as a secret. It never reaches a plan or state.
	registrationPIN string
}

// SetRegistrationPIN records the PIN actions present, and masks it in
// every log line.
func (d *ProviderData) SetRegistrationPIN(pin string) {
	d.registrationPIN = pin
	if pin != "" {
		d.secrets = append(d.secrets, pin)
	}
}

// RegistrationPIN is the PIN SetRegistrationPIN recorded ("" when none).
func (d *ProviderData) RegistrationPIN() string {
	if d == nil {
		return ""
	}
	return d.registrationPIN
}

// NewProviderData is what one Configure hands to resources and data
// sources. process outlives it; the access token and app secret are kept
// only to derive keys and to mask them in logs.
func NewProviderData(client *cloudapi.Client, process *Scope, token, appSecret string) *ProviderData {
	d := &ProviderData{Client: client, Process: process, Configured: NewScope(), token: token, UnknownConfig: client == nil}
	for _, s := range []string{token, appSecret} {
		if s != "" {
			d.secrets = append(d.secrets, s)
		}
	}
	return d
}

// TokenKey is a key derived from the access token for label (HMAC-SHA256),
// nil without a token: what it keys cannot be tested from a state or plan
// file alone.
func (d *ProviderData) TokenKey(label string) []byte {
	if d == nil || d.token == "" {
		return nil
	}
	m := hmac.New(sha256.New, []byte(d.token))
	m.Write([]byte(label))
	return m.Sum(nil)
}

// Scope is a set of values, one per key, made on first use.
type Scope struct {
	mu     sync.Mutex
	values map[any]any
}

// NewScope is an empty Scope.
func NewScope() *Scope { return &Scope{values: map[any]any{}} }

// Shared returns the value of s under key, made by create on first use.
// Each area keys its values with a type of its own, so that no two areas
// can collide.
func Shared[T any](s *Scope, key any, create func() T) T {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.values[key]; ok {
		return v.(T) //nolint:forcetypeassert // only create stores under key
	}
	v := create()
	s.values[key] = v
	return v
}

// ProviderDataFrom unpacks what Configure hands to a resource or data
// source.
func ProviderDataFrom(raw any, diags *diag.Diagnostics) *ProviderData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *framework.ProviderData, got %T. This is a bug in the provider.", raw))
	}
	return data
}

// ClientFrom returns the API client, or adds why there is none.
func ClientFrom(data *ProviderData, diags *diag.Diagnostics) *cloudapi.Client {
	if data == nil || data.UnknownConfig || data.Client == nil {
		NotConfigured(diags)
		return nil
	}
	return data.Client
}

// OptionalString maps a field Meta may leave out to null rather than "".
func OptionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
