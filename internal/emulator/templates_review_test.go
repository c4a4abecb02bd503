package emulator_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Only the edits of an APPROVED template spend its budget: a PAUSED or
// REJECTED one is edited freely, and its edits do not count later. The
// answers carry the emulator's clock in Date.
func TestTemplateEditBudgetCountsApprovedOnly(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	w := setup(t, emulator.Options{Clock: func() time.Time { return now }})
	id := createTemplate(t, w, orderBody)
	edit := func() reply {
		return w.do(http.MethodPost, "/v26.0/"+id, `{"components":[{"type":"BODY","text":"Order {{1}} is ready.","example":{"body_text":[["A-1"]]}}]}`)
	}
	review(t, w, id, emulator.TemplateApproved)
	review(t, w, id, emulator.TemplatePaused)
	for range 3 {
		mustOK(t, edit()) // PAUSED, then REJECTED: free
		if err := w.emu.ReviewTemplate(id, emulator.TemplateRejected, "INVALID_FORMAT"); err != nil {
			t.Fatal(err)
		}
	}
	if v, _ := w.emu.Template(id); v.EditsUsed24h != 0 || v.EditsUsed30d != 0 {
		t.Fatalf("edits of a PAUSED or REJECTED template counted: %+v", v)
	}
	review(t, w, id, emulator.TemplateApproved)
	r := edit()
	mustOK(t, r)
	if got, _ := http.ParseTime(r.header.Get("Date")); !got.Equal(now) {
		t.Errorf("Date %q, want the emulator's clock %v", r.header.Get("Date"), now)
	}
	review(t, w, id, emulator.TemplateApproved)
	if r := edit(); r.code() != 100 || !strings.Contains(r.raw, now.Add(24*time.Hour).Format(time.RFC3339)) {
		t.Errorf("a second edit of the APPROVED template within 24 hours: %s", r.raw)
	}
	// More than ten spent: the next frees when the tenth newest leaves.
	now = now.Add(25 * time.Hour)
	if err := w.emu.SpendTemplateEdits(id, 10); err != nil {
		t.Fatal(err)
	}
	now = now.Add(25 * time.Hour)
	if r := edit(); r.code() != 100 || !strings.Contains(r.raw, now.Add(-25*time.Hour).Add(30*24*time.Hour).Format(time.RFC3339)) {
		t.Errorf("past ten edits in 30 days: %s", r.raw)
	}
}

// A scheduled review is decided on the read it names, while PENDING, and
// that read answers with it.
func TestTemplateReviewOnRead(t *testing.T) {
	w := setup(t, emulator.Options{})
	if err := w.emu.ReviewTemplateOnRead(waba, "order_ready", "en_US", 2, emulator.TemplatePaused, ""); err == nil {
		t.Error("a scheduled PAUSED was accepted")
	}
	if r := w.do(http.MethodPost, "/_emulator/wabas/"+waba+"/template_reviews", `{"name":"order_ready","language":"en_US","reads":2,"status":"REJECTED","rejected_reason":"SCAM"}`); r.status != 200 {
		t.Fatalf("control: %d %s", r.status, r.raw)
	}
	id := createTemplate(t, w, orderBody)
	read := func() reply { return w.do(http.MethodGet, "/v26.0/"+id+"?fields=status,rejected_reason", "") }
	if r := read(); r.body["status"] != "PENDING" {
		t.Errorf("first read: %s", r.raw)
	}
	if r := read(); r.body["status"] != "REJECTED" || r.body["rejected_reason"] != "SCAM" {
		t.Errorf("second read: %s", r.raw)
	}
	review(t, w, id, emulator.TemplateApproved)
	if r := read(); r.body["status"] != "APPROVED" {
		t.Errorf("the schedule outlived its decision: %s", r.raw)
	}
}
