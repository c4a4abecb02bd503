package cloudapi

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Platform is a number's platform_type.
type Platform string

// The platform_type values Meta documents. Only CLOUD_API means registered
// on the Cloud API; ON_PREMISE and NOT_APPLICABLE are the values that mean
// "not on the Cloud API". Any other value is not understood.
const (
	PlatformCloudAPI      Platform = "CLOUD_API"
	PlatformOnPremise     Platform = "ON_PREMISE"
	PlatformNotApplicable Platform = "NOT_APPLICABLE"
)

// The storage_configuration statuses Meta documents.
const (
	StorageDefault   = "default"
	StorageInCountry = "in_country_storage_enabled"
)

const phoneNumbersPageLimit = 100

// Regions lists the data_localization_region codes the register endpoint
// accepts, in the order Meta documents them.
var Regions = []string{"AU", "ID", "IN", "JP", "SG", "KR", "DE", "CH", "GB", "BR", "BH", "ZA", "AE", "CA"}

// regionCode is the form of a region read back: an ISO 3166 alpha-2 code.
// A code outside Regions is still a definite answer (Meta may add
// countries before this client knows them).
var regionCode = regexp.MustCompile(`^[A-Z]{2}$`)

// phoneNumberFields is the explicit field list for a phone-number node;
// Graph returns only a few fields when none are named.
var phoneNumberFields = strings.Join([]string{
	"id", "display_phone_number", "verified_name", "quality_rating", "platform_type",
	"status", "code_verification_status", "name_status", "throughput",
}, ",")

// PhoneNumber is a business phone-number node.
type PhoneNumber struct {
	ID                     string
	DisplayPhoneNumber     string
	VerifiedName           string
	QualityRating          string
	Platform               Platform
	Status                 string
	CodeVerificationStatus string
	NameStatus             string
	ThroughputLevel        string
}

// Registered reports whether the number is registered on the Cloud API.
func (p *PhoneNumber) Registered() bool { return p.Platform == PlatformCloudAPI }

// decodePhoneNumber reads a node. wantID, when set, must be the node's id:
// an answer about another object is not an answer about this one.
func decodePhoneNumber(obj object, wantID string) (*PhoneNumber, error) {
	id, err := obj.required("id", "the phone number id")
	if err != nil {
		return nil, err
	}
	if wantID != "" && id != wantID {
		return nil, &NotUnderstoodError{Field: "id", Got: fmt.Sprintf("%q, another object", id), Want: fmt.Sprintf("%q, the number asked for", wantID)}
	}
	platform, err := obj.oneOf("platform_type", string(PlatformCloudAPI), string(PlatformOnPremise), string(PlatformNotApplicable))
	if err != nil {
		return nil, err
	}
	p := &PhoneNumber{ID: id, Platform: Platform(platform)}
	for field, dst := range map[string]*string{
		"display_phone_number": &p.DisplayPhoneNumber, "verified_name": &p.VerifiedName,
		"quality_rating": &p.QualityRating, "status": &p.Status,
		"code_verification_status": &p.CodeVerificationStatus, "name_status": &p.NameStatus,
	} {
		if *dst, err = obj.str(field); err != nil {
			return nil, err
		}
	}
	throughput, err := obj.child("throughput")
	if err != nil {
		return nil, err
	}
	if p.ThroughputLevel, err = throughput.str("level"); err != nil {
		return nil, prefixField(err, "throughput.")
	}
	return p, nil
}

// StorageConfiguration is the local-storage ("data at rest") setting.
type StorageConfiguration struct {
	Status string
	// Region is upper-case; empty when local storage is off.
	Region string
}

// LocalStorageEnabled reports whether data is stored in a chosen country.
func (s *StorageConfiguration) LocalStorageEnabled() bool { return s.Status == StorageInCountry }

func decodeStorage(obj object) (*StorageConfiguration, error) {
	if v, ok := obj["storage_configuration"]; !ok || describeJSON(v) == "null" {
		return nil, &NotUnderstoodError{Field: "storage_configuration", Got: describeJSON(v), Want: "an object with status and data_localization_region"}
	}
	sc, err := obj.child("storage_configuration")
	if err != nil {
		return nil, err
	}
	status, err := sc.oneOf("status", StorageDefault, StorageInCountry)
	if err != nil {
		return nil, prefixField(err, "storage_configuration.")
	}
	region, err := sc.str("data_localization_region")
	if err != nil {
		return nil, prefixField(err, "storage_configuration.")
	}
	region = strings.ToUpper(region)
	switch {
	case status == StorageInCountry && !regionCode.MatchString(region):
		return nil, &NotUnderstoodError{Field: "storage_configuration.data_localization_region", Got: describeJSON(sc["data_localization_region"]),
			Want: "a two-letter country code while status is " + StorageInCountry}
	case status == StorageDefault && region != "":
		return nil, &NotUnderstoodError{Field: "storage_configuration.data_localization_region", Got: describeJSON(sc["data_localization_region"]),
			Want: "no region while status is " + StorageDefault}
	}
	return &StorageConfiguration{Status: status, Region: region}, nil
}

func prefixField(err error, prefix string) error {
	var nu *NotUnderstoodError
	if errors.As(err, &nu) {
		if nu.Field == "" {
			nu.Field = strings.TrimSuffix(prefix, ".")
		} else {
			nu.Field = prefix + nu.Field
		}
	}
	return err
}

// PhoneNumber reads a phone-number node.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/phone-numbers
func (c *Client) PhoneNumber(ctx context.Context, phoneNumberID string) (*PhoneNumber, error) {
	var out *PhoneNumber
	_, err := c.call(ctx, &request{
		method: "GET", label: "read phone number " + phoneNumberID, path: []string{phoneNumberID},
		query: url.Values{"fields": {phoneNumberFields}},
		decode: func(raw []byte) error {
			obj, err := decodeObject(raw)
			if err == nil {
				out, err = decodePhoneNumber(obj, phoneNumberID)
			}
			return err
		},
	})
	return out, err
}

// StorageConfiguration reads the number's local-storage setting.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/cloud-api/overview/local-storage
func (c *Client) StorageConfiguration(ctx context.Context, phoneNumberID string) (*StorageConfiguration, error) {
	var out *StorageConfiguration
	_, err := c.call(ctx, &request{
		method: "GET", label: "read the settings of phone number " + phoneNumberID, path: []string{phoneNumberID, "settings"},
		decode: func(raw []byte) error {
			obj, err := decodeObject(raw)
			if err == nil {
				out, err = decodeStorage(obj)
			}
			return err
		},
	})
	return out, err
}

// Registration is a number and its local-storage setting, read together.
type Registration struct {
	Number *PhoneNumber
	// Storage is nil only when the number is not registered and its
	// settings could not be read (they matter only while registered).
	Storage *StorageConfiguration
}

// Registered reports whether the number is registered on the Cloud API.
func (r *Registration) Registered() bool { return r.Number.Registered() }

// Region is the local-storage region, "" when local storage is off.
func (r *Registration) Region() string {
	if r.Storage == nil {
		return ""
	}
	return r.Storage.Region
}

// Describe says what the reading shows, for messages.
func (r *Registration) Describe() string {
	if !r.Registered() {
		return fmt.Sprintf("the number not registered (platform_type %s)", r.Number.Platform)
	}
	if r.Region() == "" {
		return "the number registered without local storage"
	}
	return "the number registered with data_localization_region " + r.Region()
}

// Registration reads the node and its settings concurrently: one round
// trip, two calls.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/phone-numbers
func (c *Client) Registration(ctx context.Context, phoneNumberID string) (*Registration, error) {
	number, storage, err := withSettings(ctx, c, phoneNumberID, c.PhoneNumber, (*PhoneNumber).Registered)
	if err != nil {
		return nil, err
	}
	return &Registration{Number: number, Storage: storage}, nil
}

// withSettings reads a node with read and the number's settings at the
// same time. A failed settings read matters only for a registered number
// (registered says which); for another, the settings are nil.
func withSettings[T any](ctx context.Context, c *Client, id string, read func(context.Context, string) (T, error), registered func(T) bool) (T, *StorageConfiguration, error) {
	var (
		wg         sync.WaitGroup
		storage    *StorageConfiguration
		storageErr error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		storage, storageErr = c.StorageConfiguration(ctx, id)
	}()
	node, err := read(ctx, id)
	wg.Wait()
	if err != nil {
		return node, nil, err
	}
	if storageErr != nil {
		if registered(node) {
			return node, nil, storageErr
		}
		storage = nil
	}
	return node, storage, nil
}

// PhoneNumbers lists every number of a WhatsApp Business Account, following
// the cursor paging to the end (listAll).
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/business-management-api/manage-phone-numbers
func (c *Client) PhoneNumbers(ctx context.Context, wabaID string) ([]PhoneNumber, error) {
	q, label, path := phoneNumbersRequest(wabaID)
	return listAll(ctx, c, label, path, q, decodeListedNumber)
}

// EachPhoneNumber yields the numbers of a WhatsApp Business Account page by
// page, asking for the next page only when the consumer wants more
// (eachItem): one call per page. An error is yielded once, last.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/business-management-api/manage-phone-numbers
func (c *Client) EachPhoneNumber(ctx context.Context, wabaID string) iter.Seq2[PhoneNumber, error] {
	q, label, path := phoneNumbersRequest(wabaID)
	return eachItem(ctx, c, label, path, q, decodeListedNumber)
}

func phoneNumbersRequest(wabaID string) (url.Values, string, []string) {
	return url.Values{"fields": {phoneNumberFields}, "limit": {strconv.Itoa(phoneNumbersPageLimit)}},
		"list phone numbers of WhatsApp Business Account " + wabaID, []string{wabaID, "phone_numbers"}
}

func decodeListedNumber(obj object) (PhoneNumber, error) {
	p, err := decodePhoneNumber(obj, "")
	if err != nil {
		return PhoneNumber{}, err
	}
	return *p, nil
}
