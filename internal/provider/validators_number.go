package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// Validators of the number-as-code resources. Meta counts characters, not
// bytes, so lengths are counted in runes (stringvalidator.LengthBetween
// counts bytes and would refuse a valid text with accents).

var (
	_ validator.String = charLengthValidator{}
	_ validator.String = webURLValidator{}
	_ validator.String = emailValidator{}
)

// charLengthValidator bounds a text's length in characters.
type charLengthValidator struct{ min, max int }

func charLength(minChars, maxChars int) validator.String {
	return charLengthValidator{min: minChars, max: maxChars}
}

func (v charLengthValidator) Description(context.Context) string {
	if v.min == 0 {
		return fmt.Sprintf("must be at most %d characters long", v.max)
	}
	return fmt.Sprintf("must be %d to %d characters long", v.min, v.max)
}

func (v charLengthValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v charLengthValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := utf8.RuneCountInString(req.ConfigValue.ValueString()); n < v.min || n > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s %s (Meta's limit); it has %d.", req.Path, v.Description(ctx), n))
	}
}

// webURLValidator accepts an absolute URL with a host, of the schemes
// given, without credentials, of at most max characters.
type webURLValidator struct {
	schemes []string
	max     int
	what    string
}

func callbackURI() validator.String {
	return webURLValidator{schemes: []string{"https"}, max: cloudapi.MaxCallbackURILength, what: "an https URL"}
}

func websiteURL() validator.String {
	return webURLValidator{schemes: []string{"http", "https"}, max: cloudapi.MaxProfileWebsite, what: "an http:// or https:// URL"}
}

func (v webURLValidator) Description(context.Context) string {
	return fmt.Sprintf("must be %s with a host, of at most %d characters", v.what, v.max)
}

func (v webURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v webURLValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	problem := ""
	u, err := url.Parse(raw)
	switch {
	case utf8.RuneCountInString(raw) > v.max:
		problem = fmt.Sprintf("it has %d characters", utf8.RuneCountInString(raw))
	case strings.IndexFunc(raw, unicode.IsSpace) >= 0:
		// url.Parse accepts a space in a path; Meta refuses the URL at apply,
		// sometimes after other writes of the same apply.
		problem = "it contains white space (a space, tab or newline); write a space inside a path as %20, and remove any at the ends"
	case err != nil:
		problem = "it does not parse as a URL"
	case u.User != nil:
		// Credentials would sit in state and plans in clear text; they are
		// not repeated here either.
		problem = "it must not carry credentials (user:password@)"
	case !slices.Contains(v.schemes, u.Scheme):
		problem = fmt.Sprintf("got %s", shortQuote(raw))
	case u.Host == "":
		problem = "it has no host"
	}
	if problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s %s; %s.", req.Path, v.Description(ctx), problem))
	}
}

// emailPattern: a local part and a domain of two labels or more, with no
// empty label (so no trailing dot, as in "support@example.com.", which
// Meta refuses) and no dot at either end of the local part.
var emailPattern = regexp.MustCompile(`^[^@\s.]([^@\s]*[^@\s.])?@[^@\s.]+(\.[^@\s.]+)+$`)

// emailValidator accepts an email address, or "" (which clears the field).
type emailValidator struct{}

func (emailValidator) Description(context.Context) string {
	return "must be an email address such as support@example.com, or empty to clear it"
}

func (v emailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v emailValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if s := req.ConfigValue.ValueString(); s != "" && !emailPattern.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s %s; got %s.", req.Path, v.Description(ctx), shortQuote(s)))
	}
}

// secretEdgeValidator refuses a secret that starts or ends with white space
// (a verify token read with file() ends with a newline, and Meta's
// verification GET would carry it) or holds a control character, without
// echoing it.
type secretEdgeValidator struct{}

func (secretEdgeValidator) Description(context.Context) string {
	return "must not start or end with white space, nor hold control characters"
}

func (v secretEdgeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v secretEdgeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	problem := ""
	switch {
	case strings.HasSuffix(s, "\n") || strings.HasSuffix(s, "\r"):
		problem = "it ends with a newline, as file() gives: use trimspace(file(...))"
	case strings.TrimSpace(s) != s:
		problem = "it starts or ends with white space: remove it (trimspace())"
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		problem = "it holds a control character"
	}
	if problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s %s; %s. The value is not shown here because it is a secret.", req.Path, secretEdgeValidator{}.Description(context.Background()), problem))
	}
}
