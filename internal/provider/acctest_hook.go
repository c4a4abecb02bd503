package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// NewForTests is a provider whose client configuration tune adjusts last
// (shorter waits and timeouts): the one hook of internal/acctest, which
// serves it to the terraform CLI in the acceptance tests. main uses New.
// Two lint rules keep it out of the plugin binary: forbidigo refuses a call
// outside tests and internal/acctest, and depguard's acctest-only-in-tests
// keeps the test kit out of non-test code.
func NewForTests(tune func(*cloudapi.Config)) provider.Provider {
	p := New("test")().(*WhatsAppProvider) //nolint:forcetypeassert // New returns a *WhatsAppProvider
	p.tune = tune
	return p
}
