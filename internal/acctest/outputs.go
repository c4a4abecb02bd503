package acctest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// The machine-readable forms of what the CLI says, which every CLI words
// the same: a saved plan's JSON (resource_changes), the exit code of
// `plan -detailed-exitcode`, and the stream of `-json` (planned and applied
// changes, the change summary and the diagnostics). Tests assert on these,
// never on the CLI's own wording ("Plan: 1 to add", "No changes."); the
// provider's diagnostics are ours, and tests read their text.

// PlanJSON is the part of a saved plan's JSON these tests read
// (terraform-json has no action_reason).
type PlanJSON struct {
	ResourceChanges []ResourceChange `json:"resource_changes"`
}

// ResourceChange is one entry of a plan's resource_changes.
type ResourceChange struct {
	Address      string `json:"address"`
	Mode         string `json:"mode"`
	Type         string `json:"type"`
	ActionReason string `json:"action_reason"`
	Change       struct {
		Actions      []string       `json:"actions"`
		Before       map[string]any `json:"before"`
		After        map[string]any `json:"after"`
		ReplacePaths [][]any        `json:"replace_paths"`
	} `json:"change"`
}

// Replaces reports whether the change replaces the object because of the
// top-level attribute attr (the plan's "# forces replacement").
func (rc *ResourceChange) Replaces(attr string) bool {
	for _, p := range rc.Change.ReplacePaths {
		if len(p) == 1 && p[0] == attr {
			return true
		}
	}
	return false
}

// SavedPlan makes a saved plan with args and returns its JSON.
func (c *CLI) SavedPlan(args ...string) *PlanJSON {
	c.t.Helper()
	plan, _ := c.SavedPlanOutput(args...)
	return plan
}

// SavedPlanOutput is SavedPlan that also returns what the plan printed
// (the provider's warnings).
func (c *CLI) SavedPlanOutput(args ...string) (*PlanJSON, string) {
	c.t.Helper()
	out := c.MustRun(append([]string{"plan", "-out=saved.tfplan"}, args...)...)
	var plan PlanJSON
	if err := json.Unmarshal([]byte(c.MustRun("show", "-json", "saved.tfplan")), &plan); err != nil {
		c.t.Fatal(err)
	}
	return &plan, out
}

// ActionsOf is the plan's action list for addr.
func ActionsOf(t testing.TB, plan *PlanJSON, addr string) []string {
	t.Helper()
	return ChangeOf(t, plan, addr).Change.Actions
}

// ChangeOf is the plan's change for addr.
func ChangeOf(t testing.TB, plan *PlanJSON, addr string) *ResourceChange {
	t.Helper()
	for i, rc := range plan.ResourceChanges {
		if rc.Address == addr {
			return &plan.ResourceChanges[i]
		}
	}
	t.Fatalf("the plan has no change for %s", addr)
	return nil
}

// Changes is the plan's managed resources that change, with their
// actions: what the CLI's "Plan: n to add, n to change, n to destroy"
// counts (no-ops and data source reads left out).
func (p *PlanJSON) Changes() map[string][]string {
	out := map[string][]string{}
	for _, rc := range p.ResourceChanges {
		if rc.Mode == "managed" && !slices.Equal(rc.Change.Actions, []string{"no-op"}) {
			out[rc.Address] = rc.Change.Actions
		}
	}
	return out
}

// ExpectChanges checks that the plan changes exactly the managed resources
// of want, each with its actions (["delete","create"] for a replacement),
// and nothing else; an empty want is a plan that changes no resource.
func ExpectChanges(t testing.TB, plan *PlanJSON, want map[string][]string) {
	t.Helper()
	if got := plan.Changes(); !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("the plan changes %v, want %v", got, want)
	}
}

// ExpectNoChanges runs `plan -detailed-exitcode` with args and fails
// unless it exits 0 (the plan is empty); it returns what the plan printed.
func (c *CLI) ExpectNoChanges(args ...string) string {
	c.t.Helper()
	out, err := c.Run(append([]string{"plan", "-detailed-exitcode"}, args...)...)
	if code := c.ExitCode(err); code != 0 {
		c.t.Fatalf("plan -detailed-exitcode exited %d, want 0 (no changes):\n%s", code, out)
	}
	return out
}

// Stream is what a command run with -json said, one JSON message a line.
type Stream struct {
	// Out is the stream as it was printed.
	Out         string
	Diagnostics []Diagnostic
	// Summary is the last change_summary, nil when there was none.
	Summary *ChangeSummary
	// Planned is the action of every planned_change, by address.
	Planned map[string]string
	// Started and Applied are the actions of every apply_start and
	// apply_complete, by address, in order (a replacement is "delete" then
	// "create", or the reverse).
	Started, Applied map[string][]string
}

// Diagnostic is a warning or an error, as the provider (or the CLI) wrote it.
type Diagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
}

// ChangeSummary is the stream's change_summary, the machine-readable form
// of the CLI's closing "Resources: 1 added, 0 changed, 1 destroyed".
type ChangeSummary struct {
	Add       int    `json:"add"`
	Change    int    `json:"change"`
	Import    int    `json:"import"`
	Remove    int    `json:"remove"`
	Operation string `json:"operation"`
	// ActionInvocation counts the actions planned or invoked (Terraform 1.14+).
	ActionInvocation int `json:"action_invocation"`
}

// RunJSON runs a command with -json (plan, apply, destroy, refresh,
// validate) and returns its stream.
func (c *CLI) RunJSON(args ...string) (*Stream, error) {
	c.t.Helper()
	out, err := c.Run(append([]string{args[0], "-json"}, args[1:]...)...)
	return ParseStream(c.t, out), err
}

// MustRunJSON is RunJSON for a command that must succeed.
func (c *CLI) MustRunJSON(args ...string) *Stream {
	c.t.Helper()
	s, err := c.RunJSON(args...)
	if err != nil {
		c.t.Fatalf("terraform %s -json: %v\n%s", strings.Join(args, " "), err, s.Out)
	}
	return s
}

// ParseStream reads the output of a command run with -json (for one
// started with Start); lines that are not JSON are left in Out only.
func ParseStream(t testing.TB, out string) *Stream {
	t.Helper()
	s := &Stream{Out: out, Planned: map[string]string{}, Started: map[string][]string{}, Applied: map[string][]string{}}
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var m struct {
			Type       string         `json:"type"`
			Diagnostic *Diagnostic    `json:"diagnostic"`
			Changes    *ChangeSummary `json:"changes"`
			Change     *struct {
				Resource struct {
					Addr string `json:"addr"`
				} `json:"resource"`
				Action string `json:"action"`
			} `json:"change"`
			Hook *struct {
				Resource struct {
					Addr string `json:"addr"`
				} `json:"resource"`
				Action string `json:"action"`
			} `json:"hook"`
		}
		var kind struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal([]byte(line), &kind); err != nil {
			t.Fatalf("a line of the -json stream does not parse: %v\n%s", err, line)
		}
		if strings.HasPrefix(kind.Type, "action_") {
			// An action's events (Terraform 1.14+) name the action in hook.action,
			// an object: they are left in Out, for the action's tests to read.
			continue
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("a line of the -json stream does not parse: %v\n%s", err, line)
		}
		switch {
		case m.Type == "diagnostic" && m.Diagnostic != nil:
			s.Diagnostics = append(s.Diagnostics, *m.Diagnostic)
		case m.Type == "change_summary" && m.Changes != nil:
			s.Summary = m.Changes
		case m.Type == "planned_change" && m.Change != nil:
			s.Planned[m.Change.Resource.Addr] = m.Change.Action
		case m.Type == "apply_start" && m.Hook != nil:
			s.Started[m.Hook.Resource.Addr] = append(s.Started[m.Hook.Resource.Addr], m.Hook.Action)
		case m.Type == "apply_complete" && m.Hook != nil:
			s.Applied[m.Hook.Resource.Addr] = append(s.Applied[m.Hook.Resource.Addr], m.Hook.Action)
		}
	}
	return s
}

// Text is the diagnostics as the CLI's human output shows them ("Warning:
// summary", then the detail), for AssertContains.
func (s *Stream) Text() string {
	var b strings.Builder
	for _, d := range s.Diagnostics {
		severity := "Warning"
		if d.Severity == "error" {
			severity = "Error"
		}
		fmt.Fprintf(&b, "%s: %s\n\n%s\n\n", severity, d.Summary, d.Detail)
	}
	return b.String()
}

// ExpectApplied checks that the command applied exactly want: the actions
// completed on each managed resource, in order, and nothing else (data
// source reads left out), and that the change summary counts the same
// (create is added, update changed, delete destroyed).
func (s *Stream) ExpectApplied(t testing.TB, want map[string][]string) {
	t.Helper()
	got := map[string][]string{}
	for addr, actions := range s.Applied {
		if kept := slices.DeleteFunc(slices.Clone(actions), func(a string) bool { return a == "read" }); len(kept) > 0 {
			got[addr] = kept
		}
	}
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("the command applied %v, want %v\n%s", got, want, s.Out)
	}
	var sum ChangeSummary
	for _, actions := range want {
		for _, a := range actions {
			switch a {
			case "create":
				sum.Add++
			case "update":
				sum.Change++
			case "delete":
				sum.Remove++
			}
		}
	}
	switch {
	case s.Summary == nil:
		t.Errorf("the command printed no change summary\n%s", s.Out)
	case s.Summary.Add != sum.Add || s.Summary.Change != sum.Change || s.Summary.Remove != sum.Remove:
		t.Errorf("the change summary is %d added, %d changed, %d destroyed; want %d, %d, %d",
			s.Summary.Add, s.Summary.Change, s.Summary.Remove, sum.Add, sum.Change, sum.Remove)
	}
}

// ExpectNothingPlanned checks that the command (one that failed) planned
// no change and started none: no "must be replaced", no "will be created",
// no "Destroying...".
func (s *Stream) ExpectNothingPlanned(t testing.TB) {
	t.Helper()
	if len(s.Planned) != 0 || len(s.Started) != 0 || len(s.Applied) != 0 {
		t.Errorf("the command planned %v, started %v and applied %v; want nothing\n%s", s.Planned, s.Started, s.Applied, s.Out)
	}
}
