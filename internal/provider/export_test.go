package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// newTestProvider is a provider whose client configuration tune adjusts
// last (shorter waits, timeouts): the test hook stays out of the exported
// API.
func newTestProvider(tune func(*cloudapi.Config)) provider.Provider {
	p := New("test")().(*WhatsAppProvider)
	p.tune = tune
	return p
}
