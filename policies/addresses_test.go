package policies_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
)

// TestHostileAddresses: for_each keys with spaces, accents, quotes and
// backslashes, in the root module and in a module instance: every deny
// message suggests an approval that parses as JSON and names the address
// exactly as the plan writes it, and the suggestions, put together,
// approve the plan.
func TestHostileAddresses(t *testing.T) {
	k := newKit(t)
	k.writeFile("wa/main.tf", k.requiredProviders()+`
variable "number" {
  type = string
}

resource "whatsapp_phone_registration" "this" {
  phone_number_id = var.number
  pin             = "`+pinOld+`"
}
`)
	k.write(fmt.Sprintf(`
resource "whatsapp_phone_registration" "main" {
  for_each = {
    "a b"    = %q
    "café"   = %q
    "q\"x"   = %q
    "b\\s"   = %q
  }
  phone_number_id = each.value
  pin             = %q
}

module "outer" {
  source   = "./wa"
  for_each = { "k 1" = %q }
  number   = each.value
}
`, numberA, numberB, extraNumbers[0], extraNumbers[1], pinOld, extraNumbers[2]))
	k.terraform("get")
	k.apply()
	destroy := k.plan("destroy", "-destroy")

	numbers := map[string]string{
		`whatsapp_phone_registration.main["a b"]`:              numberA,
		`whatsapp_phone_registration.main["café"]`:             numberB,
		`whatsapp_phone_registration.main["q\"x"]`:             extraNumbers[0],
		`whatsapp_phone_registration.main["b\\s"]`:             extraNumbers[1],
		`module.outer["k 1"].whatsapp_phone_registration.this`: extraNumbers[2],
	}
	// The addresses as the plan writes them.
	raw, err := os.ReadFile(destroy)
	if err != nil {
		t.Fatal(err)
	}
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(raw, &plan); err != nil {
		t.Fatal(err)
	}
	var planned, wanted []string
	for _, rc := range plan.ResourceChanges {
		planned = append(planned, rc.Address)
	}
	for a := range numbers {
		wanted = append(wanted, a)
	}
	slices.Sort(planned)
	slices.Sort(wanted)
	if !slices.Equal(planned, wanted) {
		t.Fatalf("the plan's addresses are %q, want %q", planned, wanted)
	}

	denied, approved := want{budget: map[string]budget{}}, want{budget: map[string]budget{}}
	for a, n := range numbers {
		denied.deny = append(denied.deny, msg("deregister_not_approved", a, n))
		approved.warn = append(approved.warn, msg("deregister_approved", a, n))
		denied.budget[n] = spend(0, 1, a)
		approved.budget[n] = spend(0, 1, a)
	}
	got := k.check("destroy", destroy, nil, denied)
	var docs []approvalDoc
	for _, a := range wanted {
		doc := k.suggestion(got, a)
		if doc.Approval.Changes[0]["phone_number_id"] != numbers[a] {
			t.Errorf("the approval suggested for %s names %v", a, doc.Approval.Changes[0])
		}
		docs = append(docs, doc)
	}
	k.check("destroy, approved by the suggestions", destroy, []string{merge(docs...).String()}, approved)
}
