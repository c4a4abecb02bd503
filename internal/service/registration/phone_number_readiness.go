package registration

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// Health and readiness, in both phone-number data sources: whether the
// number can send messages, and the fields that say how far Meta's setup
// has come. Read-only: nothing here drives a call or a change of state, so
// values Meta adds later pass through as they are.

// findNumberDetails reads a number with its health and readiness, and its
// local-storage setting, concurrently. As findNumber, it never takes an
// answer it cannot read for an absence.
func findNumberDetails(ctx context.Context, client *cloudapi.Client, id string) (*cloudapi.NumberOverview, error) {
	return client.NumberOverview(ctx, id)
}

type numberReadiness struct {
	HealthStatus         *healthStatusModel         `tfsdk:"health_status"`
	IsPINEnabled         types.Bool                 `tfsdk:"is_pin_enabled"`
	NewNameStatus        types.String               `tfsdk:"new_name_status"`
	AccountMode          types.String               `tfsdk:"account_mode"`
	MessagingLimitTier   types.String               `tfsdk:"messaging_limit_tier"`
	WebhookConfiguration *webhookConfigurationModel `tfsdk:"webhook_configuration"`
}

type healthStatusModel struct {
	CanSendMessage types.String        `tfsdk:"can_send_message"`
	Entities       []healthEntityModel `tfsdk:"entities"`
}

type healthEntityModel struct {
	EntityType     types.String       `tfsdk:"entity_type"`
	ID             types.String       `tfsdk:"id"`
	CanSendMessage types.String       `tfsdk:"can_send_message"`
	Errors         []healthErrorModel `tfsdk:"errors"`
	AdditionalInfo []string           `tfsdk:"additional_info"`
}

type healthErrorModel struct {
	ErrorCode        types.Int64  `tfsdk:"error_code"`
	ErrorDescription types.String `tfsdk:"error_description"`
	PossibleSolution types.String `tfsdk:"possible_solution"`
}

type webhookConfigurationModel struct {
	Application             types.String `tfsdk:"application"`
	WhatsAppBusinessAccount types.String `tfsdk:"whatsapp_business_account"`
	PhoneNumber             types.String `tfsdk:"phone_number"`
}

// flattenReadiness maps the details onto the data sources' fields. Lists are
// empty rather than null, so that for expressions over them need no guard.
// health_status is null when Meta did not report it.
func flattenReadiness(d *cloudapi.NumberDetails) numberReadiness {
	return numberReadinessOf(d, flattenHealth(d.Health))
}

func flattenHealth(h cloudapi.HealthStatus) *healthStatusModel {
	if !h.Reported {
		return nil
	}
	d := struct{ Health cloudapi.HealthStatus }{h}
	health := &healthStatusModel{CanSendMessage: types.StringValue(d.Health.CanSendMessage), Entities: []healthEntityModel{}}
	for _, e := range d.Health.Entities {
		// Strings, never null, so that templates over them cannot fail.
		entity := healthEntityModel{EntityType: types.StringValue(e.EntityType), ID: types.StringValue(e.ID), CanSendMessage: types.StringValue(e.CanSendMessage),
			Errors: []healthErrorModel{}, AdditionalInfo: append([]string{}, e.AdditionalInfo...)}
		for _, x := range e.Errors {
			entity.Errors = append(entity.Errors, healthErrorModel{ErrorCode: types.Int64Value(x.Code),
				ErrorDescription: types.StringValue(x.Description), PossibleSolution: types.StringValue(x.PossibleSolution)})
		}
		health.Entities = append(health.Entities, entity)
	}
	return health
}

func numberReadinessOf(d *cloudapi.NumberDetails, health *healthStatusModel) numberReadiness {
	pin := types.BoolNull()
	if d.PINEnabled != nil {
		pin = types.BoolValue(*d.PINEnabled)
	}
	return numberReadiness{
		HealthStatus:       health,
		IsPINEnabled:       pin,
		NewNameStatus:      framework.OptionalString(d.NewNameStatus),
		AccountMode:        framework.OptionalString(d.AccountMode),
		MessagingLimitTier: framework.OptionalString(d.MessagingLimitTier),
		WebhookConfiguration: &webhookConfigurationModel{
			Application:             framework.OptionalString(d.Webhooks.Application),
			WhatsAppBusinessAccount: framework.OptionalString(d.Webhooks.WhatsAppBusinessAccount),
			PhoneNumber:             framework.OptionalString(d.Webhooks.PhoneNumber),
		},
	}
}

// readinessAttributes describes numberReadiness for a schema.
func readinessAttributes() map[string]schema.Attribute {
	s := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	entity := map[string]schema.Attribute{
		"entity_type":      s("`PHONE_NUMBER`, `WABA`, `BUSINESS` or `APP` (Meta may add others)."),
		"id":               s("The entity's id."),
		"can_send_message": s("`AVAILABLE`, `LIMITED` or `BLOCKED` for this entity."),
		"errors": schema.ListNestedAttribute{
			MarkdownDescription: "Why the entity is blocked or limited, with what to do; empty when there is nothing to say.",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"error_code":        schema.Int64Attribute{MarkdownDescription: "Meta's error code.", Computed: true},
				"error_description": s("What is wrong."),
				"possible_solution": s("What Meta suggests doing."),
			}},
		},
		"additional_info": schema.ListAttribute{MarkdownDescription: "Meta's explanation of a `LIMITED` entity; empty otherwise.", ElementType: types.StringType, Computed: true},
	}
	return map[string]schema.Attribute{
		"health_status": schema.SingleNestedAttribute{
			MarkdownDescription: "Whether the number can send messages now, as Meta's health status says: the overall value and the entities it depends on " +
				"(the number, its WhatsApp Business Account, the business and the app), each with its errors. " +
				"Null when Meta's answer leaves `health_status` out: the rest of the number is read as usual, and a check on health then fails on the null rather than passing.",
			Computed: true,
			Attributes: map[string]schema.Attribute{
				"can_send_message": s("`AVAILABLE` (every entity can send), `LIMITED` (one at least is limited) or `BLOCKED` (one at least is blocked)."),
				"entities": schema.ListNestedAttribute{
					MarkdownDescription: "The entities behind the overall value.",
					Computed:            true,
					NestedObject:        schema.NestedAttributeObject{Attributes: entity},
				},
			},
		},
		"is_pin_enabled":  schema.BoolAttribute{MarkdownDescription: "True when two-step verification (a PIN) is on; null when Meta does not say.", Computed: true},
		"new_name_status": s("Review status of a requested display-name change, for example `NONE` or `PENDING_REVIEW`."),
		"account_mode":    s("`LIVE` or `SANDBOX`."),
		"messaging_limit_tier": s("The number's messaging limit as Meta reports it today, for example `TIER_1K`. " +
			"Deprecated by Meta, to be replaced by a limit on the business portfolio; it may disappear."),
		"webhook_configuration": schema.SingleNestedAttribute{
			MarkdownDescription: "Where Meta sends the number's messaging webhooks; the most specific one set wins (number, then account, then app).",
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"application":               s("The app's own callback URL (App Dashboard)."),
				"whatsapp_business_account": s("The WABA-level override (`whatsapp_webhook_subscription`), null when none."),
				"phone_number":              s("The number's own override (`whatsapp_phone_number_webhook`), null when none."),
			},
		},
	}
}
