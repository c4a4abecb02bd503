package emulator_test

import (
	"net/http"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Skip lets the first matching requests through: a fault on the second
// read, then the third, and the fourth is served again.
func TestFaultSkipLetsTheFirstRequestsThrough(t *testing.T) {
	w := setup(t, emulator.Options{})
	w.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Skip: 1, Times: 2, Code: 2, Status: 500})
	want := []int{http.StatusOK, 500, 500, http.StatusOK}
	for i, status := range want {
		if r := w.do(http.MethodGet, "/v26.0/"+number, ""); r.status != status {
			t.Fatalf("read %d: status %d, want %d: %s", i+1, r.status, status, r.raw)
		}
	}
	if err := (&emulator.Fault{Skip: -1, Code: 2}).Validate(); err == nil {
		t.Error("a negative skip was accepted")
	}
}
