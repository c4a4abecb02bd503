package emulator

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Fault makes the next Times requests that match Operation (all when empty)
// and NumberID (all when empty) answer otherwise than the rules would.
//
// Without Act, the request is not handled: it changes nothing and spends no
// budget. With Act it is handled first (the world changes, the budget is
// spent) and then its answer is replaced or spoiled, which is how a reset or
// a cut body after Meta acted looks from the client.
type Fault struct {
	Operation string `json:"operation,omitempty"`
	NumberID  string `json:"number_id,omitempty"`
	// Times is how many requests it applies to (default 1).
	Times int `json:"times,omitempty"`
	// Skip lets that many matching requests through first (the faults
	// queued behind it may still meet them): the second page of a list.
	Skip int `json:"skip,omitempty"`
	// Act handles the request before the fault applies.
	Act bool `json:"act,omitempty"`

	// The answer, replacing the rules' one. Code answers a Graph error
	// envelope (Status defaults to 400); RawBody answers that body as is
	// (Status defaults to 502 and ContentType to text/html: a gateway page;
	// set status 200 and content_type application/json for any 200 body).
	Status      int    `json:"status,omitempty"`
	Code        int    `json:"code,omitempty"`
	Subcode     int    `json:"subcode,omitempty"`
	Message     string `json:"message,omitempty"`
	RawBody     string `json:"raw_body,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	RetryAfter  string `json:"retry_after,omitempty"`

	// Delay holds the request before anything else (alone, it only slows).
	Delay time.Duration `json:"-"`

	// How the answer is delivered; at most one of these.
	// DropConnection closes the connection without an answer.
	DropConnection bool `json:"drop_connection,omitempty"`
	// CutBody announces the whole body, sends half of it and closes.
	CutBody bool `json:"cut_body,omitempty"`
	// Malformed sends a complete answer whose JSON is cut in the middle.
	Malformed bool `json:"malformed,omitempty"`
	// Oversize pads the body beyond 1 MiB.
	Oversize bool `json:"oversize,omitempty"`
	// Drip sends the body one byte per Drip.
	Drip time.Duration `json:"-"`
	// Hang never answers; the request ends when the client gives up.
	Hang bool `json:"hang,omitempty"`
}

// Validate refuses a fault the emulator cannot serve as asked.
func (f *Fault) Validate() error {
	if known := knownOperations(); f.Operation != "" && !slices.Contains(known, f.Operation) {
		return fmt.Errorf("operation %q is not one of %v", f.Operation, known)
	}
	if f.Times < 0 {
		return errors.New("times must be 1 or more")
	}
	if f.Skip < 0 {
		return errors.New("skip must not be negative")
	}
	if f.Status != 0 && (f.Status < 100 || f.Status > 599) {
		return fmt.Errorf("status %d is not an HTTP status", f.Status)
	}
	if f.Code != 0 && f.RawBody != "" {
		return errors.New("code and raw_body both set: a fault answers one body")
	}
	if f.Delay < 0 || f.Drip < 0 {
		return errors.New("delay and drip must not be negative")
	}
	modes := 0
	for _, on := range []bool{f.DropConnection, f.CutBody, f.Malformed, f.Oversize, f.Drip > 0, f.Hang} {
		if on {
			modes++
		}
	}
	if modes > 1 {
		return errors.New("drop_connection, cut_body, malformed, oversize, drip and hang are exclusive")
	}
	if !f.Act && modes == 0 && !f.replacesAnswer() && f.Delay == 0 {
		return errors.New("the fault does nothing: give an answer (code, status, raw_body), a delivery (drop_connection, cut_body, malformed, oversize, drip, hang) or a delay")
	}
	return nil
}

func (f *Fault) replacesAnswer() bool { return f.Code != 0 || f.RawBody != "" || f.Status != 0 }

func (f *Fault) spoilsDelivery() bool {
	return f.DropConnection || f.CutBody || f.Malformed || f.Oversize || f.Drip > 0 || f.Hang
}

// answer is the fault's own answer.
func (f *Fault) answer() response {
	var r response
	switch {
	case f.Code != 0:
		r = errorResponse(&graphError{status: cmp.Or(f.Status, http.StatusBadRequest), code: f.Code, subcode: f.Subcode, typ: "OAuthException",
			message: cmp.Or(f.Message, fmt.Sprintf("Injected fault %d", f.Code))}, nil)
	default:
		r = response{status: cmp.Or(f.Status, http.StatusBadGateway), header: http.Header{"Content-Type": {cmp.Or(f.ContentType, "text/html")}}, body: []byte(f.RawBody)}
		if r.status < 300 {
			// A 2xx comes from Graph itself, which traces every answer.
			r.header.Set("X-Fb-Trace-Id", newTraceID())
		}
	}
	if f.RetryAfter != "" {
		r.header.Set("Retry-After", f.RetryAfter)
	}
	return r
}

// deliver writes out as the fault spoils it. logged runs once, just before
// the client has had all it will get (or when it went away).
func (f *Fault) deliver(w http.ResponseWriter, r *http.Request, out response, logged func()) {
	logOnce := sync.OnceFunc(logged)
	defer logOnce()
	switch {
	case f.Hang:
		<-r.Context().Done()
		return
	case f.DropConnection:
		logOnce()
		dropConnection(w)
		return
	case f.Malformed:
		out.body = out.body[:len(out.body)/2]
	case f.Oversize:
		out.body = append(out.body, bytes.Repeat([]byte(" "), 1<<20+1)...)
	}
	for k, v := range out.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(out.body)))
	w.WriteHeader(out.status)
	flusher, _ := w.(http.Flusher)
	switch {
	case f.CutBody:
		_, _ = w.Write(out.body[:len(out.body)/2])
		if flusher != nil {
			flusher.Flush()
		}
		logOnce()
		// Aborting closes the connection short of the announced length.
		panic(http.ErrAbortHandler)
	case f.Drip > 0:
		for i := range out.body {
			if i > 0 && !pause(r, f.Drip) {
				return
			}
			if i == len(out.body)-1 {
				logOnce()
			}
			if _, err := w.Write(out.body[i : i+1]); err != nil {
				return
			}
			if flusher != nil {
				flusher.Flush()
			}
		}
	default:
		logOnce()
		_, _ = w.Write(out.body)
	}
}

func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// InjectFault queues a fault; faults are consumed in the order queued.
func (e *Emulator) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, &f)
}

// Faults returns a copy of the queue.
func (e *Emulator) Faults() []Fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Fault, len(e.faults))
	for i, f := range e.faults {
		out[i] = *f
	}
	return out
}

// ClearFaults drops every queued fault.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

func (e *Emulator) takeFault(op, numberID string) *Fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, f := range e.faults {
		if (f.Operation == "" || f.Operation == op) && (f.NumberID == "" || f.NumberID == numberID) {
			if f.Skip > 0 {
				f.Skip--
				continue
			}
			f.Times--
			if f.Times == 0 {
				e.faults = append(e.faults[:i:i], e.faults[i+1:]...)
			}
			cp := *f
			return &cp
		}
	}
	return nil
}
