package templates_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const addr = "whatsapp_message_template.order"

// templateConfig is the usual template with the given body text and
// examples, and any more attribute lines.
func templateConfig(lines ...string) string {
	return fmt.Sprintf(`
resource "whatsapp_message_template" "order" {
  whatsapp_business_account_id = %q
  name     = "order_update"
  language = "en_US"
  category = "UTILITY"
  %s
}
`, acctest.WABA, strings.Join(lines, "\n  "))
}

var (
	baseContent = []string{
		`header = { format = "TEXT", text = "Order {{1}}", example = "#1234" }`,
		`body = { text = "Hello {{1}}, your order {{2}} has shipped.", examples = ["Ana", "#1234"] }`,
		`footer = { text = "Acme Shop" }`,
		`buttons = [
    { type = "URL", text = "Track", url = "https://acme.example/track/{{1}}", example = "https://acme.example/track/1234" },
    { type = "QUICK_REPLY", text = "Stop updates" },
  ]`,
	}
	editedBody = `body = { text = "Hi {{1}}, order {{2}} is on its way.", examples = ["Ana", "#1234"] }`
)

func withBody(body string) []string {
	out := append([]string{}, baseContent...)
	out[1] = body
	return out
}

// templateWorld checks that the template in state is the emulator's: id,
// status, category and the components' texts.
func templateWorld(t *testing.T, env *acctest.Env, r *tfjson.StateResource) emulator.TemplateView {
	t.Helper()
	if r == nil {
		t.Fatal("no template in state")
	}
	v := r.AttributeValues
	tv, ok := env.Emu.Template(fmt.Sprint(v["id"]))
	if !ok {
		t.Fatalf("state holds template %v, the emulator has none", v["id"])
	}
	if tv.Name != v["name"] || tv.Language != v["language"] || tv.Status != v["status"] || tv.Category != v["current_category"] ||
		tv.ParameterFormat != v["parameter_format"] || tv.RejectedReason != v["rejected_reason"] || tv.Quality != v["quality_score"] {
		t.Errorf("state %v differs from the emulator's %+v", v, tv.Template)
	}
	texts := map[string]string{}
	for _, c := range tv.Components {
		texts[fmt.Sprint(c["type"])], _ = c["text"].(string)
	}
	body, _ := v["body"].(map[string]any)
	if texts["BODY"] != body["text"] {
		t.Errorf("body in state %q, emulator %q", body["text"], texts["BODY"])
	}
	return tv
}

func TestCLITemplateLifecycle(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	// Another language of the same name, made elsewhere: never touched.
	other, err := env.Emu.AddTemplate(acctest.WABA, map[string]any{"name": "order_update", "language": "pt_BR", "category": "UTILITY",
		"components": []any{map[string]any{"type": "BODY", "text": "Seu pedido foi enviado."}}})
	if err != nil {
		t.Fatal(err)
	}
	c := env.CLI(t)
	c.Write(templateConfig(baseContent...))
	acctest.ExpectChanges(t, c.SavedPlan(), map[string][]string{addr: {"create"}})
	c.MustRunJSON("apply", "-auto-approve").ExpectApplied(t, map[string][]string{addr: {"create"}})
	tv := templateWorld(t, env, c.StateOf(addr))
	if tv.Status != "PENDING" {
		t.Errorf("status after create = %s", tv.Status)
	}
	if got := env.Emu.Operations("", emulator.OpCreateTemplate); len(got) != 1 {
		t.Errorf("creates = %v", got)
	}
	// Meta's read-back forms (upper case, examples) are not a diff.
	c.ExpectNoChanges()

	// Review decided in the emulator shows on refresh.
	if err := env.Emu.ReviewTemplate(tv.ID, "APPROVED", ""); err != nil {
		t.Fatal(err)
	}
	if err := env.Emu.SetTemplateQuality(tv.ID, "GREEN"); err != nil {
		t.Fatal(err)
	}
	c.MustRun("apply", "-refresh-only", "-auto-approve")
	if s := c.StateOf(addr).AttributeValues; s["status"] != "APPROVED" || s["quality_score"] != "GREEN" {
		t.Errorf("after refresh: status %v, quality %v", s["status"], s["quality_score"])
	}
	c.ExpectNoChanges()

	// An edit of an APPROVED template warns at plan, then edits in place.
	c.Write(templateConfig(withBody(editedBody)...))
	plan, out := c.SavedPlanOutput()
	acctest.ExpectChanges(t, plan, map[string][]string{addr: {"update"}})
	acctest.AssertContains(t, out, "spends one of its edits and sends it back to review")
	c.MustRunJSON("apply", "-auto-approve").ExpectApplied(t, map[string][]string{addr: {"update"}})
	tv = templateWorld(t, env, c.StateOf(addr))
	if tv.Status != "PENDING" || tv.EditsUsed24h != 1 {
		t.Errorf("after the edit: status %s, edits %d", tv.Status, tv.EditsUsed24h)
	}
	body := env.LastBody(t, emulator.OpEditTemplate)
	if comps, _ := body["components"].([]any); len(comps) != 4 {
		t.Errorf("the edit did not send the components whole: %v", body)
	}
	c.ExpectNoChanges()

	// A category change of an APPROVED template is refused at plan.
	if err := env.Emu.ReviewTemplate(tv.ID, "APPROVED", ""); err != nil {
		t.Fatal(err)
	}
	edits := len(env.Emu.Operations("", emulator.OpEditTemplate))
	c.Replace("main.tf", `category = "UTILITY"`, `category = "MARKETING"`)
	out, err = c.Run("plan")
	if err == nil {
		t.Fatalf("plan passed:\n%s", out)
	}
	acctest.AssertContains(t, out, "The category of an APPROVED template cannot change")
	c.Replace("main.tf", `category = "MARKETING"`, `category = "UTILITY"`)

	// Destroy warns, and deletes this language only.
	out = c.MustRun("plan", "-destroy")
	acctest.AssertContains(t, out, "blocks its name in en_US for about 30 days")
	c.MustRunJSON("destroy", "-auto-approve").ExpectApplied(t, map[string][]string{addr: {"delete"}})
	if _, ok := env.Emu.Template(tv.ID); ok {
		t.Error("the template is still in the emulator")
	}
	if _, ok := env.Emu.Template(other.ID); !ok {
		t.Error("the destroy deleted the pt_BR template too")
	}
	if got := len(env.Emu.Operations("", emulator.OpEditTemplate)); got != edits {
		t.Errorf("the refused plan sent %d edits", got-edits)
	}
}

// Meta re-categorizing the template shows in state and a warning, with no
// plan to change it back.
func TestCLITemplateRecategorized(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, baseContent...)
	approve(t, env, id)
	if err := env.Emu.RecategorizeTemplate(id, "MARKETING"); err != nil {
		t.Fatal(err)
	}
	acctest.AssertContains(t, c.MustRun("apply", "-refresh-only", "-auto-approve"), "re-categorized")
	acctest.AssertContains(t, c.ExpectNoChanges(), "re-categorized")
	s := c.StateOf(addr).AttributeValues
	if s["category"] != "UTILITY" || s["current_category"] != "MARKETING" || s["previous_category"] != "UTILITY" {
		t.Errorf("state after re-categorization: category %v, current %v, previous %v", s["category"], s["current_category"], s["previous_category"])
	}
}

// An existing template of the same name and language is refused, with the
// import to adopt it; nothing is created.
func TestCLITemplateExistsRefused(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	tv, err := env.Emu.AddTemplate(acctest.WABA, map[string]any{"name": "order_update", "language": "en_US", "category": "UTILITY",
		"components": []any{map[string]any{"type": "BODY", "text": "Made elsewhere."}}})
	if err != nil {
		t.Fatal(err)
	}
	c := env.CLI(t)
	c.Write(templateConfig(baseContent...))
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("apply passed:\n%s", out)
	}
	acctest.AssertContains(t, out, "already exists", "terraform import whatsapp_message_template.<name> "+acctest.WABA+"/"+tv.ID)
	if got := env.Emu.Operations("", emulator.OpCreateTemplate); len(got) != 0 {
		t.Errorf("creates = %v", got)
	}
}

// Import by both id forms gives an empty plan.
func TestCLITemplateImport(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, baseContent...)
	// A template whose name contains this one's: Meta's filter matches it.
	if _, err := env.Emu.AddTemplate(acctest.WABA, map[string]any{"name": "order_update_v2", "language": "en_US", "category": "UTILITY",
		"components": []any{map[string]any{"type": "BODY", "text": "Other."}}}); err != nil {
		t.Fatal(err)
	}
	for _, importID := range []string{acctest.WABA + "/" + id, acctest.WABA + "/order_update/en_US"} {
		c.MustRun("state", "rm", addr)
		c.MustRun("import", addr, importID)
		if got := c.StateOf(addr).AttributeValues["id"]; got != id {
			t.Errorf("import %s: id %v, want %s", importID, got, id)
		}
		templateWorld(t, env, c.StateOf(addr))
		c.ExpectNoChanges()
	}
	c.MustRun("state", "rm", addr)
	for _, bad := range []string{id, acctest.WABA + "/order_update/en", acctest.WABA + "/order/en_US"} {
		if out, err := c.Run("import", addr, bad); err == nil {
			t.Errorf("import %s passed:\n%s", bad, out)
		}
	}
}

// Every limit a configuration alone breaks is refused at validate, on its
// attribute, with no API call.
func TestCLITemplateValidate(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	cfg := func(lines ...string) string {
		return env.Config(strings.Replace(templateConfig(lines...), `name     = "order_update"`, `name     = "order_update"`, 1))
	}
	for _, tc := range []struct {
		name, attr, want string
		lines            []string
	}{
		{"sequential", "body", "where {{1}} was expected", withBody(`body = { text = "Hi {{2}} there", examples = ["x"] }`)},
		{"examples count", "body", "body.examples has 1 example(s)", withBody(`body = { text = "Hi {{1}}, order {{2}} shipped.", examples = ["x"] }`)},
		{"body length", "body", "1024", withBody(`body = { text = "` + strings.Repeat("a", 1025) + `" }`)},
		{"footer length", "footer", "60", append(withBody(`body = { text = "Hi" }`)[:1], `body = { text = "Hi" }`, `footer = { text = "`+strings.Repeat("f", 61)+`" }`)},
		{"too many url", "buttons", "at most 2 URL", []string{`body = { text = "Hi" }`, `buttons = [
    { type = "URL", text = "a", url = "https://a.example" },
    { type = "URL", text = "b", url = "https://b.example" },
    { type = "URL", text = "c", url = "https://c.example" },
  ]`}},
		{"ttl", "message_send_ttl_seconds", "43200", []string{`body = { text = "Hi" }`, `message_send_ttl_seconds = 10`}},
	} {
		c.ValidateRejects(tc.name, cfg(tc.lines...), tc.attr, tc.want, "")
	}
	name := strings.Replace(templateConfig(`body = { text = "Hi" }`), `"order_update"`, `"Order-Update"`, 1)
	c.ValidateRejects("name", env.Config(name), "name", "lower-case letters", "")
	if ops := env.Emu.Operations(""); len(ops) != 0 {
		t.Errorf("validate called the API: %v", ops)
	}
}

var _ = json.Marshal

// appliedTemplate applies the usual template with the given content in a
// new emulator and returns the emulator, the CLI and the template's id.
func appliedTemplate(t *testing.T, content ...string) (*acctest.Env, *acctest.CLI, string) {
	t.Helper()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(templateConfig(content...))
	c.MustRun("apply", "-auto-approve")
	return env, c, fmt.Sprint(c.StateOf(addr).AttributeValues["id"])
}
