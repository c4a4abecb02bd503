package templates_test

import (
	"fmt"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// A create that finds a template of the same name, language and content
// adopts it, with a warning and no POST; the plan after is empty.
func TestCLITemplateAdoptsIdenticalContent(t *testing.T) {
	t.Parallel()
	t.Run("made elsewhere", func(t *testing.T) {
		t.Parallel()
		env := acctest.NewEnv(t)
		// Written as another tool would: lower-case types, Meta's request shapes.
		tv, err := env.Emu.AddTemplate(acctest.WABA, map[string]any{"name": "order_update", "language": "en_US", "category": "utility",
			"message_send_ttl_seconds": 3600.0, "components": []any{
				map[string]any{"type": "body", "text": "Hello {{1}}, your order has shipped.", "example": map[string]any{"body_text": []any{[]any{"Ana"}}}},
				map[string]any{"type": "footer", "text": "Acme Shop"},
				map[string]any{"type": "buttons", "buttons": []any{map[string]any{"type": "quick_reply", "text": "Stop updates"}}},
			}})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Emu.ReviewTemplate(tv.ID, "APPROVED", ""); err != nil {
			t.Fatal(err)
		}
		c := env.CLI(t)
		c.Write(templateConfig(`body = { text = "Hello {{1}}, your order has shipped.", examples = ["Ana"] }`, `footer = { text = "Acme Shop" }`,
			`buttons = [{ type = "QUICK_REPLY", text = "Stop updates" }]`, `message_send_ttl_seconds = 3600`))
		out := c.MustRun("apply", "-auto-approve")
		acctest.AssertContains(t, out, "Adopted the existing message template order_update (en_US) (template "+tv.ID+"): nothing was sent")
		if got := env.Emu.Operations("", emulator.OpCreateTemplate, emulator.OpEditTemplate); len(got) != 0 {
			t.Errorf("writes = %v", got)
		}
		s := c.StateOf(addr).AttributeValues
		if s["id"] != tv.ID || s["status"] != "APPROVED" {
			t.Errorf("state after adoption: %v", s)
		}
		templateWorld(t, env, c.StateOf(addr))
		c.ExpectNoChanges()
	})
	// What this provider created, forgotten by state (state rm, a lost
	// state file): adopted again, in both read-back shapes of an
	// authentication template.
	for _, shape := range []string{emulator.AuthReadBackText, emulator.AuthReadBackSettings} {
		t.Run("forgotten "+shape, func(t *testing.T) {
			t.Parallel()
			env := acctest.NewEnv(t)
			if err := env.Emu.SetAuthenticationReadBack(shape); err != nil {
				t.Fatal(err)
			}
			c := env.CLI(t)
			c.Write(templateConfig(baseContent...) + authConfig())
			c.MustRun("apply", "-auto-approve")
			ids := map[string]any{}
			for _, a := range []string{addr, otpAddr, copyAddr} {
				ids[a] = c.StateOf(a).AttributeValues["id"]
				c.MustRun("state", "rm", a)
			}
			env.Emu.ResetRequests()
			out := c.MustRun("apply", "-auto-approve")
			acctest.AssertContains(t, out, "Adopted the existing message template order_update (en_US)", "Adopted the existing message template login_code (en_US)",
				"Adopted the existing message template login_code (pt_BR)")
			if got := env.Emu.Operations("", emulator.OpCreateTemplate, emulator.OpEditTemplate); len(got) != 0 {
				t.Errorf("writes = %v", got)
			}
			for a, id := range ids {
				if got := c.StateOf(a).AttributeValues["id"]; got != id {
					t.Errorf("%s adopted %v, want %v", a, got, id)
				}
			}
			if got := len(env.Emu.Templates(acctest.WABA)); got != 3 {
				t.Errorf("templates = %d, want 3", got)
			}
			c.ExpectNoChanges()
		})
	}
}

// A template of the same name and language whose content differs is
// refused, saying what differs; nothing is created.
func TestCLITemplateExistingContentDiffersRefused(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	tv, err := env.Emu.AddTemplate(acctest.WABA, map[string]any{"name": "order_update", "language": "en_US", "category": "MARKETING",
		"components": []any{map[string]any{"type": "BODY", "text": "Hello, your order has shipped."}}})
	if err != nil {
		t.Fatal(err)
	}
	c := env.CLI(t)
	for _, tc := range []struct {
		lines []string
		want  []string
	}{
		{[]string{`body = { text = "Hello, your order has shipped." }`, `footer = { text = "Acme" }`}, []string{"category: MARKETING there, UTILITY here", "footer: none there"}},
		{[]string{`body = { text = "Hello, your order is on its way." }`}, []string{"body: "}},
		{[]string{`header = { format = "IMAGE", example = "4::aGFuZGxl:ARb" }`, `body = { text = "Hello, your order has shipped." }`}, []string{"a media header's sample cannot be compared"}},
		{[]string{`body = { text = "Hello, your order has shipped." }`, `message_send_ttl_seconds = 600`}, []string{"message_send_ttl_seconds: Meta's default there, 600 here"}},
	} {
		c.Write(templateConfig(tc.lines...))
		out, err := c.Run("apply", "-auto-approve")
		if err == nil {
			t.Fatalf("apply passed:\n%s", out)
		}
		acctest.AssertContains(t, out, "already exists", "its content differs")
		acctest.AssertContains(t, acctest.WithoutSourceSnippets(out), tc.want...)
		acctest.AssertContains(t, out, fmt.Sprintf("%s/%s", acctest.WABA, tv.ID))
	}
	if got := env.Emu.Operations("", emulator.OpCreateTemplate); len(got) != 0 {
		t.Errorf("creates = %v", got)
	}
	if c.StateOf(addr) != nil {
		t.Error("a refused create is in state")
	}
}
