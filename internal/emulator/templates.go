package emulator

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Message templates (docs/development/templates.md, Meta's
// template-management page): create POST /{waba}/message_templates, list
// GET /{waba}/message_templates, read GET /{template}, edit POST
// /{template}, delete DELETE /{waba}/message_templates, with the review
// state machine driven from the control API (control_templates.go).
//
// The rules Meta documents, as the emulator applies them:
//   - name [a-z0-9_]{1,512}; a language of Meta's list; category
//     AUTHENTICATION, MARKETING or UTILITY; parameter_format POSITIONAL
//     (default) or NAMED; each (name, language) once per WABA (100/2388024);
//   - components: at most one HEADER, FOOTER and BUTTONS, exactly one BODY;
//     body 1,024 characters, header and footer 60, button text 25, URL
//     2,000, phone number 20, copy-code example 15 (100/2388040); at most
//     10 buttons: quick replies 10 (grouped together), URL 2, phone 1,
//     copy code 1, OTP 1 (authentication only); positional variables
//     {{1}}, {{2}}... from 1 and in order, named ones [a-z_]+, one in a
//     header, none in a footer, none at the start or end of a body
//     (100/2388299); examples for every variable (100/2388043);
//   - authentication templates: no header, no body text (Meta's fixed
//     text), one OTP button (COPY_CODE, ONE_TAP, ZERO_TAP, with up to 5
//     supported_apps), code_expiration_minutes 1-90; TTL ranges per
//     category (AUTHENTICATION 30-900 s, UTILITY 30-43,200 s, MARKETING
//     43,200-2,592,000 s; -1 for AUTHENTICATION and UTILITY);
//   - the WABA's template cap (TemplateLimit, each language counting once;
//     100/2388019) and 100 creations per WABA per hour;
//   - an edit only of an APPROVED, REJECTED or PAUSED template, of its
//     category, components and TTL (components replaced whole); an
//     APPROVED template's category cannot change, and it may be edited once
//     per 24 hours and 10 times per 30 days; an edit sends it back to
//     PENDING;
//   - a delete by name (every language) or by hsm_id and name (one); a
//     DISABLED template cannot be deleted; deleting an APPROVED template
//     blocks its name in that language for TemplateNameBlock.
//
// Read-backs are in Meta's forms, not the request's: component types and
// formats upper case, media header handles read back as scontent URLs, OTP
// buttons read back as URL buttons, an authentication body and footer as
// Meta's fixed texts, their settings or both (unconfirmed: the control API
// chooses, templates_auth.go).
//
// Codes where Meta's documentation names none (unconfirmed, chosen as
// plausible; the reference's section 4 says so):
//   - 100 creations within the hour: code 80008 ("too many calls to this
//     WhatsApp Business account"), HTTP 400;
//   - a name blocked after the delete of an APPROVED template: 100/2388023
//     (the text community code reports for "content is being deleted");
//   - the edit budget spent, an edit of a status that may not be edited, a
//     category change on an APPROVED template, a delete of a DISABLED
//     template, a delete naming no template: code 100 without a subcode,
//     each with its own message and details;
//   - malformed components (unknown types, counts, missing fields): 100,
//     with 2388047 (header), 2388072 (body), 2388073 (footer) and 2388050
//     (buttons) where the component is known.
//
// The body is read as JSON only (Meta's older form encoding is not
// served).

// Operations of this file, as they appear in the log and in faults.
const (
	OpCreateTemplate = "create_template"
	OpListTemplates  = "list_templates"
	OpGetTemplate    = "get_template"
	OpEditTemplate   = "edit_template"
	OpDeleteTemplate = "delete_template"
)

// Meta's template limits.
const (
	// TemplateLimit is a WABA's template cap while its business is not
	// verified (6,000 once verified: SetTemplateLimit).
	TemplateLimit = 250
	// TemplateCreatesPerHour is the creation budget of a WABA.
	TemplateCreatesPerHour = 100
	// TemplateNameBlock is how long a name stays blocked in a language
	// after its APPROVED template was deleted.
	TemplateNameBlock = 30 * 24 * time.Hour
	// TemplateEditsPerDay and TemplateEditsPerMonth are the edit budget of
	// an APPROVED template (24 hours and 30 days, moving windows).
	TemplateEditsPerDay   = 1
	TemplateEditsPerMonth = 10
)

// Template statuses and categories.
const (
	TemplateApproved = "APPROVED"
	TemplatePending  = "PENDING"
	TemplateRejected = "REJECTED"
	TemplatePaused   = "PAUSED"
	TemplateDisabled = "DISABLED"
	TemplateArchived = "ARCHIVED"
)

var (
	templateCategories = []string{"AUTHENTICATION", "MARKETING", "UTILITY"}
	rejectedReasons    = []string{"ABUSIVE_CONTENT", "INCORRECT_CATEGORY", "INVALID_FORMAT", "PROMOTIONAL", "SCAM", "TAG_CONTENT_MISMATCH"}
	templateNameForm   = regexp.MustCompile(`^[a-z0-9_]{1,512}$`)
	templateVariable   = regexp.MustCompile(`\{\{([^{}]*)\}\}`)
	positionalVar      = regexp.MustCompile(`^[1-9][0-9]*$`)
	namedVar           = regexp.MustCompile(`^[a-z_]+$`)
	androidPackage     = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+$`)
	signatureHash      = regexp.MustCompile(`^[A-Za-z0-9+/=]{11}$`)
)

// TemplateLanguages are the language codes Meta lists for templates.
var TemplateLanguages = strings.Fields(`af sq ar ar_EG ar_AE ar_LB ar_MA ar_QA az be_BY bn bn_IN bg ca zh_CN zh_HK zh_TW
hr cs da prs_AF nl nl_BE en en_GB en_US en_AE en_AU en_CA en_GH en_IE en_IN en_JM en_MY en_NZ en_QA en_SG en_UG en_ZA
et fil fi fr fr_BE fr_CA fr_CH fr_CI fr_MA ka de de_AT de_CH el gu ha he hi hu id ga it ja kn kk rw_RW ko ky_KG lo lv lt
mk ms ml mr nb ps_AF fa pl pt_BR pt_PT pa ro ru sr si_LK sk sl es es_AR es_CL es_CO es_CR es_DO es_EC es_HN es_MX es_PA
es_PE es_ES es_UY sw sv ta te th tr uk ur uz vi zu`)

// Template is one message template (one name in one language) as the
// emulator keeps it: Components are already in Meta's read-back form.
type Template struct {
	ID               string           `json:"id"`
	WABAID           string           `json:"waba_id"`
	Name             string           `json:"name"`
	Language         string           `json:"language"`
	Category         string           `json:"category"`
	PreviousCategory string           `json:"previous_category,omitempty"`
	Status           string           `json:"status"`
	RejectedReason   string           `json:"rejected_reason"`
	ParameterFormat  string           `json:"parameter_format"`
	Components       []map[string]any `json:"components"`
	TTL              *int             `json:"message_send_ttl_seconds,omitempty"`
	Quality          string           `json:"quality_score"`
	QualityDate      int64            `json:"quality_date"`
	// Edits are the times of the edits made while APPROVED (the budget).
	Edits []time.Time `json:"edits,omitempty"`
}

// templates is the module of the message templates of every WABA.
type templates struct {
	e     *Emulator
	byID  map[string]*Template
	order []string
	// creates are each WABA's creations in the moving hour; limits the
	// caps set with SetTemplateLimit; blocked the (waba, name, language)
	// blocked until a time.
	creates map[string][]time.Time
	limits  map[string]int
	blocked map[string]time.Time
	nextID  int64
	// reviews are the decisions scheduled by reads (templates_review.go).
	reviews map[string]*scheduledReview
	// gone are the ids of deleted templates: a call on one is answered
	// 100/33 as Meta answers a missing node (templates_auth.go).
	gone map[string]bool
	// authShape is how an authentication template's body and footer read
	// back (SetAuthenticationReadBack).
	authShape string
}

func newTemplates(e *Emulator) module {
	return &templates{e: e, byID: map[string]*Template{}, creates: map[string][]time.Time{},
		limits: map[string]int{}, blocked: map[string]time.Time{}, nextID: 7_100_000_000_000_000, gone: map[string]bool{}, authShape: AuthReadBackBoth}
}

func (m *templates) table() table {
	isTemplate := func(id string, _ map[string]any) bool {
		m.e.mu.Lock()
		defer m.e.mu.Unlock()
		_, ok := m.byID[id]
		return ok || m.gone[id]
	}
	owner := func(id string) (string, bool) {
		t, ok := m.byID[id]
		if !ok {
			return "", false
		}
		return t.WABAID, true
	}
	return table{
		operations: []operation{
			{name: OpCreateTemplate, pattern: "POST /{version}/{id}/message_templates", onWABA: true, write: true, handle: m.create},
			{name: OpListTemplates, pattern: "GET /{version}/{id}/message_templates", onWABA: true, handle: m.list},
			{name: OpDeleteTemplate, pattern: "DELETE /{version}/{id}/message_templates", onWABA: true, write: true, handle: m.delete},
			// GET and POST /{id} are a template's when the id is one; the
			// number modules take the others (reads.go, registration.go).
			{name: OpGetTemplate, pattern: "GET /{version}/{id}", owner: owner, claims: isTemplate, handle: m.get},
			{name: OpEditTemplate, pattern: "POST /{version}/{id}", owner: owner, write: true, claims: isTemplate, handle: m.edit},
		},
		controls: m.controls(),
	}
}

// forget keeps the templates: they belong to WABAs, not numbers.
func (m *templates) forget(string) {}

func templateKey(waba, name, language string) string { return waba + "\x00" + name + "\x00" + language }

func (m *templates) limitLocked(waba string) int {
	if l, ok := m.limits[waba]; ok {
		return l
	}
	return TemplateLimit
}

func (m *templates) wabaTemplatesLocked(waba string) []*Template {
	var out []*Template
	for _, id := range m.order {
		if t, ok := m.byID[id]; ok && t.WABAID == waba {
			out = append(out, t)
		}
	}
	return out
}

func (m *templates) findLocked(waba, name, language string) *Template {
	for _, t := range m.wabaTemplatesLocked(waba) {
		if t.Name == name && t.Language == language {
			return t
		}
	}
	return nil
}

func templateError(subcode int, msg, details string) *graphError {
	g := errParam(msg, details)
	g.subcode = subcode
	return g
}

// create follows POST /{waba}/message_templates.
func (m *templates) create(c *graphCall) answer {
	e := m.e
	for k := range c.body {
		if !slices.Contains([]string{"name", "language", "category", "parameter_format", "components",
			"message_send_ttl_seconds", "allow_category_change"}, k) {
			return fail(errParam("Param "+k+" is not supported by this emulator", "The emulator serves name, language, category, parameter_format, components, message_send_ttl_seconds and allow_category_change."))
		}
	}
	name, _ := c.body["name"].(string)
	if !templateNameForm.MatchString(name) {
		return fail(errParam("Param name must be lowercase letters, digits and underscores, at most 512 characters", fmt.Sprintf("name %q does not match ^[a-z0-9_]{1,512}$", name)))
	}
	language, _ := c.body["language"].(string)
	if !slices.Contains(TemplateLanguages, language) {
		return fail(errParam("Param language must be a supported language code", fmt.Sprintf("language %q is not one of Meta's template languages (en_US, pt_BR, ...)", language)))
	}
	t := &Template{Name: name, Language: language, WABAID: c.id}
	if g := readTemplateContent(c.body, t, ""); g != nil {
		return fail(g)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, known := e.wabas[c.id]; !known {
		return fail(errNoSuchObject(c.id))
	}
	if m.findLocked(c.id, name, language) != nil {
		return fail(templateError(2388024, "Message template already exists",
			fmt.Sprintf("There is already %s content for this template. You can create a new template and try again.", language)))
	}
	now := e.opts.Clock()
	if until, ok := m.blocked[templateKey(c.id, name, language)]; ok && now.Before(until) {
		return fail(templateError(2388023, "Message template is being deleted",
			fmt.Sprintf("New %s content can't be added while the existing %s content is being deleted. Try again after %s or consider creating a new message template.", language, language, until.UTC().Format(time.RFC3339))))
	}
	if n := len(m.wabaTemplatesLocked(c.id)); n >= m.limitLocked(c.id) {
		return fail(templateError(2388019, "Message template limit exceeded",
			fmt.Sprintf("You can have up to %d message templates in this WhatsApp Business account (each language counts once); delete some first.", m.limitLocked(c.id))))
	}
	m.creates[c.id] = within(m.creates[c.id], now, time.Hour)
	if len(m.creates[c.id]) >= TemplateCreatesPerHour {
		return fail(&graphError{status: http.StatusBadRequest, code: 80008, typ: "OAuthException",
			message: "(#80008) There have been too many calls to this WhatsApp Business account. Wait a bit and try again.",
			details: fmt.Sprintf("More than %d message templates were created in this WhatsApp Business account in the last hour.", TemplateCreatesPerHour)})
	}
	m.creates[c.id] = append(m.creates[c.id], now)
	m.nextID++
	t.ID = strconv.FormatInt(m.nextID, 10)
	t.Status, t.RejectedReason, t.Quality, t.QualityDate = TemplatePending, "NONE", "UNKNOWN", now.Unix()
	m.byID[t.ID] = t
	m.order = append(m.order, t.ID)
	return ok(map[string]any{"id": t.ID, "status": t.Status, "category": t.Category})
}

// readTemplateContent validates category, parameter_format, TTL and
// components of a create (current == "") or of an edit of a template of
// category current, and stores them on t in read-back form.
func readTemplateContent(body map[string]any, t *Template, current string) *graphError {
	category := current
	if raw, present := body["category"]; present || current == "" {
		s, _ := raw.(string)
		category = strings.ToUpper(s)
		if !slices.Contains(templateCategories, category) {
			return errParam("Param category must be one of AUTHENTICATION, MARKETING, UTILITY", fmt.Sprintf("category %v", raw))
		}
	}
	format := t.ParameterFormat
	if current == "" {
		format = "POSITIONAL"
		if raw, present := body["parameter_format"]; present {
			s, _ := raw.(string)
			format = strings.ToUpper(s)
			if format != "POSITIONAL" && format != "NAMED" {
				return errParam("Param parameter_format must be POSITIONAL or NAMED", fmt.Sprintf("parameter_format %v", raw))
			}
		}
	}
	ttl := t.TTL
	if raw, present := body["message_send_ttl_seconds"]; present {
		f, isNum := raw.(float64)
		if !isNum || f != float64(int(f)) {
			return errParam("Param message_send_ttl_seconds must be a whole number of seconds", "")
		}
		v := int(f)
		if g := checkTTL(category, v); g != nil {
			return g
		}
		ttl = &v
	}
	components := t.Components
	if raw, present := body["components"]; present || current == "" {
		list, isList := raw.([]any)
		if !isList {
			return errParam("Param components must be an array of components", "")
		}
		var g *graphError
		if components, g = readComponents(list, category, format); g != nil {
			return g
		}
	} else if current != "" && category != current {
		// A category change with the components kept: they must suit it.
		if _, g := readComponents(requestForm(components), category, format); g != nil {
			return g
		}
	}
	t.Category, t.ParameterFormat, t.TTL, t.Components = category, format, ttl, components
	return nil
}

// requestForm turns stored components back into a request's form, for
// re-validation: only a category change without components needs it, and
// it refuses what the new category does not allow.
func requestForm(stored []map[string]any) []any {
	out := make([]any, 0, len(stored))
	for _, c := range stored {
		out = append(out, c["_request"])
	}
	return out
}

func checkTTL(category string, v int) *graphError {
	r := map[string][2]int{"AUTHENTICATION": {30, 900}, "UTILITY": {30, 43_200}, "MARKETING": {43_200, 2_592_000}}[category]
	lo, hi := r[0], r[1]
	if v == -1 && category != "MARKETING" {
		return nil
	}
	if v < lo || v > hi {
		return errParam("Param message_send_ttl_seconds is out of range",
			fmt.Sprintf("A %s template's message_send_ttl_seconds must be between %d and %d seconds (or -1 for 30 days, AUTHENTICATION and UTILITY only); got %d.", category, lo, hi, v))
	}
	return nil
}

func readComponents(list []any, category, format string) ([]map[string]any, *graphError) {
	seen := map[string]int{}
	var out []map[string]any
	for i, raw := range list {
		comp, isObj := raw.(map[string]any)
		if !isObj {
			return nil, errParam(fmt.Sprintf("components[%d] must be an object", i), "")
		}
		typ, _ := comp["type"].(string)
		typ = strings.ToUpper(typ)
		seen[typ]++
		if seen[typ] > 1 {
			return nil, errParam("A template has at most one "+typ+" component", "")
		}
		var rendered map[string]any
		var g *graphError
		switch typ {
		case "HEADER":
			rendered, g = readHeader(comp, category, format)
		case "BODY":
			rendered, g = readBodyComponent(comp, category, format)
		case "FOOTER":
			rendered, g = readFooter(comp, category)
		case "BUTTONS":
			rendered, g = readButtons(comp, category)
		default:
			return nil, errParam(fmt.Sprintf("components[%d]: unknown component type %q", i, comp["type"]),
				"The emulator serves HEADER, BODY, FOOTER and BUTTONS.")
		}
		if g != nil {
			return nil, g
		}
		rendered["_request"] = comp
		out = append(out, rendered)
	}
	if seen["BODY"] == 0 {
		return nil, templateError(2388072, "A template needs a BODY component", "")
	}
	if category == "AUTHENTICATION" && seen["BUTTONS"] == 0 {
		return nil, templateError(2388050, "An authentication template needs one OTP button", "")
	}
	return out, nil
}

// variables lists the distinct variables of text in the order they first
// appear, and checks their form.
func variables(text, format string, subcode int, where string) ([]string, *graphError) {
	if strings.Count(text, "{{") != strings.Count(text, "}}") ||
		len(templateVariable.FindAllString(text, -1)) != strings.Count(text, "{{") {
		return nil, templateError(subcode, where+" has mismatched variable braces", "Variables are written {{1}} (POSITIONAL) or {{name}} (NAMED).")
	}
	var names []string
	for _, mt := range templateVariable.FindAllStringSubmatch(text, -1) {
		v := mt[1]
		switch {
		case format == "POSITIONAL" && !positionalVar.MatchString(v):
			return nil, templateError(subcode, fmt.Sprintf("%s: variable {{%s}} is not positional", where, v), "With parameter_format POSITIONAL, variables are {{1}}, {{2}}, ...")
		case format == "NAMED" && !namedVar.MatchString(v):
			return nil, templateError(subcode, fmt.Sprintf("%s: variable {{%s}} is not a valid name", where, v), "With parameter_format NAMED, variables are lowercase letters and underscores.")
		}
		if !slices.Contains(names, v) {
			names = append(names, v)
		}
	}
	if format == "POSITIONAL" {
		for i, v := range names {
			if v != strconv.Itoa(i+1) {
				return nil, templateError(subcode, where+": variables must be sequential, starting at {{1}}",
					fmt.Sprintf("Found {{%s}} where {{%d}} was expected.", v, i+1))
			}
		}
	}
	return names, nil
}

func tooLong(what string, limit int, text string) *graphError {
	if utf8.RuneCountInString(text) <= limit {
		return nil
	}
	return templateError(2388040, what+" is too long",
		fmt.Sprintf("%s has %d characters; the limit is %d.", what, utf8.RuneCountInString(text), limit))
}

func exampleOf(comp map[string]any) map[string]any {
	ex, _ := comp["example"].(map[string]any)
	return ex
}

// checkExamples requires one example per variable, in the form of format.
func checkExamples(comp map[string]any, names []string, format, positionalKey, namedKey string, nested bool, where string) *graphError {
	ex := exampleOf(comp)
	if len(names) == 0 {
		return nil
	}
	missing := func(detail string) *graphError {
		return templateError(2388043, where+": examples do not match the variables", detail)
	}
	if format == "NAMED" {
		list, _ := ex[namedKey].([]any)
		got := map[string]bool{}
		for _, raw := range list {
			p, _ := raw.(map[string]any)
			n, _ := p["param_name"].(string)
			v, _ := p["example"].(string)
			if n == "" || v == "" || got[n] {
				return missing("Each entry of " + namedKey + " is {\"param_name\", \"example\"}, once per variable.")
			}
			got[n] = true
		}
		for _, n := range names {
			if !got[n] {
				return missing(fmt.Sprintf("No example in %s for {{%s}}.", namedKey, n))
			}
		}
		if len(got) != len(names) {
			return missing(namedKey + " names a variable the text does not have.")
		}
		return nil
	}
	list, _ := ex[positionalKey].([]any)
	if nested {
		if len(list) != 1 {
			return missing(fmt.Sprintf("%s is [[one example per variable]]: %d variables.", positionalKey, len(names)))
		}
		list, _ = list[0].([]any)
	}
	if len(list) != len(names) {
		return missing(fmt.Sprintf("%s has %d examples for %d variables.", positionalKey, len(list), len(names)))
	}
	for _, v := range list {
		if s, _ := v.(string); s == "" {
			return missing(positionalKey + " examples must be non-empty strings.")
		}
	}
	return nil
}

func readHeader(comp map[string]any, category, format string) (map[string]any, *graphError) {
	if category == "AUTHENTICATION" {
		return nil, templateError(2388047, "An authentication template has no header", "")
	}
	f, _ := comp["format"].(string)
	f = strings.ToUpper(f)
	out := map[string]any{"type": "HEADER", "format": f}
	switch f {
	case "TEXT":
		text, _ := comp["text"].(string)
		if text == "" {
			return nil, templateError(2388047, "A TEXT header needs text", "")
		}
		if g := tooLong("The header text", 60, text); g != nil {
			return nil, g
		}
		names, g := variables(text, format, 2388047, "The header")
		if g != nil {
			return nil, g
		}
		if len(names) > 1 {
			return nil, templateError(2388047, "A header has at most one variable", "")
		}
		if g := checkExamples(comp, names, format, "header_text", "header_text_named_params", false, "The header"); g != nil {
			return nil, g
		}
		out["text"] = text
		if len(names) > 0 {
			out["example"] = exampleOf(comp)
		}
	case "IMAGE", "VIDEO", "DOCUMENT", "GIF":
		handles, _ := exampleOf(comp)["header_handle"].([]any)
		h, _ := func() (string, bool) {
			if len(handles) != 1 {
				return "", false
			}
			s, isStr := handles[0].(string)
			return s, isStr
		}()
		if h == "" {
			return nil, templateError(2388043, "A media header needs example.header_handle: one upload handle", "")
		}
		// Meta reads a handle back as a URL of its CDN, not the handle.
		out["example"] = map[string]any{"header_handle": []any{"https://scontent.whatsapp.net/v/t61.29466-34/" + base64.RawURLEncoding.EncodeToString([]byte(h))}}
	case "LOCATION":
		if category != "UTILITY" && category != "MARKETING" {
			return nil, templateError(2388047, "A LOCATION header is for UTILITY and MARKETING templates", "")
		}
	default:
		return nil, templateError(2388047, fmt.Sprintf("Header format %q is not TEXT, IMAGE, VIDEO, GIF, DOCUMENT or LOCATION", comp["format"]), "")
	}
	return out, nil
}

func readBodyComponent(comp map[string]any, category, format string) (map[string]any, *graphError) {
	if category == "AUTHENTICATION" {
		if _, present := comp["text"]; present {
			return nil, templateError(2388072, "An authentication template's body text is Meta's: send add_security_recommendation, not text", "")
		}
		text := "*{{1}}* is your verification code."
		if rec, _ := comp["add_security_recommendation"].(bool); rec {
			text += " For your security, do not share this code."
		}
		return map[string]any{"type": "BODY", "text": text, "add_security_recommendation": comp["add_security_recommendation"] == true,
			"example": map[string]any{"body_text": []any{[]any{"123456"}}}}, nil
	}
	text, _ := comp["text"].(string)
	if text == "" {
		return nil, templateError(2388072, "The body needs text", "")
	}
	if g := tooLong("The body text", 1024, text); g != nil {
		return nil, g
	}
	names, g := variables(text, format, 2388072, "The body")
	if g != nil {
		return nil, g
	}
	trimmed := strings.TrimSpace(text)
	if len(names) > 0 && (strings.HasPrefix(trimmed, "{{") || strings.HasSuffix(trimmed, "}}")) {
		return nil, templateError(2388299, "Variables can't be at the start or end of the template",
			"Add text before the first variable and after the last one.")
	}
	if g := checkExamples(comp, names, format, "body_text", "body_text_named_params", true, "The body"); g != nil {
		return nil, g
	}
	out := map[string]any{"type": "BODY", "text": text}
	if len(names) > 0 {
		out["example"] = exampleOf(comp)
	}
	return out, nil
}

func readFooter(comp map[string]any, category string) (map[string]any, *graphError) {
	if category == "AUTHENTICATION" {
		if _, present := comp["text"]; present {
			return nil, templateError(2388073, "An authentication template's footer text is Meta's: send code_expiration_minutes, not text", "")
		}
		raw, present := comp["code_expiration_minutes"]
		minutes, _ := raw.(float64)
		if !present || minutes != float64(int(minutes)) || minutes < 1 || minutes > 90 {
			return nil, templateError(2388073, "An authentication footer is code_expiration_minutes, 1 to 90", "")
		}
		return map[string]any{"type": "FOOTER", "text": fmt.Sprintf("This code expires in %d minutes.", int(minutes)), "code_expiration_minutes": int(minutes)}, nil
	}
	text, _ := comp["text"].(string)
	if text == "" {
		return nil, templateError(2388073, "The footer needs text", "")
	}
	if g := tooLong("The footer text", 60, text); g != nil {
		return nil, g
	}
	if strings.Contains(text, "{{") {
		return nil, templateError(2388073, "The footer can't have variables", "")
	}
	return map[string]any{"type": "FOOTER", "text": text}, nil
}

var buttonCaps = map[string]int{"QUICK_REPLY": 10, "URL": 2, "PHONE_NUMBER": 1, "COPY_CODE": 1, "OTP": 1}

func readButtons(comp map[string]any, category string) (map[string]any, *graphError) {
	list, _ := comp["buttons"].([]any)
	if len(list) == 0 || len(list) > 10 {
		return nil, templateError(2388050, "BUTTONS has 1 to 10 buttons", fmt.Sprintf("got %d", len(list)))
	}
	count := map[string]int{}
	var out []any
	qrRun, qrEnded := false, false
	for i, raw := range list {
		b, _ := raw.(map[string]any)
		typ, _ := b["type"].(string)
		typ = strings.ToUpper(typ)
		where := fmt.Sprintf("buttons[%d]", i)
		limit, known := buttonCaps[typ]
		if !known {
			return nil, templateError(2388050, fmt.Sprintf("%s: button type %q is not served", where, b["type"]), "The emulator serves QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE and OTP.")
		}
		count[typ]++
		if count[typ] > limit {
			return nil, templateError(2388050, fmt.Sprintf("A template has at most %d %s buttons", limit, typ), "")
		}
		if typ == "QUICK_REPLY" {
			if qrEnded {
				return nil, templateError(2388050, "Invalid combination of buttons: quick replies must be grouped together", "")
			}
			qrRun = true
		} else if qrRun {
			qrEnded = true
		}
		if (typ == "OTP") != (category == "AUTHENTICATION") {
			return nil, templateError(2388050, where+": OTP buttons are for authentication templates, and only them", "")
		}
		text, _ := b["text"].(string)
		if typ != "OTP" && typ != "COPY_CODE" && text == "" {
			return nil, templateError(2388050, where+": the button needs text", "")
		}
		if g := tooLong(where+" text", 25, text); g != nil {
			return nil, g
		}
		rendered := map[string]any{"type": typ, "text": text}
		switch typ {
		case "URL":
			u, _ := b["url"].(string)
			if u == "" {
				return nil, templateError(2388050, where+": a URL button needs url", "")
			}
			if g := tooLong(where+" url", 2000, u); g != nil {
				return nil, g
			}
			rendered["url"] = u
			if n := strings.Count(u, "{{"); n > 0 {
				if n > 1 || !strings.HasSuffix(u, "{{1}}") {
					return nil, templateError(2388050, where+": a URL has one variable, {{1}}, at its end", "")
				}
				ex, _ := b["example"].([]any)
				if len(ex) != 1 {
					return nil, templateError(2388043, where+": a URL with a variable needs example: one full URL", "")
				}
				rendered["example"] = ex
			}
		case "PHONE_NUMBER":
			p, _ := b["phone_number"].(string)
			if p == "" {
				return nil, templateError(2388050, where+": a PHONE_NUMBER button needs phone_number", "")
			}
			if g := tooLong(where+" phone_number", 20, p); g != nil {
				return nil, g
			}
			rendered["phone_number"] = p
		case "COPY_CODE":
			ex, _ := b["example"].(string)
			if ex == "" {
				return nil, templateError(2388043, where+": a COPY_CODE button needs example: the code", "")
			}
			if g := tooLong(where+" example", 15, ex); g != nil {
				return nil, g
			}
			rendered = map[string]any{"type": typ, "text": "Copy offer code", "example": []any{ex}}
		case "OTP":
			var g *graphError
			if rendered, g = readOTPButton(b, where, text); g != nil {
				return nil, g
			}
		}
		out = append(out, rendered)
	}
	return map[string]any{"type": "BUTTONS", "buttons": out}, nil
}

// The fields of a template node.
var (
	templateFieldNames = []string{"id", "name", "language", "category", "status", "components", "parameter_format",
		"rejected_reason", "quality_score", "message_send_ttl_seconds", "previous_category", "correct_category", "sub_category"}
	templateDefaultFields = []string{"name", "parameter_format", "components", "language", "status", "category", "id"}
)

func parseTemplateFields(raw string) ([]string, *graphError) {
	if raw == "" {
		return templateDefaultFields, nil
	}
	fields := strings.Split(raw, ",")
	for _, f := range fields {
		if !slices.Contains(templateFieldNames, f) {
			return nil, errParam(fmt.Sprintf("Tried accessing nonexisting field (%s) on node type (WhatsAppBusinessHSM)", f), "")
		}
	}
	return fields, nil
}

func (t *Template) node(fields []string) map[string]any {
	comps := make([]any, 0, len(t.Components))
	for _, c := range t.Components {
		cp := map[string]any{}
		for k, v := range c {
			if k != "_request" {
				cp[k] = v
			}
		}
		comps = append(comps, cp)
	}
	all := map[string]any{"id": t.ID, "name": t.Name, "language": t.Language, "category": t.Category, "status": t.Status,
		"components": comps, "parameter_format": t.ParameterFormat, "rejected_reason": t.RejectedReason,
		"quality_score": map[string]any{"score": t.Quality, "date": t.QualityDate}, "correct_category": t.Category}
	if t.TTL != nil {
		all["message_send_ttl_seconds"] = *t.TTL
	}
	if t.PreviousCategory != "" {
		all["previous_category"] = t.PreviousCategory
	}
	out := map[string]any{"id": t.ID}
	for _, f := range fields {
		if v, present := all[f]; present {
			out[f] = v
		}
	}
	return out
}

func (m *templates) get(c *graphCall) answer {
	fields, g := parseTemplateFields(c.query.Get("fields"))
	if g != nil {
		return fail(g)
	}
	m.e.mu.Lock()
	defer m.e.mu.Unlock()
	t, found := m.byID[c.id]
	if !found {
		return fail(errNoSuchNode("get", c.id))
	}
	m.readLocked(t)
	return ok(m.render(t, fields))
}

func upperList(raw string) []string {
	if raw == "" {
		return nil
	}
	var out []string
	for _, v := range strings.Split(raw, ",") {
		out = append(out, strings.ToUpper(strings.TrimSpace(v)))
	}
	return out
}

// list follows GET /{waba}/message_templates: name matches any part of a
// name (as Meta's filter does, by pywa's account), status, category and
// language are comma-separated lists, case-insensitive.
func (m *templates) list(c *graphCall) answer {
	e := m.e
	fields, g := parseTemplateFields(c.query.Get("fields"))
	if g != nil {
		return fail(g)
	}
	start, limit, g := e.pageWindow(c)
	if g != nil {
		return fail(g)
	}
	name := c.query.Get("name")
	statuses, categories := upperList(c.query.Get("status")), upperList(c.query.Get("category"))
	var languages []string
	if v := c.query.Get("language"); v != "" {
		languages = strings.Split(v, ",")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, known := e.wabas[c.id]; !known {
		return fail(errNoSuchObject(c.id))
	}
	var matched []*Template
	for _, t := range m.wabaTemplatesLocked(c.id) {
		if (name == "" || strings.Contains(t.Name, strings.ToLower(name))) &&
			(statuses == nil || slices.Contains(statuses, t.Status)) &&
			(categories == nil || slices.Contains(categories, t.Category)) &&
			(languages == nil || slices.Contains(languages, t.Language)) {
			matched = append(matched, t)
		}
	}
	out := e.page(c, start, limit, len(matched), func(i int) map[string]any { return m.render(matched[i], fields) })
	return ok(out)
}

// edit follows POST /{template}.
func (m *templates) edit(c *graphCall) answer {
	e := m.e
	e.mu.Lock()
	defer e.mu.Unlock()
	t, found := m.byID[c.id]
	if !found {
		return fail(errNoSuchNode("post", c.id))
	}
	for k, v := range c.body {
		switch k {
		case "category", "components", "message_send_ttl_seconds":
		case "name", "language", "parameter_format":
			// Sent by some tools; accepted only unchanged (changing them
			// is unconfirmed, so the emulator refuses it).
			current := map[string]string{"name": t.Name, "language": t.Language, "parameter_format": t.ParameterFormat}[k]
			if s, _ := v.(string); !strings.EqualFold(s, current) {
				return fail(errParam("Param "+k+" of a message template cannot be edited", "Only category, components and message_send_ttl_seconds can be edited; create a new template instead."))
			}
		default:
			return fail(errParam("Param "+k+" cannot be edited", "Only category, components and message_send_ttl_seconds can be edited."))
		}
	}
	_, hasCat := c.body["category"]
	_, hasComp := c.body["components"]
	_, hasTTL := c.body["message_send_ttl_seconds"]
	if !hasCat && !hasComp && !hasTTL {
		return fail(errParam("Nothing to edit", "Send category, components or message_send_ttl_seconds."))
	}
	if !slices.Contains([]string{TemplateApproved, TemplateRejected, TemplatePaused}, t.Status) {
		return fail(errParam("This message template can't be edited in its current status",
			fmt.Sprintf("The template is %s; only APPROVED, REJECTED and PAUSED templates can be edited.", t.Status)))
	}
	if s, _ := c.body["category"].(string); hasCat && t.Status == TemplateApproved && !strings.EqualFold(s, t.Category) {
		return fail(errParam("The category of an approved message template can't be changed",
			fmt.Sprintf("The template is APPROVED as %s; create a new template in category %s instead.", t.Category, strings.ToUpper(s))))
	}
	now := e.opts.Clock()
	if t.Status == TemplateApproved {
		month := within(t.Edits, now, 30*24*time.Hour)
		t.Edits = month
		switch {
		case len(within(month, now, 24*time.Hour)) >= TemplateEditsPerDay:
			return fail(errParam("Message template edit limit reached",
				fmt.Sprintf("An approved template can be edited once per 24 hours; the next edit is allowed after %s.", month[len(month)-1].Add(24*time.Hour).UTC().Format(time.RFC3339))))
		case len(month) >= TemplateEditsPerMonth:
			return fail(errParam("Message template edit limit reached",
				fmt.Sprintf("An approved template can be edited 10 times per 30 days; the next edit is allowed after %s.", month[len(month)-TemplateEditsPerMonth].Add(30*24*time.Hour).UTC().Format(time.RFC3339))))
		}
	}
	next := *t
	if g := readTemplateContent(c.body, &next, t.Category); g != nil {
		return fail(g)
	}
	if t.Status == TemplateApproved {
		next.Edits = append(slices.Clone(t.Edits), now)
	}
	next.Status, next.RejectedReason = TemplatePending, "NONE"
	*t = next
	return success()
}

// delete follows DELETE /{waba}/message_templates?name=...[&hsm_id=...].
func (m *templates) delete(c *graphCall) answer {
	e := m.e
	name, hsmID := c.query.Get("name"), c.query.Get("hsm_id")
	if name == "" {
		return fail(errParam("The parameter name is required", "Delete by name (every language) or by hsm_id and name (one template)."))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, known := e.wabas[c.id]; !known {
		return fail(errNoSuchObject(c.id))
	}
	var doomed []*Template
	for _, t := range m.wabaTemplatesLocked(c.id) {
		if t.Name == name && (hsmID == "" || t.ID == hsmID) {
			doomed = append(doomed, t)
		}
	}
	if len(doomed) == 0 {
		detail := fmt.Sprintf("No message template named %q in this WhatsApp Business account.", name)
		if hsmID != "" {
			detail = fmt.Sprintf("No message template with hsm_id %s and name %q in this WhatsApp Business account.", hsmID, name)
		}
		return fail(errParam("Message template not found", detail))
	}
	for _, t := range doomed {
		if t.Status == TemplateDisabled {
			return fail(errParam("A disabled message template can't be deleted",
				fmt.Sprintf("Template %s (%s, %s) is DISABLED; nothing was deleted.", t.ID, t.Name, t.Language)))
		}
	}
	now := e.opts.Clock()
	for _, t := range doomed {
		if t.Status == TemplateApproved {
			m.blocked[templateKey(c.id, t.Name, t.Language)] = now.Add(TemplateNameBlock)
		}
		delete(m.byID, t.ID)
		m.gone[t.ID] = true
	}
	return success()
}
