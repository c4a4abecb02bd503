package emulator_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const orderBody = `{"name":"order_ready","language":"en_US","category":"UTILITY","components":[
 {"type":"header","format":"image","example":{"header_handle":["4::aW1hZ2U=:ARb"]}},
 {"type":"body","text":"Hi {{1}}, order {{2}} is ready.","example":{"body_text":[["Ana","A-17"]]}},
 {"type":"footer","text":"Acme"},
 {"type":"buttons","buttons":[{"type":"quick_reply","text":"Thanks"},{"type":"URL","text":"Track","url":"https://acme.example/t/{{1}}","example":["https://acme.example/t/A-17"]}]}]}`

func templatesPath() string { return "/v26.0/" + waba + "/message_templates" }

func createTemplate(t *testing.T, w *world, body string) string {
	t.Helper()
	r := w.do(http.MethodPost, templatesPath(), body)
	id, _ := r.body["id"].(string)
	if r.status != 200 || id == "" || r.body["status"] != "PENDING" {
		t.Fatalf("create = %d %s", r.status, r.raw)
	}
	return id
}

func review(t *testing.T, w *world, id, status string) {
	t.Helper()
	if err := w.emu.ReviewTemplate(id, status, ""); err != nil {
		t.Fatal(err)
	}
}

// A create stores the template; reads answer Meta's forms: upper-case
// types, the media handle as a URL, the requested fields only.
func TestTemplateCreateAndReadBack(t *testing.T) {
	w := setup(t, emulator.Options{})
	id := createTemplate(t, w, orderBody)
	r := w.do(http.MethodGet, "/v26.0/"+id, "")
	if r.status != 200 || r.body["name"] != "order_ready" || r.body["status"] != "PENDING" || r.body["parameter_format"] != "POSITIONAL" {
		t.Fatalf("read = %s", r.raw)
	}
	comps, _ := r.body["components"].([]any)
	if len(comps) != 4 {
		t.Fatalf("components = %v", comps)
	}
	header := comps[0].(map[string]any)
	handle := header["example"].(map[string]any)["header_handle"].([]any)[0].(string)
	if header["type"] != "HEADER" || header["format"] != "IMAGE" || !strings.HasPrefix(handle, "https://scontent.whatsapp.net/") {
		t.Errorf("header read back as %v", header)
	}
	buttons := comps[3].(map[string]any)["buttons"].([]any)
	if buttons[0].(map[string]any)["type"] != "QUICK_REPLY" {
		t.Errorf("buttons read back as %v", buttons)
	}
	if _, has := r.body["quality_score"]; has {
		t.Error("quality_score is not a default field")
	}
	r = w.do(http.MethodGet, "/v26.0/"+id+"?fields=status,quality_score,rejected_reason", "")
	if r.body["rejected_reason"] != "NONE" || r.body["quality_score"].(map[string]any)["score"] != "UNKNOWN" || r.body["name"] != nil {
		t.Errorf("fields read = %s", r.raw)
	}
	if r := w.do(http.MethodGet, "/v26.0/"+id+"?fields=status,pin", ""); r.code() != 100 {
		t.Errorf("unknown field: %s", r.raw)
	}
	// GET /{id} of a number is still the number's.
	if r := w.do(http.MethodGet, "/v26.0/"+number, ""); r.body["display_phone_number"] == nil {
		t.Errorf("number read = %s", r.raw)
	}
	if got := w.emu.Count(emulator.OpGetTemplate); got != 3 {
		t.Errorf("get_template calls = %d", got)
	}
	if r := w.do(http.MethodPost, templatesPath(), orderBody); r.subcode() != 2388024 {
		t.Errorf("the same name and language again: %s", r.raw)
	}
	other := strings.Replace(orderBody, `"en_US"`, `"pt_BR"`, 1)
	createTemplate(t, w, other)
	if n := len(w.emu.Templates(waba)); n != 2 {
		t.Errorf("templates = %d, want 2 (one per language)", n)
	}
}

// Every documented limit is refused with code 100 and its subcode, and
// nothing is created.
func TestTemplateCreateLimits(t *testing.T) {
	w := setup(t, emulator.Options{})
	body := func(components string) string {
		return `{"name":"t1","language":"en_US","category":"MARKETING","components":[` + components + `]}`
	}
	plain := `{"type":"BODY","text":"Hello"}`
	for name, tc := range map[string]struct {
		body    string
		subcode int
	}{
		"name upper case":       {`{"name":"Bad","language":"en_US","category":"UTILITY","components":[` + plain + `]}`, 0},
		"name too long":         {`{"name":"` + strings.Repeat("a", 513) + `","language":"en_US","category":"UTILITY","components":[` + plain + `]}`, 0},
		"unknown language":      {`{"name":"t1","language":"xx_YY","category":"UTILITY","components":[` + plain + `]}`, 0},
		"unknown category":      {`{"name":"t1","language":"en_US","category":"PROMO","components":[` + plain + `]}`, 0},
		"no body":               {body(`{"type":"FOOTER","text":"x"}`), 2388072},
		"body 1025":             {body(`{"type":"BODY","text":"` + strings.Repeat("a", 1025) + `"}`), 2388040},
		"header 61":             {body(`{"type":"HEADER","format":"TEXT","text":"` + strings.Repeat("a", 61) + `"},` + plain), 2388040},
		"footer 61":             {body(plain + `,{"type":"FOOTER","text":"` + strings.Repeat("a", 61) + `"}`), 2388040},
		"two bodies":            {body(plain + `,` + plain), 0},
		"variables from 2":      {body(`{"type":"BODY","text":"Hi {{2}} there","example":{"body_text":[["a"]]}}`), 2388072},
		"variables out of turn": {body(`{"type":"BODY","text":"Hi {{2}} and {{1}} x","example":{"body_text":[["a","b"]]}}`), 2388072},
		"missing example":       {body(`{"type":"BODY","text":"Hi {{1}} there"}`), 2388043},
		"too few examples":      {body(`{"type":"BODY","text":"Hi {{1}} {{2}} x","example":{"body_text":[["a"]]}}`), 2388043},
		"leading variable":      {body(`{"type":"BODY","text":"{{1}} hi","example":{"body_text":[["a"]]}}`), 2388299},
		"named in positional":   {body(`{"type":"BODY","text":"Hi {{name}} x","example":{"body_text":[["a"]]}}`), 2388072},
		"two header variables":  {body(`{"type":"HEADER","format":"TEXT","text":"{{1}} {{2}}","example":{"header_text":["a","b"]}},` + plain), 2388047},
		"footer variable":       {body(plain + `,{"type":"FOOTER","text":"Hi {{1}}"}`), 2388073},
		"11 buttons":            {body(plain + `,{"type":"BUTTONS","buttons":[` + strings.TrimSuffix(strings.Repeat(`{"type":"QUICK_REPLY","text":"a"},`, 11), ",") + `]}`), 2388050},
		"3 URL buttons":         {body(plain + `,{"type":"BUTTONS","buttons":[` + strings.TrimSuffix(strings.Repeat(`{"type":"URL","text":"a","url":"https://a.example"},`, 3), ",") + `]}`), 2388050},
		"2 phone buttons":       {body(plain + `,{"type":"BUTTONS","buttons":[{"type":"PHONE_NUMBER","text":"a","phone_number":"+1"},{"type":"PHONE_NUMBER","text":"b","phone_number":"+2"}]}`), 2388050},
		"quick replies split":   {body(plain + `,{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"a"},{"type":"URL","text":"u","url":"https://a.example"},{"type":"QUICK_REPLY","text":"b"}]}`), 2388050},
		"button text 26":        {body(plain + `,{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"` + strings.Repeat("a", 26) + `"}]}`), 2388040},
		"OTP outside auth":      {body(plain + `,{"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE"}]}`), 2388050},
		"marketing TTL 60":      {`{"name":"t1","language":"en_US","category":"MARKETING","message_send_ttl_seconds":60,"components":[` + plain + `]}`, 0},
		"auth with text":        {`{"name":"t1","language":"en_US","category":"AUTHENTICATION","components":[{"type":"BODY","text":"x"},{"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE"}]}]}`, 2388072},
		"auth without OTP":      {`{"name":"t1","language":"en_US","category":"AUTHENTICATION","components":[{"type":"BODY"}]}`, 2388050},
		"zero tap, no terms":    {`{"name":"t1","language":"en_US","category":"AUTHENTICATION","components":[{"type":"BODY"},{"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"ZERO_TAP","supported_apps":[{"package_name":"com.acme.app","signature_hash":"K8a/AINcGX7"}]}]}]}`, 2388050},
	} {
		t.Run(name, func(t *testing.T) {
			r := w.do(http.MethodPost, templatesPath(), tc.body)
			if r.code() != 100 || r.subcode() != tc.subcode {
				t.Errorf("answer = %d %s, want 100/%d", r.status, r.raw, tc.subcode)
			}
		})
	}
	if n := len(w.emu.Templates(waba)); n != 0 {
		t.Errorf("%d templates were created", n)
	}
}

// An authentication template reads back with Meta's fixed text and its
// OTP button as a URL button; named variables take named examples.
func TestTemplateAuthenticationAndNamedReadBack(t *testing.T) {
	w := setup(t, emulator.Options{})
	id := createTemplate(t, w, `{"name":"login_code","language":"en","category":"AUTHENTICATION","message_send_ttl_seconds":300,"components":[
	 {"type":"BODY","add_security_recommendation":true},{"type":"FOOTER","code_expiration_minutes":10},
	 {"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"ONE_TAP","text":"Copy","autofill_text":"Autofill","supported_apps":[{"package_name":"com.acme.app","signature_hash":"K8a/AINcGX7"}]}]}]}`)
	r := w.do(http.MethodGet, "/v26.0/"+id+"?fields=components,message_send_ttl_seconds", "")
	comps := r.body["components"].([]any)
	button := comps[2].(map[string]any)["buttons"].([]any)[0].(map[string]any)
	if button["type"] != "URL" || !strings.Contains(comps[0].(map[string]any)["text"].(string), "do not share") || r.body["message_send_ttl_seconds"] != float64(300) {
		t.Errorf("authentication read back as %s", r.raw)
	}
	createTemplate(t, w, `{"name":"named","language":"en","category":"MARKETING","parameter_format":"NAMED","components":[
	 {"type":"BODY","text":"Hi {{first_name}}, see you.","example":{"body_text_named_params":[{"param_name":"first_name","example":"Ana"}]}}]}`)
	if r := w.do(http.MethodPost, templatesPath(), `{"name":"named2","language":"en","category":"MARKETING","parameter_format":"NAMED","components":[
	 {"type":"BODY","text":"Hi {{first_name}}, see you.","example":{"body_text_named_params":[{"param_name":"last_name","example":"Ana"}]}}]}`); r.subcode() != 2388043 {
		t.Errorf("a named example for another variable: %s", r.raw)
	}
}

// The list filters by a part of the name (as Meta's filter does), status,
// category and language, and pages with cursors.
func TestTemplateListFiltersAndPages(t *testing.T) {
	w := setup(t, emulator.Options{MaxPageSize: 2})
	var ids []string
	for _, n := range []string{"order_ready", "order_ready_v2", "welcome"} {
		ids = append(ids, createTemplate(t, w, strings.Replace(orderBody, `"order_ready"`, `"`+n+`"`, 1)))
	}
	review(t, w, ids[1], emulator.TemplateApproved)
	names := func(q string) []string {
		var out []string
		for path := templatesPath() + q; path != ""; {
			r := w.do(http.MethodGet, path, "")
			if r.status != 200 {
				t.Fatalf("list %s = %s", q, r.raw)
			}
			for _, d := range r.body["data"].([]any) {
				out = append(out, d.(map[string]any)["name"].(string))
			}
			path = ""
			if p, _ := r.body["paging"].(map[string]any); p["next"] != nil {
				after := p["cursors"].(map[string]any)["after"].(string)
				sep := "?"
				if q != "" {
					sep = "&"
				}
				path = templatesPath() + q + sep + "after=" + after
				if q == "" {
					path = templatesPath() + "?after=" + after
				}
			}
		}
		return out
	}
	for q, want := range map[string]string{
		"":                                 "order_ready,order_ready_v2,welcome",
		"?name=order_ready":                "order_ready,order_ready_v2",
		"?status=approved":                 "order_ready_v2",
		"?status=PENDING&category=UTILITY": "order_ready,welcome",
		"?language=pt_BR":                  "",
		"?fields=name,status&limit=1":      "order_ready,order_ready_v2,welcome",
	} {
		if got := strings.Join(names(q), ","); got != want {
			t.Errorf("list %q = %s, want %s", q, got, want)
		}
	}
}

// Edits: components replaced whole, back to PENDING, the budget of an
// APPROVED template (1 per 24 hours, 10 per 30 days), no category change
// while APPROVED, no edit while PENDING.
func TestTemplateEditRules(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	w := setup(t, emulator.Options{Clock: func() time.Time { return now }})
	id := createTemplate(t, w, orderBody)
	edit := func(body string) reply { return w.do(http.MethodPost, "/v26.0/"+id, body) }
	newBody := `{"components":[{"type":"BODY","text":"Order {{1}} is ready.","example":{"body_text":[["A-1"]]}}]}`
	if r := edit(newBody); r.code() != 100 || !strings.Contains(r.raw, "PENDING") {
		t.Errorf("an edit while PENDING: %s", r.raw)
	}
	review(t, w, id, emulator.TemplateApproved)
	if r := edit(`{"category":"MARKETING"}`); r.code() != 100 || !strings.Contains(r.raw, "approved") {
		t.Errorf("a category change while APPROVED: %s", r.raw)
	}
	if r := edit(`{"name":"renamed"}`); r.code() != 100 {
		t.Errorf("a rename: %s", r.raw)
	}
	mustOK(t, edit(newBody))
	v, _ := w.emu.Template(id)
	if v.Status != "PENDING" || len(v.Components) != 1 || v.EditsUsed24h != 1 {
		t.Errorf("after the edit: %+v", v)
	}
	review(t, w, id, emulator.TemplateApproved)
	if r := edit(newBody); r.code() != 100 || !strings.Contains(r.raw, "24 hours") {
		t.Errorf("a second edit within 24 hours: %s", r.raw)
	}
	now = now.Add(25 * time.Hour)
	if err := w.emu.SpendTemplateEdits(id, 9); err != nil {
		t.Fatal(err)
	}
	now = now.Add(25 * time.Hour)
	if r := edit(newBody); r.code() != 100 || !strings.Contains(r.raw, "30 days") {
		t.Errorf("an eleventh edit within 30 days: %s", r.raw)
	}
	// REJECTED: unlimited edits, category may change.
	review(t, w, id, emulator.TemplatePaused)
	review(t, w, id, emulator.TemplateDisabled)
	review(t, w, id, emulator.TemplateApproved)
	if err := w.emu.ReviewTemplate(id, emulator.TemplateRejected, "PROMOTIONAL"); err != nil {
		t.Fatal(err)
	}
	mustOK(t, edit(`{"category":"MARKETING"}`))
	if v, _ := w.emu.Template(id); v.Category != "MARKETING" || v.Status != "PENDING" || v.RejectedReason != "NONE" {
		t.Errorf("after a category edit of a rejected template: %+v", v)
	}
	if got := w.emu.Count(emulator.OpEditTemplate); got != 7 {
		t.Errorf("edit_template calls = %d", got)
	}
}

// Deletes: by hsm_id and name one language, by name every language; a
// DISABLED template is kept; an APPROVED one blocks its name in its
// language for 30 days.
func TestTemplateDeleteRulesAndNameBlock(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	w := setup(t, emulator.Options{Clock: func() time.Time { return now }})
	en := createTemplate(t, w, orderBody)
	pt := createTemplate(t, w, strings.Replace(orderBody, `"en_US"`, `"pt_BR"`, 1))
	es := createTemplate(t, w, strings.Replace(orderBody, `"en_US"`, `"es"`, 1))
	review(t, w, en, emulator.TemplateApproved)
	if r := w.do(http.MethodDelete, templatesPath()+"?hsm_id="+en, ""); r.code() != 100 {
		t.Errorf("a delete without name: %s", r.raw)
	}
	if r := w.do(http.MethodDelete, templatesPath()+"?hsm_id="+pt+"&name=welcome", ""); r.code() != 100 {
		t.Errorf("a delete whose hsm_id and name disagree: %s", r.raw)
	}
	mustOK(t, w.do(http.MethodDelete, templatesPath()+"?hsm_id="+en+"&name=order_ready", ""))
	if _, ok := w.emu.Template(pt); !ok {
		t.Error("a delete by hsm_id deleted another language")
	}
	if until := w.emu.TemplateNameBlockedUntil(waba, "order_ready", "en_US"); !until.Equal(now.Add(30 * 24 * time.Hour)) {
		t.Errorf("name blocked until %v", until)
	}
	if r := w.do(http.MethodPost, templatesPath(), orderBody); r.subcode() != 2388023 {
		t.Errorf("a create in the blocked name and language: %s", r.raw)
	}
	review(t, w, es, emulator.TemplateApproved)
	review(t, w, es, emulator.TemplateDisabled)
	if r := w.do(http.MethodDelete, templatesPath()+"?name=order_ready", ""); r.code() != 100 || !strings.Contains(r.raw, "disabled") {
		t.Errorf("a delete by name including a DISABLED template: %s", r.raw)
	}
	if n := len(w.emu.Templates(waba)); n != 2 {
		t.Errorf("a refused delete deleted something: %d left", n)
	}
	review(t, w, es, emulator.TemplateApproved)
	mustOK(t, w.do(http.MethodDelete, templatesPath()+"?name=order_ready", ""))
	if n := len(w.emu.Templates(waba)); n != 0 {
		t.Errorf("a delete by name left %d languages", n)
	}
	if !w.emu.TemplateNameBlockedUntil(waba, "order_ready", "pt_BR").IsZero() {
		t.Error("deleting a PENDING template blocked its name")
	}
	now = now.Add(30*24*time.Hour + time.Second)
	createTemplate(t, w, orderBody)
	if r := w.do(http.MethodGet, "/v26.0/"+en, ""); r.code() != 100 || r.subcode() != 33 {
		t.Errorf("a deleted template's read: %s", r.raw)
	}
}

// The template cap (each language once) and the 100 creations an hour.
func TestTemplateCapAndCreationBudget(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	w := setup(t, emulator.Options{Clock: func() time.Time { return now }})
	w.emu.SetTemplateLimit(waba, 1)
	createTemplate(t, w, orderBody)
	if r := w.do(http.MethodPost, templatesPath(), strings.Replace(orderBody, `"en_US"`, `"pt_BR"`, 1)); r.subcode() != 2388019 {
		t.Errorf("a create past the cap: %s", r.raw)
	}
	w.emu.SetTemplateLimit(waba, emulator.TemplateLimit)
	w.emu.SpendTemplateCreates(waba, emulator.TemplateCreatesPerHour-1)
	if r := w.do(http.MethodPost, templatesPath(), strings.Replace(orderBody, `"en_US"`, `"pt_BR"`, 1)); r.code() != 80008 {
		t.Errorf("the 101st create of the hour: %s", r.raw)
	}
	now = now.Add(time.Hour)
	createTemplate(t, w, strings.Replace(orderBody, `"en_US"`, `"pt_BR"`, 1))
}

// The review state machine from the control API: transitions Meta makes,
// reasons for REJECTED, re-categorization with previous_category.
func TestTemplateReviewControls(t *testing.T) {
	w := setup(t, emulator.Options{})
	id := createTemplate(t, w, orderBody)
	ctl := func(path, body string) reply { return w.do(http.MethodPost, "/_emulator/templates/"+id+path, body) }
	if r := ctl("/review", `{"status":"PAUSED"}`); r.status != 400 {
		t.Errorf("PENDING → PAUSED: %s", r.raw)
	}
	if r := ctl("/review", `{"status":"REJECTED"}`); r.status != 400 {
		t.Errorf("REJECTED without a reason: %s", r.raw)
	}
	if r := ctl("/review", `{"status":"REJECTED","rejected_reason":"INVALID_FORMAT"}`); r.status != 200 || r.body["rejected_reason"] != "INVALID_FORMAT" {
		t.Errorf("REJECTED: %s", r.raw)
	}
	if r := w.do(http.MethodGet, "/v26.0/"+id+"?fields=status,rejected_reason", ""); r.body["status"] != "REJECTED" || r.body["rejected_reason"] != "INVALID_FORMAT" {
		t.Errorf("read after rejection: %s", r.raw)
	}
	mustOK(t, ctl("/review", `{"status":"APPROVED"}`))
	mustOK(t, ctl("/category", `{"category":"MARKETING"}`))
	r := w.do(http.MethodGet, "/v26.0/"+id+"?fields=status,category,previous_category", "")
	if r.body["category"] != "MARKETING" || r.body["previous_category"] != "UTILITY" || r.body["status"] != "APPROVED" {
		t.Errorf("read after re-categorization: %s", r.raw)
	}
	mustOK(t, ctl("/quality", `{"score":"RED"}`))
	if r := w.do(http.MethodGet, "/_emulator/wabas/"+waba+"/templates", ""); !strings.Contains(r.raw, `"quality_score":"RED"`) {
		t.Errorf("control list: %s", r.raw)
	}
	added := w.do(http.MethodPost, "/_emulator/wabas/"+waba+"/templates", `{"name":"other_tool","language":"en","category":"UTILITY","components":[{"type":"BODY","text":"Hi"}]}`)
	if added.status != 200 || added.body["status"] != "PENDING" {
		t.Errorf("out-of-band create: %s", added.raw)
	}
	if r := w.do(http.MethodDelete, "/_emulator/templates/"+id, ""); r.status != 200 {
		t.Errorf("out-of-band delete: %s", r.raw)
	}
	if !w.emu.TemplateNameBlockedUntil(waba, "order_ready", "en_US").After(time.Now().Add(29 * 24 * time.Hour)) {
		t.Error("an out-of-band delete of an APPROVED template did not block its name")
	}
	if got := fmt.Sprint(w.emu.Count(emulator.OpCreateTemplate)); got != "1" {
		t.Errorf("create_template calls = %s (the control API spends none)", got)
	}
}
