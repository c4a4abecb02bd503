package templates_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// templatesWorld is an account with templates of several names, languages,
// statuses and categories: order_update in two languages, and
// order_update_v2 and my_order_update_old, which Meta's name filter
// "order_update" also matches.
func templatesWorld(t *testing.T, env *acctest.Env) {
	t.Helper()
	add := func(name, language, category string) string {
		v, err := env.Emu.AddTemplate(acctest.WABA, map[string]any{"name": name, "language": language, "category": category,
			"components": []any{map[string]any{"type": "BODY", "text": "Hello from Acme."}}})
		if err != nil {
			t.Fatal(err)
		}
		return v.ID
	}
	add("order_update", "en_US", "UTILITY")
	add("order_update", "pt_BR", "UTILITY")
	add("order_update_v2", "en_US", "UTILITY")
	add("my_order_update_old", "en_US", "UTILITY")
	promo := add("spring_sale", "en_US", "MARKETING")
	add("autumn_sale", "en_US", "MARKETING")
	recat := add("shipping_notice", "en_US", "UTILITY")
	rejected := add("bad_promo", "en_US", "MARKETING")
	for _, err := range []error{
		env.Emu.ReviewTemplate(promo, "APPROVED", ""), env.Emu.SetTemplateQuality(promo, "GREEN"),
		env.Emu.ReviewTemplate(recat, "APPROVED", ""), env.Emu.RecategorizeTemplate(recat, "MARKETING"),
		env.Emu.ReviewTemplate(rejected, "REJECTED", "PROMOTIONAL"),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// expectTemplates checks a data source's templates against the emulator's,
// field by field and in order.
func expectTemplates(t *testing.T, c *acctest.CLI, addr string, want []emulator.TemplateView) {
	t.Helper()
	var got []any
	for _, r := range c.ShowState() {
		if r.Address == addr {
			got, _ = r.AttributeValues["templates"].([]any)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s has %d templates, the emulator %d: %v", addr, len(got), len(want), got)
	}
	for i, w := range want {
		g, _ := got[i].(map[string]any)
		prev := any(nil)
		if w.PreviousCategory != "" {
			prev = w.PreviousCategory
		}
		ttl := any(nil)
		if w.TTL != nil {
			ttl = float64(*w.TTL)
		}
		expect := map[string]any{"id": w.ID, "name": w.Name, "language": w.Language, "status": w.Status, "category": w.Category,
			"previous_category": prev, "parameter_format": w.ParameterFormat, "quality_score": w.Quality, "rejected_reason": w.RejectedReason,
			"message_send_ttl_seconds": ttl}
		for k, v := range expect {
			if g[k] != v {
				t.Errorf("%s.templates[%d].%s = %v, the emulator's %v", addr, i, k, g[k], v)
			}
		}
	}
}

// exampleFile is an example the docs show, which must use the demo WABA.
// (acctest.ExampleFile insists on the demo number, which templates need not
// name.)
func exampleFile(t *testing.T, rel string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", rel))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), acctest.WABA) {
		t.Fatalf("%s no longer uses WhatsApp Business Account %s, which the emulator seeds", rel, acctest.WABA)
	}
	return string(raw)
}

// The example's data sources equal the emulator's world: every template,
// the approved marketing ones in en_US, and the name matched exactly (not
// order_update_v2 nor my_order_update_old, which Meta's filter returns).
func TestCLIMessageTemplatesDataSource(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t) // pages of two: every page is read
	templatesWorld(t, env)
	c := env.CLI(t)
	c.Write(exampleFile(t, "data-sources/whatsapp_message_templates/data-source.tf"))
	env.Emu.ResetRequests()
	c.MustRun("apply", "-auto-approve")

	all := env.Emu.Templates(acctest.WABA)
	expectTemplates(t, c, "data.whatsapp_message_templates.all", all)
	var approved, order []emulator.TemplateView
	for _, v := range all {
		if v.Status == "APPROVED" && v.Category == "MARKETING" && v.Language == "en_US" {
			approved = append(approved, v)
		}
		if v.Name == "order_update" {
			order = append(order, v)
		}
	}
	if len(approved) != 2 || len(order) != 2 {
		t.Fatalf("the world has %d approved marketing and %d order_update templates, want 2 and 2", len(approved), len(order))
	}
	expectTemplates(t, c, "data.whatsapp_message_templates.approved_marketing", approved)
	expectTemplates(t, c, "data.whatsapp_message_templates.order_update", order)

	out := c.MustRun("output", "-json", "order_update_languages")
	if out != `["en_US","pt_BR"]`+"\n" {
		t.Errorf("order_update_languages = %s", out)
	}
	out = c.MustRun("output", "-json", "rejected_templates")
	if out != `{"bad_promo (en_US)":"PROMOTIONAL"}`+"\n" {
		t.Errorf("rejected_templates = %s", out)
	}
	if got := env.OpsOf(emulator.OpGetTemplate, emulator.OpCreateTemplate, emulator.OpEditTemplate, emulator.OpDeleteTemplate); len(got) != 0 {
		t.Errorf("the data sources called %v, want only lists", got)
	}
	// What Meta's filter returns for the name, which the data source narrows.
	if partial := slices.DeleteFunc(slices.Clone(all), func(v emulator.TemplateView) bool { return !strings.Contains(v.Name, "order_update") }); len(partial) != 4 {
		t.Errorf("the world has %d templates whose name holds order_update, want 4", len(partial))
	}
}

// A list that fails is an error, and the data source gives no partial
// result: a cut page is not a short list.
func TestCLIMessageTemplatesDataSourceCutPage(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	templatesWorld(t, env)
	c := env.CLI(t)
	c.Write(fmt.Sprintf(`
data "whatsapp_message_templates" "all" {
  whatsapp_business_account_id = %q
}
`, acctest.WABA))
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpListTemplates, Skip: 1, Times: 100, CutBody: true})
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the data source read a cut list:\n%s", out)
	}
	acctest.AssertContains(t, out, "Could not list the message templates of WhatsApp Business Account "+acctest.WABA)
	if st := c.ShowState(); len(st) != 0 {
		t.Errorf("state holds %d objects after the failed read", len(st))
	}
}
