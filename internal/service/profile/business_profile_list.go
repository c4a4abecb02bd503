package profile

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The list resource whatsapp_business_profile (terraform query): the
// profile of every number of the WABA that is registered on the Cloud API
// (Meta keeps a profile only for those). One call per page of the listing;
// with include_resource, one more per number for its profile.

var (
	_ list.ListResource              = (*businessProfileList)(nil)
	_ list.ListResourceWithConfigure = (*businessProfileList)(nil)
)

// NewBusinessProfileList is the factory for the whatsapp_business_profile list resource.
func NewBusinessProfileList() list.ListResource { return &businessProfileList{} }

type businessProfileList struct {
	businessProfileResource
}

func (l *businessProfileList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = framework.WABAListSchema("Lists the business profiles of a WhatsApp Business Account's numbers that are registered on the Cloud API, for `terraform query` and `-generate-config-out`.")
}

func (l *businessProfileList) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.businessProfileResource.Configure(ctx, req, resp)
}

func (l *businessProfileList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	framework.StartListing(ctx, l.data, req, stream, func(ctx context.Context, run *framework.Listing) {
		for n, err := range run.Client.EachPhoneNumber(ctx, run.WABA) {
			if err != nil {
				run.Fail("Could not list the phone numbers of WhatsApp Business Account "+run.WABA, "The listing of business profiles stopped.", err)
				return
			}
			if !n.Registered() {
				continue
			}
			display := n.ID
			if n.VerifiedName != "" {
				display = n.VerifiedName + " (" + n.ID + ")"
			}
			r := run.Result(ctx, "phone_number_id", n.ID, display)
			if req.IncludeResource {
				p, err := run.Client.BusinessProfile(ctx, n.ID)
				if err != nil {
					r.Diagnostics.Append(profileReadFailed(n.ID, err))
				} else {
					var m businessProfileModel
					m.ID, m.PhoneNumberID = types.StringValue(n.ID), types.StringValue(n.ID)
					flattenProfile(p, &m, &r.Diagnostics)
					framework.SetResource(ctx, &r, &m, &m.Timeouts)
				}
			}
			if !run.Push(r) {
				return
			}
		}
	})
}
