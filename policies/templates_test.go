package policies_test

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const (
	addrOrder = "whatsapp_message_template.order"
	addrPromo = "whatsapp_message_template.promo"
)

// msgTpl is the head of a message about a template of the demo account in
// en_US.
func msgTpl(rule, address, name string) string {
	return fmt.Sprintf("[whatsapp.%s] %s (template %s (en_US) of WABA %s)", rule, address, name, waba)
}

// templateBudget is data.whatsapp.template_budget for one plan.
type templateBudget struct {
	Edits     int      `json:"edits"`
	Deletes   int      `json:"deletes"`
	Creates   int      `json:"creates"`
	Imports   int      `json:"imports"`
	Addresses []string `json:"addresses"`
	Holders   []string `json:"holders"`
}

func (k *kit) templateBudget(planJSON string) map[string]templateBudget {
	k.t.Helper()
	args := append(k.opaArgs(nil), "--format", "raw", "-i", planJSON, "data.whatsapp.template_budget")
	out, err := exec.Command(k.opa, args...).Output()
	if err != nil {
		k.t.Fatalf("opa %s: %v", strings.Join(args, " "), err)
	}
	var b map[string]templateBudget
	if err := json.Unmarshal(out, &b); err != nil {
		k.t.Fatalf("template_budget: %v\n%s", err, out)
	}
	return b
}

func (k *kit) checkTemplateBudget(what, planJSON string, want map[string]templateBudget) {
	k.t.Helper()
	got := k.templateBudget(planJSON)
	if len(got) != len(want) {
		k.t.Errorf("%s: template_budget got %+v, want %+v", what, got, want)
	}
	for key, w := range want {
		if g, ok := got[key]; !ok || g.Edits != w.Edits || g.Deletes != w.Deletes || g.Creates != w.Creates || g.Imports != w.Imports ||
			!slices.Equal(g.Addresses, w.Addresses) || !slices.Equal(g.Holders, w.Holders) {
			k.t.Errorf("%s: template_budget[%s] got %+v, want %+v", what, key, g, w)
		}
	}
}

// templateID is the emulator's id of the template name (en_US) of the demo
// account.
func (k *kit) templateID(name string) string {
	k.t.Helper()
	for _, v := range k.emu.Templates(waba) {
		if v.Name == name && v.Language == "en_US" {
			return v.ID
		}
	}
	k.t.Fatalf("the emulator has no template %s", name)
	return ""
}

// TestTemplates: on real plans of whatsapp_message_template, an edit of an
// APPROVED template is warned with its budget and an edit of a REJECTED one
// is not; a delete is denied unless approved, whatever the status; a plan
// that deletes a template and creates the same name and language again
// (here through a second provider configuration, which the provider's own
// plan cannot see) is denied outright.
func TestTemplates(t *testing.T) {
	k := newKit(t)
	keyOrder, keyPromo := waba+"/order_update/en_US", waba+"/spring_sale/en_US"
	config := func(orderText, promoText, orderAddress, orderProvider string) string {
		return fmt.Sprintf(`%s
resource "whatsapp_message_template" %q {
%s  whatsapp_business_account_id = %q
  name                         = "order_update"
  language                     = "en_US"
  category                     = "UTILITY"
  body = {
    text     = %q
    examples = ["Ana"]
  }
}

resource "whatsapp_message_template" "promo" {
  whatsapp_business_account_id = %q
  name                         = "spring_sale"
  language                     = "en_US"
  category                     = "MARKETING"
  body = {
    text = %q
  }
}
`, k.aliasedProvider("other"), orderAddress, orderProvider, waba, orderText, waba, promoText)
	}
	k.write(config("Hello {{1}}, your order has shipped.", "Spring sale: 20% off everything.", "order", ""))
	create := k.plan("create")
	k.check("create", create, nil, want{})
	k.checkTemplateBudget("create", create, map[string]templateBudget{
		keyOrder: {Creates: 1, Addresses: []string{addrOrder}, Holders: []string{addrOrder}},
		keyPromo: {Creates: 1, Addresses: []string{addrPromo}, Holders: []string{addrPromo}},
	})
	k.apply()

	// Meta approves the order update and rejects the promotion.
	if err := k.emu.ReviewTemplate(k.templateID("order_update"), emulator.TemplateApproved, ""); err != nil {
		t.Fatal(err)
	}
	if err := k.emu.ReviewTemplate(k.templateID("spring_sale"), emulator.TemplateRejected, "PROMOTIONAL"); err != nil {
		t.Fatal(err)
	}
	k.write(config("Hi {{1}}, your order is on its way.", "Spring sale: 20% off shoes.", "order", ""))
	edit := k.plan("edit")
	k.check("edits", edit, nil, want{
		warn: []string{msgTpl("template_edit", addrOrder, "order_update")},
		phrases: []string{
			"this plan edits the APPROVED template (body)",
			"Meta allows one per 24 hours and ten per 30 days",
		},
	})
	k.checkTemplateBudget("edits", edit, map[string]templateBudget{
		keyOrder: {Edits: 1, Addresses: []string{addrOrder}, Holders: []string{addrOrder}},
		keyPromo: {Edits: 0, Addresses: []string{addrPromo}, Holders: []string{addrPromo}},
	})

	destroy := k.plan("destroy", "-destroy")
	got := k.check("destroy", destroy, nil, want{
		deny: []string{
			msgTpl("template_delete_not_approved", addrOrder, "order_update"),
			msgTpl("template_delete_not_approved", addrPromo, "spring_sale"),
		},
		phrases: []string{
			"this plan deletes the APPROVED template (",
			"Meta blocks its name in this language for about 30 days",
			"this plan deletes the template, whose status is REJECTED (",
		},
	})
	k.checkTemplateBudget("destroy", destroy, map[string]templateBudget{
		keyOrder: {Deletes: 1, Addresses: []string{addrOrder}, Holders: []string{}},
		keyPromo: {Deletes: 1, Addresses: []string{addrPromo}, Holders: []string{}},
	})
	if code := k.gate(destroy); code == 0 {
		t.Error("the gate passes a plan that deletes an APPROVED template without approval")
	}
	approval := merge(k.suggestion(got, addrOrder), k.suggestion(got, addrPromo))
	k.check("destroy, approved", destroy, []string{approval.String()}, want{
		warn: []string{
			msgTpl("template_delete_approved", addrOrder, "order_update"),
			msgTpl("template_delete_approved", addrPromo, "spring_sale"),
		},
	})
	if code := k.gate(destroy, approval.String()); code != 0 {
		t.Errorf("the gate refuses the approved destroy (exit %d)", code)
	}

	// The order update moves to another address and provider configuration
	// with the same name and language: a delete and a create of one template.
	k.write(config("Hello {{1}}, your order has shipped.", "Spring sale: 20% off everything.", "order_v2", "  provider = whatsapp.other\n"))
	moved := k.plan("moved")
	got = k.check("moved without a moved block", moved, nil, want{
		deny: []string{
			msgTpl("template_delete_not_approved", addrOrder, "order_update"),
			fmt.Sprintf("[whatsapp.template_name_reused] whatsapp_message_template.order, whatsapp_message_template.order_v2 (template %s)", keyOrder),
		},
		phrases: []string{"the create fails", "use a moved block"},
	})
	// Approving the delete does not make the plan work.
	k.check("moved, the delete approved", moved, []string{k.suggestion(got, addrOrder).String()}, want{
		deny: []string{fmt.Sprintf("[whatsapp.template_name_reused] whatsapp_message_template.order, whatsapp_message_template.order_v2 (template %s)", keyOrder)},
		warn: []string{msgTpl("template_delete_approved", addrOrder, "order_update")},
	})
	k.checkTemplateBudget("moved", moved, map[string]templateBudget{
		keyOrder: {Deletes: 1, Creates: 1, Addresses: []string{addrOrder, "whatsapp_message_template.order_v2"}, Holders: []string{"whatsapp_message_template.order_v2"}},
		keyPromo: {Addresses: []string{}, Holders: []string{addrPromo}},
	})

	// Another configuration imports the order update while this one still
	// manages it: two holders. With the old block gone as well, a delete
	// and an import of one template.
	importBlock := `
import {
  provider = whatsapp.other
  to       = whatsapp_message_template.order_v2
  id       = "` + waba + `/order_update/en_US"
}
`
	imported := func(keepOld bool) string {
		if !keepOld {
			return config("Hello {{1}}, your order has shipped.", "Spring sale: 20% off everything.", "order_v2", "  provider = whatsapp.other\n") + importBlock
		}
		return config("Hello {{1}}, your order has shipped.", "Spring sale: 20% off everything.", "order", "") + importBlock + `
resource "whatsapp_message_template" "order_v2" {
  provider                     = whatsapp.other
  whatsapp_business_account_id = "` + waba + `"
  name                         = "order_update"
  language                     = "en_US"
  category                     = "UTILITY"
  body = {
    text     = "Hello {{1}}, your order has shipped."
    examples = ["Ana"]
  }
}
`
	}
	k.write(imported(true))
	k.check("imported by a second configuration", k.plan("imported"), nil, want{
		deny: []string{fmt.Sprintf("[whatsapp.template_held_twice] whatsapp_message_template.order, whatsapp_message_template.order_v2 (template %s)", keyOrder)},
	})
	k.write(imported(false))
	k.check("imported by a second configuration, the old block gone", k.plan("moved-by-import"), nil, want{
		deny: []string{
			msgTpl("template_delete_not_approved", addrOrder, "order_update"),
			fmt.Sprintf("[whatsapp.template_name_reused] whatsapp_message_template.order, whatsapp_message_template.order_v2 (template %s)", keyOrder),
		},
		phrases: []string{"while whatsapp_message_template.order_v2 holds it after the plan"},
	})
}
