package emulator

import (
	"crypto/hmac"
	"encoding/json"
	"net/http"
	"strings"
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

type faultWire struct {
	Fault
	Delay string `json:"delay,omitempty"`
}

// serveControl is the out-of-band API for scripts (cmd/whatsapp-cloud-emulator):
//
//	GET    /_emulator/requests                    the request log
//	DELETE /_emulator/requests                    empty it
//	POST   /_emulator/numbers                     seed a number (Number JSON)
//	GET    /_emulator/numbers/{id}                a number, PIN hidden
//	DELETE /_emulator/numbers/{id}                delete it (as WhatsApp Manager would)
//	POST   /_emulator/numbers/{id}/deregister     deregister out of band
//	POST   /_emulator/numbers/{id}/region         {"region":"DE"} or {"region":""}
//	POST   /_emulator/numbers/{id}/pin            {"pin":"123456"}
//	POST   /_emulator/faults                      queue a Fault ("delay": "2s")
//	DELETE /_emulator/faults                      drop the queued faults
//
// It takes the same bearer token as the API.
func (e *Emulator) serveControl(w http.ResponseWriter, r *http.Request) {
	h := r.Header.Get("Authorization")
	if !hmac.Equal([]byte(h), []byte("Bearer "+e.opts.Token)) {
		writeControlError(w, http.StatusUnauthorized, "the control API takes the emulator's token as a bearer token")
		return
	}
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/_emulator/"), "/"), "/")
	switch {
	case parts[0] == "requests" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, e.Requests())
	case parts[0] == "requests" && r.Method == http.MethodDelete:
		e.ResetRequests()
		w.WriteHeader(http.StatusNoContent)
	case parts[0] == "faults" && r.Method == http.MethodPost:
		var f faultWire
		if !decode(w, r, &f) {
			return
		}
		if f.Delay != "" {
			d, err := time.ParseDuration(f.Delay)
			if err != nil {
				writeControlError(w, http.StatusBadRequest, "delay: "+err.Error())
				return
			}
			f.Fault.Delay = d
		}
		e.InjectFault(f.Fault)
		w.WriteHeader(http.StatusNoContent)
	case parts[0] == "faults" && r.Method == http.MethodDelete:
		e.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	case parts[0] == "numbers" && len(parts) == 1 && r.Method == http.MethodPost:
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
		writeJSON(w, http.StatusCreated, view)
	case parts[0] == "numbers" && len(parts) >= 2:
		e.serveNumberControl(w, r, parts[1], parts[2:])
	default:
		writeControlError(w, http.StatusNotFound, "unknown control path "+r.URL.Path)
	}
}

func (e *Emulator) serveNumberControl(w http.ResponseWriter, r *http.Request, id string, rest []string) {
	if _, ok := e.Number(id); !ok {
		writeControlError(w, http.StatusNotFound, "no number "+id)
		return
	}
	action := ""
	if len(rest) > 0 {
		action = rest[0]
	}
	switch {
	case action == "" && r.Method == http.MethodGet:
	case action == "" && r.Method == http.MethodDelete:
		e.RemoveNumber(id)
		w.WriteHeader(http.StatusNoContent)
		return
	case action == "deregister" && r.Method == http.MethodPost:
		e.DeregisterOutOfBand(id)
	case action == "region" && r.Method == http.MethodPost:
		var in struct {
			Region string `json:"region"`
		}
		if !decode(w, r, &in) {
			return
		}
		e.Update(id, func(n *Number) { n.Region = in.Region })
	case action == "pin" && r.Method == http.MethodPost:
		var in struct {
			PIN string `json:"pin"`
		}
		if !decode(w, r, &in) {
			return
		}
		if !pinPattern.MatchString(in.PIN) {
			writeControlError(w, http.StatusBadRequest, "pin must be 6 digits")
			return
		}
		e.Update(id, func(n *Number) { n.PIN = in.PIN })
	default:
		writeControlError(w, http.StatusNotFound, "unknown control path "+r.URL.Path)
		return
	}
	view, _ := e.View(id)
	writeJSON(w, http.StatusOK, view)
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v); err != nil {
		writeControlError(w, http.StatusBadRequest, "invalid JSON: "+err.Error())
		return false
	}
	return true
}

func writeControlError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
