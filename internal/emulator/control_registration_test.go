package emulator_test

import (
	"net/http"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The worlds a replacement must survive, played from the control API.
func TestRegistrationControls(t *testing.T) {
	w := setup(t, emulator.Options{})

	// Verification: a register is refused with 133006 until VERIFIED, and
	// the refusal counts against the budget.
	mustOK(t, w.do(http.MethodPost, "/_emulator/numbers/"+number+"/verification", `{"code_verification_status":"EXPIRED"}`))
	if r := w.register("123456", ""); r.code() != 133006 {
		t.Errorf("register of an EXPIRED number: %s", r.raw)
	}
	if got := w.emu.BudgetUsed(number, emulator.OpRegister); got != 1 {
		t.Errorf("registers used = %d, want 1", got)
	}
	mustOK(t, w.do(http.MethodPost, "/_emulator/numbers/"+number+"/verification", `{"code_verification_status":"VERIFIED"}`))
	mustOK(t, w.register("123456", "CH"))

	// Platform: moved to On-Premises out of band, local storage goes off;
	// a register with a backup moves it back.
	mustOK(t, w.do(http.MethodPost, "/_emulator/numbers/"+number+"/platform", `{"platform_type":"ON_PREMISE"}`))
	if n, _ := w.emu.Number(number); n.PlatformType != emulator.PlatformOnPremise || n.Region != "" || n.Registered() {
		t.Errorf("after the move: %+v", n)
	}
	withBackup := `{"messaging_product":"whatsapp","pin":"123456","backup":{"data":"d","password":"p"}}`
	mustOK(t, w.do(http.MethodPost, "/v26.0/"+number+"/register", withBackup))
	if n, _ := w.emu.Number(number); !n.Registered() || n.LastBackup == nil {
		t.Errorf("migration: %+v", n)
	}

	// A backup for a number not on the On-Premises API is refused.
	if r := w.do(http.MethodPost, "/v26.0/"+number+"/register", withBackup); r.code() != 100 {
		t.Errorf("backup on a Cloud API number: %s", r.raw)
	}

	// Budget spent by another tool: the next register is 133016.
	mustOK(t, w.do(http.MethodPost, "/_emulator/numbers/"+number+"/budget", `{"operation":"register","count":10}`))
	if r := w.register("123456", ""); r.code() != 133016 {
		t.Errorf("register past the budget: %s", r.raw)
	}

	for _, tc := range []struct{ path, body string }{
		{"/verification", `{"code_verification_status":"verified"}`},
		{"/platform", `{"platform_type":"WHATSAPP_BUSINESS_APP"}`},
		{"/budget", `{"operation":"set_pin","count":1}`},
		{"/budget", `{"operation":"register","count":0}`},
		{"/budget", `{"operation":"register","count":11}`},
	} {
		if r := w.do(http.MethodPost, "/_emulator/numbers/"+number+tc.path, tc.body); r.status != http.StatusBadRequest {
			t.Errorf("%s %s: %d %s", tc.path, tc.body, r.status, r.raw)
		}
	}
}
