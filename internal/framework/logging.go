package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

const logSubsystem = "cloudapi"

// maskedKeys are log fields whose values tflog masks, whatever a future
// change puts in them.
var maskedKeys = []string{"pin", "password", "access_token", "appsecret_proof", "authorization", "verify_token"}

// logContext starts the "cloudapi" log subsystem, with its masks, once per
// Terraform operation. The client's events then only write to it: building
// a subsystem logger per HTTP call was the largest avoidable CPU cost of a
// large plan.
func (d *ProviderData) LogContext(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, logSubsystem)
	ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, logSubsystem, maskedKeys...)
	if len(d.secrets) > 0 {
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, d.secrets...)
		ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, d.secrets...)
	}
	return ctx
}

// clientLog sends the client's events to the "cloudapi" subsystem. The
// client already keeps secrets out of its fields; the masks set up by
// logContext are a second line.
func ClientLog(ctx context.Context, level cloudapi.Level, msg string, fields map[string]any) {
	switch level {
	case cloudapi.LevelWarn:
		tflog.SubsystemWarn(ctx, logSubsystem, msg, fields)
	case cloudapi.LevelInfo:
		tflog.SubsystemInfo(ctx, logSubsystem, msg, fields)
	default:
		tflog.SubsystemDebug(ctx, logSubsystem, msg, fields)
	}
}
