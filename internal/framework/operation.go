package framework

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// What every resource shares: startOperation, fixedTimeout, validImportID.
//
// What the number-as-code resources share (whatsapp_webhook_subscription,
// whatsapp_phone_number_webhook, whatsapp_business_profile): none of them
// spends the 10-per-72-hours register budget, and each of their writes is
// idempotent (it sets a state), so a failed apply is simply run again.

// The default timeouts, one set for every resource and data source. The
// registration's create alone waits longer (createRegistrationTimeout in
// internal/service/registration), because it may deregister and register.
const (
	// DefaultWriteTimeout bounds a create, update or delete.
	DefaultWriteTimeout = 5 * time.Minute
	// DefaultReadTimeout bounds a refresh, an import or a data source read,
	// so that a plan against an API that never answers ends within two
	// minutes.
	DefaultReadTimeout = 90 * time.Second
)

// startOperation prepares a CRUD call: the client, the logging context and
// the operation's deadline. It returns a nil client after adding why.
func StartOperation(ctx context.Context, data *ProviderData, timeout func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc, *cloudapi.Client) {
	client := ClientFrom(data, diags)
	d, dd := timeout(ctx, def)
	diags.Append(dd...)
	if client == nil || diags.HasError() {
		return ctx, func() {}, nil
	}
	ctx, cancel := context.WithTimeout(data.LogContext(ctx), d)
	return ctx, cancel, client
}

// fixedTimeout is the timeout of an operation without a timeouts block of
// its own, such as an import: always the default.
func FixedTimeout(_ context.Context, def time.Duration) (time.Duration, diag.Diagnostics) {
	return def, nil
}

// writeTimeouts is their timeouts block.
func WriteTimeouts(ctx context.Context) schema.Block {
	return timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true,
		CreateDescription: "How long a create may take, retries and waits included (default 5m).",
		ReadDescription:   "How long a refresh may take (default 90s).",
		UpdateDescription: "How long an update may take (default 5m).",
		DeleteDescription: "How long a destroy may take (default 5m)."})
}

// validateTimeouts refuses a timeout of zero or less, on its attribute.
func ValidateTimeouts(ctx context.Context, config tfsdk.Config, resp *resource.ValidateConfigResponse) {
	var block timeouts.Value
	resp.Diagnostics.Append(config.GetAttribute(ctx, path.Root("timeouts"), &block)...)
	if block.IsNull() || block.IsUnknown() {
		return
	}
	for name, v := range block.Attributes() {
		CheckTimeout(path.Root("timeouts").AtName(name), v, resp)
	}
}

// validImportID checks that an import id is a Graph id; what names it and
// example shows the command.
func ValidImportID(id, what, example string, diags *diag.Diagnostics) bool {
	if cloudapi.IDPattern.MatchString(id) {
		return true
	}
	diags.AddError("Invalid import id", ShortQuote(id)+" is not "+what+". Import with the numeric id (1 to 20 digits), for example: "+example)
	return false
}

// checkTimeout refuses one timeout of zero or less.
func CheckTimeout(p path.Path, v attr.Value, resp *resource.ValidateConfigResponse) {
	s, ok := v.(types.String)
	if !ok || s.IsNull() || s.IsUnknown() {
		return
	}
	if _, err := time.ParseDuration(s.ValueString()); err != nil {
		return // the timeouts block's own validator says so
	}
	if msg := CheckDuration(s.ValueString(), 0); msg != "" {
		resp.Diagnostics.AddAttributeError(p, "Invalid "+p.String(), p.String()+" must be a duration above zero, such as \"10m\"; "+msg+".")
	}
}
