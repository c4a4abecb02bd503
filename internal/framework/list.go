package framework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// List resources (terraform query, Terraform 1.14+). Each area's list
// resource is configured by the WhatsApp Business Account, pages lazily
// through Meta's cursors (cloudapi's Each... iterators), stops when
// Terraform has enough (push returns false, or req.Limit results), and
// reports a failure as one error result on the stream, never as "0
// results". Every call goes through the client, so the hourly call budget
// (the pacer) holds here as anywhere.

// ListTimeout bounds one list block's listing and reads.
const ListTimeout = 10 * time.Minute

// WABAListModel is the configuration every list resource takes.
type WABAListModel struct {
	WABAID types.String `tfsdk:"whatsapp_business_account_id"`
}

// WABAListSchema is the list configuration: the WABA whose objects are
// listed.
func WABAListSchema(what string) listschema.Schema {
	return listschema.Schema{
		MarkdownDescription: what + " Needs Terraform 1.14 or later (`terraform query`); OpenTofu has no list resources.",
		Attributes: map[string]listschema.Attribute{
			"whatsapp_business_account_id": listschema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account (WABA) ID whose objects are listed: WhatsApp Manager → Account tools → Phone numbers shows it, " +
					"and so does the `whatsapp_phone_numbers` data source's input.",
				Required:   true,
				Validators: []validator.String{GraphID("the numeric WhatsApp Business Account ID")},
			},
		},
	}
}

// Listing is one list block's run: its WABA, client, limit and push.
type Listing struct {
	WABA   string
	Client *cloudapi.Client
	Limit  int64
	Req    list.ListRequest
	push   func(list.ListResult) bool
	pushed int64
	done   bool
}

// StartListing reads the configuration and, inside the stream (the
// framework runs the iterator after List returns, so the operation's
// timeout starts there), calls run. A configuration or provider problem
// is the stream's only result.
func StartListing(ctx context.Context, data *ProviderData, req list.ListRequest, stream *list.ListResultsStream, run func(context.Context, *Listing)) {
	var cfg WABAListModel
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	if ClientFrom(data, &diags) == nil || diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		var diags diag.Diagnostics
		ctx, cancel, client := StartOperation(ctx, data, FixedTimeout, ListTimeout, &diags)
		defer cancel()
		if client == nil {
			push(list.ListResult{Diagnostics: diags})
			return
		}
		l := &Listing{WABA: cfg.WABAID.ValueString(), Client: client, Limit: req.Limit, Req: req, push: push}
		run(ctx, l)
	}
}

// Full reports that the stream takes no more results: Terraform stopped
// reading, or the limit is reached.
func (l *Listing) Full() bool { return l.done || (l.Limit > 0 && l.pushed >= l.Limit) }

// Push sends one result; false means stop.
func (l *Listing) Push(r list.ListResult) bool {
	if l.done {
		return false
	}
	if !l.push(r) {
		l.done = true
		return false
	}
	l.pushed++
	return !l.Full()
}

// Fail sends a failure as an error result and ends the stream.
func (l *Listing) Fail(summary, what string, err error) {
	if !l.done {
		l.push(list.ListResult{Diagnostics: diag.Diagnostics{APIError(summary, what, err)}})
		l.done = true
	}
}

// Warn sends a warning-only result (Terraform shows it and goes on).
func (l *Listing) Warn(summary, detail string) {
	if !l.done {
		if !l.push(list.ListResult{Diagnostics: diag.Diagnostics{diag.NewWarningDiagnostic(summary, detail)}}) {
			l.done = true
		}
	}
}

// Result is a new result with its identity (attr = id) and display name.
func (l *Listing) Result(ctx context.Context, attr, id, display string) list.ListResult {
	r := l.Req.NewListResult(ctx)
	r.DisplayName = display
	r.Diagnostics.Append(r.Identity.SetAttribute(ctx, path.Root(attr), id)...)
	return r
}

// SetResource sets a result's object from a resource model, with a null
// timeouts block read into timeouts (the model's field).
func SetResource[M any](ctx context.Context, r *list.ListResult, m *M, timeouts any) {
	if timeouts != nil {
		r.Diagnostics.Append(r.Resource.GetAttribute(ctx, path.Root("timeouts"), timeouts)...)
	}
	r.Diagnostics.Append(r.Resource.Set(ctx, m)...)
}

// LeftOut says, at the end of a listing, which objects were left out and
// why.
func (l *Listing) LeftOut(what string, ids []string, why string) {
	if len(ids) == 0 || l.done {
		return
	}
	l.Warn(fmt.Sprintf("%d %s of WhatsApp Business Account %s left out", len(ids), what, l.WABA),
		fmt.Sprintf("%s: %s. %s", why, strings.Join(ids, ", "), "They are not listed, so no configuration is generated for them."))
}
