package templates

import (
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// guardOneAddressPerTemplate, at plan time: each template (WABA, name,
// language) is held by one address of a plan. Two addresses for one
// template (a copied block) would create it twice, or adopt and delete it
// in either order; a delete at one address and a create of the same
// template at another (a renamed block without a moved block, count
// turned into for_each) run in either order, so the create finds the
// template still there or, once an APPROVED template is deleted, its name
// blocked for about 30 days: the template is gone either way. Terraform
// plans the instances of one provider configuration in one process, in
// any order, so each ModifyPlan records its template here and the one
// that comes second refuses. Another provider configuration (an alias)
// plans in another process and is not seen: the policy kit's
// template_name_reused covers it.
// Tests: TestCLITemplateTwoAddressesAreRefused, TestCLITemplateRenamedBlockNeedsAMovedBlock.
type templateClaims struct {
	mu        sync.Mutex
	held      map[templateKey]int // objects that hold the template after the plan (kept or created)
	destroyed map[templateKey]int // objects whose template the plan deletes
	// adoptedIDs are the templates a create of this apply adopted
	// (adoptOrRefuse): the Delete of a replaced object that held the same
	// one (create_before_destroy of a tainted template) forgets it instead
	// of deleting what the new object now holds.
	adoptedIDs map[string]bool
}

type templateClaimsKey struct{}

// claimsOf is the claims of one Configure: a plan and an apply never count
// each other.
func claimsOf(data *framework.ProviderData) *templateClaims {
	return framework.Shared(data.Configured, templateClaimsKey{}, func() *templateClaims {
		return &templateClaims{held: map[templateKey]int{}, destroyed: map[templateKey]int{}, adoptedIDs: map[string]bool{}}
	})
}

// hold records an object that holds k after the plan; its refusal, nil
// when none.
func (c *templateClaims) hold(k templateKey) diag.Diagnostic {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.held[k]++
	switch {
	case c.held[k] > 1:
		return templateHeldTwice(k)
	case c.destroyed[k] > 0:
		return templateDeletedAndCreated(k)
	}
	return nil
}

// destroy records an object whose template k the plan deletes.
func (c *templateClaims) destroy(k templateKey) diag.Diagnostic {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.destroyed[k]++
	if c.held[k] > 0 {
		return templateDeletedAndCreated(k)
	}
	return nil
}

// adopt records a template a create of this apply adopted.
func (c *templateClaims) adopt(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.adoptedIDs[id] = true
}

// adopted reports whether a create of this apply adopted the template.
func (c *templateClaims) adopted(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.adoptedIDs[id]
}
