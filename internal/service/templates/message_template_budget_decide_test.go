package templates

import (
	"testing"
	"time"
)

// budgetAt is the plan's decision on the remembered edits.
func TestEditBudgetAt(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	days := func(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }
	var tenInMonth []time.Time
	for i := 10; i >= 1; i-- {
		tenInMonth = append(tenInMonth, ago(days(2*i+1)))
	}
	for _, tc := range []struct {
		name  string
		edits []time.Time
		known bool
		count int
		next  time.Time
		rule  string
	}{
		{"no memory", nil, false, 0, time.Time{}, ""},
		{"none yet", nil, true, 0, time.Time{}, ""},
		{"an hour ago", []time.Time{ago(time.Hour)}, true, 1, ago(time.Hour).Add(days(1)), "24 hours"},
		{"exactly 24 hours ago", []time.Time{ago(days(1))}, true, 1, time.Time{}, ""},
		{"a second short of 24 hours", []time.Time{ago(days(1) - time.Second)}, true, 1, now.Add(time.Second), "24 hours"},
		{"older than 30 days is forgotten", []time.Time{ago(days(30)), ago(days(31))}, true, 0, time.Time{}, ""},
		{"nine in 30 days", tenInMonth[1:], true, 9, time.Time{}, ""},
		{"ten in 30 days", tenInMonth, true, 10, tenInMonth[0].Add(days(30)), "30 days"},
		{"eleven, one out of the window", append([]time.Time{ago(days(30))}, tenInMonth...), true, 10, tenInMonth[0].Add(days(30)), "30 days"},
		{"unsorted", []time.Time{ago(days(3)), ago(time.Hour), ago(days(2))}, true, 3, ago(time.Hour).Add(days(1)), "24 hours"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := budgetAt(editMemory{At: tc.edits}, tc.known, now)
			if b.known != tc.known || len(b.month) != tc.count || !b.next.Equal(tc.next) || b.rule != tc.rule {
				t.Errorf("budgetAt = known %v, %d in 30 days, next %v (%q); want %v, %d, %v (%q)", b.known, len(b.month), b.next, b.rule, tc.known, tc.count, tc.next, tc.rule)
			}
		})
	}
}

func TestUntilText(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{
		24 * time.Hour:                   "1 day",
		23*time.Hour + 59*time.Minute:    "23 hours 59 minutes",
		29*24*time.Hour + 61*time.Minute: "29 days 1 hour 1 minute",
		20 * time.Second:                 "less than a minute",
		90 * time.Second:                 "2 minutes",
	} {
		if got := untilText(now.Add(d), now); got != want {
			t.Errorf("untilText(%s) = %q, want %q", d, got, want)
		}
	}
}

// A possible edit (lost answer, read found it not made) never refuses an
// edit; it is named for 24 hours, then forgotten.
func TestEditBudgetPossibleEdits(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	mem := editMemory{At: []time.Time{now.Add(-48 * time.Hour)}, Maybe: []time.Time{now.Add(-time.Hour), now.Add(-25 * time.Hour)}}
	b := budgetAt(mem, true, now)
	if !b.next.IsZero() || len(b.month) != 1 || len(b.maybe) != 1 || !b.maybe[0].Equal(now.Add(-time.Hour)) {
		t.Errorf("budgetAt = next %v, %d in 30 days, maybe %v", b.next, len(b.month), b.maybe)
	}
}
