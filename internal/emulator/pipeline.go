package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// graphCall is one Graph request as a handler sees it.
type graphCall struct {
	r     *http.Request
	id    string
	query url.Values
	body  map[string]any
}

// answer is what a handler returns: a JSON body with its status, or a Graph
// error envelope.
type answer struct {
	status int
	body   any
	err    *graphError
}

func ok(body any) answer        { return answer{status: http.StatusOK, body: body} }
func fail(g *graphError) answer { return answer{err: g} }
func success() answer           { return ok(map[string]any{"success": true}) }

type handler func(c *graphCall) answer

// ServeHTTP answers the control API under /_emulator/ and Graph paths
// /{version}/{id}[/{edge}].
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_emulator/") {
		e.control.ServeHTTP(w, r)
		return
	}
	e.graph.ServeHTTP(w, r)
}

// route registers a Graph pattern behind the pipeline every request goes
// through: latency, faults, version, token, the hourly call budget, the
// handler, the usage headers and the request log. opOf names the operation
// by the body, for patterns that several operations share.
func (e *Emulator) route(mux *http.ServeMux, pattern string, opOf func(id string, body map[string]any) operation) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		started := time.Now()
		body, bodyErr := readBody(r)
		op := opOf(id, body)
		e.track(op.name, 1)
		defer e.track(op.name, -1)
		entry := Request{Started: started, Method: r.Method, Path: r.URL.Path, Operation: op.name}
		if !op.onWABA && op.owner == nil {
			entry.NumberID = id
		}
		entry.Body = redact(body)
		if e.opts.Latency > 0 && !pause(r, e.opts.Latency) {
			return
		}
		f := e.takeFault(op.name, id)
		if f != nil && f.Delay > 0 && !pause(r, f.Delay) {
			return
		}
		// The rules run unless a fault answers instead, or unless the fault
		// spoils the answer of a write it was not told to let act.
		handled := f == nil || f.Act || (!f.replacesAnswer() && !op.write)
		var out response
		if handled {
			out = e.serve(&graphCall{r: r, id: id, query: r.URL.Query(), body: body}, op, bodyErr)
		}
		if f != nil {
			entry.Injected = f.replacesAnswer() || f.spoilsDelivery()
			entry.Acted = f.Act
			switch {
			case f.replacesAnswer():
				out = f.answer()
			case !handled:
				// A write's success answer, without the write.
				out = jsonResponse(http.StatusOK, map[string]any{"success": true}, nil)
			}
		}
		entry.Status, entry.ErrorCode = out.status, out.code
		if f != nil && (f.DropConnection || f.Hang) {
			entry.Status, entry.ErrorCode = 0, 0
		}
		// Meta dates every answer; the emulator by its own clock.
		w.Header().Set("Date", e.opts.Clock().UTC().Format(http.TimeFormat))
		if f == nil || !f.spoilsDelivery() {
			// Logged before the answer leaves, so that a client that has its
			// answer finds the request in the log.
			entry.Finished = time.Now()
			e.logRequest(entry)
			out.write(w)
			return
		}
		f.deliver(w, r, out, func() {
			entry.Finished = time.Now()
			e.logRequest(entry)
		})
	})
}

// serve runs the rules every Graph call meets, then the handler.
func (e *Emulator) serve(c *graphCall, op operation, bodyErr error) response {
	version := c.r.PathValue("version")
	if op.name == OpUnknown {
		version, _, _ = strings.Cut(strings.TrimPrefix(c.r.URL.Path, "/"), "/")
	}
	if g := e.checkVersion(version); g != nil {
		return errorResponse(g, nil)
	}
	if g := e.checkAuth(c.r); g != nil {
		return errorResponse(g, nil)
	}
	if strings.Contains(op.pattern, "{id}") && !idPattern.MatchString(c.id) {
		return errorResponse(errParam("Unknown path components: "+c.r.URL.Path, ""), nil)
	}
	waba, known := e.wabaOf(op, c.id)
	usage, g := e.chargeCall(waba, known)
	if g != nil {
		return errorResponse(g, usage)
	}
	if bodyErr != nil {
		return errorResponse(errParam("Invalid JSON in the request body", bodyErr.Error()), usage)
	}
	a := op.handle(c)
	if a.err != nil {
		return errorResponse(a.err, usage)
	}
	return jsonResponse(a.status, a.body, usage)
}

// wabaOf names the WhatsApp Business Account whose call budget a request
// spends; hidden and unknown objects spend only the app's.
func (e *Emulator) wabaOf(op operation, id string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if op.onWABA {
		_, ok := e.wabas[id]
		return id, ok
	}
	if op.owner != nil {
		return op.owner(id)
	}
	n, ok := e.numbers[id]
	if !ok || n.Hidden {
		return "", false
	}
	return n.WABAID, true
}

// numberLocked is the number a call may see: unknown and hidden numbers
// answer the same 100/33.
func (e *Emulator) numberLocked(id string) (*Number, *graphError) {
	n, ok := e.numbers[id]
	if !ok || n.Hidden {
		return nil, errNoSuchObject(id)
	}
	return n, nil
}

func (e *Emulator) checkVersion(v string) *graphError {
	switch versionState(v, e.opts.Clock()) {
	case versionMalformed:
		return errParam("Unknown path components: /"+v, "the path must start with an API version such as /v26.0/")
	case versionUnknown:
		return errParam(fmt.Sprintf("Unknown API version %s", v), "")
	case versionExpired:
		return &graphError{status: http.StatusBadRequest, code: 2635, typ: "OAuthException",
			message: fmt.Sprintf("(#2635) You are calling a deprecated version of the Graph API (%s). Please update to the latest version.", v)}
	}
	return nil
}

func (e *Emulator) checkAuth(r *http.Request) *graphError {
	token := ""
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		token = strings.TrimPrefix(h, "Bearer ")
	} else if q := r.URL.Query().Get("access_token"); q != "" {
		token = q
	}
	if token == "" || !hmac.Equal([]byte(token), []byte(e.opts.Token)) {
		msg := "Invalid OAuth access token - Cannot parse access token"
		if token == "" {
			msg = "An active access token must be used to query information about the current user."
		}
		return &graphError{status: http.StatusUnauthorized, code: 190, typ: "OAuthException", message: msg}
	}
	if e.opts.AppSecret != "" {
		proof := r.URL.Query().Get("appsecret_proof")
		if proof == "" {
			return errParam("API calls from the server require an appsecret_proof argument", "")
		}
		mac := hmac.New(sha256.New, []byte(e.opts.AppSecret))
		mac.Write([]byte(token))
		if !hmac.Equal([]byte(proof), []byte(hex.EncodeToString(mac.Sum(nil)))) {
			return errParam("Invalid appsecret_proof provided in the API argument", "")
		}
	}
	return nil
}

// graphError is an answer in Meta's error envelope.
type graphError struct {
	status  int
	code    int
	subcode int
	typ     string
	message string
	details string
}

func errParam(msg, details string) *graphError {
	return &graphError{status: http.StatusBadRequest, code: 100, typ: "OAuthException", message: "(#100) " + msg, details: details}
}

func errNoSuchObject(id string) *graphError {
	return &graphError{status: http.StatusBadRequest, code: 100, subcode: 33, typ: "GraphMethodException",
		message: fmt.Sprintf("Unsupported request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", id)}
}

// response is an answer ready to be written.
type response struct {
	status int
	code   int
	header http.Header
	body   []byte
}

func (r response) write(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body)
}

func jsonResponse(status int, v any, usage http.Header) response {
	raw, _ := json.Marshal(v)
	// Meta traces every answer, successful or not.
	h := http.Header{"Content-Type": {"application/json"}, "X-Fb-Trace-Id": {newTraceID()}}
	for k, vs := range usage {
		h[k] = vs
	}
	return response{status: status, header: h, body: append(raw, '\n')}
}

func errorResponse(g *graphError, usage http.Header) response {
	trace := newTraceID()
	inner := map[string]any{"message": g.message, "type": g.typ, "code": g.code, "fbtrace_id": trace}
	if g.subcode != 0 {
		inner["error_subcode"] = g.subcode
	}
	if g.details != "" {
		inner["error_data"] = map[string]any{"messaging_product": "whatsapp", "details": g.details}
	}
	r := jsonResponse(g.status, map[string]any{"error": inner}, usage)
	r.header.Set("X-Fb-Trace-Id", trace)
	r.code = g.code
	return r
}

// pause holds a request for d, or until the client goes away (false).
func pause(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func readBody(r *http.Request) (map[string]any, error) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || len(strings.TrimSpace(string(raw))) == 0 {
		return map[string]any{}, nil //nolint:nilerr // an unreadable body is handled as an empty one
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		return map[string]any{}, err
	}
	return body, nil
}

// redact masks the secrets of a body before it reaches the log, which the
// control API serves: PINs, backups and verify tokens.
func redact(body map[string]any) map[string]any {
	if len(body) == 0 {
		return nil
	}
	out := make(map[string]any, len(body))
	for k, v := range body {
		switch k {
		case "pin", "verify_token":
			out[k] = "******"
		case "backup":
			out[k] = map[string]any{"data": "***", "password": "***"}
		default:
			if nested, ok := v.(map[string]any); ok {
				out[k] = redact(nested)
			} else {
				out[k] = v
			}
		}
	}
	return out
}
