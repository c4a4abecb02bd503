package templates_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Found by a hostile review: answers and flows that must never spend,
// strand or remove a template the plan did not announce.

const shippedBody = `body = { text = "Hello, your order has shipped." }`

// oneTemplateList is a list page holding one template of the given id,
// language and status, with shippedBody's content.
func oneTemplateList(id, language, status string) string {
	return fmt.Sprintf(`{"data":[{"id":%q,"name":"order_update","language":%q,"category":"UTILITY","status":%q,`+
		`"parameter_format":"POSITIONAL","rejected_reason":"NONE","components":[{"type":"BODY","text":"Hello, your order has shipped."}]}]}`, id, language, status)
}

func listAnswers(env *acctest.Env, body string) {
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpListTemplates, Status: 200, ContentType: "application/json", RawBody: body})
}

// An answer that gives the template's id another language (or name) is not
// understood: the plan fails with state kept, and never plans the
// replacement whose delete would take the real template.
func TestCLITemplateAnswerWithAnotherLanguageIsNotUnderstood(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, shippedBody)
	approve(t, env, id)
	listAnswers(env, oneTemplateList(id, "pt_BR", "APPROVED"))
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetTemplate, Status: 200, ContentType: "application/json",
		RawBody: fmt.Sprintf(`{"id":%q,"name":"order_update","language":"pt_BR","category":"UTILITY","status":"APPROVED","parameter_format":"POSITIONAL","rejected_reason":"NONE","components":[{"type":"BODY","text":"Hello, your order has shipped."}]}`, id)})
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("the plan accepted the answer:\n%s", out)
	}
	acctest.AssertContains(t, out, "Meta's answer for message template order_update (en_US) names another template", "nothing was changed")
	if s := c.StateOf(addr).AttributeValues; s["language"] != "en_US" || s["id"] != id {
		t.Errorf("state changed: %v", s)
	}
	c.ExpectNoChanges()
}

// A refresh that reads the template as DELETED or PENDING_DELETION removes
// it from state, with a warning; a create that finds the name held by such
// a template refuses, creating and adopting nothing.
func TestCLITemplateDeletedStatus(t *testing.T) {
	t.Parallel()
	for _, status := range []string{"DELETED", "PENDING_DELETION"} {
		t.Run(status, func(t *testing.T) {
			t.Parallel()
			env := acctest.NewEnv(t)
			c := env.CLI(t)
			c.Write(templateConfig(shippedBody))
			c.MustRun("apply", "-auto-approve")
			id := fmt.Sprint(c.StateOf(addr).AttributeValues["id"])
			listAnswers(env, oneTemplateList(id, "en_US", status))
			out := c.MustRun("apply", "-refresh-only", "-auto-approve")
			acctest.AssertContains(t, out, "was deleted outside Terraform: removed from state", "as "+status)
			if c.StateOf(addr) != nil {
				t.Fatal("the deleted template is still in state")
			}
			// The create that follows finds the name held by it. A template
			// being deleted refuses it before anything is sent; a DELETED one
			// (really gone: Meta may still list it) leaves it to Meta, which
			// blocks the name only after an APPROVED template.
			env.Emu.DeleteTemplateOutOfBand(id)
			listAnswers(env, oneTemplateList("990001", "en_US", status))
			creates := len(env.OpsOf(emulator.OpCreateTemplate))
			out, err := c.Run("apply", "-auto-approve")
			if status == "PENDING_DELETION" {
				if err == nil {
					t.Fatalf("the create adopted or created over a %s template:\n%s", status, out)
				}
				acctest.AssertContains(t, out, "belongs to a deleted template", "Nothing was created or adopted")
				if n := len(env.OpsOf(emulator.OpCreateTemplate)) - creates; n != 0 || c.StateOf(addr) != nil {
					t.Errorf("creates %d, state %v", n, c.StateOf(addr))
				}
				return
			}
			if err != nil {
				t.Fatalf("the create of a name a DELETED (never approved) template had failed:\n%s", out)
			}
			if s := c.StateOf(addr); s == nil || s.AttributeValues["id"] == "990001" || s.AttributeValues["id"] == id {
				t.Errorf("state after the create: %v", s)
			}
			c.AssertInSync()
		})
	}
}

// A create whose answer was lost, settled on a template of the same name
// and language that another tool made with other content, is refused: the
// foreign template is not recorded as this configuration's.
func TestCLITemplateLostCreateFindsForeignContent(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	// The read before the create sees none; another tool then creates the
	// name with other content, and the create's answer is lost.
	listAnswers(env, `{"data":[]}`)
	foreign, err := env.Emu.AddTemplate(acctest.WABA, map[string]any{"name": "order_update", "language": "en_US", "category": "MARKETING",
		"components": []any{map[string]any{"type": "BODY", "text": "BUY NOW, everything must go."}}})
	if err != nil {
		t.Fatal(err)
	}
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpCreateTemplate, DropConnection: true})
	c := env.CLI(t)
	c.Write(templateConfig(shippedBody))
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the lost create was settled on the foreign template:\n%s", out)
	}
	acctest.AssertContains(t, out, "already exists", "its content differs from this configuration's")
	if s := c.StateOf(addr); s != nil {
		t.Errorf("state holds %v (the foreign template is %s)", s.AttributeValues["id"], foreign.ID)
	}
	if tv, _ := env.Emu.Template(foreign.ID); tv.Category != "MARKETING" || len(env.OpsOf(emulator.OpEditTemplate, emulator.OpDeleteTemplate)) != 0 {
		t.Errorf("the foreign template was changed: %+v", tv.Template)
	}
}

// A tainted template (REJECTED while the create waited for review) with
// create_before_destroy: the create that runs first adopts the very same
// template, and the delete of the replaced object then forgets it instead
// of deleting what the new object holds. One object in state, the
// template kept, no write.
func TestCLITemplateTaintedCreateBeforeDestroyKeepsTheTemplate(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	if err := env.Emu.ReviewTemplateOnRead(acctest.WABA, "order_update", "en_US", 2, "REJECTED", "INVALID_FORMAT"); err != nil {
		t.Fatal(err)
	}
	c := env.CLI(t)
	c.Write(templateConfig(shippedBody, "lifecycle {\n    create_before_destroy = true\n  }"))
	c.MustRun("apply", "-auto-approve")
	id := fmt.Sprint(c.StateOf(addr).AttributeValues["id"])
	c.MustRun("taint", addr)
	writes := len(templateWrites(env))
	out := c.MustRun("apply", "-auto-approve")
	acctest.AssertContains(t, out, "was kept: its replacement holds it")
	if w := templateWrites(env)[writes:]; len(w) != 0 {
		t.Errorf("the replacement wrote %v", w)
	}
	if _, ok := env.Emu.Template(id); !ok {
		t.Fatal("the template was deleted")
	}
	if got := c.MustRun("state", "list"); got != addr+"\n" {
		t.Errorf("state lists %q", got)
	}
	if s := c.StateOf(addr).AttributeValues["id"]; s != id {
		t.Errorf("state holds %v, want %s", s, id)
	}
	c.AssertInSync()
	c.ExpectNoChanges()
}

// An edit whose answer was lost and that never reached Meta is settled by
// reading: it is not remembered as spent (only as possible, which the next
// plan names), the error says to apply again, and the next apply edits at
// once.
func TestCLITemplateLostEditNotMade(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, baseContent...)
	approve(t, env, id)
	c.MustRun("apply", "-refresh-only", "-auto-approve")
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpEditTemplate, DropConnection: true})
	c.Write(templateConfig(withBody(editedBody)...))
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the lost edit passed:\n%s", out)
	}
	acctest.AssertContains(t, out, "the call did not take effect", "Run terraform apply again")
	if tv, _ := env.Emu.Template(id); tv.EditsUsed30d != 0 {
		t.Fatalf("the emulator counted %d edits", tv.EditsUsed30d)
	}
	// The retry is planned, not refused, and says the lost edit may have
	// been made after all (one read is not proof against a lagging read).
	acctest.AssertContains(t, c.MustRunJSON("plan").Text(), "whose answer was lost, may also have reached Meta")
	c.MustRun("apply", "-auto-approve")
	if tv, _ := env.Emu.Template(id); tv.EditsUsed30d != 1 {
		t.Errorf("the retry made %d edits, want 1", tv.EditsUsed30d)
	}
	c.AssertInSync()
}

// A removed block of a template applied while PENDING and approved since:
// Terraform 1.11 plans its destroy from the state as last stored, so the
// plan reads the template (from the refresh's list) and warns that the
// delete blocks the name; found by a hostile review.
func TestCLITemplateRemovedBlockOfANowApprovedTemplateWarns(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	c.Write(templateConfig(baseContent...))
	c.MustRun("apply", "-auto-approve")
	approve(t, env, fmt.Sprint(c.StateOf(addr).AttributeValues["id"]))
	c.Write("")
	env.Emu.ResetRequests()
	plan := c.MustRunJSON("plan")
	if plan.Planned[addr] != "delete" {
		t.Fatalf("planned %v", plan.Planned)
	}
	acctest.AssertContains(t, plan.Text(), "blocks its name in en_US for about 30 days")
	if gets := env.OpsOf(emulator.OpGetTemplate); len(gets) != 0 {
		t.Errorf("the plan read the template by id %d times: the refresh's list answers", len(gets))
	}
}

// One template of the account that Meta lists in a shape the provider does
// not know (a component type of another tool) does not defeat the bulk
// refresh: the managed templates are answered from the list, none read by
// id, and the odd one changes nothing (found by a hostile review).
func TestCLITemplateOddForeignTemplateLeavesTheBulkRefresh(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t, func(o *emulator.Options) { o.MaxPageSize = 100 })
	c := env.CLI(t)
	c.Write(`
resource "whatsapp_message_template" "t" {
  for_each                     = toset(["one", "two", "three"])
  whatsapp_business_account_id = "` + acctest.WABA + `"
  name                         = each.key
  language                     = "en_US"
  category                     = "UTILITY"
  body                         = { text = "Your order has shipped." }
}
`)
	c.MustRun("apply", "-auto-approve")
	// The account's list as Meta answers it, and a foreign item in it.
	req, _ := http.NewRequest(http.MethodGet, env.Srv.URL+"/v26.0/"+acctest.WABA+"/message_templates?limit=100&fields="+
		"id,name,language,category,previous_category,status,rejected_reason,parameter_format,quality_score,components,message_send_ttl_seconds", nil)
	req.Header.Set("Authorization", "Bearer "+acctest.Token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var page map[string]any
	if err := json.NewDecoder(res.Body).Decode(&page); err != nil || res.StatusCode != 200 {
		t.Fatalf("list: %v %v", res.Status, err)
	}
	data, _ := page["data"].([]any)
	if len(data) != 3 {
		t.Fatalf("the list has %d templates", len(data))
	}
	page["data"] = append(data, map[string]any{"id": "990002", "name": "call_me", "language": "en_US", "category": "MARKETING", "status": "APPROVED",
		"parameter_format": "POSITIONAL", "rejected_reason": "NONE", "components": []any{map[string]any{"type": "BODY", "text": "Hi"}, map[string]any{"type": "CALL_PERMISSION_REQUEST"}}})
	raw, _ := json.Marshal(page)
	listAnswers(env, string(raw))
	env.Emu.ResetRequests()
	c.ExpectNoChanges()
	if gets := env.OpsOf(emulator.OpGetTemplate); len(gets) != 0 {
		t.Errorf("the refresh read %d templates by id", len(gets))
	}
	c.AssertInSync()
}

// A template that holds what the resource cannot express (a CAROUSEL
// component, a FLOW button) is never imported or edited: an edit replaces
// the components whole and would delete them without a diff (found by a
// hostile review).
func TestCLITemplateWithUnmanagedPartsIsNeverEdited(t *testing.T) {
	t.Parallel()
	env, c, id := appliedTemplate(t, shippedBody)
	approve(t, env, id)
	carousel := fmt.Sprintf(`{"id":%q,"name":"order_update","language":"en_US","category":"UTILITY","status":"APPROVED","parameter_format":"POSITIONAL","rejected_reason":"NONE",`+
		`"components":[{"type":"BODY","text":"Hello, your order has shipped."},{"type":"CAROUSEL"}]}`, id)
	// The edit's read first finds the carousel: nothing is sent.
	c.Write(templateConfig(`body = { text = "Hello, your order is on its way." }`))
	c.MustRun("apply", "-refresh-only", "-auto-approve")
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetTemplate, Status: 200, ContentType: "application/json", RawBody: carousel})
	out, err := c.Run("apply", "-auto-approve", "-refresh=false")
	if err == nil {
		t.Fatalf("the edit of a template with a carousel applied:\n%s", out)
	}
	acctest.AssertContains(t, out, "holds what this resource cannot manage", "a CAROUSEL component", "Nothing was sent")
	if got := env.OpsOf(emulator.OpEditTemplate); len(got) != 0 {
		t.Errorf("edits sent: %v", got)
	}
	// Nor is it imported.
	c.MustRun("state", "rm", addr)
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpGetTemplate, Status: 200, ContentType: "application/json",
		RawBody: strings.Replace(carousel, `{"type":"CAROUSEL"}`, `{"type":"BUTTONS","buttons":[{"type":"FLOW","text":"Book"}]}`, 1)})
	out, err = c.Run("import", addr, acctest.WABA+"/"+id)
	if err == nil {
		t.Fatalf("a template with a FLOW button was imported:\n%s", out)
	}
	acctest.AssertContains(t, out, "a FLOW button")
}

// A create whose answer was lost after Meta made it, of a template with a
// media header (read back as a URL) and a category Meta changed at
// creation: the template found is this apply's and is recorded, never left
// in Meta outside state (found by a second hostile review).
func TestCLITemplateLostCreateWithMediaHeaderIsRecorded(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpCreateTemplate, Act: true, DropConnection: true})
	c := env.CLI(t)
	c.Write(templateConfig(mediaContent...))
	out := c.MustRun("apply", "-auto-approve")
	acctest.AssertContains(t, out, "was lost; the template exists")
	if n := len(env.OpsOf(emulator.OpCreateTemplate)); n != 1 {
		t.Errorf("creates = %d, want 1", n)
	}
	if c.StateOf(addr) == nil {
		t.Fatal("the template this apply created is not in state")
	}
	c.AssertInSync()
	c.ExpectNoChanges()
}

// A template REJECTED while its create waited for review, tainted, with
// create_before_destroy: the replacement's create finds the same REJECTED
// template and, with wait_for_review, fails as the first create did,
// recording nothing; Terraform keeps the replaced object, which still holds
// it, so the state stays one object, and untaint then a content fix (a
// free edit) is the way on (found by the second and third hostile reviews).
func TestCLITemplateTaintedRejectedWithWaitIsKept(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	if err := env.Emu.ReviewTemplateOnRead(acctest.WABA, "order_update", "en_US", 1, "REJECTED", "INVALID_FORMAT"); err != nil {
		t.Fatal(err)
	}
	c := env.CLI(t)
	cbd := "lifecycle {\n    create_before_destroy = true\n  }"
	c.Write(templateConfig(shippedBody, "wait_for_review = true", cbd))
	if out, err := c.Run("apply", "-auto-approve"); err == nil {
		t.Fatalf("the rejected create passed:\n%s", out)
	}
	id := fmt.Sprint(c.StateOf(addr).AttributeValues["id"])
	for range 2 { // the same answer each time: never a second object, never a delete
		out, err := c.Run("apply", "-auto-approve")
		if err == nil {
			t.Fatalf("the replacement adopted a REJECTED template under wait_for_review:\n%s", out)
		}
		acctest.AssertContains(t, out, "is REJECTED, not APPROVED", "terraform untaint")
		if got := c.MustRun("state", "list"); got != addr+"\n" {
			t.Errorf("state lists %q", got)
		}
		if s := c.StateOf(addr).AttributeValues; s["id"] != id || s["status"] != "REJECTED" {
			t.Errorf("state holds %v (%v), want %s REJECTED", s["id"], s["status"], id)
		}
		if _, ok := env.Emu.Template(id); !ok || len(templateWrites(env)) != 1 {
			t.Fatalf("writes %v; template kept: %v", templateWrites(env), ok)
		}
	}
	c.MustRun("untaint", addr)
	c.ExpectNoChanges()
	c.Write(templateConfig(`body = { text = "Hello, your order is on its way." }`, "wait_for_review = false", cbd))
	c.MustRun("apply", "-auto-approve")
	if tv, _ := env.Emu.Template(id); tv.EditsUsed30d != 0 || tv.Status != "PENDING" {
		t.Errorf("after the fix: %s, %d budgeted edits", tv.Status, tv.EditsUsed30d)
	}
	c.AssertInSync()
}

// wait_for_review holds for a template a create adopts (one an earlier
// apply created, whose answer was lost): an adopted REJECTED template fails
// the apply and is not recorded; without wait_for_review it is adopted,
// with a warning naming its status (found by a third hostile review).
func TestCLITemplateAdoptedRejectedTemplateFailsTheWait(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	tv, err := env.Emu.AddTemplate(acctest.WABA, map[string]any{"name": "order_update", "language": "en_US", "category": "UTILITY",
		"components": []any{map[string]any{"type": "BODY", "text": "Hello, your order has shipped."}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Emu.ReviewTemplate(tv.ID, "REJECTED", "INVALID_FORMAT"); err != nil {
		t.Fatal(err)
	}
	c := env.CLI(t)
	c.Write(templateConfig(shippedBody, "wait_for_review = true"))
	out, err := c.Run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the apply adopted a REJECTED template under wait_for_review:\n%s", out)
	}
	acctest.AssertContains(t, out, "is REJECTED, not APPROVED", "INVALID_FORMAT", "terraform import")
	acctest.AssertNotContains(t, out, "Adopted the existing")
	if c.StateOf(addr) != nil || len(templateWrites(env)) != 0 {
		t.Errorf("state %v, writes %v", c.StateOf(addr), templateWrites(env))
	}
	c.Write(templateConfig(shippedBody))
	acctest.AssertContains(t, c.MustRun("apply", "-auto-approve"), "Adopted the existing", "Its status is REJECTED")
	if s := c.StateOf(addr); s == nil || s.AttributeValues["id"] != tv.ID {
		t.Errorf("state %v", s)
	}
}
