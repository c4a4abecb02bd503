package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// A review decided by reads, for tests that wait for it: Meta decides a
// PENDING template at its own pace, and a test that approves from a
// goroutine races the provider's reads. A scheduled review is decided on a
// given read of GET /{template} instead, before that read is answered, so
// that the provider's wait sees it on exactly that read.

// scheduledReview decides the template of a name and language on its
// reads-th read while PENDING.
type scheduledReview struct {
	reads, seen int
	status      string
	reason      string
}

// ReviewTemplateOnRead schedules Meta's decision (APPROVED, or REJECTED
// with a reason) of the template of waba, name and language, made now or
// later: it is decided on its reads-th read (GET /{template}) while
// PENDING, counted from now, and that read answers with the decision.
func (e *Emulator) ReviewTemplateOnRead(waba, name, language string, reads int, status, reason string) error {
	switch {
	case reads < 1:
		return errors.New("reads must be 1 or more")
	case status != TemplateApproved && status != TemplateRejected:
		return errors.New("status must be APPROVED or REJECTED (Meta's decisions of a PENDING template)")
	case status == TemplateRejected && !slices.Contains(rejectedReasons, reason):
		return fmt.Errorf("rejected_reason must be one of %s", strings.Join(rejectedReasons, ", "))
	case status != TemplateRejected && reason != "":
		return errors.New("rejected_reason is only for REJECTED")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	m := stateOf[*templates](e)
	if _, ok := e.wabas[waba]; !ok {
		return fmt.Errorf("no WABA %s", waba)
	}
	if m.reviews == nil {
		m.reviews = map[string]*scheduledReview{}
	}
	m.reviews[templateKey(waba, name, language)] = &scheduledReview{reads: reads, status: status, reason: reason}
	return nil
}

// readLocked counts a read of t against its scheduled review, and decides
// the review on the read it names.
func (m *templates) readLocked(t *Template) {
	key := templateKey(t.WABAID, t.Name, t.Language)
	s, ok := m.reviews[key]
	if !ok || t.Status != TemplatePending {
		return
	}
	if s.seen++; s.seen < s.reads {
		return
	}
	delete(m.reviews, key)
	t.Status, t.RejectedReason = s.status, "NONE"
	if s.status == TemplateRejected {
		t.RejectedReason = s.reason
	}
}

func (m *templates) reviewControls() []control {
	e := m.e
	return []control{
		{"POST /_emulator/wabas/{id}/template_reviews", `{"name":"order_update","language":"en_US","reads":3,"status":"APPROVED"} (or "REJECTED" with "rejected_reason"): Meta decides that template's review on its Nth read while PENDING`,
			func(w http.ResponseWriter, r *http.Request) {
				var in struct {
					Name     string `json:"name"`
					Language string `json:"language"`
					Reads    int    `json:"reads"`
					Status   string `json:"status"`
					Reason   string `json:"rejected_reason"`
				}
				if !decode(w, r, &in) {
					return
				}
				if err := e.ReviewTemplateOnRead(r.PathValue("id"), in.Name, in.Language, in.Reads, in.Status, in.Reason); err != nil {
					writeControlError(w, http.StatusBadRequest, err.Error())
					return
				}
				writeControlJSON(w, http.StatusOK, in)
			}},
	}
}
