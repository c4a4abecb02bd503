package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

var pinPattern = regexp.MustCompile(`^[0-9]{6}$`)

var (
	_ validator.String = secretFormatValidator{}
	_ validator.String = graphIDValidator{}
	_ validator.String = regionValidator{}
	_ validator.String = positiveDurationValidator{}
	_ validator.String = baseURLValidator{}
)

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

// graphIDValidator checks a Graph id: digits, of a bounded length, so that
// a pasted phone number or a runaway value is refused at validate.
type graphIDValidator struct{ what string }

func graphID(what string) validator.String { return graphIDValidator{what: what} }

func (v graphIDValidator) Description(context.Context) string {
	return "must be " + v.what + " (1 to 20 digits)"
}

func (v graphIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v graphIDValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || cloudapi.IDPattern.MatchString(req.ConfigValue.ValueString()) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
		fmt.Sprintf("%s %s; got %s.", req.Path, v.Description(ctx), shortQuote(req.ConfigValue.ValueString())))
}

// shortQuote quotes a value that is not secret, cut to a readable length.
func shortQuote(s string) string {
	if n := len([]rune(s)); n > 32 {
		return fmt.Sprintf("%q… (%d characters)", string([]rune(s)[:32]), n)
	}
	return fmt.Sprintf("%q", s)
}

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
	detail := fmt.Sprintf("%s %s; got %s.", req.Path, v.Description(ctx), shortQuote(value))
	if upper := strings.ToUpper(strings.TrimSpace(value)); slices.Contains(cloudapi.Regions, upper) {
		detail = fmt.Sprintf("%s must be an upper-case country code: did you mean %q? Meta refuses %s.", req.Path, upper, shortQuote(value))
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), detail)
}

// positiveDurationValidator accepts a Go duration above zero and at most max.
type positiveDurationValidator struct{ max time.Duration }

func (v positiveDurationValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a duration above zero and at most %s, such as \"30s\" or \"2m\"", v.max)
}

func (v positiveDurationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v positiveDurationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := checkDuration(req.ConfigValue.ValueString(), v.max); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s %s; %s.", req.Path, v.Description(ctx), msg))
	}
}

// checkDuration says what is wrong with a duration, "" when nothing.
func checkDuration(raw string, limit time.Duration) string {
	d, err := time.ParseDuration(raw)
	switch {
	case err != nil:
		return fmt.Sprintf("%s is not a duration", shortQuote(raw))
	case d <= 0:
		return fmt.Sprintf("got %s, which would end the operation before it starts", shortQuote(raw))
	case limit > 0 && d > limit:
		return fmt.Sprintf("got %s", shortQuote(raw))
	}
	return ""
}

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
