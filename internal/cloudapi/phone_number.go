package cloudapi

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

const (
	// PlatformCloudAPI is the platform_type of a number registered on the
	// Cloud API (the others are ON_PREMISE and NOT_APPLICABLE).
	PlatformCloudAPI = "CLOUD_API"

	StorageDefault        = "default"
	StorageInCountry      = "in_country_storage_enabled"
	phoneNumbersPageLimit = 100
)

// Regions lists the data_localization_region codes the register endpoint
// accepts, in the order Meta documents them.
var Regions = []string{"AU", "ID", "IN", "JP", "SG", "KR", "DE", "CH", "GB", "BR", "BH", "ZA", "AE", "CA"}

// phoneNumberFields is the explicit field list for a phone-number node;
// Graph returns only a few fields when none are named.
var phoneNumberFields = strings.Join([]string{
	"id", "display_phone_number", "verified_name", "quality_rating", "platform_type",
	"status", "code_verification_status", "name_status", "throughput",
}, ",")

// RegisterRequest is the body of POST /{phone-number-id}/register, less
// messaging_product, which is always "whatsapp".
type RegisterRequest struct {
	// PIN is the six-digit two-step verification PIN: the existing one when
	// two-step verification is on, otherwise it becomes the PIN.
	PIN string
	// Region turns local storage on in that country; empty leaves it off.
	Region string
	// Backup is only for numbers migrating from the On-Premises API.
	Backup *Backup
}

// Backup is the On-Premises backup sent with a migrating register.
type Backup struct {
	Data     string
	Password string
}

// PhoneNumber is a business phone-number node.
type PhoneNumber struct {
	ID                     string `json:"id"`
	DisplayPhoneNumber     string `json:"display_phone_number"`
	VerifiedName           string `json:"verified_name"`
	QualityRating          string `json:"quality_rating"`
	PlatformType           string `json:"platform_type"`
	Status                 string `json:"status"`
	CodeVerificationStatus string `json:"code_verification_status"`
	NameStatus             string `json:"name_status"`
	Throughput             struct {
		Level string `json:"level"`
	} `json:"throughput"`
}

// Registered reports whether the number is registered on the Cloud API.
func (p *PhoneNumber) Registered() bool { return p.PlatformType == PlatformCloudAPI }

// StorageConfiguration is the local-storage ("data at rest") setting.
type StorageConfiguration struct {
	Status string `json:"status"`
	// Region is upper-cased; empty when local storage is off.
	Region string `json:"data_localization_region"`
}

// LocalStorageEnabled reports whether data is stored in a chosen country.
func (s *StorageConfiguration) LocalStorageEnabled() bool {
	return s.Status == StorageInCountry
}

type successResponse struct {
	Success bool `json:"success"`
}

func (c *Client) postForSuccess(ctx context.Context, label string, path []string, body map[string]any) error {
	var out successResponse
	if err := c.call(ctx, "POST", label, path, nil, body, &out); err != nil {
		return err
	}
	if !out.Success {
		return fmt.Errorf("%s: the API answered 2xx without \"success\": true", label)
	}
	return nil
}

// Register registers the number on the Cloud API. Each call, failed or not,
// spends one of the number's 10 registers per 72 hours.
func (c *Client) Register(ctx context.Context, phoneNumberID string, r RegisterRequest) error {
	body := map[string]any{"messaging_product": "whatsapp", "pin": r.PIN}
	if r.Region != "" {
		body["data_localization_region"] = r.Region
	}
	if r.Backup != nil {
		body["backup"] = map[string]any{"data": r.Backup.Data, "password": r.Backup.Password}
	}
	return c.postForSuccess(ctx, "register phone number "+phoneNumberID, []string{phoneNumberID, "register"}, body)
}

// Deregister removes the number from the Cloud API and turns local storage
// off. It spends one of the number's 10 deregisters per 72 hours.
func (c *Client) Deregister(ctx context.Context, phoneNumberID string) error {
	return c.postForSuccess(ctx, "deregister phone number "+phoneNumberID, []string{phoneNumberID, "deregister"}, nil)
}

// SetPIN sets the two-step verification PIN without re-registering.
func (c *Client) SetPIN(ctx context.Context, phoneNumberID, pin string) error {
	return c.postForSuccess(ctx, "set the two-step verification PIN of phone number "+phoneNumberID, []string{phoneNumberID}, map[string]any{"pin": pin})
}

// PhoneNumber reads a phone-number node.
func (c *Client) PhoneNumber(ctx context.Context, phoneNumberID string) (*PhoneNumber, error) {
	var out PhoneNumber
	q := url.Values{"fields": {phoneNumberFields}}
	if err := c.call(ctx, "GET", "read phone number "+phoneNumberID, []string{phoneNumberID}, q, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// StorageConfiguration reads the number's local-storage setting.
func (c *Client) StorageConfiguration(ctx context.Context, phoneNumberID string) (*StorageConfiguration, error) {
	var out struct {
		StorageConfiguration *StorageConfiguration `json:"storage_configuration"`
	}
	if err := c.call(ctx, "GET", "read the settings of phone number "+phoneNumberID, []string{phoneNumberID, "settings"}, nil, nil, &out); err != nil {
		return nil, err
	}
	if out.StorageConfiguration == nil {
		return &StorageConfiguration{Status: StorageDefault}, nil
	}
	sc := out.StorageConfiguration
	sc.Region = strings.ToUpper(sc.Region)
	if !sc.LocalStorageEnabled() {
		sc.Region = ""
	}
	return sc, nil
}

type phoneNumbersPage struct {
	Data   []PhoneNumber `json:"data"`
	Paging struct {
		Cursors struct {
			After string `json:"after"`
		} `json:"cursors"`
		Next string `json:"next"`
	} `json:"paging"`
}

// maxPhoneNumberPages stops a server that pages forever.
const maxPhoneNumberPages = 1000

// PhoneNumbers lists every number of a WhatsApp Business Account, following
// the cursor paging to the end. It builds each page's URL itself from the
// `after` cursor instead of following paging.next, which carries the access
// token in its query string and may name another host.
func (c *Client) PhoneNumbers(ctx context.Context, wabaID string) ([]PhoneNumber, error) {
	var all []PhoneNumber
	after := ""
	for page := 1; ; page++ {
		if page > maxPhoneNumberPages {
			return nil, fmt.Errorf("list phone numbers of WhatsApp Business Account %s: more than %d pages; stopping", wabaID, maxPhoneNumberPages)
		}
		q := url.Values{"fields": {phoneNumberFields}, "limit": {strconv.Itoa(phoneNumbersPageLimit)}}
		if after != "" {
			q.Set("after", after)
		}
		var out phoneNumbersPage
		label := fmt.Sprintf("list phone numbers of WhatsApp Business Account %s (page %d)", wabaID, page)
		if err := c.call(ctx, "GET", label, []string{wabaID, "phone_numbers"}, q, nil, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Data...)
		if out.Paging.Next == "" || out.Paging.Cursors.After == "" || out.Paging.Cursors.After == after {
			return all, nil
		}
		after = out.Paging.Cursors.After
	}
}
