package framework

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

var (
	_ validator.String = secretFormatValidator{}
	_ validator.String = graphIDValidator{}
	_ validator.String = PositiveDurationValidator{}
)

// secretFormatValidator checks a secret's format without echoing it:
// stringvalidator.RegexMatches quotes the value in its error, which would put
// a mistyped PIN in CI logs.
type secretFormatValidator struct {
	pattern *regexp.Regexp
	rule    string
}

func SecretFormat(pattern *regexp.Regexp, rule string) validator.String {
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

// graphIDValidator checks a Graph id: digits, of a bounded length, so that
// a pasted phone number or a runaway value is refused at validate.
type graphIDValidator struct{ what string }

func GraphID(what string) validator.String { return graphIDValidator{what: what} }

func (v graphIDValidator) Description(context.Context) string {
	return "must be " + v.what + " (1 to 20 digits)"
}

func (v graphIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v graphIDValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || cloudapi.IDPattern.MatchString(req.ConfigValue.ValueString()) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
		fmt.Sprintf("%s %s; got %s.", req.Path, v.Description(ctx), ShortQuote(req.ConfigValue.ValueString())))
}

// shortQuote quotes a value that is not secret, cut to a readable length.
func ShortQuote(s string) string {
	if n := len([]rune(s)); n > 32 {
		return fmt.Sprintf("%q… (%d characters)", string([]rune(s)[:32]), n)
	}
	return fmt.Sprintf("%q", s)
}

// positiveDurationValidator accepts a Go duration above zero and at most max.
type PositiveDurationValidator struct{ Max time.Duration }

func (v PositiveDurationValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a duration above zero and at most %s, such as \"30s\" or \"2m\"", v.Max)
}

func (v PositiveDurationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v PositiveDurationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := CheckDuration(req.ConfigValue.ValueString(), v.Max); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s %s; %s.", req.Path, v.Description(ctx), msg))
	}
}

// checkDuration says what is wrong with a duration, "" when nothing.
func CheckDuration(raw string, limit time.Duration) string {
	d, err := time.ParseDuration(raw)
	switch {
	case err != nil:
		return fmt.Sprintf("%s is not a duration", ShortQuote(raw))
	case d <= 0:
		return fmt.Sprintf("got %s, which would end the operation before it starts", ShortQuote(raw))
	case limit > 0 && d > limit:
		return fmt.Sprintf("got %s", ShortQuote(raw))
	}
	return ""
}
