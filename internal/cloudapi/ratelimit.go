package cloudapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Usage is what Meta's X-Business-Use-Case-Usage and X-App-Usage headers
// say of the call budgets: per app, per WhatsApp Business Account, per hour.
type Usage struct {
	// Reported is set when the answer carried either header.
	Reported bool
	// Percent is the highest share used of any budget the headers name
	// (call count, CPU time or total time), 0-100 and more past the limit.
	Percent int
	// Budget names that budget, for example "WABA 1234 (whatsapp_business_management)" or "app".
	Budget string
	// RegainAccess is Meta's estimated_time_to_regain_access (zero while
	// the budget is open).
	RegainAccess time.Duration
}

type usageEntry struct {
	Type         string `json:"type"`
	CallCount    int    `json:"call_count"`
	TotalCPUTime int    `json:"total_cputime"`
	TotalTime    int    `json:"total_time"`
	// Minutes, in both headers where Meta sends it.
	RegainAccess int `json:"estimated_time_to_regain_access"`
}

func (u *Usage) add(budget string, e usageEntry) {
	u.Reported = true
	if p := max(e.CallCount, e.TotalCPUTime, e.TotalTime); p >= u.Percent {
		u.Percent, u.Budget = p, budget
	}
	u.RegainAccess = max(u.RegainAccess, time.Duration(e.RegainAccess)*time.Minute)
}

// parseUsage reads both headers; malformed ones are ignored, because they
// only tune pacing and waits, never a decision about the number.
func parseUsage(h http.Header) (Usage, bool) {
	var u Usage
	if raw := h.Get("X-Business-Use-Case-Usage"); raw != "" {
		var byBusiness map[string][]usageEntry
		if json.Unmarshal([]byte(raw), &byBusiness) == nil {
			for id, entries := range byBusiness {
				for _, e := range entries {
					u.add(fmt.Sprintf("business %s (%s)", id, e.Type), e)
				}
			}
		}
	}
	if raw := h.Get("X-App-Usage"); raw != "" {
		var app usageEntry
		if json.Unmarshal([]byte(raw), &app) == nil {
			u.add("app", app)
		}
	}
	return u, u.Reported
}

// pacer spaces the client's calls once Meta reports a call budget nearly
// spent, so that a large plan slows down instead of hitting the wall (80007
// for the whole team, for up to an hour).
type pacer struct {
	above    int
	interval time.Duration
	// now and sleep are the clock; tests replace them (pacer_test.go).
	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	mu     sync.Mutex
	usage  Usage
	next   time.Time
	warned bool
}

func newPacer(above int, interval time.Duration) *pacer {
	return &pacer{above: above, interval: interval, now: time.Now, sleep: sleep}
}

func (p *pacer) observe(u Usage) {
	if !u.Reported {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.usage = u
}

// wait holds a call until its slot when pacing is on.
func (p *pacer) wait(ctx context.Context, log LogFunc) error {
	p.mu.Lock()
	if p.usage.Percent < p.above {
		p.warned = false
		p.mu.Unlock()
		return nil
	}
	interval := p.interval
	if p.usage.Percent >= 95 {
		interval *= 4
	}
	now := p.now()
	slot := now
	if p.next.After(now) {
		slot = p.next
	}
	p.next = slot.Add(interval)
	first := !p.warned
	p.warned = true
	usage := p.usage
	p.mu.Unlock()
	if first {
		log(ctx, LevelInfo, fmt.Sprintf("Cloud API: %d%% of Meta's call budget (%s) is used; spacing calls %s apart", usage.Percent, usage.Budget, interval),
			map[string]any{"call_budget_used_percent": usage.Percent, "call_budget": usage.Budget})
	}
	if d := slot.Sub(now); d > 0 {
		return p.sleep(ctx, d)
	}
	return nil
}

// regainTime is when a throttled budget reopens, as Meta tells it: the
// usage headers' estimated_time_to_regain_access, else Retry-After (not
// capped here: it decides whether to wait at all, not how long).
func regainTime(h http.Header) (time.Duration, bool) {
	if usage, ok := parseUsage(h); ok && usage.RegainAccess > 0 {
		return usage.RegainAccess, true
	}
	if d, ok := retryAfter(h.Get("Retry-After"), time.Now()); ok && d > 0 {
		return d, true
	}
	return 0, false
}
