package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

var _ validator.String = baseURLValidator{}

// baseURLValidator refuses, at validate, a base_url the client would refuse
// at plan: a version in the path, credentials, clear text to a remote host.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be the Graph API origin, such as " + cloudapi.DefaultBaseURL
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := cloudapi.ParseBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid base_url", err.Error()+".")
	}
}
