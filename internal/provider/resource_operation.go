package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// What every resource shares: startOperation, fixedTimeout, validImportID.
//
// What the number-as-code resources share (whatsapp_webhook_subscription,
// whatsapp_phone_number_webhook, whatsapp_business_profile): none of them
// spends the 10-per-72-hours register budget, and each of their writes is
// idempotent (it sets a state), so a failed apply is simply run again.

// defaultWriteTimeout bounds their create, update and delete.
const defaultWriteTimeout = 5 * time.Minute

// startOperation prepares a CRUD call: the client, the logging context and
// the operation's deadline. It returns a nil client after adding why.
func startOperation(ctx context.Context, data *providerData, timeout func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc, *cloudapi.Client) {
	client := clientFrom(data, diags)
	d, dd := timeout(ctx, def)
	diags.Append(dd...)
	if client == nil || diags.HasError() {
		return ctx, func() {}, nil
	}
	ctx, cancel := context.WithTimeout(data.logContext(ctx), d)
	return ctx, cancel, client
}

// fixedTimeout is the timeout of an operation without a timeouts block of
// its own, such as an import: always the default.
func fixedTimeout(_ context.Context, def time.Duration) (time.Duration, diag.Diagnostics) {
	return def, nil
}

// writeTimeouts is their timeouts block.
func writeTimeouts(ctx context.Context) schema.Block {
	return timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true,
		CreateDescription: "How long a create may take, retries and waits included (default 5m).",
		ReadDescription:   "How long a refresh may take (default 90s).",
		UpdateDescription: "How long an update may take (default 5m).",
		DeleteDescription: "How long a destroy may take (default 5m)."})
}

// validateTimeouts refuses a timeout of zero or less, on its attribute.
func validateTimeouts(ctx context.Context, config tfsdk.Config, resp *resource.ValidateConfigResponse) {
	var block timeouts.Value
	resp.Diagnostics.Append(config.GetAttribute(ctx, path.Root("timeouts"), &block)...)
	if block.IsNull() || block.IsUnknown() {
		return
	}
	for name, v := range block.Attributes() {
		checkTimeout(path.Root("timeouts").AtName(name), v, resp)
	}
}

// validImportID checks that an import id is a Graph id; what names it and
// example shows the command.
func validImportID(id, what, example string, diags *diag.Diagnostics) bool {
	if cloudapi.IDPattern.MatchString(id) {
		return true
	}
	diags.AddError("Invalid import id", shortQuote(id)+" is not "+what+". Import with the numeric id (1 to 20 digits), for example: "+example)
	return false
}
