package policies_test

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// checkApprovalRefusals: on a plan that replaces addrMain (a region
// change), every approval that does not approve exactly that change is
// refused, and the deny message says why. good is the approval that the
// kit suggested for it.
func (k *kit) checkApprovalRefusals(plan string, good approvalDoc, spent map[string]budget) {
	k.t.Helper()
	refusedAlso := func(what, doc string, warns []string, phrases ...string) {
		k.t.Helper()
		k.check(what, plan, []string{doc}, want{
			deny:    []string{msg("deregister_not_approved", addrMain, numberA)},
			warn:    append(warns, msg("region_change", addrMain, numberA)),
			budget:  spent,
			phrases: phrases,
		})
	}
	refused := func(what, doc string, phrases ...string) {
		k.t.Helper()
		refusedAlso(what, doc, nil, phrases...)
	}
	withDoc := func(edit func(d *approvalDoc)) string {
		d := good
		edit(&d)
		return d.String()
	}
	day := 24 * time.Hour

	// The fields of the kit before approvals were bound to a change widened
	// what they approved: they are refused, saying so.
	refused("the old approval fields", `{"whatsapp_approval": {"ticket": "CHG-1234", "expires": "2099-12-31T23:59:59Z", "addresses": ["*"], "phone_number_ids": ["`+numberA+`"]}}`,
		"addresses and phone_number_ids: this kit no longer reads them")
	refusedAlso("a wildcard address", good.edited(map[string]any{"address": "*"}).String(), []string{"[whatsapp.approval_unused] *"},
		`an entry's address "*" is refused`, "no entry of CHG-1234's changes names "+addrMain)
	refused("a wildcard digest", good.edited(map[string]any{"digest": "sha256:*"}).String(),
		`the entry's digest is a wildcard ("sha256:*"), which is refused`)
	refused("another number", good.edited(map[string]any{"phone_number_id": numberB}).String(),
		`phone_number_id: approved "`+numberB+`", this change acts on "`+numberA+`"`)
	refused("no digest", good.edited(map[string]any{"digest": nil}).String(), "the entry has no digest")
	refused("a field the kit does not read", good.edited(map[string]any{"note": "also the other one"}).String(),
		"the entry has note, which this kit does not read")
	refusedAlso("another address", good.edited(map[string]any{"address": addrSupport}).String(), []string{"[whatsapp.approval_unused] " + addrSupport},
		"no entry of CHG-1234's changes names "+addrMain)

	// The expiry is required, an RFC 3339 time with a zone, and compared
	// with the time the plan was made.
	refused("expired", withDoc(func(d *approvalDoc) { d.Approval.Expires = time.Now().Add(-day).UTC().Format(time.RFC3339) }),
		"the approval does not count: the approval expired at")
	refused("a date-only expiry", withDoc(func(d *approvalDoc) { d.Approval.Expires = "2099-12-31" }),
		`expires "2099-12-31" is not an RFC 3339 time with a zone`)
	refused("no expiry", withDoc(func(d *approvalDoc) { d.Approval.Expires = "" }),
		"the approval has no expires: it is required")
	refused("a blank ticket", withDoc(func(d *approvalDoc) { d.Approval.Ticket = " " }),
		"the approval has no ticket")
	k.check("not yet expired", plan, []string{withDoc(func(d *approvalDoc) { d.Approval.Expires = time.Now().Add(day).UTC().Format(time.RFC3339) })}, want{
		warn:   []string{msg("deregister_approved", addrMain, numberA), msg("region_change", addrMain, numberA)},
		budget: spent,
	})

	// The repository's example is well formed: only its digest, which is
	// another change's, keeps it from approving this one.
	example, err := os.ReadFile(filepath.Join("examples", "approval.json"))
	if err != nil {
		k.t.Fatal(err)
	}
	got := k.eval(plan, string(example))
	refused("examples/approval.json", string(example), "the entry for "+addrMain+" does not count: digest: approved")
	for _, m := range got.Deny {
		for _, wrong := range []string{"actions:", "phone_number_id:", "the approval does not count"} {
			if strings.Contains(m, wrong) {
				k.t.Errorf("examples/approval.json is refused for more than its digest (%q):\n%s", wrong, m)
			}
		}
	}
}
