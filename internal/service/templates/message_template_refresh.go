package templates

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// refreshInBulk: a refresh of many templates of one WABA reads the WABA's
// template list once (every page, the fields asked for explicitly), not
// one GET per template, and every Read of that WABA answers from it. The
// first Read of a WABA lists; the Reads that come while it lists wait for
// that list (single-flight), and those after it use it.
//
// The lists live in the provider's Configured scope: one Configure (one
// provider block, one token) never sees another's list, and a command's
// Configure starts with none.
//
// What a list may decide, and what it may not:
//   - a template in a complete list (every page read, no error) is read
//     from it;
//   - a template missing from a complete list is not removed on that
//     alone: it goes the per-template way (findMessageTemplate: a GET, and
//     on Meta's refusal the complete list for its name), which removes it
//     only on a definite absence. Deletions outside Terraform are rare; a
//     list that misses a template by mistake must never remove it;
//   - a failed or cut list (a page that did not arrive whole, a broken
//     cursor, any error) decides nothing: every Read of the WABA falls back
//     to findMessageTemplate, and the list is not asked for again in this
//     Configure;
//   - a write in this Configure (create, edit, delete, whatever its
//     outcome) drops the WABA's list (wroteTemplate), and the template it
//     wrote is read by GET from then on, so that neither a list read before
//     the write nor one that Meta has not caught up yet answers for it.
//
// Tested by TestCLITemplateRefreshInBulk and
// TestCLITemplateRefreshCutListRemovesNothing (message_template_refresh_test.go).

type templateListsKey struct{}

// templateLists holds one Configure's lists, by WABA.
type templateLists struct {
	mu     sync.Mutex
	byWABA map[string]*templateListing
	// written are the templates this Configure wrote (by id).
	written map[string]bool
}

// templateListing is one WABA's list: done closes when it is read (or
// failed); byID is then every template of a complete list, or err says
// why there is none.
type templateListing struct {
	done chan struct{}
	byID map[string]*cloudapi.Template
	err  error
}

func listsOf(data *framework.ProviderData) *templateLists {
	if data == nil || data.Configured == nil {
		return nil
	}
	return framework.Shared(data.Configured, templateListsKey{}, func() *templateLists {
		return &templateLists{byWABA: map[string]*templateListing{}, written: map[string]bool{}}
	})
}

// refreshTemplate is Read's finder: from the WABA's list when it is
// complete and has the template, else findMessageTemplate.
func refreshTemplate(ctx context.Context, data *framework.ProviderData, client *cloudapi.Client, waba, id, name string) (*cloudapi.Template, error) {
	if l := listsOf(data); l != nil && !l.wasWritten(id) {
		listing := l.listing(ctx, client, waba)
		select {
		case <-listing.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		switch t, ok := listing.byID[id]; {
		case listing.err != nil:
			tflog.Debug(ctx, "the template list of the WABA is not complete: reading the template by id", map[string]any{"template_id": id, "waba": waba, "list_error": listing.err.Error()})
		case ok:
			cp := *t
			return &cp, nil
		default:
			tflog.Debug(ctx, "the template is not in the WABA's complete list: reading it by id before anything is removed", map[string]any{"template_id": id, "waba": waba})
		}
	}
	return findMessageTemplate(ctx, client, waba, id, name)
}

// listing is the WABA's list, read by the first caller; later callers get
// the same one (which may still be in progress).
func (l *templateLists) listing(ctx context.Context, client *cloudapi.Client, waba string) *templateListing {
	l.mu.Lock()
	listing, ok := l.byWABA[waba]
	if !ok {
		listing = &templateListing{done: make(chan struct{})}
		l.byWABA[waba] = listing
	}
	l.mu.Unlock()
	if !ok {
		// An item Meta lists in a shape not understood answers nothing: its
		// template is read by id (and fails there, or not); the others are
		// answered from the list.
		list, err := client.TemplatesEach(ctx, waba, cloudapi.TemplateFilter{})
		if err == nil {
			listing.byID = make(map[string]*cloudapi.Template, len(list))
			for i := range list {
				if list[i].Err != nil {
					tflog.Debug(ctx, "a template of the WABA's list is not understood: it is read by id", map[string]any{"template_id": list[i].ID, "waba": waba, "error": list[i].Err.Error()})
					continue
				}
				listing.byID[list[i].ID] = &list[i].Template
			}
		}
		listing.err = err
		close(listing.done)
	}
	return listing
}

func (l *templateLists) wasWritten(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.written[id]
}

// wroteTemplate records a write (made or attempted) of template m: its
// WABA's list is dropped, and the template is read by GET from now on. It
// runs after the write, deferred, so that a list read while the write was
// under way is dropped too.
func wroteTemplate(data *framework.ProviderData, m *messageTemplateModel) {
	l := listsOf(data)
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.byWABA, m.WABAID.ValueString())
	if id := m.ID.ValueString(); id != "" {
		l.written[id] = true
	}
}
