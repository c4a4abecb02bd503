package cloudapi_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// EachTemplate pages lazily: a consumer that stops after three templates
// of pages of two spends two calls; one that reads on reads every page,
// and a page that arrives cut ends it with an error, after the templates
// of the pages before.
func TestEachTemplatePagesLazily(t *testing.T) {
	h := newHarness(t, emulator.Options{MaxPageSize: 2})
	c := h.client(t)
	ctx := context.Background()
	for i := range 7 {
		mustCreate(t, c, orderTemplate(fmt.Sprintf("order_%d", i), "en_US"))
	}
	h.emu.ResetRequests()
	n := 0
	for tmpl, err := range c.EachTemplate(ctx, testWABA) {
		if err != nil || tmpl.ID == "" {
			t.Fatalf("template %d: %+v, %v", n, tmpl, err)
		}
		if n++; n == 3 {
			break
		}
	}
	if got := h.emu.Count(emulator.OpListTemplates); got != 2 {
		t.Errorf("three templates cost %d pages, want 2", got)
	}

	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpListTemplates, Skip: 2, Times: 100, CutBody: true})
	var got []string
	var last error
	for tmpl, err := range c.EachTemplate(ctx, testWABA) {
		if err != nil {
			last = err
			continue
		}
		got = append(got, tmpl.Name)
	}
	if len(got) != 4 || last == nil {
		t.Errorf("a cut third page yielded %v and %v, want the four templates of the first two pages, then an error", got, last)
	}
}
