package registration

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The list resource whatsapp_phone_registration (terraform query): the
// WABA's numbers registered on the Cloud API. Numbers that are not are left
// out, and a warning at the end of the stream names them. With
// include_resource (and so with -generate-config-out) each number is read
// again with its local-storage setting, two calls, so that the generated
// data_localization_region is the number's and its import plans no
// replacement; without it the listing costs one call per page.

var (
	_ list.ListResource              = (*phoneRegistrationList)(nil)
	_ list.ListResourceWithConfigure = (*phoneRegistrationList)(nil)
)

// NewPhoneRegistrationList is the factory for the whatsapp_phone_registration list resource.
func NewPhoneRegistrationList() list.ListResource { return &phoneRegistrationList{} }

type phoneRegistrationList struct {
	phoneRegistrationResource
}

func (l *phoneRegistrationList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = framework.WABAListSchema("Lists the numbers of a WhatsApp Business Account that are registered on the Cloud API, for `terraform query` " +
		"and `-generate-config-out`. Numbers not on the Cloud API are left out, with a warning that names them. " +
		"The generated configuration lacks the PIN: add `pin_wo` (the number's current two-step PIN, taken as given, nothing is sent).")
}

func (l *phoneRegistrationList) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.phoneRegistrationResource.Configure(ctx, req, resp)
}

func (l *phoneRegistrationList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	framework.StartListing(ctx, l.data, req, stream, func(ctx context.Context, run *framework.Listing) {
		var leftOut []string
		for n, err := range run.Client.EachPhoneNumber(ctx, run.WABA) {
			if err != nil {
				run.Fail("Could not list the phone numbers of WhatsApp Business Account "+run.WABA, "The listing stopped; the results so far are not all of the account's numbers.", err)
				return
			}
			if !n.Registered() {
				leftOut = append(leftOut, n.ID+" ("+string(n.Platform)+")")
				continue
			}
			if !run.Push(l.result(ctx, run, n)) {
				return
			}
		}
		run.LeftOut("phone numbers", leftOut, "These numbers are not registered on the Cloud API (platform_type in brackets), so they have no registration to import; "+
			"a whatsapp_phone_registration resource for one of them registers it (one register of the budget)")
	})
}

// result is one registered number; with include_resource, its registration
// as an import records it (pin_wo_version 1, guardAdoptedPIN).
func (l *phoneRegistrationList) result(ctx context.Context, run *framework.Listing, n cloudapi.PhoneNumber) list.ListResult {
	r := run.Result(ctx, "phone_number_id", n.ID, numberDisplay(n))
	if !run.Req.IncludeResource {
		return r
	}
	reading, err := findRegistration(ctx, run.Client, n.ID)
	if err != nil {
		r.Diagnostics.Append(importReadFailed(n.ID, err))
		return r
	}
	var m phoneRegistrationModel
	flattenRegistration(reading, &m)
	m.PIN, m.PINWO, m.MigrationBackupDataWO, m.MigrationBackupPasswordWO = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
	m.PINWOVersion = types.Int64Value(adoptedPINWOVersion)
	m.ReregisterTriggers = types.MapNull(types.StringType)
	framework.SetResource(ctx, &r, &m, &m.Timeouts)
	return r
}

func numberDisplay(n cloudapi.PhoneNumber) string {
	switch {
	case n.DisplayPhoneNumber != "" && n.VerifiedName != "":
		return n.DisplayPhoneNumber + " (" + n.VerifiedName + ")"
	case n.DisplayPhoneNumber != "":
		return n.DisplayPhoneNumber
	}
	return n.ID
}
