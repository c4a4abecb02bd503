package emulator

import (
	"crypto/hmac"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// NumberView is a number as the control API shows it: the PIN is replaced by
// whether two-step verification is on.
type NumberView struct {
	Number
	PIN             string `json:"pin,omitempty"`
	TwoStepEnabled  bool   `json:"two_step_enabled"`
	RegistersUsed   int    `json:"registers_used_72h"`
	DeregistersUsed int    `json:"deregisters_used_72h"`
	MigrationBackup bool   `json:"migration_backup_received"`
}

// View returns the control API's view of a number.
func (e *Emulator) View(id string) (NumberView, bool) {
	n, ok := e.Number(id)
	if !ok {
		return NumberView{}, false
	}
	return NumberView{
		Number:          n,
		TwoStepEnabled:  n.PIN != "",
		RegistersUsed:   e.BudgetUsed(id, OpRegister),
		DeregistersUsed: e.BudgetUsed(id, OpDeregister),
		MigrationBackup: n.LastBackup != nil,
	}, true
}

// FaultWire is a Fault as the control API reads and lists it, with
// durations written as Go durations ("2s", "150ms").
type FaultWire struct {
	Fault
	Delay string `json:"delay,omitempty"`
	Drip  string `json:"drip,omitempty"`
}

func wireFault(f Fault) FaultWire {
	w := FaultWire{Fault: f}
	if f.Delay > 0 {
		w.Delay = f.Delay.String()
	}
	if f.Drip > 0 {
		w.Drip = f.Drip.String()
	}
	return w
}

func (w FaultWire) fault() (Fault, error) {
	f := w.Fault
	for _, d := range []struct {
		name string
		raw  string
		dst  *time.Duration
	}{{"delay", w.Delay, &f.Delay}, {"drip", w.Drip, &f.Drip}} {
		if d.raw == "" {
			continue
		}
		v, err := time.ParseDuration(d.raw)
		if err != nil {
			return f, fmt.Errorf("%s: %w", d.name, err)
		}
		*d.dst = v
	}
	return f, f.Validate()
}

// controlRoutes is the out-of-band API for scripts and pipelines
// (cmd/whatsapp-cloud-emulator): the core's routes (coreControls) and every
// module's, each behind the same bearer token as the API. The emulator
// guide documents every route (ControlRoutes, guide_test.go).
func (e *Emulator) controlRoutes() *http.ServeMux {
	mux := http.NewServeMux()
	for _, c := range e.controlTable() {
		h := c.handle
		mux.HandleFunc(c.pattern, func(w http.ResponseWriter, r *http.Request) {
			if !hmac.Equal([]byte(r.Header.Get("Authorization")), []byte("Bearer "+e.opts.Token)) {
				writeControlError(w, http.StatusUnauthorized, "the control API takes the emulator's token as a bearer token")
				return
			}
			h(w, r)
		})
	}
	mux.HandleFunc("/_emulator/", func(w http.ResponseWriter, r *http.Request) {
		if !hmac.Equal([]byte(r.Header.Get("Authorization")), []byte("Bearer "+e.opts.Token)) {
			writeControlError(w, http.StatusUnauthorized, "the control API takes the emulator's token as a bearer token")
			return
		}
		writeControlError(w, http.StatusNotFound, "unknown control path "+r.Method+" "+r.URL.Path)
	})
	return mux
}

// coreControls are the control routes of the core: the request log, faults,
// the directory of numbers, the hourly call budget and the version calendar.
func (e *Emulator) coreControls() []control {
	return []control{
		{"GET /_emulator/requests", "the request log (secrets masked)",
			func(w http.ResponseWriter, _ *http.Request) { writeControlJSON(w, http.StatusOK, e.Requests()) }},
		{"DELETE /_emulator/requests", "empty the request log", func(w http.ResponseWriter, _ *http.Request) {
			e.ResetRequests()
			w.WriteHeader(http.StatusNoContent)
		}},
		{"GET /_emulator/faults", "the queued faults", func(w http.ResponseWriter, _ *http.Request) {
			out := []FaultWire{}
			for _, f := range e.Faults() {
				out = append(out, wireFault(f))
			}
			writeControlJSON(w, http.StatusOK, out)
		}},
		{"POST /_emulator/faults", "queue a fault (Fault JSON; an unknown field is a 400)", func(w http.ResponseWriter, r *http.Request) {
			var in FaultWire
			if !decode(w, r, &in) {
				return
			}
			f, err := in.fault()
			if err != nil {
				writeControlError(w, http.StatusBadRequest, err.Error())
				return
			}
			e.InjectFault(f)
			w.WriteHeader(http.StatusNoContent)
		}},
		{"DELETE /_emulator/faults", "drop the queued faults", func(w http.ResponseWriter, _ *http.Request) {
			e.ClearFaults()
			w.WriteHeader(http.StatusNoContent)
		}},
		{"POST /_emulator/numbers", "seed a number (Number JSON, as in a seed file)", func(w http.ResponseWriter, r *http.Request) {
			var n Number
			if !decode(w, r, &n) {
				return
			}
			if !idPattern.MatchString(n.ID) {
				writeControlError(w, http.StatusBadRequest, "id must be digits")
				return
			}
			e.AddNumber(n)
			view, _ := e.View(n.ID)
			writeControlJSON(w, http.StatusCreated, view)
		}},
		{"GET /_emulator/numbers/{id}", "a number, PIN hidden, with its budget used",
			e.numberControl(func(string, http.ResponseWriter, *http.Request) bool { return true })},
		{"DELETE /_emulator/numbers/{id}", "delete the number, as WhatsApp Manager would", func(w http.ResponseWriter, r *http.Request) {
			if _, ok := e.Number(r.PathValue("id")); !ok {
				writeControlError(w, http.StatusNotFound, "no number "+r.PathValue("id"))
				return
			}
			e.RemoveNumber(r.PathValue("id"))
			w.WriteHeader(http.StatusNoContent)
		}},
		{"POST /_emulator/numbers/{id}/access", `{"visible":false}: the token loses access to the number (100/33); true gives it back`,
			e.numberControl(func(id string, w http.ResponseWriter, r *http.Request) bool {
				var in struct {
					Visible *bool `json:"visible"`
				}
				if !decode(w, r, &in) {
					return false
				}
				if in.Visible == nil {
					writeControlError(w, http.StatusBadRequest, `give {"visible": true} or {"visible": false}`)
					return false
				}
				return e.Update(id, func(n *Number) { n.Hidden = !*in.Visible })
			})},
		{"POST /_emulator/wabas/{id}/calls", `{"count":190}: spend the account's hourly call budget, as another tool of the app would`,
			func(w http.ResponseWriter, r *http.Request) {
				var in struct {
					Count int `json:"count"`
				}
				if !decode(w, r, &in) {
					return
				}
				if in.Count <= 0 || in.Count > 100_000 {
					writeControlError(w, http.StatusBadRequest, "count must be between 1 and 100000")
					return
				}
				e.SpendCalls(r.PathValue("id"), in.Count)
				writeControlJSON(w, http.StatusOK, map[string]int{"calls_last_hour": e.CallsUsed(r.PathValue("id"))})
			}},
		{"GET /_emulator/versions", "the Graph version calendar",
			func(w http.ResponseWriter, _ *http.Request) { writeControlJSON(w, http.StatusOK, Versions) }},
	}
}

// numberControl runs change on an existing number, then answers its view.
// change answers the error itself when it returns false.
func (e *Emulator) numberControl(change func(id string, w http.ResponseWriter, r *http.Request) bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if _, ok := e.Number(id); !ok {
			writeControlError(w, http.StatusNotFound, "no number "+id)
			return
		}
		if !change(id, w, r) {
			return
		}
		view, _ := e.View(id)
		writeControlJSON(w, http.StatusOK, view)
	}
}

// decode reads a JSON body strictly: an unknown field is a mistake in the
// script that sent it, and silently ignoring it would make a drill test
// nothing.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeControlError(w, http.StatusBadRequest, "invalid JSON: "+err.Error())
		return false
	}
	return true
}

func writeControlJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeControlError(w http.ResponseWriter, status int, msg string) {
	writeControlJSON(w, status, map[string]string{"error": msg})
}
