package templates_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const templateQueryFile = "main.tfquery.hcl"

// richTemplate is a template with every component, as another tool made
// it, and a TTL.
var richTemplate = map[string]any{"name": "order_shipped", "language": "en_US", "category": "UTILITY", "message_send_ttl_seconds": float64(3600),
	"components": []any{
		map[string]any{"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": map[string]any{"header_text": []any{"#1234"}}},
		map[string]any{"type": "BODY", "text": "Hello {{1}}, your order {{2}} has shipped.", "example": map[string]any{"body_text": []any{[]any{"Ana", "#1234"}}}},
		map[string]any{"type": "FOOTER", "text": "Acme Shop"},
		map[string]any{"type": "BUTTONS", "buttons": []any{
			map[string]any{"type": "URL", "text": "Track", "url": "https://acme.example/track/{{1}}", "example": []any{"https://acme.example/track/1234"}},
			map[string]any{"type": "QUICK_REPLY", "text": "Stop updates"},
		}},
	}}

// THE round trip for templates: terraform query -generate-config-out on an
// account whose templates were made elsewhere (every component, a TTL Meta
// holds, a
// template Meta re-categorized, one rejected), then a plan of imports only
// (no-op each), an apply that writes nothing, state equal to the world,
// and an empty plan after.
func TestCLIMessageTemplateQueryGenerateConfig(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t) // pages of two
	c := env.CLI(t)
	acctest.SkipWithoutQuery(t)
	templatesWorld(t, env)
	if _, err := env.Emu.AddTemplate(acctest.WABA, richTemplate); err != nil {
		t.Fatal(err)
	}
	world := env.Emu.Templates(acctest.WABA)
	c.WriteFile(templateQueryFile, `
list "whatsapp_message_template" "templates" {
  provider         = whatsapp
  include_resource = true
  config {
    whatsapp_business_account_id = "`+acctest.WABA+`"
  }
}
`)
	env.Emu.ResetRequests()
	out := c.MustRun("query", "-generate-config-out=adopted.tf")
	for _, v := range world {
		acctest.AssertContains(t, out, v.Name+" ("+v.Language+", "+v.Status+")")
	}
	if pages, want := len(env.OpsOf(emulator.OpListTemplates)), (len(world)+1)/2; pages != want {
		t.Errorf("the query read %d pages, want %d (pages of two, every one)", pages, want)
	}
	if got := env.OpsOf(emulator.OpGetTemplate); len(got) != 0 {
		t.Errorf("include_resource read templates one by one: %v", got)
	}
	generated := c.ReadFile("adopted.tf")
	t.Logf("generated:\n%s", generated)
	for _, want := range []string{`identity = \{`, `name += "order_shipped"`, `language += "pt_BR"`, `text += "Order \{\{1\}\}"`,
		`category += "MARKETING"`, `whatsapp_business_account_id += "` + acctest.WABA + `"`} {
		if !regexp.MustCompile(want).MatchString(generated) {
			t.Errorf("adopted.tf lacks %s", want)
		}
	}
	if n := strings.Count(generated, "import {"); n != len(world) {
		t.Errorf("adopted.tf has %d import blocks, want %d", n, len(world))
	}
	// The TTL Meta holds is written (the one template that has one), and
	// a re-categorized template keeps the category it was created with.
	if n := len(regexp.MustCompile(`message_send_ttl_seconds += 3600\n`).FindAllString(generated, -1)); n != 1 {
		t.Errorf("adopted.tf sets message_send_ttl_seconds = 3600 %d times, want once", n)
	}

	changes, _ := c.SavedPlanChanges()
	if len(changes) != len(world) {
		t.Fatalf("the plan has %d changes, want %d imports: %+v", len(changes), len(world), changes)
	}
	for _, rc := range changes {
		if rc.Change.Importing == nil || !slices.Equal(rc.Change.Actions, []string{"no-op"}) {
			t.Errorf("%s: actions %v, importing %v: want an import and nothing else", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}
	c.MustRun("apply", "-auto-approve", "saved.tfplan")
	if got := env.OpsOf(emulator.OpCreateTemplate, emulator.OpEditTemplate, emulator.OpDeleteTemplate); len(got) != 0 {
		t.Errorf("the adopting apply wrote: %v", got)
	}
	n := 0
	for _, r := range c.ShowState() {
		if r.Type == "whatsapp_message_template" {
			templateWorld(t, env, r)
			n++
		}
	}
	if n != len(world) {
		t.Errorf("state holds %d templates, the world %d", n, len(world))
	}
	c.ExpectNoChanges()
}

// The listing stops paging when Terraform has enough: limit 3 with pages
// of two reads two pages; a page that arrives cut is an error result, not
// a shorter list.
func TestCLIMessageTemplateQueryLimitAndFailure(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	acctest.SkipWithoutQuery(t)
	for i := range 20 {
		if _, err := env.Emu.AddTemplate(acctest.WABA, map[string]any{"name": fmt.Sprintf("t_%02d", i), "language": "en_US", "category": "UTILITY",
			"components": []any{map[string]any{"type": "BODY", "text": "Hello."}}}); err != nil {
			t.Fatal(err)
		}
	}
	c.WriteFile(templateQueryFile, fmt.Sprintf(`
list "whatsapp_message_template" "some" {
  provider = whatsapp
  limit    = 3
  config {
    whatsapp_business_account_id = %q
  }
}
`, acctest.WABA))
	env.Emu.ResetRequests()
	out := c.MustRun("query")
	if got := env.OpsOf(emulator.OpListTemplates); len(got) != 2 {
		t.Errorf("list pages read = %d, want 2 (three results from pages of two)", len(got))
	}
	acctest.AssertContains(t, out, "t_00 (en_US, PENDING)", "t_02 (en_US, PENDING)")
	if strings.Contains(out, "t_03") {
		t.Errorf("the query went past its limit:\n%s", out)
	}

	c.Replace(templateQueryFile, `limit    = 3`, `limit    = 100`)
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpListTemplates, Skip: 1, Times: 100, CutBody: true})
	out, err := c.Run("query")
	if err == nil {
		t.Fatalf("the query passed on a cut page:\n%s", out)
	}
	acctest.AssertContains(t, out, "Could not list the message templates of WhatsApp Business Account "+acctest.WABA)
}
