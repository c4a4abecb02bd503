package emulator_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestFaultsAreConsumedInOrderAndMatchOperation(t *testing.T) {
	w := setup(t, emulator.Options{})
	w.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Code: 133004, Status: 503, Times: 2})
	mustOK(t, w.do(http.MethodGet, "/v26.0/"+number, "")) // another operation is untouched
	for i := range 2 {
		if r := w.register("123456", ""); r.code() != 133004 || r.status != 503 {
			t.Fatalf("faulted register %d: %s", i, r.raw)
		}
	}
	mustOK(t, w.register("123456", ""))
	if got := w.emu.BudgetUsed(number, emulator.OpRegister); got != 1 {
		t.Errorf("injected faults counted against the budget: %d", got)
	}
	if ops := strings.Join(w.emu.Operations(number), ","); ops != "get_phone_number,register,register,register" {
		t.Errorf("log = %v", ops)
	}
	for _, r := range w.emu.Requests() {
		if r.Operation == emulator.OpRegister && r.Body["pin"] != "******" {
			t.Errorf("PIN not masked in the request log: %v", r.Body)
		}
	}
}

// rawGet reads an answer without failing on a cut body, so that tests can
// see exactly what a client received.
func (w *world) rawPost(path, body string) (status int, got []byte, err error) {
	req, _ := http.NewRequest(http.MethodPost, w.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	got, err = io.ReadAll(resp.Body)
	return resp.StatusCode, got, err
}

const registerBody = `{"messaging_product":"whatsapp","pin":"123456","data_localization_region":"DE"}`

// Faults that act and then fail: the number is registered and the budget
// spent, but the client gets no usable answer.
func TestFaultsThatActThenFail(t *testing.T) {
	for name, tc := range map[string]struct {
		fault emulator.Fault
		check func(status int, body []byte, err error) bool
	}{
		"reset after processing": {emulator.Fault{Act: true, DropConnection: true}, func(_ int, _ []byte, err error) bool { return err != nil }},
		"cut body": {emulator.Fault{Act: true, CutBody: true}, func(s int, b []byte, err error) bool {
			return s == 200 && errors.Is(err, io.ErrUnexpectedEOF) && len(b) > 0 && !json.Valid(b)
		}},
		"malformed 2xx": {emulator.Fault{Act: true, Malformed: true}, func(s int, b []byte, err error) bool { return s == 200 && err == nil && !json.Valid(b) }},
		"oversize 2xx":  {emulator.Fault{Act: true, Oversize: true}, func(s int, b []byte, err error) bool { return s == 200 && err == nil && len(b) > 1<<20 }},
		"gateway page after acting": {emulator.Fault{Act: true, Status: 502, RawBody: "<html>502</html>"}, func(s int, b []byte, err error) bool {
			return s == 502 && string(b) == "<html>502</html>"
		}},
	} {
		t.Run(name, func(t *testing.T) {
			w := setup(t, emulator.Options{})
			tc.fault.Operation = emulator.OpRegister
			w.emu.InjectFault(tc.fault)
			status, body, err := w.rawPost("/v26.0/"+number+"/register", registerBody)
			if !tc.check(status, body, err) {
				t.Errorf("client saw status %d, %d bytes, err %v", status, len(body), err)
			}
			if n, _ := w.emu.Number(number); !n.Registered() || n.Region != "DE" {
				t.Errorf("the register did not act: %+v", n)
			}
			if got := w.emu.BudgetUsed(number, emulator.OpRegister); got != 1 {
				t.Errorf("budget used = %d, want 1", got)
			}
			if log := w.emu.Requests(); len(log) != 1 || !log[0].Acted || !log[0].Injected {
				t.Errorf("log = %+v", log)
			}
		})
	}
}

// The same spoiled answers without Act: the write does not happen.
func TestSpoiledAnswersWithoutActChangeNothing(t *testing.T) {
	for name, f := range map[string]emulator.Fault{
		"drop": {DropConnection: true}, "cut": {CutBody: true}, "malformed": {Malformed: true},
	} {
		t.Run(name, func(t *testing.T) {
			w := setup(t, emulator.Options{})
			f.Operation = emulator.OpRegister
			w.emu.InjectFault(f)
			_, _, _ = w.rawPost("/v26.0/"+number+"/register", registerBody)
			if n, _ := w.emu.Number(number); n.Registered() || w.emu.BudgetUsed(number, emulator.OpRegister) != 0 {
				t.Errorf("a fault without act registered the number: %+v", n)
			}
		})
	}
}

func TestHangsDripsAndAny200Body(t *testing.T) {
	w := setup(t, emulator.Options{})
	w.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetSettings, Hang: true})
	client := &http.Client{Timeout: 150 * time.Millisecond}
	req, _ := http.NewRequest(http.MethodGet, w.srv.URL+"/v26.0/"+number+"/settings", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if _, err := client.Do(req); err == nil {
		t.Error("a hang answered")
	}

	w.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Drip: 20 * time.Millisecond})
	start := time.Now()
	r := w.do(http.MethodGet, "/v26.0/"+number+"?fields=id", "")
	if r.body["id"] != number || time.Since(start) < time.Duration(len(r.raw)-1)*20*time.Millisecond {
		t.Errorf("a drip delivered %q in %v", r.raw, time.Since(start))
	}

	w.emu.InjectFault(emulator.Fault{Operation: emulator.OpGetPhoneNumber, Status: 200, ContentType: "application/json", RawBody: `{"data":[]}`})
	if r := w.do(http.MethodGet, "/v26.0/"+number, ""); r.status != 200 || r.raw != `{"data":[]}` || r.header.Get("X-Fb-Trace-Id") == "" {
		t.Errorf("any 200 body: %d %q", r.status, r.raw)
	}
}

func TestFaultValidation(t *testing.T) {
	for name, f := range map[string]emulator.Fault{
		"unknown operation":   {Operation: "regster", Code: 1},
		"two deliveries":      {DropConnection: true, CutBody: true},
		"code and raw body":   {Code: 1, RawBody: "x"},
		"not an HTTP status":  {Status: 42},
		"does nothing at all": {Operation: emulator.OpRegister},
	} {
		if err := f.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := (&emulator.Fault{Operation: emulator.OpRegister, Act: true, Hang: true}).Validate(); err != nil {
		t.Errorf("a valid fault refused: %v", err)
	}
}
