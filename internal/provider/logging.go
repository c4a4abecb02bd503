package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

const logSubsystem = "cloudapi"

// clientLogger sends the client's events to tflog's "cloudapi" subsystem.
// The client already keeps secrets out of its fields; the masks here are a
// second line, so that a future field cannot leak the token or app secret.
func clientLogger(secrets ...string) cloudapi.LogFunc {
	var masked []string
	for _, s := range secrets {
		if s != "" {
			masked = append(masked, s)
		}
	}
	return func(ctx context.Context, msg string, fields map[string]any) {
		ctx = tflog.NewSubsystem(ctx, logSubsystem)
		ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, logSubsystem, "pin", "password", "access_token", "appsecret_proof", "authorization")
		if len(masked) > 0 {
			ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, masked...)
			ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, masked...)
		}
		tflog.SubsystemDebug(ctx, logSubsystem, msg, fields)
	}
}
