package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The texts of the provider's own configuration, one constructor per
// scenario.

// tokenRefusedError is guardCredentials' refusal: it names where the token
// came from, never the token.
func tokenRefusedError(source string, err error) diag.Diagnostic {
	return framework.APIError("Meta refused the access token from "+source,
		"The provider checks the access token when it is configured (one GET /app per run), so that a plan fails here rather than the apply after it was approved. "+
			"Meta refused the token from "+source+", so no call was made for any resource and nothing was changed.", err)
}

func appSecretRefusedError(source string, err error) diag.Diagnostic {
	return framework.APIError("Meta refused the appsecret_proof made with "+source,
		"The provider checks its credentials when it is configured (one GET /app per run), so that a plan fails here rather than the apply after it was approved. "+
			"Meta refused the appsecret_proof computed from "+source+": the app secret is wrong, or the app requires one and none is set. "+
			"No call was made for any resource and nothing was changed. Set app_secret (or "+framework.EnvAppSecret+") to the app secret of the token's app "+
			"(App Dashboard, App settings > Basic); it is never printed.", err)
}
