package templates

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// The limits a configuration alone can break, refused at validate on the
// attribute that breaks them (the limits of one value, lengths and enums,
// are the schema's validators). What is unknown at validate is checked
// when it is known (at plan).

var (
	templateVariable = regexp.MustCompile(`\{\{([^{}]*)\}\}`)
	positionalVar    = regexp.MustCompile(`^[1-9][0-9]*$`)
	namedVar         = regexp.MustCompile(`^[a-z_]+$`)
)

// ttlRanges are message_send_ttl_seconds' ranges per category (-1, 30
// days, is also allowed for UTILITY).
var ttlRanges = map[string][2]int64{"UTILITY": {30, 43_200}, "MARKETING": {43_200, 2_592_000}, "AUTHENTICATION": {30, 900}}

func validateTemplate(ctx context.Context, m messageTemplateModel, diags *diag.Diagnostics) {
	format := "POSITIONAL"
	if m.ParameterFormat.IsUnknown() {
		return
	}
	if !m.ParameterFormat.IsNull() {
		format = m.ParameterFormat.ValueString()
	}
	if !m.Category.IsUnknown() {
		validateCategoryContent(ctx, m, diags)
	}
	if !m.TTLSeconds.IsNull() && !m.TTLSeconds.IsUnknown() && !m.Category.IsUnknown() {
		if r, ok := ttlRanges[m.Category.ValueString()]; ok {
			v := m.TTLSeconds.ValueInt64()
			if (v != -1 || m.Category.ValueString() == "MARKETING") && (v < r[0] || v > r[1]) {
				also := " (or -1 for 30 days)"
				if m.Category.ValueString() == "MARKETING" {
					also = ""
				}
				attrError(diags, path.Root("message_send_ttl_seconds"), "Invalid message_send_ttl_seconds",
					fmt.Sprintf("A %s template's message_send_ttl_seconds is %d to %d seconds%s; got %d.", m.Category.ValueString(), r[0], r[1], also, v))
			}
		}
	}
	if h, ok := objectAs[headerModel](ctx, m.Header, diags); ok {
		validateHeader(h, format, diags)
	}
	if b, ok := objectAs[bodyModel](ctx, m.Body, diags); ok && !b.Text.IsNull() {
		validateBody(b, format, diags)
	}
	if f, ok := objectAs[footerModel](ctx, m.Footer, diags); ok && !f.Text.IsUnknown() && strings.Contains(f.Text.ValueString(), "{{") {
		attrError(diags, path.Root("footer").AtName("text"), "Invalid footer text", "A footer cannot have variables ({{...}}).")
	}
	if !m.Buttons.IsNull() && !m.Buttons.IsUnknown() {
		var buttons []types.Object
		diags.Append(m.Buttons.ElementsAs(ctx, &buttons, false)...)
		validateButtons(ctx, buttons, diags)
	}
}

// objectAs decodes a known, non-null object.
func objectAs[T any](ctx context.Context, o types.Object, diags *diag.Diagnostics) (T, bool) {
	var out T
	if o.IsNull() || o.IsUnknown() {
		return out, false
	}
	diags.Append(o.As(ctx, &out, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true})...)
	return out, !diags.HasError()
}

// variablesOf lists the distinct variables of text in the order they first
// appear, or says what is wrong with them.
func variablesOf(text, format string) ([]string, string) {
	if strings.Count(text, "{{") != strings.Count(text, "}}") || len(templateVariable.FindAllString(text, -1)) != strings.Count(text, "{{") {
		return nil, "has mismatched variable braces: variables are written {{1}} (POSITIONAL) or {{name}} (NAMED)."
	}
	var names []string
	for _, mt := range templateVariable.FindAllStringSubmatch(text, -1) {
		v := mt[1]
		switch {
		case format == "POSITIONAL" && !positionalVar.MatchString(v):
			return nil, fmt.Sprintf("has the variable {{%s}}, which is not positional: with parameter_format POSITIONAL, variables are {{1}}, {{2}}, ...", v)
		case format == "NAMED" && !namedVar.MatchString(v):
			return nil, fmt.Sprintf("has the variable {{%s}}, which is not a valid name: with parameter_format NAMED, variables are lower-case letters and underscores.", v)
		}
		if !contains(names, v) {
			names = append(names, v)
		}
	}
	if format == "POSITIONAL" {
		for i, v := range names {
			if v != strconv.Itoa(i+1) {
				return nil, fmt.Sprintf("has {{%s}} where {{%d}} was expected: positional variables are sequential, starting at {{1}}, in the order they first appear.", v, i+1)
			}
		}
	}
	return names, ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func validateHeader(h headerModel, format string, diags *diag.Diagnostics) {
	at := path.Root("header")
	if h.Format.IsUnknown() || h.Text.IsUnknown() || h.Example.IsUnknown() {
		return
	}
	switch h.Format.ValueString() {
	case "TEXT":
		if h.Text.IsNull() {
			attrError(diags, at.AtName("text"), "Missing header text", "A TEXT header needs text.")
			return
		}
		names, bad := variablesOf(h.Text.ValueString(), format)
		switch {
		case bad != "":
			attrError(diags, at.AtName("text"), "Invalid header text", "The header text "+bad)
		case len(names) > 1:
			attrError(diags, at.AtName("text"), "Invalid header text", fmt.Sprintf("A header has at most one variable; this one has %d.", len(names)))
		case len(names) == 1 && h.Example.IsNull():
			attrError(diags, at.AtName("example"), "Missing header example", "The header text has a variable, {{"+names[0]+"}}: Meta requires its example value in header.example.")
		case len(names) == 0 && !h.Example.IsNull():
			attrError(diags, at.AtName("example"), "Unexpected header example", "The header text has no variable, so it takes no example: remove header.example.")
		}
	case "IMAGE", "VIDEO", "DOCUMENT":
		if !h.Text.IsNull() {
			attrError(diags, at.AtName("text"), "Unexpected header text", "A media header has no text: only TEXT headers do.")
		}
		if h.Example.IsNull() || h.Example.ValueString() == "" {
			attrError(diags, at.AtName("example"), "Missing header example",
				"A "+h.Format.ValueString()+" header needs header.example: an upload handle of a sample file from Meta's Resumable Upload API.")
		}
	case "LOCATION":
		if !h.Text.IsNull() || !h.Example.IsNull() {
			attrError(diags, at.AtName("format"), "Invalid LOCATION header", "A LOCATION header has neither text nor example: the location is sent with each message.")
		}
	}
}

func validateBody(b bodyModel, format string, diags *diag.Diagnostics) {
	at := path.Root("body")
	if b.Text.IsUnknown() || b.Examples.IsUnknown() || b.NamedExamples.IsUnknown() {
		return
	}
	text := b.Text.ValueString()
	names, bad := variablesOf(text, format)
	if bad != "" {
		attrError(diags, at.AtName("text"), "Invalid body text", "The body text "+bad)
		return
	}
	trimmed := strings.TrimSpace(text)
	if len(names) > 0 && (strings.HasPrefix(trimmed, "{{") || strings.HasSuffix(trimmed, "}}")) {
		attrError(diags, at.AtName("text"), "Invalid body text", "Meta refuses a variable at the very start or end of the body: add text before the first variable and after the last one.")
		return
	}
	if format == "NAMED" {
		if !b.Examples.IsNull() {
			attrError(diags, at.AtName("examples"), "Unexpected body examples", "With parameter_format NAMED, examples are given by name in body.named_examples.")
		}
		got := map[string]bool{}
		for k := range b.NamedExamples.Elements() {
			got[k] = true
		}
		var missing, extra []string
		for _, n := range names {
			if !got[n] {
				missing = append(missing, "{{"+n+"}}")
			}
			delete(got, n)
		}
		for k := range got {
			extra = append(extra, k)
		}
		if len(missing) > 0 || len(extra) > 0 {
			attrError(diags, at.AtName("named_examples"), "Body examples do not match the variables",
				fmt.Sprintf("body.named_examples needs one example per variable of the body text: missing %v, not in the text %v.", missing, extra))
		}
		return
	}
	if !b.NamedExamples.IsNull() {
		attrError(diags, at.AtName("named_examples"), "Unexpected named examples", "body.named_examples is for parameter_format NAMED; with POSITIONAL, use body.examples.")
	}
	n := len(b.Examples.Elements())
	if n != len(names) {
		attrError(diags, at.AtName("examples"), "Body examples do not match the variables",
			fmt.Sprintf("The body text has %d variable(s) ({{1}} to {{%d}}) and body.examples has %d example(s): Meta requires exactly one example per variable, in order.", len(names), len(names), n))
		return
	}
	for i, e := range b.Examples.Elements() {
		if s, ok := e.(types.String); ok && !s.IsUnknown() && (s.IsNull() || s.ValueString() == "") {
			attrError(diags, at.AtName("examples").AtListIndex(i), "Empty body example", "Each example is a non-empty string.")
		}
	}
}

func validateButtons(ctx context.Context, list []types.Object, diags *diag.Diagnostics) {
	count := map[string]int{}
	qrRun, qrEnded := false, false
	for i, o := range list {
		at := path.Root("buttons").AtListIndex(i)
		b, ok := objectAs[buttonModel](ctx, o, diags)
		if !ok || b.Type.IsUnknown() {
			continue
		}
		typ := b.Type.ValueString()
		if typ == "OTP" {
			validateOTPButton(b, at, diags)
		} else {
			refuseOTPSettings(b, at, typ, diags)
		}
		count[typ]++
		if limit := buttonCaps[typ]; count[typ] > limit {
			attrError(diags, at.AtName("type"), "Too many "+typ+" buttons", fmt.Sprintf("A template has at most %d %s button(s).", limit, typ))
		}
		if typ == "QUICK_REPLY" {
			if qrEnded {
				attrError(diags, at.AtName("type"), "Quick replies must be grouped together",
					"Meta refuses quick-reply buttons separated by other buttons: put all QUICK_REPLY buttons next to each other.")
			}
			qrRun = true
		} else if qrRun {
			qrEnded = true
		}
		need := func(v types.String, name, why string) {
			if v.IsNull() {
				attrError(diags, at.AtName(name), "Missing "+name, why)
			}
		}
		refuse := func(v types.String, name string) {
			if !v.IsNull() {
				attrError(diags, at.AtName(name), "Unexpected "+name, "A "+typ+" button takes no "+name+".")
			}
		}
		switch typ {
		case "QUICK_REPLY":
			need(b.Text, "text", "A QUICK_REPLY button needs text.")
			refuse(b.URL, "url")
			refuse(b.PhoneNumber, "phone_number")
			refuse(b.Example, "example")
		case "PHONE_NUMBER":
			need(b.Text, "text", "A PHONE_NUMBER button needs text.")
			need(b.PhoneNumber, "phone_number", "A PHONE_NUMBER button needs phone_number.")
			refuse(b.URL, "url")
			refuse(b.Example, "example")
		case "URL":
			need(b.Text, "text", "A URL button needs text.")
			need(b.URL, "url", "A URL button needs url.")
			refuse(b.PhoneNumber, "phone_number")
			if b.URL.IsUnknown() || b.Example.IsUnknown() {
				continue
			}
			u := b.URL.ValueString()
			switch n := strings.Count(u, "{{"); {
			case n > 1 || (n == 1 && !strings.HasSuffix(u, "{{1}}")):
				attrError(diags, at.AtName("url"), "Invalid button url", "A URL has at most one variable, {{1}}, at its very end.")
			case n == 1 && b.Example.IsNull():
				attrError(diags, at.AtName("example"), "Missing example", "A URL with the variable {{1}} needs example: one full example URL.")
			case n == 0 && !b.Example.IsNull():
				attrError(diags, at.AtName("example"), "Unexpected example", "A URL without a variable takes no example.")
			}
		case "COPY_CODE":
			refuse(b.Text, "text")
			refuse(b.URL, "url")
			refuse(b.PhoneNumber, "phone_number")
			need(b.Example, "example", "A COPY_CODE button needs example: the example code.")
			if !b.Example.IsNull() && !b.Example.IsUnknown() && len([]rune(b.Example.ValueString())) > maxCopyCodeText {
				attrError(diags, at.AtName("example"), "Invalid example", fmt.Sprintf("A COPY_CODE example is at most %d characters.", maxCopyCodeText))
			}
		}
	}
}

// attrError adds an error on the top-level attribute of p: Terraform
// points a diagnostic at an attribute of the configuration, and a path
// into an object written as one expression (body = { ... }) would point at
// the whole resource. The detail names the nested attribute.
func attrError(diags *diag.Diagnostics, p path.Path, summary, detail string) {
	root := p
	if steps := p.Steps(); len(steps) > 1 {
		if name, ok := steps[0].(path.PathStepAttributeName); ok {
			root = path.Root(string(name))
			detail = p.String() + ": " + detail
		}
	}
	diags.AddAttributeError(root, summary, detail)
}

// atRoot is a validator of a nested attribute whose errors point at its
// top-level attribute (attrError).
func atRoot(inner validator.String) validator.String { return rootValidator{inner} }

type rootValidator struct{ validator.String }

func (v rootValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	var got validator.StringResponse
	v.String.ValidateString(ctx, req, &got)
	for _, d := range got.Diagnostics {
		if d.Severity() == diag.SeverityError {
			attrError(&resp.Diagnostics, req.Path, d.Summary(), d.Detail())
		} else {
			resp.Diagnostics.Append(d)
		}
	}
}
