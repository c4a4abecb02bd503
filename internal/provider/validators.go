package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var _ validator.String = secretFormatValidator{}

// secretFormatValidator checks a secret's format without echoing it:
// stringvalidator.RegexMatches quotes the value in its error, which would put
// a mistyped PIN in CI logs.
type secretFormatValidator struct {
	pattern *regexp.Regexp
	rule    string
}

func secretFormat(pattern *regexp.Regexp, rule string) validator.String {
	return secretFormatValidator{pattern: pattern, rule: rule}
}

func (v secretFormatValidator) Description(context.Context) string { return "value " + v.rule }

func (v secretFormatValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v secretFormatValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if v.pattern.MatchString(value) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
		fmt.Sprintf("%s %s; the given value has %d character(s). It is not shown here because it is a secret.", req.Path, v.rule, len([]rune(value))))
}
