package templates

import (
	"slices"
	"strings"
	"testing"
)

func TestVariablesOf(t *testing.T) {
	for _, tc := range []struct {
		text, format string
		want         []string
		bad          string
	}{
		{"Hi {{1}}, order {{2}}.", "POSITIONAL", []string{"1", "2"}, ""},
		{"Hi {{1}} and {{1}} again, {{2}}.", "POSITIONAL", []string{"1", "2"}, ""},
		{"Hi {{2}}.", "POSITIONAL", nil, "where {{1}} was expected"},
		{"Hi {{1}}, {{3}}.", "POSITIONAL", nil, "where {{2}} was expected"},
		{"Hi {{name}}.", "POSITIONAL", nil, "not positional"},
		{"Hi {{first_name}}.", "NAMED", []string{"first_name"}, ""},
		{"Hi {{First}}.", "NAMED", nil, "not a valid name"},
		{"Hi {{1}.", "POSITIONAL", nil, "mismatched"},
		{"No variables.", "POSITIONAL", nil, ""},
	} {
		got, bad := variablesOf(tc.text, tc.format)
		if !slices.Equal(got, tc.want) || (tc.bad == "") != (bad == "") || !strings.Contains(bad, tc.bad) {
			t.Errorf("variablesOf(%q, %s) = %v, %q; want %v, %q", tc.text, tc.format, got, bad, tc.want, tc.bad)
		}
	}
}
