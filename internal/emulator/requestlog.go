package emulator

// The request log: every Graph request, once answered, with its masked
// body, its outcome and whether a fault was injected; and the requests in
// flight.

// Requests returns a copy of the request log, oldest first.
func (e *Emulator) Requests() []Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Request(nil), e.requests...)
}

// Operations lists the operations of the log, optionally only those of one
// number, in order: handy for asserting "deregister, then register".
func (e *Emulator) Operations(numberID string, ops ...string) []string {
	want := map[string]bool{}
	for _, op := range ops {
		want[op] = true
	}
	var out []string
	for _, r := range e.Requests() {
		if (numberID == "" || r.NumberID == numberID) && (len(want) == 0 || want[r.Operation]) {
			out = append(out, r.Operation)
		}
	}
	return out
}

// Count counts logged requests of an operation (for every number).
func (e *Emulator) Count(op string) int {
	n := 0
	for _, r := range e.Requests() {
		if r.Operation == op {
			n++
		}
	}
	return n
}

// InFlight counts the requests of op being handled now (received, not yet
// answered): tests use it to interrupt a client mid-call.
func (e *Emulator) InFlight(op string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.inFlight[op]
}

func (e *Emulator) track(op string, delta int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.inFlight[op] += delta
}

// ResetRequests empties the request log.
func (e *Emulator) ResetRequests() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.requests = nil
}

func (e *Emulator) logRequest(r Request) {
	e.mu.Lock()
	r.Time = e.opts.Clock()
	e.requests = append(e.requests, r)
	e.mu.Unlock()
	if e.opts.OnRequest != nil {
		e.opts.OnRequest(r)
	}
}
