package webhooks

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The list resources whatsapp_webhook_subscription and
// whatsapp_phone_number_webhook (terraform query). The subscription list
// has one result when this app (the token's) is subscribed to the WABA,
// none when Meta definitely lists it without this app; the number webhook
// list has one per number with a callback override, which costs one read
// per number. An import cannot read a verify token: the generated
// configuration has verify_token_wo_version = 1 and lacks verify_token_wo,
// which must be added (the token the endpoint already answers; the import
// verifies nothing).

var (
	_ list.ListResource              = (*webhookSubscriptionList)(nil)
	_ list.ListResourceWithConfigure = (*webhookSubscriptionList)(nil)
	_ list.ListResource              = (*phoneNumberWebhookList)(nil)
	_ list.ListResourceWithConfigure = (*phoneNumberWebhookList)(nil)
)

// NewWebhookSubscriptionList is the factory for the whatsapp_webhook_subscription list resource.
func NewWebhookSubscriptionList() list.ListResource { return &webhookSubscriptionList{} }

// NewPhoneNumberWebhookList is the factory for the whatsapp_phone_number_webhook list resource.
func NewPhoneNumberWebhookList() list.ListResource { return &phoneNumberWebhookList{} }

type webhookSubscriptionList struct {
	webhookSubscriptionResource
}

func (l *webhookSubscriptionList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = framework.WABAListSchema("Lists this app's webhook subscription to a WhatsApp Business Account (one result when the app the token belongs to is subscribed), " +
		"for `terraform query` and `-generate-config-out`. With a WABA-level override, add `verify_token_wo` to the generated configuration.")
}

func (l *webhookSubscriptionList) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.webhookSubscriptionResource.Configure(ctx, req, resp)
}

func (l *webhookSubscriptionList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	framework.StartListing(ctx, l.data, req, stream, func(ctx context.Context, run *framework.Listing) {
		app, sub, err := findSubscription(ctx, run.Client, run.WABA)
		switch {
		case app == nil:
			run.Fail("Could not read the app of the access token", "The subscriptions of WhatsApp Business Account "+run.WABA+" were not listed.", err)
			return
		case framework.NotFound(err):
			return
		case err != nil:
			run.Fail("Could not list the subscribed apps of WhatsApp Business Account "+run.WABA, "Whether this app is subscribed is not known.", err)
			return
		}
		r := run.Result(ctx, "whatsapp_business_account_id", run.WABA, app.Name+" on WhatsApp Business Account "+run.WABA)
		if req.IncludeResource {
			var m webhookSubscriptionModel
			flattenSubscription(run.WABA, app, sub, &m)
			if !m.OverrideCallbackURI.IsNull() {
				m.VerifyTokenWOVersion = types.Int64Value(AdoptedVerifyTokenVersion)
			}
			framework.SetResource(ctx, &r, &m, &m.Timeouts)
		}
		run.Push(r)
	})
}

type phoneNumberWebhookList struct {
	phoneNumberWebhookResource
}

func (l *phoneNumberWebhookList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = framework.WABAListSchema("Lists the callback overrides of a WhatsApp Business Account's numbers (numbers without one are not listed), " +
		"for `terraform query` and `-generate-config-out`. Add `verify_token_wo` to the generated configuration.")
}

func (l *phoneNumberWebhookList) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.phoneNumberWebhookResource.Configure(ctx, req, resp)
}

func (l *phoneNumberWebhookList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	framework.StartListing(ctx, l.data, req, stream, func(ctx context.Context, run *framework.Listing) {
		app, err := run.Client.App(ctx)
		if err != nil {
			run.Fail("Could not read the app of the access token", "The callback overrides of WhatsApp Business Account "+run.WABA+" were not listed.", err)
			return
		}
		for n, err := range run.Client.EachPhoneNumber(ctx, run.WABA) {
			if err != nil {
				run.Fail("Could not list the phone numbers of WhatsApp Business Account "+run.WABA, "The listing of callback overrides stopped.", err)
				return
			}
			uri, err := findNumberWebhook(ctx, run.Client, n.ID)
			switch {
			case framework.NotFound(err):
				continue
			case err != nil:
				run.Fail("Could not read the callback override of phone number "+n.ID, "The listing of callback overrides stopped.", err)
				return
			}
			r := run.Result(ctx, "phone_number_id", n.ID, n.ID+" → "+uri)
			if req.IncludeResource {
				m := phoneNumberWebhookModel{
					ID: types.StringValue(n.ID), PhoneNumberID: types.StringValue(n.ID), OverrideCallbackURI: types.StringValue(uri),
					VerifyTokenWOVersion: types.Int64Value(AdoptedVerifyTokenVersion), AppID: types.StringValue(app.ID),
				}
				framework.SetResource(ctx, &r, &m, &m.Timeouts)
			}
			if !run.Push(r) {
				return
			}
		}
	})
}
