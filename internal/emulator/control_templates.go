package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The review state machine and the worlds a template must survive, driven
// out of band: Meta's review (PENDING → APPROVED or REJECTED with a
// reason), pausing, disabling, archiving, re-categorization, quality, and
// what other tools spent of the budgets.

// reviewTransitions are the status changes the control API plays, as Meta
// makes them (template-review, template-pausing, template-archival):
// review decides a PENDING template; an APPROVED one may be paused,
// disabled, archived or rejected (authentication misuse, the 1st of the
// month); a paused one unpaused or disabled; an archived one unarchived;
// an appeal may approve a rejected or disabled one.
var reviewTransitions = map[string][]string{
	TemplatePending:  {TemplateApproved, TemplateRejected},
	TemplateApproved: {TemplatePaused, TemplateDisabled, TemplateArchived, TemplateRejected},
	TemplatePaused:   {TemplateApproved, TemplateDisabled},
	TemplateRejected: {TemplateApproved, TemplateArchived},
	TemplateDisabled: {TemplateApproved},
	TemplateArchived: {TemplateApproved},
}

// TemplateView is a template as the control API shows it, with its edit
// budget use.
type TemplateView struct {
	Template
	EditsUsed24h int `json:"edits_used_24h"`
	EditsUsed30d int `json:"edits_used_30d"`
}

func (m *templates) viewLocked(t *Template) TemplateView {
	now := m.e.opts.Clock()
	cp := *t
	cp.Components = nil
	for _, c := range t.Components {
		rc := map[string]any{}
		for k, v := range c {
			if k != "_request" {
				rc[k] = v
			}
		}
		cp.Components = append(cp.Components, rc)
	}
	cp.Edits = slices.Clone(t.Edits)
	return TemplateView{Template: cp, EditsUsed24h: len(within(t.Edits, now, 24*time.Hour)), EditsUsed30d: len(within(t.Edits, now, 30*24*time.Hour))}
}

// Template is the control view of a template.
func (e *Emulator) Template(id string) (TemplateView, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	m := stateOf[*templates](e)
	t, ok := m.byID[id]
	if !ok {
		return TemplateView{}, false
	}
	return m.viewLocked(t), true
}

// Templates lists a WABA's templates in creation order.
func (e *Emulator) Templates(waba string) []TemplateView {
	e.mu.Lock()
	defer e.mu.Unlock()
	m := stateOf[*templates](e)
	out := []TemplateView{}
	for _, t := range m.wabaTemplatesLocked(waba) {
		out = append(out, m.viewLocked(t))
	}
	return out
}

// AddTemplate creates a template out of band (another tool, WhatsApp
// Manager): the body is a create's, checked by the same rules, without the
// creation budget.
func (e *Emulator) AddTemplate(waba string, body map[string]any) (TemplateView, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	m := stateOf[*templates](e)
	if _, ok := e.wabas[waba]; !ok {
		return TemplateView{}, fmt.Errorf("no WABA %s", waba)
	}
	name, _ := body["name"].(string)
	language, _ := body["language"].(string)
	if !templateNameForm.MatchString(name) || !slices.Contains(TemplateLanguages, language) {
		return TemplateView{}, errors.New("name or language is not a valid template name or language")
	}
	if m.findLocked(waba, name, language) != nil {
		return TemplateView{}, fmt.Errorf("template %s in %s already exists", name, language)
	}
	t := &Template{Name: name, Language: language, WABAID: waba}
	if g := readTemplateContent(body, t, ""); g != nil {
		return TemplateView{}, fmt.Errorf("%s (%s)", g.message, g.details)
	}
	m.nextID++
	t.ID = fmt.Sprint(m.nextID)
	t.Status, t.RejectedReason, t.Quality, t.QualityDate = TemplatePending, "NONE", "UNKNOWN", e.opts.Clock().Unix()
	m.byID[t.ID] = t
	m.order = append(m.order, t.ID)
	return m.viewLocked(t), nil
}

// ReviewTemplate moves a template along the review state machine
// (reviewTransitions); a REJECTED template needs one of Meta's reasons.
func (e *Emulator) ReviewTemplate(id, status, reason string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, ok := stateOf[*templates](e).byID[id]
	if !ok {
		return fmt.Errorf("no template %s", id)
	}
	if !slices.Contains(reviewTransitions[t.Status], status) {
		return fmt.Errorf("a %s template cannot become %s (allowed: %s)", t.Status, status, strings.Join(reviewTransitions[t.Status], ", "))
	}
	switch {
	case status == TemplateRejected && !slices.Contains(rejectedReasons, reason):
		return fmt.Errorf("rejected_reason must be one of %s", strings.Join(rejectedReasons, ", "))
	case status != TemplateRejected && reason != "":
		return errors.New("rejected_reason is only for REJECTED")
	}
	t.Status, t.RejectedReason = status, "NONE"
	if status == TemplateRejected {
		t.RejectedReason = reason
	}
	return nil
}

// RecategorizeTemplate changes a template's category as Meta does on its
// own (UTILITY read back as MARKETING): previous_category keeps the old one.
func (e *Emulator) RecategorizeTemplate(id, category string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, ok := stateOf[*templates](e).byID[id]
	switch {
	case !ok:
		return fmt.Errorf("no template %s", id)
	case !slices.Contains(templateCategories, category):
		return errors.New("category must be AUTHENTICATION, MARKETING or UTILITY")
	case category == t.Category:
		return fmt.Errorf("the template is already %s", category)
	}
	t.PreviousCategory, t.Category = t.Category, category
	return nil
}

// SetTemplateQuality sets a template's quality score.
func (e *Emulator) SetTemplateQuality(id, score string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, ok := stateOf[*templates](e).byID[id]
	switch {
	case !ok:
		return fmt.Errorf("no template %s", id)
	case !slices.Contains([]string{"GREEN", "YELLOW", "RED", "UNKNOWN"}, score):
		return errors.New("score must be GREEN, YELLOW, RED or UNKNOWN")
	}
	t.Quality, t.QualityDate = score, e.opts.Clock().Unix()
	return nil
}

// SpendTemplateEdits records n edits of an APPROVED template made now by
// another tool.
func (e *Emulator) SpendTemplateEdits(id string, n int) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, ok := stateOf[*templates](e).byID[id]
	if !ok {
		return fmt.Errorf("no template %s", id)
	}
	for range n {
		t.Edits = append(t.Edits, e.opts.Clock())
	}
	return nil
}

// SpendTemplateCreates records n template creations in a WABA now.
func (e *Emulator) SpendTemplateCreates(waba string, n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	m := stateOf[*templates](e)
	for range n {
		m.creates[waba] = append(m.creates[waba], e.opts.Clock())
	}
}

// SetTemplateLimit sets a WABA's template cap (6,000 for a verified
// business).
func (e *Emulator) SetTemplateLimit(waba string, limit int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	stateOf[*templates](e).limits[waba] = limit
}

// DeleteTemplateOutOfBand deletes a template as WhatsApp Manager would:
// an APPROVED one blocks its name in its language.
func (e *Emulator) DeleteTemplateOutOfBand(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	m := stateOf[*templates](e)
	t, ok := m.byID[id]
	if !ok {
		return false
	}
	if t.Status == TemplateApproved {
		m.blocked[templateKey(t.WABAID, t.Name, t.Language)] = e.opts.Clock().Add(TemplateNameBlock)
	}
	delete(m.byID, id)
	m.gone[id] = true
	return true
}

// TemplateNameBlockedUntil is when a name is free again in a language of a
// WABA (zero when it is not blocked).
func (e *Emulator) TemplateNameBlockedUntil(waba, name, language string) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	until := stateOf[*templates](e).blocked[templateKey(waba, name, language)]
	if !e.opts.Clock().Before(until) {
		return time.Time{}
	}
	return until
}

func (m *templates) controls() []control {
	e := m.e
	templateControl := func(change func(id string, w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			id := r.PathValue("id")
			if _, ok := e.Template(id); !ok {
				writeControlError(w, http.StatusNotFound, "no template "+id)
				return
			}
			if change != nil {
				if err := change(id, w, r); err != nil {
					if !errors.Is(err, errAnswered) {
						writeControlError(w, http.StatusBadRequest, err.Error())
					}
					return
				}
			}
			view, ok := e.Template(id)
			if !ok {
				writeControlJSON(w, http.StatusOK, map[string]bool{"deleted": true})
				return
			}
			writeControlJSON(w, http.StatusOK, view)
		}
	}
	wabaKnown := func(w http.ResponseWriter, id string) bool {
		e.mu.Lock()
		_, ok := e.wabas[id]
		e.mu.Unlock()
		if !ok {
			writeControlError(w, http.StatusNotFound, "no WABA "+id)
		}
		return ok
	}
	decodeOr := func(w http.ResponseWriter, r *http.Request, v any) error {
		if !decode(w, r, v) {
			return errAnswered
		}
		return nil
	}
	return append(m.reviewControls(), []control{
		{"GET /_emulator/wabas/{id}/templates", "the WABA's message templates, with their edit budget use",
			func(w http.ResponseWriter, r *http.Request) {
				if wabaKnown(w, r.PathValue("id")) {
					writeControlJSON(w, http.StatusOK, e.Templates(r.PathValue("id")))
				}
			}},
		{"POST /_emulator/wabas/{id}/templates", "a create's body: another tool created this template (the same rules, no creation budget); it starts PENDING",
			func(w http.ResponseWriter, r *http.Request) {
				id := r.PathValue("id")
				if !wabaKnown(w, id) {
					return
				}
				var body map[string]any
				if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil {
					writeControlError(w, http.StatusBadRequest, "invalid JSON: "+err.Error())
					return
				}
				view, err := e.AddTemplate(id, body)
				if err != nil {
					writeControlError(w, http.StatusBadRequest, err.Error())
					return
				}
				writeControlJSON(w, http.StatusOK, view)
			}},
		{"POST /_emulator/wabas/{id}/template_limit", `{"limit":6000}: the WABA's template cap (250 unless set)`,
			func(w http.ResponseWriter, r *http.Request) {
				var in struct {
					Limit int `json:"limit"`
				}
				if !wabaKnown(w, r.PathValue("id")) || !decode(w, r, &in) {
					return
				}
				if in.Limit < 0 {
					writeControlError(w, http.StatusBadRequest, "limit must be 0 or more")
					return
				}
				e.SetTemplateLimit(r.PathValue("id"), in.Limit)
				writeControlJSON(w, http.StatusOK, map[string]int{"limit": in.Limit})
			}},
		{"POST /_emulator/wabas/{id}/template_creates", `{"count":100}: N template creations of the hour spent by another tool`,
			func(w http.ResponseWriter, r *http.Request) {
				var in struct {
					Count int `json:"count"`
				}
				if !wabaKnown(w, r.PathValue("id")) || !decode(w, r, &in) {
					return
				}
				if in.Count < 1 || in.Count > TemplateCreatesPerHour {
					writeControlError(w, http.StatusBadRequest, "count must be between 1 and 100")
					return
				}
				e.SpendTemplateCreates(r.PathValue("id"), in.Count)
				writeControlJSON(w, http.StatusOK, map[string]int{"count": in.Count})
			}},
		authReadBackControl(e),
		{"GET /_emulator/templates/{id}", "a template, with its edit budget use", templateControl(nil)},
		{"DELETE /_emulator/templates/{id}", "delete it out of band, as WhatsApp Manager would (an APPROVED one blocks its name in its language for 30 days)",
			templateControl(func(id string, _ http.ResponseWriter, _ *http.Request) error {
				e.DeleteTemplateOutOfBand(id)
				return nil
			})},
		{"POST /_emulator/templates/{id}/review", `{"status":"APPROVED"} or {"status":"REJECTED","rejected_reason":"INVALID_FORMAT"}: Meta's review, pausing, disabling, archiving (PENDING → APPROVED/REJECTED; APPROVED → PAUSED/DISABLED/ARCHIVED/REJECTED; PAUSED → APPROVED/DISABLED; REJECTED, DISABLED, ARCHIVED → APPROVED)`,
			templateControl(func(id string, w http.ResponseWriter, r *http.Request) error {
				var in struct {
					Status string `json:"status"`
					Reason string `json:"rejected_reason"`
				}
				if err := decodeOr(w, r, &in); err != nil {
					return err
				}
				return e.ReviewTemplate(id, in.Status, in.Reason)
			})},
		{"POST /_emulator/templates/{id}/category", `{"category":"MARKETING"}: Meta re-categorizes it (previous_category keeps the old one)`,
			templateControl(func(id string, w http.ResponseWriter, r *http.Request) error {
				var in struct {
					Category string `json:"category"`
				}
				if err := decodeOr(w, r, &in); err != nil {
					return err
				}
				return e.RecategorizeTemplate(id, in.Category)
			})},
		{"POST /_emulator/templates/{id}/quality", `{"score":"RED"}: its quality score (GREEN, YELLOW, RED, UNKNOWN)`,
			templateControl(func(id string, w http.ResponseWriter, r *http.Request) error {
				var in struct {
					Score string `json:"score"`
				}
				if err := decodeOr(w, r, &in); err != nil {
					return err
				}
				return e.SetTemplateQuality(id, in.Score)
			})},
		{"POST /_emulator/templates/{id}/edits", `{"count":1}: N edits of its 24-hour and 30-day budget spent by another tool`,
			templateControl(func(id string, w http.ResponseWriter, r *http.Request) error {
				var in struct {
					Count int `json:"count"`
				}
				if err := decodeOr(w, r, &in); err != nil {
					return err
				}
				if in.Count < 1 || in.Count > TemplateEditsPerMonth {
					return errors.New("count must be between 1 and 10")
				}
				return e.SpendTemplateEdits(id, in.Count)
			})},
	}...)
}

// errAnswered is a control change that has already written its error.
var errAnswered = errors.New("answered")
