package cloudapi_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func orderTemplate(name, language string) cloudapi.CreateTemplateRequest {
	return cloudapi.CreateTemplateRequest{
		Name: name, Language: language, Category: "UTILITY",
		Components: []map[string]any{
			{"type": "HEADER", "format": "IMAGE", "example": map[string]any{"header_handle": []string{"4::aW1hZ2U=:ARb"}}},
			{"type": "BODY", "text": "Hi {{1}}, order {{2}} is ready.", "example": map[string]any{"body_text": [][]string{{"Ana", "A-17"}}}},
			{"type": "BUTTONS", "buttons": []map[string]any{{"type": "QUICK_REPLY", "text": "Thanks"}}},
		},
	}
}

func mustCreate(t *testing.T, c *cloudapi.Client, r cloudapi.CreateTemplateRequest) *cloudapi.CreatedTemplate {
	t.Helper()
	out, err := c.CreateTemplate(context.Background(), testWABA, r)
	if err != nil {
		t.Fatalf("CreateTemplate: %v", err)
	}
	return out
}

// A create posts the components in Meta's shapes; reads decode Meta's
// read-back forms; the list asks for its fields and every page; Meta's
// name filter matches parts of names, FindTemplate exactly.
func TestTemplateCreateReadListFind(t *testing.T) {
	h := newHarness(t, emulator.Options{MaxPageSize: 2})
	c := h.client(t)
	ctx := context.Background()
	created := mustCreate(t, c, orderTemplate("order_ready", "en_US"))
	if created.Status != cloudapi.TemplatePending || created.Category != "UTILITY" || created.Sent != 1 || created.LostAnswer != nil {
		t.Errorf("created = %+v", created)
	}
	mustCreate(t, c, orderTemplate("order_ready", "pt_BR"))
	mustCreate(t, c, orderTemplate("order_ready_v2", "en_US"))
	if err := h.emu.ReviewTemplate(created.ID, emulator.TemplateApproved, ""); err != nil {
		t.Fatal(err)
	}
	tmpl, err := c.Template(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if tmpl.Status != cloudapi.TemplateApproved || tmpl.QualityScore != "UNKNOWN" || tmpl.RejectedReason != "NONE" ||
		len(tmpl.Components) != 3 || tmpl.Components[0].Type != "HEADER" || !strings.Contains(string(tmpl.Components[0].Example), "https://scontent.whatsapp.net/") ||
		tmpl.Components[2].Buttons[0].Type != "QUICK_REPLY" {
		t.Errorf("template = %+v", tmpl)
	}
	before := len(h.requests())
	list, err := c.Templates(ctx, testWABA, cloudapi.TemplateFilter{Name: "order_ready"})
	if err != nil || len(list) != 3 {
		t.Fatalf("Templates(name=order_ready) = %d templates, %v; Meta's filter matches parts of names", len(list), err)
	}
	var lists []recorded
	for _, r := range h.requests()[before:] {
		if strings.HasSuffix(r.Path, "/message_templates") {
			lists = append(lists, r)
		}
	}
	if len(lists) != 2 {
		t.Errorf("list pages = %d, want 2 (page size 2)", len(lists))
	}
	q, _ := url.ParseQuery(lists[0].RawQuery)
	if !strings.Contains(q.Get("fields"), "quality_score") || !strings.Contains(q.Get("fields"), "rejected_reason") {
		t.Errorf("fields asked for: %q", q.Get("fields"))
	}
	found, ok, err := c.FindTemplate(ctx, testWABA, "order_ready", "en_US")
	if err != nil || !ok || found.ID != created.ID {
		t.Errorf("FindTemplate = %+v, %v, %v", found, ok, err)
	}
	if _, ok, err := c.FindTemplate(ctx, testWABA, "order", "en_US"); ok || err != nil {
		t.Errorf("FindTemplate of a part of a name: found %v, %v", ok, err)
	}
	approved, err := c.Templates(ctx, testWABA, cloudapi.TemplateFilter{Statuses: []string{cloudapi.TemplateApproved}})
	if err != nil || len(approved) != 1 {
		t.Errorf("approved = %v, %v", approved, err)
	}
	_, err = c.CreateTemplate(ctx, testWABA, orderTemplate("order_ready", "en_US"))
	if !cloudapi.IsTemplateExists(err) {
		t.Errorf("a second create of the same name and language: %v", err)
	}
}

// A status, category or component type Meta has not documented is not
// understood, never taken for another.
func TestTemplateStrictDecoding(t *testing.T) {
	for name, body := range map[string]string{
		"unknown status":   `{"id":"1","name":"a","language":"en","category":"UTILITY","status":"FLAGGED","parameter_format":"POSITIONAL","components":[]}`,
		"unknown category": `{"id":"1","name":"a","language":"en","category":"TRANSACTIONAL","status":"APPROVED","parameter_format":"POSITIONAL","components":[]}`,
		"no components":    `{"id":"1","name":"a","language":"en","category":"UTILITY","status":"APPROVED","parameter_format":"POSITIONAL"}`,
		"unknown type":     `{"id":"1","name":"a","language":"en","category":"UTILITY","status":"APPROVED","parameter_format":"POSITIONAL","components":[{"type":"GREETING"}]}`,
		"another id":       `{"id":"2","name":"a","language":"en","category":"UTILITY","status":"APPROVED","parameter_format":"POSITIONAL","components":[]}`,
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			c := h.client(t)
			created := mustCreate(t, c, orderTemplate("a", "en"))
			body = strings.Replace(body, `"id":"1"`, `"id":"`+created.ID+`"`, 1)
			h.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetTemplate, Status: 200, ContentType: "application/json", RawBody: body})
			_, err := c.Template(context.Background(), created.ID)
			var nu *cloudapi.NotUnderstoodError
			if !errors.As(err, &nu) {
				t.Errorf("want NotUnderstoodError, got %v", err)
			}
		})
	}
}

// A create whose answer was lost after Meta acted is settled by
// FindTemplate: one create, reported with the found template.
func TestTemplateCreateLostAnswerIsSettledByFind(t *testing.T) {
	for name, f := range map[string]emulator.Fault{
		"reset after processing": {Act: true, DropConnection: true},
		"cut body":               {Act: true, CutBody: true},
		"gateway page":           {Act: true, Status: 502, RawBody: "<html>502</html>"},
		"unknown 2xx shape":      {Act: true, Status: 200, ContentType: "application/json", RawBody: `{"id":"1","status":"SOMETHING"}`},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			f.Operation, f.Times = emulator.OpCreateTemplate, 10
			h.emu.InjectFault(f)
			c := h.client(t, func(cfg *cloudapi.Config) { cfg.AttemptTimeout = 300 * time.Millisecond })
			out, err := c.CreateTemplate(context.Background(), testWABA, orderTemplate("order_ready", "en_US"))
			if err != nil {
				t.Fatalf("CreateTemplate: %v", err)
			}
			if out.LostAnswer == nil || out.Sent != 1 || out.ID == "" || out.Status != cloudapi.TemplatePending {
				t.Errorf("created = %+v", out)
			}
			if got := h.emu.Count(emulator.OpCreateTemplate); got != 1 {
				t.Errorf("creates = %d, want 1", got)
			}
			if got := h.emu.Templates(testWABA); len(got) != 1 || got[0].ID != out.ID {
				t.Errorf("templates = %+v", got)
			}
		})
	}
}

// A lost answer where Meta did not act: the complete list shows no such
// template, and only then is the create sent again.
func TestTemplateCreateLostAnswerWithoutEffectIsSentAgain(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpCreateTemplate, CutBody: true})
	out, err := h.client(t).CreateTemplate(context.Background(), testWABA, orderTemplate("order_ready", "en_US"))
	if err != nil {
		t.Fatal(err)
	}
	if out.Sent != 2 || out.LostAnswer != nil {
		t.Errorf("created = %+v", out)
	}
	var ops []string
	for _, r := range h.emu.Requests() {
		ops = append(ops, r.Operation)
	}
	if strings.Join(ops, ",") != "create_template,list_templates,create_template" {
		t.Errorf("calls = %v", ops)
	}
	if n := len(h.emu.Templates(testWABA)); n != 1 {
		t.Errorf("templates = %d, want 1", n)
	}
}

// The same, when the read that would settle it fails: the outcome is
// unknown and nothing is sent again.
func TestTemplateCreateLostAnswerAndFailedRead(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpCreateTemplate, Act: true, DropConnection: true})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpListTemplates, Status: 200, ContentType: "application/json", RawBody: `{"paging":{}}`, Times: 10})
	_, err := h.client(t).CreateTemplate(context.Background(), testWABA, orderTemplate("order_ready", "en_US"))
	var unknown *cloudapi.UnknownOutcomeError
	if !errors.As(err, &unknown) || unknown.ReadErr == nil {
		t.Fatalf("want UnknownOutcomeError with the read's error, got %v", err)
	}
	if got := h.emu.Count(emulator.OpCreateTemplate); got != 1 {
		t.Errorf("creates = %d, want 1", got)
	}
}

// An edit replaces the components and sends the template back to review;
// a lost edit answer is unknown, never sent again.
func TestTemplateEdit(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client(t)
	ctx := context.Background()
	created := mustCreate(t, c, orderTemplate("order_ready", "en_US"))
	if err := h.emu.ReviewTemplate(created.ID, emulator.TemplateApproved, ""); err != nil {
		t.Fatal(err)
	}
	if err := c.EditTemplate(ctx, created.ID, cloudapi.TemplateEdit{}); err == nil {
		t.Error("an empty edit was sent")
	}
	err := c.EditTemplate(ctx, created.ID, cloudapi.TemplateEdit{Components: []map[string]any{{"type": "BODY", "text": "Your order is ready."}}})
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := c.Template(ctx, created.ID)
	if err != nil || tmpl.Status != cloudapi.TemplatePending || len(tmpl.Components) != 1 {
		t.Errorf("after the edit: %+v, %v", tmpl, err)
	}
	if err := h.emu.ReviewTemplate(created.ID, emulator.TemplateApproved, ""); err != nil {
		t.Fatal(err)
	}
	err = c.EditTemplate(ctx, created.ID, cloudapi.TemplateEdit{Components: []map[string]any{{"type": "BODY", "text": "Ready."}}})
	if apiErr, ok := cloudapi.AsError(err); !ok || apiErr.Code != 100 || !strings.Contains(apiErr.Details, "24 hours") {
		t.Errorf("a second edit within 24 hours: %v", err)
	}
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpEditTemplate, DropConnection: true})
	err = c.EditTemplate(ctx, created.ID, cloudapi.TemplateEdit{TTLSeconds: ptr(int64(600))})
	var unknown *cloudapi.UnknownOutcomeError
	if !errors.As(err, &unknown) {
		t.Errorf("a lost edit answer: %v", err)
	}
	if got := h.emu.Count(emulator.OpEditTemplate); got != 3 {
		t.Errorf("edits = %d, want 3", got)
	}
}

// A delete names one template by hsm_id and name: the other languages of
// the name stay. A lost answer after the delete acted is settled by the
// list.
func TestTemplateDelete(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client(t)
	ctx := context.Background()
	en := mustCreate(t, c, orderTemplate("order_ready", "en_US"))
	pt := mustCreate(t, c, orderTemplate("order_ready", "pt_BR"))
	if err := c.DeleteTemplate(ctx, testWABA, "", "order_ready"); err == nil {
		t.Error("a delete without hsm_id was accepted")
	}
	if err := c.DeleteTemplate(ctx, testWABA, en.ID, "order_ready"); err != nil {
		t.Fatal(err)
	}
	if got := h.emu.Templates(testWABA); len(got) != 1 || got[0].ID != pt.ID {
		t.Errorf("after deleting en_US: %+v", got)
	}
	var del recorded
	for _, r := range h.requests() {
		if r.Method == "DELETE" {
			del = r
		}
	}
	if q, _ := url.ParseQuery(del.RawQuery); q.Get("hsm_id") != en.ID || q.Get("name") != "order_ready" {
		t.Errorf("delete query = %q", del.RawQuery)
	}
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpDeleteTemplate, Act: true, DropConnection: true})
	if err := c.DeleteTemplate(ctx, testWABA, pt.ID, "order_ready"); err != nil {
		t.Fatalf("a delete whose answer was lost after it acted: %v", err)
	}
	if got := h.emu.Count(emulator.OpDeleteTemplate); got != 2 {
		t.Errorf("deletes = %d, want 2", got)
	}
	if n := len(h.emu.Templates(testWABA)); n != 0 {
		t.Errorf("templates left = %d", n)
	}
}

// A deleted template listed beside the live one that took its name is not
// the answer, and not a second template of the name; alone, it is.
func TestFindTemplateSkipsDeletedBesideLive(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client(t)
	item := func(id, status string) string {
		return `{"id":"` + id + `","name":"order_ready","language":"en_US","category":"UTILITY","status":"` + status +
			`","parameter_format":"POSITIONAL","rejected_reason":"NONE","components":[{"type":"BODY","text":"Ready."}]}`
	}
	for name, tc := range map[string]struct {
		body   string
		wantID string
	}{
		"deleted then live": {`{"data":[` + item("11", "DELETED") + `,` + item("12", "APPROVED") + `]}`, "12"},
		"live then pending": {`{"data":[` + item("12", "PENDING") + `,` + item("11", "PENDING_DELETION") + `]}`, "12"},
		"deleted alone":     {`{"data":[` + item("11", "DELETED") + `]}`, "11"},
	} {
		t.Run(name, func(t *testing.T) {
			h.emu.InjectFault(emulator.Fault{Operation: emulator.OpListTemplates, Status: 200, ContentType: "application/json", RawBody: tc.body})
			found, ok, err := c.FindTemplate(context.Background(), testWABA, "order_ready", "en_US")
			if err != nil || !ok || found.ID != tc.wantID {
				t.Errorf("FindTemplate = %+v, %v, %v; want template %s", found, ok, err, tc.wantID)
			}
		})
	}
}

// Meta's name filter also matches parts of names: a template of another
// name in a shape not understood does not hide the one looked for; one of
// the name looked for (or of a name not read) makes the answer unknown.
func TestFindTemplateBesideATemplateNotUnderstood(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client(t)
	item := func(id, name, extra string) string {
		return `{"id":"` + id + `","name":"` + name + `","language":"en_US","category":"UTILITY","status":"APPROVED",` +
			`"parameter_format":"POSITIONAL","rejected_reason":"NONE","components":[{"type":"BODY","text":"Ready."}` + extra + `]}`
	}
	odd := `,{"type":"CALL_PERMISSION_REQUEST"}`
	for name, tc := range map[string]struct {
		body    string
		wantID  string
		wantErr bool
	}{
		"another name, odd":   {`{"data":[` + item("11", "order_ready_v2", odd) + `,` + item("12", "order_ready", "") + `]}`, "12", false},
		"the same name, odd":  {`{"data":[` + item("12", "order_ready", odd) + `]}`, "", true},
		"no name read, odd":   {`{"data":[{"id":"13","name":7}]}`, "", true},
		"another name, alone": {`{"data":[` + item("11", "order_ready_v2", odd) + `]}`, "", false},
	} {
		t.Run(name, func(t *testing.T) {
			h.emu.InjectFault(emulator.Fault{Operation: emulator.OpListTemplates, Status: 200, ContentType: "application/json", RawBody: tc.body})
			found, ok, err := c.FindTemplate(context.Background(), testWABA, "order_ready", "en_US")
			var nu *cloudapi.NotUnderstoodError
			switch {
			case tc.wantErr && !errors.As(err, &nu):
				t.Errorf("FindTemplate = %+v, %v, %v; want a NotUnderstoodError", found, ok, err)
			case !tc.wantErr && err != nil:
				t.Errorf("FindTemplate: %v", err)
			case !tc.wantErr && tc.wantID == "" && ok:
				t.Errorf("FindTemplate found %+v, want none", found)
			case !tc.wantErr && tc.wantID != "" && (!ok || found.ID != tc.wantID):
				t.Errorf("FindTemplate = %+v, %v; want template %s", found, ok, tc.wantID)
			}
		})
	}
}

// A create whose answer was lost, when the only template of the name is a
// deleted one: the create did not take effect, and is sent again (never
// settled on the deleted template).
func TestTemplateCreateLostAnswerBesideADeletedTemplate(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpCreateTemplate, CutBody: true})
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpListTemplates, Status: 200, ContentType: "application/json",
		RawBody: `{"data":[{"id":"11","name":"order_ready","language":"en_US","category":"UTILITY","status":"DELETED","parameter_format":"POSITIONAL","rejected_reason":"NONE","components":[{"type":"BODY","text":"Ready."}]}]}`})
	out, err := h.client(t).CreateTemplate(context.Background(), testWABA, orderTemplate("order_ready", "en_US"))
	if err != nil {
		t.Fatal(err)
	}
	if out.Sent != 2 || out.LostAnswer != nil || out.ID == "11" {
		t.Errorf("created = %+v", out)
	}
	if n := len(h.emu.Templates(testWABA)); n != 1 {
		t.Errorf("templates = %d, want 1", n)
	}
}
