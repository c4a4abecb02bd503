package provider_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// BenchmarkScale is `make bench-scale`: the real terraform CLI, the provider
// built as a plugin binary, and the emulator with injected latency, side by
// side with the same CLI managing terraform_data (the floor: what Terraform
// itself costs). It reports, per scenario:
//
//   - wall time of the apply that creates every number and of the plan that
//     refreshes them, and the floor's;
//   - the efficiency, (floor + ideal API time) / measured, where the ideal
//     is one round trip per refresh and three per create, at Terraform's
//     parallelism of 10;
//   - round trips per create and per refresh, counted from the emulator's
//     log (requests of one number that overlap in time are one round trip);
//   - calls per refresh;
//   - the provider process's CPU time per resource.
//
// It is a benchmark, not a test: the figures go in docs/guides and in the
// closing notes, never in an assertion. It runs only when
// WHATSAPP_BENCH_SCALE is set; WHATSAPP_PROVIDER_BIN measures another build
// of the provider (for a before/after comparison), WHATSAPP_BENCH_NUMBERS
// runs one small scenario instead. The CLI is acctest's runner, with the
// binary behind dev_overrides and its CPU time recorded (WithProviderCPU).
func BenchmarkScale(b *testing.B) {
	if os.Getenv("WHATSAPP_BENCH_SCALE") == "" {
		b.Skip("set WHATSAPP_BENCH_SCALE=1 (make bench-scale) to run the scale benchmark")
	}
	bin := os.Getenv("WHATSAPP_PROVIDER_BIN")
	if bin == "" {
		bin = acctest.BuildProvider(b)
	}
	scenarios := []struct {
		numbers int
		latency time.Duration
	}{{200, 50 * time.Millisecond}, {10, time.Second}}
	// WHATSAPP_BENCH_NUMBERS runs one scenario of that many numbers at 50ms
	// latency instead, to try the benchmark quickly.
	if v := os.Getenv("WHATSAPP_BENCH_NUMBERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("WHATSAPP_BENCH_NUMBERS = %q: want a positive number", v)
		}
		scenarios = scenarios[:1]
		scenarios[0].numbers = n
	}
	for _, sc := range scenarios {
		b.Run(fmt.Sprintf("%d_numbers_at_%s", sc.numbers, sc.latency), func(b *testing.B) {
			for range b.N {
				r := runScale(b, bin, sc.numbers, sc.latency)
				r.report(b)
			}
		})
	}
}

type scaleResult struct {
	numbers                   int
	latency                   time.Duration
	apply, refresh            time.Duration
	floorApply, floorRefresh  time.Duration
	createTrips, refreshTrips float64
	callsPerRefresh           float64
	cpuPerResource            time.Duration
	applyCPU, refreshCPU      time.Duration
	// processes counts the provider processes each command started.
	processes [2]int
}

func (r scaleResult) report(b *testing.B) {
	waves := float64((r.numbers + 9) / 10)
	ideal := func(floor time.Duration, trips float64) time.Duration {
		return floor + time.Duration(trips*waves*float64(r.latency))
	}
	effApply := float64(ideal(r.floorApply, 3)) / float64(r.apply)
	effRefresh := float64(ideal(r.floorRefresh, 1)) / float64(r.refresh)
	b.ReportMetric(r.apply.Seconds(), "apply-s")
	b.ReportMetric(r.refresh.Seconds(), "refresh-s")
	b.ReportMetric(effApply, "apply-efficiency")
	b.ReportMetric(effRefresh, "refresh-efficiency")
	b.ReportMetric(r.createTrips, "roundtrips/create")
	b.ReportMetric(r.refreshTrips, "roundtrips/refresh")
	b.ReportMetric(r.callsPerRefresh, "calls/refresh")
	b.ReportMetric(float64(r.cpuPerResource.Microseconds())/1000, "provider-cpu-ms/resource")
	fmt.Printf("\n%d numbers at %s latency (parallelism 10)\n", r.numbers, r.latency)
	fmt.Printf("  %-8s %10s %10s %12s %12s\n", "", "measured", "floor", "ideal", "efficiency")
	fmt.Printf("  %-8s %9.2fs %9.2fs %11.2fs %12.2f\n", "apply", r.apply.Seconds(), r.floorApply.Seconds(), ideal(r.floorApply, 3).Seconds(), effApply)
	fmt.Printf("  %-8s %9.2fs %9.2fs %11.2fs %12.2f\n", "refresh", r.refresh.Seconds(), r.floorRefresh.Seconds(), ideal(r.floorRefresh, 1).Seconds(), effRefresh)
	fmt.Printf("  round trips per create %.2f, per refresh %.2f; calls per refresh %.2f\n", r.createTrips, r.refreshTrips, r.callsPerRefresh)
	fmt.Printf("  provider CPU: apply %s (%d processes), refresh %s (%d processes); %s per resource\n",
		r.applyCPU.Round(time.Millisecond), r.processes[0], r.refreshCPU.Round(time.Millisecond), r.processes[1], r.cpuPerResource.Round(10*time.Microsecond))
}

func runScale(b *testing.B, bin string, n int, latency time.Duration) scaleResult {
	emu := emulator.New(emulator.Options{Token: acctest.Token, Latency: latency, CallsPerHour: 1 << 30, AppCallsPerHour: 1 << 30})
	ids := make([]string, n)
	for i := range ids {
		ids[i] = strconv.Itoa(900000000000000 + i)
		emu.AddNumber(emulator.Number{ID: ids[i], WABAID: acctest.WABA, DisplayPhoneNumber: "+41 44 000 " + strconv.Itoa(i)})
	}
	srv := httptest.NewServer(emu)
	defer srv.Close()
	w := newScaleWorkdir(b, bin)
	r := scaleResult{numbers: n, latency: latency}

	quoted := make([]string, n)
	for i, id := range ids {
		quoted[i] = strconv.Quote(id)
	}
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

locals {
  ids = [%s]
}

resource "whatsapp_phone_registration" "n" {
  count           = length(local.ids)
  phone_number_id = local.ids[count.index]
  pin             = "123456"
}
`, srv.URL, acctest.Token, strings.Join(quoted, ", ")))
	mark := len(emu.Requests())
	r.apply = w.timed("apply", "-auto-approve", "-refresh=false")
	created := emu.Requests()[mark:]
	applyCPU, applyProcs := w.cpu()
	mark = len(emu.Requests())
	r.refresh = w.timed("plan", "-detailed-exitcode")
	refreshed := emu.Requests()[mark:]
	totalCPU, totalProcs := w.cpu()
	r.applyCPU, r.refreshCPU = applyCPU, totalCPU-applyCPU
	r.processes = [2]int{applyProcs, totalProcs - applyProcs}
	r.cpuPerResource = totalCPU / time.Duration(n)
	r.createTrips = roundTrips(created, ids)
	r.refreshTrips = roundTrips(refreshed, ids)
	r.callsPerRefresh = float64(len(refreshed)) / float64(n)

	floor := newScaleWorkdir(b, bin)
	floor.write(fmt.Sprintf(`
resource "terraform_data" "n" {
  count = %d
  input = "x${count.index}"
}
`, n))
	r.floorApply = floor.timed("apply", "-auto-approve", "-refresh=false")
	r.floorRefresh = floor.timed("plan", "-detailed-exitcode")
	return r
}

// roundTrips averages, over the numbers, how many sequential waves of
// requests each number's log shows: requests that overlap in time are one.
func roundTrips(log []emulator.Request, ids []string) float64 {
	total := 0
	for _, id := range ids {
		var mine []emulator.Request
		for _, r := range log {
			if r.NumberID == id {
				mine = append(mine, r)
			}
		}
		slices.SortFunc(mine, func(a, b emulator.Request) int { return a.Started.Compare(b.Started) })
		var end time.Time
		for _, r := range mine {
			if r.Started.After(end) {
				total++
			}
			if r.Finished.After(end) {
				end = r.Finished
			}
		}
	}
	return float64(total) / float64(len(ids))
}

// scaleWorkdir is acctest's CLI runner with the provider binary behind
// dev_overrides, wrapped to record its CPU time.
type scaleWorkdir struct {
	b   *testing.B
	cli *acctest.CLI
}

func newScaleWorkdir(b *testing.B, bin string) *scaleWorkdir {
	return &scaleWorkdir{b: b, cli: acctest.NewCLI(b, acctest.WithProviderBinary(bin), acctest.WithProviderCPU())}
}

func (w *scaleWorkdir) write(config string) { w.cli.WriteFile("main.tf", config) }

// timed is the wall time of one command (with -no-color and -input=false).
func (w *scaleWorkdir) timed(args ...string) time.Duration {
	full := append([]string{args[0], "-input=false"}, args[1:]...)
	start := time.Now()
	w.cli.MustRun(full...)
	return time.Since(start)
}

// cpu is the provider's CPU time so far, over every process of it, and how
// many processes there were.
func (w *scaleWorkdir) cpu() (time.Duration, int) { return w.cli.ProviderCPU() }
