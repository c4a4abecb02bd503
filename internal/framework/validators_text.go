package framework

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// Validators of the number-as-code resources.

var (
	_ validator.String = textLengthValidator{}
	_ validator.String = webURLValidator{}
	_ validator.String = EmailValidator{}
)

// textLengthValidator bounds a text's length in characters, as Meta counts
// it: stringvalidator.UTF8LengthBetween decides; this wrapper only words
// the refusal with the count and Meta's limit.
type textLengthValidator struct {
	min, max int
	inner    validator.String
}

// TextLength bounds a text to minChars..maxChars characters (runes, not
// bytes: a text with accents is counted as Meta counts it).
func TextLength(minChars, maxChars int) validator.String {
	return textLengthValidator{min: minChars, max: maxChars, inner: stringvalidator.UTF8LengthBetween(minChars, maxChars)}
}

func (v textLengthValidator) Description(context.Context) string {
	if v.min == 0 {
		return fmt.Sprintf("must be at most %d characters long", v.max)
	}
	return fmt.Sprintf("must be %d to %d characters long", v.min, v.max)
}

func (v textLengthValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v textLengthValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	var inner validator.StringResponse
	v.inner.ValidateString(ctx, req, &inner)
	if !inner.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
		fmt.Sprintf("%s %s (Meta's limit); it has %d.", req.Path, v.Description(ctx), utf8.RuneCountInString(req.ConfigValue.ValueString())))
}

// webURLValidator accepts an absolute URL with a host, of the schemes
// given, without credentials, of at most max characters.
type webURLValidator struct {
	schemes []string
	max     int
	what    string
}

func CallbackURI() validator.String {
	return webURLValidator{schemes: []string{"https"}, max: cloudapi.MaxCallbackURILength, what: "an https URL"}
}

func WebsiteURL() validator.String {
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
		problem = fmt.Sprintf("got %s", ShortQuote(raw))
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
type EmailValidator struct{}

func (EmailValidator) Description(context.Context) string {
	return "must be an email address such as support@example.com, or empty to clear it"
}

func (v EmailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v EmailValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if s := req.ConfigValue.ValueString(); s != "" && !emailPattern.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s %s; got %s.", req.Path, v.Description(ctx), ShortQuote(s)))
	}
}

// secretEdgeValidator refuses a secret that starts or ends with white space
// (a verify token read with file() ends with a newline, and Meta's
// verification GET would carry it) or holds a control character, without
// echoing it.
type SecretEdgeValidator struct{}

func (SecretEdgeValidator) Description(context.Context) string {
	return "must not start or end with white space, nor hold control characters"
}

func (v SecretEdgeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v SecretEdgeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
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
			fmt.Sprintf("%s %s; %s. The value is not shown here because it is a secret.", req.Path, SecretEdgeValidator{}.Description(context.Background()), problem))
	}
}
