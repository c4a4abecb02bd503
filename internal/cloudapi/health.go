package cloudapi

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// Health and readiness: the node fields the data sources show besides the
// registration. The registration resource never asks for them; its reads
// keep phoneNumberFields.
//
// None of these fields drives a change of state or a call, so their values
// pass through as Meta sends them (a health value this client does not
// know is shown, not refused). Their shape must still be understood:
// health_status must be an object with can_send_message, entities an array
// of objects with a type and a value, an error code a number.

// numberDetailFields extends phoneNumberFields with health and readiness.
var numberDetailFields = phoneNumberFields + ",health_status,is_pin_enabled,new_name_status,account_mode,messaging_limit_tier,webhook_configuration"

// The messaging health values Meta documents; others may appear.
const (
	HealthAvailable = "AVAILABLE"
	HealthLimited   = "LIMITED"
	HealthBlocked   = "BLOCKED"
)

// HealthStatus says whether the number can send messages, and which entity
// (PHONE_NUMBER, WABA, BUSINESS, APP) limits or blocks it.
type HealthStatus struct {
	// Reported is false when Meta left health_status out of the answer:
	// only readers of health need it, so its absence is not an error (a
	// health_status that is there but not understood still is).
	Reported       bool
	CanSendMessage string
	Entities       []HealthEntity
}

// HealthEntity is one entity of a health status.
type HealthEntity struct {
	EntityType     string
	ID             string
	CanSendMessage string
	Errors         []HealthError
	// AdditionalInfo explains a LIMITED entity.
	AdditionalInfo []string
}

// HealthError is why an entity is blocked, and what to do.
type HealthError struct {
	Code             int64
	Description      string
	PossibleSolution string
}

// NumberDetails is a number node with its health and readiness fields.
type NumberDetails struct {
	PhoneNumber
	Health HealthStatus
	// PINEnabled is nil when Meta leaves is_pin_enabled out.
	PINEnabled    *bool
	NewNameStatus string
	AccountMode   string
	// MessagingLimitTier is the number's messaging limit as Meta still
	// reports it; Meta documents it as deprecated, to be replaced by a
	// portfolio-level limit.
	MessagingLimitTier string
	Webhooks           WebhookConfiguration
}

func decodeNumberDetails(obj object, wantID string) (*NumberDetails, error) {
	p, err := decodePhoneNumber(obj, wantID)
	if err != nil {
		return nil, err
	}
	d := &NumberDetails{PhoneNumber: *p}
	if d.Health, err = decodeHealth(obj); err != nil {
		return nil, err
	}
	if d.PINEnabled, err = obj.boolean("is_pin_enabled"); err != nil {
		return nil, err
	}
	for field, dst := range map[string]*string{"new_name_status": &d.NewNameStatus, "account_mode": &d.AccountMode, "messaging_limit_tier": &d.MessagingLimitTier} {
		if *dst, err = obj.str(field); err != nil {
			return nil, err
		}
	}
	conf, err := obj.child("webhook_configuration")
	if err != nil {
		return nil, err
	}
	if d.Webhooks, err = decodeWebhookConfiguration(conf); err != nil {
		return nil, err
	}
	return d, nil
}

func decodeHealth(obj object) (HealthStatus, error) {
	h, err := obj.child("health_status")
	if err != nil {
		return HealthStatus{}, err
	}
	if h == nil {
		return HealthStatus{}, nil
	}
	out := HealthStatus{Reported: true}
	if out.CanSendMessage, err = h.required("can_send_message", "a messaging health such as AVAILABLE, LIMITED or BLOCKED"); err != nil {
		return HealthStatus{}, prefixField(err, "health_status.")
	}
	entities, err := h.objects("entities")
	if err != nil {
		return HealthStatus{}, prefixField(err, "health_status.")
	}
	for i, e := range entities {
		entity, err := decodeHealthEntity(e)
		if err != nil {
			return HealthStatus{}, prefixField(err, fmt.Sprintf("health_status.entities[%d].", i))
		}
		out.Entities = append(out.Entities, entity)
	}
	return out, nil
}

func decodeHealthEntity(e object) (HealthEntity, error) {
	var out HealthEntity
	var err error
	if out.EntityType, err = e.required("entity_type", "the entity's type, such as PHONE_NUMBER"); err != nil {
		return out, err
	}
	if out.CanSendMessage, err = e.required("can_send_message", "a messaging health such as AVAILABLE, LIMITED or BLOCKED"); err != nil {
		return out, err
	}
	if out.ID, err = e.str("id"); err != nil {
		return out, err
	}
	if out.AdditionalInfo, err = e.strs("additional_info"); err != nil {
		// Meta's pages show additional_info both as a list and as a sentence.
		info, strErr := e.str("additional_info")
		if strErr != nil {
			return out, err
		}
		out.AdditionalInfo = []string{info}
	}
	errs, err := e.objects("errors")
	if err != nil {
		return out, err
	}
	for j, x := range errs {
		he := HealthError{}
		if he.Code, err = x.integer("error_code"); err == nil {
			if he.Description, err = x.str("error_description"); err == nil {
				he.PossibleSolution, err = x.str("possible_solution")
			}
		}
		if err != nil {
			return out, prefixField(err, fmt.Sprintf("errors[%d].", j))
		}
		out.Errors = append(out.Errors, he)
	}
	return out, nil
}

// NumberDetails reads a number node with its health and readiness fields.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/cloud-api/health-status
func (c *Client) NumberDetails(ctx context.Context, phoneNumberID string) (*NumberDetails, error) {
	var out *NumberDetails
	_, err := c.call(ctx, &request{
		method: "GET", label: "read phone number " + phoneNumberID, path: []string{phoneNumberID},
		query: url.Values{"fields": {numberDetailFields}},
		decode: func(raw []byte) error {
			obj, err := decodeObject(raw)
			if err == nil {
				out, err = decodeNumberDetails(obj, phoneNumberID)
			}
			return err
		},
	})
	return out, err
}

// NumberOverview is a number's details and its local-storage setting.
type NumberOverview struct {
	Details *NumberDetails
	// Storage is nil only when the number is not registered and its
	// settings could not be read, as for Registration.
	Storage *StorageConfiguration
}

// Region is the local-storage region, "" when local storage is off.
func (o *NumberOverview) Region() string {
	if o.Storage == nil {
		return ""
	}
	return o.Storage.Region
}

// NumberOverview reads the details and the settings concurrently, as
// Registration does for the registration resource.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/phone-numbers
func (c *Client) NumberOverview(ctx context.Context, phoneNumberID string) (*NumberOverview, error) {
	details, storage, err := withSettings(ctx, c, phoneNumberID, c.NumberDetails, (*NumberDetails).Registered)
	if err != nil {
		return nil, err
	}
	return &NumberOverview{Details: details, Storage: storage}, nil
}

// PhoneNumberDetails lists every number of a WABA with its health and
// readiness fields.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/phone-numbers
func (c *Client) PhoneNumberDetails(ctx context.Context, wabaID string) ([]NumberDetails, error) {
	q := url.Values{"fields": {numberDetailFields}, "limit": {strconv.Itoa(phoneNumbersPageLimit)}}
	return listAll(ctx, c, "list phone numbers of WhatsApp Business Account "+wabaID, []string{wabaID, "phone_numbers"}, q,
		func(obj object) (NumberDetails, error) {
			d, err := decodeNumberDetails(obj, "")
			if err != nil {
				return NumberDetails{}, err
			}
			return *d, nil
		})
}
