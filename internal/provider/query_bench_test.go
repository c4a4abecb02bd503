package provider_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// BenchmarkQuery is `terraform query` over a WABA of 50 registered numbers
// at 50ms latency, with include_resource (the registration read back for
// each): the calls per page of the listing and per number read, and the
// wall time. Figures, not assertions (make bench-scale runs it under the
// Terraform 1.14+ of ../shared/tools; list resources need it).
func BenchmarkQuery(b *testing.B) {
	if os.Getenv("WHATSAPP_BENCH_SCALE") == "" {
		b.Skip("set WHATSAPP_BENCH_SCALE=1 (make bench-scale) to run the query benchmark")
	}
	if !acctest.HasQuery() {
		b.Skip("terraform query needs Terraform 1.14 or later: set TF_ACC_TERRAFORM_PATH to one")
	}
	bin := os.Getenv("WHATSAPP_PROVIDER_BIN")
	if bin == "" {
		bin = acctest.BuildProvider(b)
	}
	const numbers, pageSize = 50, 25
	for range b.N {
		emu := emulator.New(emulator.Options{Token: acctest.Token, Latency: 50 * time.Millisecond, MaxPageSize: pageSize, CallsPerHour: 1 << 30, AppCallsPerHour: 1 << 30})
		for i := range numbers {
			emu.AddNumber(emulator.Number{ID: strconv.Itoa(910000000000000 + i), WABAID: acctest.WABA, DisplayPhoneNumber: "+41 44 100 " + strconv.Itoa(i),
				PlatformType: emulator.PlatformCloudAPI, Status: "CONNECTED", CodeVerificationStatus: "VERIFIED"})
		}
		srv := httptest.NewServer(emu)
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
`, srv.URL, acctest.Token))
		w.cli.WriteFile("main.tfquery.hcl", fmt.Sprintf(`
list "whatsapp_phone_registration" "all" {
  provider         = whatsapp
  include_resource = true
  limit            = 1000
  config {
    whatsapp_business_account_id = %q
  }
}
`, acctest.WABA))
		mark := len(emu.Requests())
		start := time.Now()
		w.cli.MustRun("query") // takes no -input
		took := time.Since(start)
		calls := map[string]int{}
		for _, r := range emu.Requests()[mark:] {
			calls[r.Operation]++
		}
		srv.Close()
		pages := calls[emulator.OpListPhoneNumbers]
		perNumber := float64(calls[emulator.OpGetPhoneNumber]+calls[emulator.OpGetSettings]) / numbers
		b.ReportMetric(took.Seconds(), "query-s")
		b.ReportMetric(float64(pages), "list-pages")
		b.ReportMetric(perNumber, "reads/number")
		b.ReportMetric(float64(len(emu.Requests())-mark), "calls")
		b.Logf("query of %d numbers (page size %d) at 50ms: %s, %d list pages, %.1f reads per number, calls %v", numbers, pageSize, took.Round(time.Millisecond), pages, perNumber, calls)
	}
}
