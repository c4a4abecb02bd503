package provider_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// maxTemplateRefreshCalls is what a refresh of scaleTemplates templates of
// one WABA may cost: the list's pages of 100 and the credentials check.
const (
	scaleTemplates          = 300
	maxTemplateRefreshCalls = 4
)

// BenchmarkScaleTemplates is the template half of `make bench-scale` (its
// -bench BenchmarkScale matches it): 300 templates of one WABA at 50ms
// latency, imported, then refreshed by a plan that must plan nothing. It
// reports the refresh's wall time, its calls and its round trips (waves of
// requests that do not overlap), and fails when the refresh takes more
// than maxTemplateRefreshCalls calls: the WABA's list read once, page by
// page, and no template read by id (refreshInBulk).
func BenchmarkScaleTemplates(b *testing.B) {
	if os.Getenv("WHATSAPP_BENCH_SCALE") == "" {
		b.Skip("set WHATSAPP_BENCH_SCALE=1 (make bench-scale) to run the scale benchmark")
	}
	bin := os.Getenv("WHATSAPP_PROVIDER_BIN")
	if bin == "" {
		bin = acctest.BuildProvider(b)
	}
	b.Run(fmt.Sprintf("%d_templates_at_50ms", scaleTemplates), func(b *testing.B) {
		for range b.N {
			runTemplateScale(b, bin, scaleTemplates, 50*time.Millisecond)
		}
	})
}

func runTemplateScale(b *testing.B, bin string, n int, latency time.Duration) {
	// Pages of 100, the page size the client asks for (Meta's maximum for
	// this edge is unconfirmed).
	emu := emulator.New(emulator.Options{Token: acctest.Token, Latency: latency, MaxPageSize: 100, CallsPerHour: 1 << 30, AppCallsPerHour: 1 << 30})
	if err := emu.Load(emulator.DemoSeed()); err != nil {
		b.Fatal(err)
	}
	emu.SetTemplateLimit(acctest.WABA, 6000)
	var imports strings.Builder
	for i := range n {
		name := fmt.Sprintf("scale_%03d", i)
		v, err := emu.AddTemplate(acctest.WABA, map[string]any{"name": name, "language": "en_US", "category": "UTILITY",
			"components": []any{map[string]any{"type": "BODY", "text": "Your order has shipped."}}})
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(&imports, "import {\n  to = whatsapp_message_template.t[%q]\n  id = \"%s/%s\"\n}\n", name, acctest.WABA, v.ID)
	}
	srv := httptest.NewServer(emu)
	defer srv.Close()
	w := newScaleWorkdir(b, bin)
	w.write(fmt.Sprintf(`
terraform {
  required_providers {
    whatsapp = { source = "whatsapp-iac/whatsapp" }
  }
}

provider "whatsapp" {
  base_url     = %q
  access_token = %q
}

resource "whatsapp_message_template" "t" {
  for_each                     = toset([for i in range(%d) : format("scale_%%03d", i)])
  whatsapp_business_account_id = %q
  name                         = each.key
  language                     = "en_US"
  category                     = "UTILITY"
  body                         = { text = "Your order has shipped." }
}
`, srv.URL, acctest.Token, n, acctest.WABA) + imports.String())
	w.timed("apply", "-auto-approve")

	// Meta reviews a tenth of them meanwhile: the refresh must see it.
	reviewed := map[string]bool{}
	for i, v := range emu.Templates(acctest.WABA) {
		if i%10 == 0 {
			if err := emu.ReviewTemplate(v.ID, emulator.TemplateApproved, ""); err != nil {
				b.Fatal(err)
			}
			reviewed[v.ID] = true
		}
	}
	mark := len(emu.Requests())
	took := w.timed("plan", "-detailed-exitcode")
	refreshed := emu.Requests()[mark:]
	calls := map[string]int{}
	for _, r := range refreshed {
		calls[r.Operation]++
	}
	trips := waves(refreshed)
	b.ReportMetric(took.Seconds(), "refresh-s")
	b.ReportMetric(float64(len(refreshed)), "calls/refresh")
	b.ReportMetric(float64(trips), "roundtrips/refresh")
	b.ReportMetric(float64(len(refreshed))/float64(n), "calls/template")
	fmt.Printf("\n%d templates of one WABA at %s latency: refresh %.2fs, %d calls (%v), %d round trips\n", n, latency, took.Seconds(), len(refreshed), calls, trips)
	if len(refreshed) > maxTemplateRefreshCalls || calls[emulator.OpListTemplates] != (n+99)/100 || calls[emulator.OpGetTemplate] != 0 {
		b.Errorf("the refresh of %d templates took %d calls (%v), want at most %d: the WABA's list once (%d pages), no template by id",
			n, len(refreshed), calls, maxTemplateRefreshCalls, (n+99)/100)
	}
	// What the bulk refresh read is the world: the reviewed ones APPROVED,
	// the others PENDING (outside the timing).
	w.cli.MustRun("apply", "-refresh-only", "-auto-approve", "-input=false")
	got := 0
	for _, r := range w.cli.ShowState() {
		if r.Type != "whatsapp_message_template" {
			continue
		}
		got++
		want := emulator.TemplatePending
		if reviewed[fmt.Sprint(r.AttributeValues["id"])] {
			want = emulator.TemplateApproved
		}
		if r.AttributeValues["status"] != want {
			b.Errorf("%s: status %v after the refresh, the emulator's is %s", r.Address, r.AttributeValues["status"], want)
		}
	}
	if got != n {
		b.Errorf("state holds %d templates, want %d", got, n)
	}
}

// waves counts the sequential round trips of a log: requests that overlap
// in time are one.
func waves(log []emulator.Request) int {
	log = slices.Clone(log)
	slices.SortFunc(log, func(a, b emulator.Request) int { return a.Started.Compare(b.Started) })
	total := 0
	var end time.Time
	for _, r := range log {
		if r.Started.After(end) {
			total++
		}
		if r.Finished.After(end) {
			end = r.Finished
		}
	}
	return total
}
