package emulator

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	versionPattern = regexp.MustCompile(`^v([0-9]+)\.0$`)
	pinPattern     = regexp.MustCompile(`^[0-9]{6}$`)
	idPattern      = regexp.MustCompile(`^[0-9]+$`)
)

// versionExpiry is when each Graph version stops answering
// (reference/cloud-api.md). Versions past their date answer code 2635.
var versionExpiry = map[int]time.Time{
	19: date(2026, 5, 21), 20: date(2026, 9, 24), 21: date(2027, 1, 21),
	22: date(2027, 5, 20), 23: date(2027, 10, 8), 24: date(2028, 2, 18),
	25: date(2028, 7, 29), 26: {},
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var phoneNumberFieldNames = []string{
	"id", "display_phone_number", "verified_name", "quality_rating", "platform_type",
	"status", "code_verification_status", "name_status", "throughput",
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

// ServeHTTP answers Graph API paths: /{version}/{id}[/{edge}], and the
// control API under /_emulator/.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_emulator/") {
		e.serveControl(w, r)
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	op, numberID := classify(r.Method, parts)
	entry := Request{Method: r.Method, Path: r.URL.Path, Operation: op, NumberID: numberID}

	body, bodyErr := readBody(r)
	entry.Body = redact(body)

	if f := e.takeFault(op, numberID); f != nil {
		entry.Injected = true
		if f.Delay > 0 {
			select {
			case <-time.After(f.Delay):
			case <-r.Context().Done():
				return
			}
		}
		if f.DropConnection {
			entry.Status = 0
			e.logRequest(entry)
			dropConnection(w)
			return
		}
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		if f.RawBody != "" {
			status := cmp.Or(f.Status, http.StatusBadGateway)
			entry.Status = status
			e.logRequest(entry)
			w.Header().Set("Content-Type", cmp.Or(f.ContentType, "text/html"))
			w.WriteHeader(status)
			_, _ = io.WriteString(w, f.RawBody)
			return
		}
		if f.Code != 0 {
			ge := &graphError{status: cmp.Or(f.Status, http.StatusBadRequest), code: f.Code, subcode: f.Subcode, typ: "OAuthException",
				message: cmp.Or(f.Message, fmt.Sprintf("Injected fault %d", f.Code))}
			entry.Status, entry.ErrorCode = ge.status, ge.code
			e.logRequest(entry)
			writeGraphError(w, ge)
			return
		}
		entry.Injected = false // only a delay: handle normally
	}

	status, out, gerr := e.handle(r, parts, op, numberID, body, bodyErr)
	if gerr != nil {
		entry.Status, entry.ErrorCode = gerr.status, gerr.code
		e.logRequest(entry)
		writeGraphError(w, gerr)
		return
	}
	entry.Status = status
	e.logRequest(entry)
	writeJSON(w, status, out)
}

func classify(method string, parts []string) (op, numberID string) {
	if len(parts) < 2 {
		return OpUnknown, ""
	}
	id := parts[1]
	switch {
	case len(parts) == 3 && method == http.MethodPost && parts[2] == "register":
		return OpRegister, id
	case len(parts) == 3 && method == http.MethodPost && parts[2] == "deregister":
		return OpDeregister, id
	case len(parts) == 3 && method == http.MethodGet && parts[2] == "settings":
		return OpGetSettings, id
	case len(parts) == 3 && method == http.MethodGet && parts[2] == "phone_numbers":
		return OpListPhoneNumbers, ""
	case len(parts) == 2 && method == http.MethodPost:
		return OpSetPIN, id
	case len(parts) == 2 && method == http.MethodGet:
		return OpGetPhoneNumber, id
	}
	return OpUnknown, id
}

func (e *Emulator) handle(r *http.Request, parts []string, op, numberID string, body map[string]any, bodyErr error) (int, any, *graphError) {
	if gerr := e.checkVersion(parts[0]); gerr != nil {
		return 0, nil, gerr
	}
	if gerr := e.checkAuth(r); gerr != nil {
		return 0, nil, gerr
	}
	if len(parts) < 2 || !idPattern.MatchString(parts[1]) {
		return 0, nil, errParam("Unknown path components: "+r.URL.Path, "")
	}
	if bodyErr != nil {
		return 0, nil, errParam("Invalid JSON in the request body", bodyErr.Error())
	}
	switch op {
	case OpRegister:
		return e.register(numberID, body)
	case OpDeregister:
		return e.deregister(numberID)
	case OpSetPIN:
		return e.setPIN(numberID, body)
	case OpGetPhoneNumber:
		return e.getPhoneNumber(numberID, r.URL.Query().Get("fields"))
	case OpGetSettings:
		return e.getSettings(numberID)
	case OpListPhoneNumbers:
		return e.listPhoneNumbers(r, parts[1])
	}
	return 0, nil, errParam("Unknown path components: "+r.URL.Path, "")
}

func (e *Emulator) checkVersion(v string) *graphError {
	m := versionPattern.FindStringSubmatch(v)
	if m == nil {
		return errParam("Unknown path components: /"+v, "the path must start with an API version such as /v25.0/")
	}
	n, _ := strconv.Atoi(m[1])
	expiry, known := versionExpiry[n]
	if !known && n < 19 {
		expiry, known = date(2020, 1, 1), true
	}
	if !known {
		return errParam(fmt.Sprintf("Unknown API version %s", v), "")
	}
	if !expiry.IsZero() && !e.opts.Clock().Before(expiry) {
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

func (e *Emulator) register(id string, body map[string]any) (int, any, *graphError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n, ok := e.numbers[id]
	if !ok {
		return 0, nil, errNoSuchObject(id)
	}
	if len(e.windowLocked(id, OpRegister)) >= RegistrationLimit {
		return 0, nil, rateLimited("register")
	}
	// From here on the call counts, whether it succeeds or not.
	e.recordCallLocked(id, OpRegister)

	if mp, _ := body["messaging_product"].(string); mp != "whatsapp" {
		return 0, nil, errParam("The parameter messaging_product is required and must be \"whatsapp\"", "")
	}
	pin, _ := body["pin"].(string)
	if !pinPattern.MatchString(pin) {
		return 0, nil, errParam("Param pin must be a 6-digit number", "pin must match ^[0-9]{6}$")
	}
	region := ""
	if raw, present := body["data_localization_region"]; present {
		region, _ = raw.(string)
		if !slices.Contains(Regions, region) {
			return 0, nil, errParam("Param data_localization_region is invalid",
				"data_localization_region must be one of "+strings.Join(Regions, ", "))
		}
	}
	var backup *Backup
	if raw, present := body["backup"]; present {
		m, _ := raw.(map[string]any)
		data, _ := m["data"].(string)
		password, _ := m["password"].(string)
		if data == "" || password == "" {
			return 0, nil, errParam("Param backup must have both data and password", "")
		}
		backup = &Backup{Data: data, Password: password}
	}
	if n.CodeVerificationStatus != "VERIFIED" {
		return 0, nil, &graphError{status: http.StatusBadRequest, code: 133006, typ: "OAuthException",
			message: "Phone number re-verification needed", details: "Verify the phone number ownership before registering it."}
	}
	if e.opts.RegisterCooldown > 0 {
		if t, ok := e.lastDereg[id]; ok && e.opts.Clock().Sub(t) < e.opts.RegisterCooldown {
			return 0, nil, &graphError{status: http.StatusBadRequest, code: 133015, typ: "OAuthException",
				message: "Please wait a few minutes before attempting to register this phone number", details: "The phone number was deregistered moments ago."}
		}
	}
	if n.PIN != "" && n.PIN != pin {
		return 0, nil, &graphError{status: http.StatusBadRequest, code: 133005, typ: "OAuthException",
			message: "Two step verification PIN Mismatch", details: "The PIN does not match the two-step verification PIN of this number."}
	}
	if n.Registered() && n.Region != region {
		return 0, nil, errParam("data_localization_region cannot be changed on a registered phone number",
			fmt.Sprintf("The number stores data in %q. Deregister it, then register it again with the new region (or without one to turn local storage off).", n.Region))
	}
	n.PIN = pin
	n.PlatformType, n.Status, n.Region = "CLOUD_API", "CONNECTED", region
	if backup != nil {
		n.LastBackup = backup
	}
	return http.StatusOK, map[string]any{"success": true}, nil
}

func rateLimited(what string) *graphError {
	return &graphError{status: http.StatusBadRequest, code: 133016, typ: "OAuthException",
		message: "Account register deregister rate limit exceeded",
		details: fmt.Sprintf("More than %d %s requests for this phone number in the last 72 hours; try again later.", RegistrationLimit, what)}
}

func (e *Emulator) deregister(id string) (int, any, *graphError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n, ok := e.numbers[id]
	if !ok {
		return 0, nil, errNoSuchObject(id)
	}
	if len(e.windowLocked(id, OpDeregister)) >= RegistrationLimit {
		return 0, nil, rateLimited("deregister")
	}
	e.recordCallLocked(id, OpDeregister)
	if !n.Registered() {
		return 0, nil, &graphError{status: http.StatusBadRequest, code: 100, subcode: 2207051, typ: "OAuthException",
			message: "Phone number not registered on the WhatsApp Business Platform."}
	}
	// Deregistering turns local storage off; the two-step PIN survives.
	n.PlatformType, n.Status, n.Region = "NOT_APPLICABLE", "DISCONNECTED", ""
	e.lastDereg[id] = e.opts.Clock()
	return http.StatusOK, map[string]any{"success": true}, nil
}

func (e *Emulator) setPIN(id string, body map[string]any) (int, any, *graphError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n, ok := e.numbers[id]
	if !ok {
		return 0, nil, errNoSuchObject(id)
	}
	pin, present := body["pin"].(string)
	if !present {
		return 0, nil, errParam("No supported field to update: expected pin", "")
	}
	if !pinPattern.MatchString(pin) {
		return 0, nil, errParam("Param pin must be a 6-digit number", "pin must match ^[0-9]{6}$")
	}
	if !n.Registered() {
		return 0, nil, &graphError{status: http.StatusBadRequest, code: 133010, typ: "OAuthException",
			message: "Phone number Not Registered", details: "Register the number before setting its two-step verification PIN."}
	}
	n.PIN = pin
	return http.StatusOK, map[string]any{"success": true}, nil
}

func phoneNumberNode(n *Number, fields []string) map[string]any {
	all := map[string]any{
		"id": n.ID, "display_phone_number": n.DisplayPhoneNumber, "verified_name": n.VerifiedName,
		"quality_rating": n.QualityRating, "platform_type": n.PlatformType, "status": n.Status,
		"code_verification_status": n.CodeVerificationStatus, "name_status": n.NameStatus,
		"throughput": map[string]any{"level": n.ThroughputLevel},
	}
	out := map[string]any{"id": n.ID}
	for _, f := range fields {
		out[f] = all[f]
	}
	return out
}

func parseFields(raw string) ([]string, *graphError) {
	if raw == "" {
		// Graph's default field set for this node type.
		return []string{"display_phone_number", "verified_name", "quality_rating"}, nil
	}
	fields := strings.Split(raw, ",")
	for _, f := range fields {
		if !slices.Contains(phoneNumberFieldNames, f) {
			return nil, errParam(fmt.Sprintf("Tried accessing nonexisting field (%s) on node type (WhatsAppBusinessPhoneNumber)", f), "")
		}
	}
	return fields, nil
}

func (e *Emulator) getPhoneNumber(id, rawFields string) (int, any, *graphError) {
	fields, gerr := parseFields(rawFields)
	if gerr != nil {
		return 0, nil, gerr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	n, ok := e.numbers[id]
	if !ok {
		return 0, nil, errNoSuchObject(id)
	}
	return http.StatusOK, phoneNumberNode(n, fields), nil
}

func (e *Emulator) getSettings(id string) (int, any, *graphError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n, ok := e.numbers[id]
	if !ok {
		return 0, nil, errNoSuchObject(id)
	}
	storage := map[string]any{"status": "default"}
	if n.Region != "" {
		storage = map[string]any{"status": "in_country_storage_enabled", "data_localization_region": n.Region}
	}
	return http.StatusOK, map[string]any{"storage_configuration": storage}, nil
}

func (e *Emulator) listPhoneNumbers(r *http.Request, waba string) (int, any, *graphError) {
	q := r.URL.Query()
	fields, gerr := parseFields(q.Get("fields"))
	if gerr != nil {
		return 0, nil, gerr
	}
	limit := e.opts.MaxPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return 0, nil, errParam("Param limit must be a positive integer", "")
		}
		limit = min(n, e.opts.MaxPageSize)
	}
	start := 0
	if after := q.Get("after"); after != "" {
		raw, err := base64.RawURLEncoding.DecodeString(after)
		if err != nil {
			return 0, nil, errParam("Invalid cursor in after", "")
		}
		if start, err = strconv.Atoi(string(raw)); err != nil || start < 0 {
			return 0, nil, errParam("Invalid cursor in after", "")
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.wabas[waba]; !ok {
		return 0, nil, errNoSuchObject(waba)
	}
	numbers := e.wabaNumbersLocked(waba)
	start = min(start, len(numbers))
	end := min(start+limit, len(numbers))
	data := make([]map[string]any, 0, end-start)
	for _, n := range numbers[start:end] {
		data = append(data, phoneNumberNode(n, fields))
	}
	out := map[string]any{"data": data}
	if end > start {
		paging := map[string]any{"cursors": map[string]any{
			"before": base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(start))),
			"after":  base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end))),
		}}
		if end < len(numbers) {
			// Like Meta, the next link repeats the access token in clear.
			next := *r.URL
			next.Scheme, next.Host = "http", r.Host
			nq := next.Query()
			nq.Set("access_token", e.opts.Token)
			nq.Set("after", base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end))))
			next.RawQuery = nq.Encode()
			paging["next"] = next.String()
		}
		out["paging"] = paging
	}
	return http.StatusOK, out, nil
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

// redact masks the PIN and the backup before a body reaches the log, which
// the control API serves.
func redact(body map[string]any) map[string]any {
	if len(body) == 0 {
		return nil
	}
	out := make(map[string]any, len(body))
	for k, v := range body {
		switch k {
		case "pin":
			out[k] = "******"
		case "backup":
			out[k] = map[string]any{"data": "***", "password": "***"}
		default:
			out[k] = v
		}
	}
	return out
}

func writeGraphError(w http.ResponseWriter, g *graphError) {
	inner := map[string]any{"message": g.message, "type": g.typ, "code": g.code, "fbtrace_id": newTraceID()}
	if g.subcode != 0 {
		inner["error_subcode"] = g.subcode
	}
	if g.details != "" {
		inner["error_data"] = map[string]any{"messaging_product": "whatsapp", "details": g.details}
	}
	writeJSON(w, g.status, map[string]any{"error": inner})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
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
