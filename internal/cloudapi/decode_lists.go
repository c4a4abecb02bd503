package cloudapi

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// More strict readers for the object type of decode.go: arrays, booleans
// and integers. Like those, absent and null are "not set" for optional
// fields, and a value of another type is a *NotUnderstoodError.

// objects reads an optional array of objects; element errors name their
// index (field[i]).
func (o object) objects(field string) ([]object, error) {
	v, ok := o[field]
	if !ok || string(bytes.TrimSpace(v)) == "null" {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(v, &items); err != nil {
		return nil, &NotUnderstoodError{Field: field, Got: describeJSON(v), Want: "a JSON array of objects"}
	}
	out := make([]object, 0, len(items))
	for i, item := range items {
		var obj object
		if err := json.Unmarshal(item, &obj); err != nil || obj == nil {
			return nil, &NotUnderstoodError{Field: fmt.Sprintf("%s[%d]", field, i), Got: describeJSON(item), Want: "a JSON object"}
		}
		out = append(out, obj)
	}
	return out, nil
}

// strs reads an optional array of strings.
func (o object) strs(field string) ([]string, error) {
	v, ok := o[field]
	if !ok || string(bytes.TrimSpace(v)) == "null" {
		return nil, nil
	}
	var out []string
	if err := json.Unmarshal(v, &out); err != nil {
		return nil, &NotUnderstoodError{Field: field, Got: describeJSON(v), Want: "a JSON array of strings"}
	}
	return out, nil
}

// boolean reads an optional boolean: nil when absent or null.
func (o object) boolean(field string) (*bool, error) {
	v, ok := o[field]
	if !ok || string(bytes.TrimSpace(v)) == "null" {
		return nil, nil
	}
	var b bool
	if err := json.Unmarshal(v, &b); err != nil {
		return nil, &NotUnderstoodError{Field: field, Got: describeJSON(v), Want: "true or false"}
	}
	return &b, nil
}

// integer reads a required whole number.
func (o object) integer(field string) (int64, error) {
	v, ok := o[field]
	if !ok {
		return 0, &NotUnderstoodError{Field: field, Got: "missing", Want: "a whole number"}
	}
	var n int64
	if err := json.Unmarshal(v, &n); err != nil {
		return 0, &NotUnderstoodError{Field: field, Got: describeJSON(v), Want: "a whole number"}
	}
	return n, nil
}
