package cloudapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Strict decoding: a field the provider decides on must be present and hold
// a value it knows, or the answer is a *NotUnderstoodError. A body that is
// not JSON at all is a plain error (a cut or garbled body, which a read may
// retry).

var errMalformed = errors.New("the body is not well-formed JSON")

// object is a decoded JSON object whose fields are read one by one.
type object map[string]json.RawMessage

// decodeObject requires the body to be one JSON object.
func decodeObject(raw []byte) (object, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		return nil, &NotUnderstoodError{Got: "an empty body", Want: "a JSON object"}
	}
	if !json.Valid(trimmed) {
		return nil, errMalformed
	}
	if trimmed[0] != '{' {
		return nil, &NotUnderstoodError{Got: describeJSON(trimmed), Want: "a JSON object"}
	}
	var obj object
	if err := json.Unmarshal(trimmed, &obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// describeJSON says what a JSON value is without repeating more than a
// short string of it.
func describeJSON(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "missing"
	}
	switch v[0] {
	case 'n':
		return "null"
	case '{':
		return "a JSON object"
	case '[':
		return "a JSON array"
	case '"':
		var s string
		if json.Unmarshal(v, &s) == nil {
			if len(s) > 60 {
				s = s[:60] + "…"
			}
			return fmt.Sprintf("%q", s)
		}
	}
	if len(v) > 60 {
		return string(v[:60]) + "…"
	}
	return string(v)
}

// str reads an optional string field: absent and null give "".
func (o object) str(field string) (string, error) {
	v, ok := o[field]
	if !ok || string(bytes.TrimSpace(v)) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", &NotUnderstoodError{Field: field, Got: describeJSON(v), Want: "a string"}
	}
	return s, nil
}

// required reads a string field that must be present and not empty.
func (o object) required(field, want string) (string, error) {
	v, ok := o[field]
	if !ok {
		return "", &NotUnderstoodError{Field: field, Got: "missing", Want: want}
	}
	s, err := o.str(field)
	if err != nil || s == "" {
		return "", &NotUnderstoodError{Field: field, Got: describeJSON(v), Want: want}
	}
	return s, nil
}

// oneOf reads a required field whose value must be one of known, compared
// without regard to case; it returns the known spelling.
func (o object) oneOf(field string, known ...string) (string, error) {
	want := strings.Join(known, ", ")
	s, err := o.required(field, "one of "+want)
	if err != nil {
		return "", err
	}
	for _, k := range known {
		if strings.EqualFold(s, k) {
			return k, nil
		}
	}
	return "", &NotUnderstoodError{Field: field, Got: describeJSON(o[field]), Want: "one of " + want}
}

// child reads an optional nested object: absent and null give nil.
func (o object) child(field string) (object, error) {
	v, ok := o[field]
	if !ok || string(bytes.TrimSpace(v)) == "null" {
		return nil, nil
	}
	var c object
	if err := json.Unmarshal(v, &c); err != nil {
		return nil, &NotUnderstoodError{Field: field, Got: describeJSON(v), Want: "a JSON object"}
	}
	return c, nil
}

// decodeSuccess accepts only {"success": true}, the documented answer of
// register, deregister and the other writes.
func decodeSuccess(raw []byte) error {
	obj, err := decodeObject(raw)
	if err != nil {
		return err
	}
	v, ok := obj["success"]
	if !ok || string(bytes.TrimSpace(v)) != "true" {
		got := "missing"
		if ok {
			got = describeJSON(v)
		}
		return &NotUnderstoodError{Field: "success", Got: got, Want: "true"}
	}
	return nil
}
