package registration

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

var pinPattern = regexp.MustCompile(`^[0-9]{6}$`)

var _ validator.String = regionValidator{}

// regionValidator accepts Meta's region codes, and suggests the upper-case
// code for a lower-case one.
type regionValidator struct{}

func (regionValidator) Description(context.Context) string {
	return "must be one of: " + strings.Join(cloudapi.Regions, ", ")
}

func (v regionValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v regionValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if slices.Contains(cloudapi.Regions, value) {
		return
	}
	detail := fmt.Sprintf("%s %s; got %s.", req.Path, v.Description(ctx), framework.ShortQuote(value))
	if upper := strings.ToUpper(strings.TrimSpace(value)); slices.Contains(cloudapi.Regions, upper) {
		detail = fmt.Sprintf("%s must be an upper-case country code: did you mean %q? Meta refuses %s.", req.Path, upper, framework.ShortQuote(value))
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), detail)
}
