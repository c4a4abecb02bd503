package provider_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// A query stops paging when Terraform has enough results: with limit = 3
// and pages of two, the listing reads two pages of a WABA of twenty numbers,
// not ten, and reads no number (no include_resource).
func TestCLIQueryStopsPagingAtTheLimit(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t) // pages of two numbers
	c := env.CLI(t)
	acctest.SkipWithoutQuery(t)
	// Every number registered, so each page's two numbers are two results.
	for _, id := range []string{acctest.Number, acctest.Number2} {
		env.Emu.Update(id, func(n *emulator.Number) { n.PlatformType, n.Status = emulator.PlatformCloudAPI, "CONNECTED" })
	}
	for i := range 18 {
		env.Emu.AddNumber(emulator.Number{ID: strconv.Itoa(920000000000000 + i), WABAID: acctest.WABA, DisplayPhoneNumber: "+41 44 200 " + strconv.Itoa(i),
			PlatformType: emulator.PlatformCloudAPI, Status: "CONNECTED", CodeVerificationStatus: "VERIFIED"})
	}
	c.WriteFile("main.tfquery.hcl", fmt.Sprintf(`
list "whatsapp_phone_registration" "some" {
  provider = whatsapp
  limit    = 3
  config {
    whatsapp_business_account_id = %q
  }
}
`, acctest.WABA))
	env.Emu.ResetRequests()
	c.MustRun("query")
	if got := env.OpsOf(emulator.OpListPhoneNumbers); len(got) != 2 {
		t.Errorf("list pages read = %d, want 2 (three results from pages of two)", len(got))
	}
	if got := env.OpsOf(emulator.OpGetPhoneNumber, emulator.OpGetSettings); len(got) != 0 {
		t.Errorf("numbers read without include_resource: %v", got)
	}
}
