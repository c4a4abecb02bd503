package templates

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

const refreshToken = "EAAG-refresh-test-token"

// refreshWorld is an emulator (with latency, so that Reads overlap) holding
// n templates of the demo WABA, and a client of it.
func refreshWorld(t *testing.T, n int) (*emulator.Emulator, *cloudapi.Client, []string) {
	t.Helper()
	emu := emulator.New(emulator.Options{Token: refreshToken, Latency: 20 * time.Millisecond, MaxPageSize: 100, CallsPerHour: 1 << 30, AppCallsPerHour: 1 << 30})
	if err := emu.Load(emulator.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	ids := make([]string, n)
	for i := range ids {
		v, err := emu.AddTemplate(emulator.DemoWABA, map[string]any{"name": fmt.Sprintf("t_%d", i), "language": "en_US", "category": "UTILITY",
			"components": []any{map[string]any{"type": "BODY", "text": "Hello."}}})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = v.ID
	}
	client, err := cloudapi.New(cloudapi.Config{BaseURL: srv.URL, AccessToken: refreshToken})
	if err != nil {
		t.Fatal(err)
	}
	return emu, client, ids
}

// readAll runs one refreshTemplate per id at once, as Terraform's
// parallel Reads do.
func readAll(t *testing.T, data *framework.ProviderData, client *cloudapi.Client, ids []string) {
	t.Helper()
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := refreshTemplate(context.Background(), data, client, emulator.DemoWABA, id, fmt.Sprintf("t_%d", i))
			if err != nil || got.ID != id {
				t.Errorf("read %s: %v, %v", id, got, err)
			}
		}()
	}
	wg.Wait()
}

// 250 Reads at once wait for one list of three pages; a second Configure
// (another provider block, maybe another token) lists for itself; a write
// drops the WABA's list, and the template written is read by id.
func TestRefreshTemplateSingleFlight(t *testing.T) {
	emu, client, ids := refreshWorld(t, 250)
	process := framework.NewScope()
	data := framework.NewProviderData(client, process, refreshToken, "")
	readAll(t, data, client, ids)
	if lists, gets := emu.Count(emulator.OpListTemplates), emu.Count(emulator.OpGetTemplate); lists != 3 || gets != 0 {
		t.Errorf("250 reads made %d list pages and %d GETs, want 3 and 0", lists, gets)
	}
	readAll(t, data, client, ids[:10])
	if lists := emu.Count(emulator.OpListTemplates); lists != 3 {
		t.Errorf("later reads listed again: %d pages", lists)
	}

	other := framework.NewProviderData(client, process, "EAAG-another-token", "")
	readAll(t, other, client, ids[:1])
	if lists := emu.Count(emulator.OpListTemplates); lists != 6 {
		t.Errorf("another Configure used this one's list: %d pages, want 6", lists)
	}

	wroteTemplate(data, &messageTemplateModel{WABAID: types.StringValue(emulator.DemoWABA), ID: types.StringValue(ids[0])})
	readAll(t, data, client, ids[:2])
	if lists, gets := emu.Count(emulator.OpListTemplates), emu.Count(emulator.OpGetTemplate); lists != 9 || gets != 1 {
		t.Errorf("after a write: %d list pages and %d GETs, want 9 (listed anew) and 1 (the template written)", lists, gets)
	}
}

// A list that fails decides nothing and is not asked for again: every Read
// reads its template by id.
func TestRefreshTemplateFailedListFallsBack(t *testing.T) {
	emu, client, ids := refreshWorld(t, 120)
	emu.InjectFault(emulator.Fault{Operation: emulator.OpListTemplates, Skip: 1, Times: 10, Code: 1, Status: 500})
	data := framework.NewProviderData(client, framework.NewScope(), refreshToken, "")
	readAll(t, data, client, ids)
	if gets := emu.Count(emulator.OpGetTemplate); gets != len(ids) {
		t.Errorf("GETs after a failed list = %d, want %d", gets, len(ids))
	}
	if lists := emu.Count(emulator.OpListTemplates); lists > 1+cloudapi.DefaultMaxRetries+1 {
		t.Errorf("the failed list was asked for again: %d requests", lists)
	}
}
