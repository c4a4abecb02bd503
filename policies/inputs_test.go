package policies_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestInputThatIsNotAPlanIsDenied: what a pipeline may pass by mistake
// fails the gate (opa eval --fail-defined exits 1) with a deny that says
// what was given and what to pass instead.
func TestInputThatIsNotAPlanIsDenied(t *testing.T) {
	k := newKit(t)
	k.write(registration("main", numberA, pinOld, "CH", ""))
	k.apply()
	k.write(registration("main", numberA, pinOld, "DE", ""))
	plan := k.plan("region")
	raw, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	variant := func(name string, edit func(map[string]any) any) string {
		copied := map[string]any{}
		for key, v := range doc {
			copied[key] = v
		}
		out, err := json.Marshal(edit(copied))
		if err != nil {
			t.Fatal(err)
		}
		return k.save(name, string(out))
	}
	if code := k.gate(plan); code != 1 {
		t.Errorf("the gate on the region change exits %d, want 1", code)
	}

	notAPlan := func(what, path, phrase string) {
		t.Helper()
		k.check(what, path, nil, want{deny: []string{inputMsg("not_a_plan")}, phrases: []string{phrase}})
		if code := k.gate(path); code != 1 {
			t.Errorf("%s: opa eval --fail-defined exits %d, want 1", what, code)
		}
	}
	// terraform show -json without the plan file prints state.
	notAPlan("state JSON", k.save("state.json", k.terraform("show", "-json")), "it is state JSON (terraform show -json without a plan file")
	notAPlan("{}", k.save("empty.json", "{}"), "it is an empty document ({})")
	notAPlan("conftest --combine", variant("combined.json", func(m map[string]any) any {
		return []any{map[string]any{"path": "plan.json", "contents": m}}
	}), "conftest --combine passes every file")
	notAPlan("format_version 2.0", variant("v2.json", func(m map[string]any) any {
		m["format_version"] = "2.0"
		return m
	}), "its format_version is 2.0")
	notAPlan("resource_changes cut", variant("cut.json", func(m map[string]any) any {
		delete(m, "resource_changes")
		return m
	}), "it has planned_values but no resource_changes")

	// A plan that errored is saved, marked errored, and leaves out what it
	// could not plan.
	k.write(registration("main", numberA, pinOld, "CH", "") + `
variable "open" {
  type    = bool
  default = false
}

resource "terraform_data" "gate" {
  input = "x"
  lifecycle {
    precondition {
      condition     = var.open
      error_message = "refused on purpose"
    }
  }
}
`)
	errored := k.failedPlan("errored")
	if raw, err := os.ReadFile(errored); err != nil || !strings.Contains(string(raw), `"errored":true`) {
		t.Fatalf("the failed plan is not marked errored: %v\n%s", err, raw)
	}
	notAPlan("errored: true", errored, "the plan errored (errored: true)")
}
