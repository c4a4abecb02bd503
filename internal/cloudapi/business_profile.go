package cloudapi

import (
	"context"
	"fmt"
	"net/url"
)

// Verticals are the industries Meta accepts in a profile's vertical. The
// reference documents the enum and no way to clear the field, so "" is not
// among them: the provider never sends it.
var Verticals = []string{"UNDEFINED", "OTHER", "AUTO", "BEAUTY", "APPAREL", "EDU", "ENTERTAIN", "EVENT_PLAN", "FINANCE",
	"GROCERY", "GOVT", "HOTEL", "HEALTH", "NONPROFIT", "PROF_SERVICES", "RETAIL", "TRAVEL", "RESTAURANT", "NOT_A_BIZ"}

// Meta's limits on a profile's fields, in characters.
const (
	MaxProfileAbout       = 139
	MaxProfileAddress     = 256
	MaxProfileDescription = 512
	MaxProfileEmail       = 128
	MaxProfileWebsites    = 2
	MaxProfileWebsite     = 256
)

// businessProfileFields are the profile fields read back; the handle of a
// profile picture is write-only, its URL is what reads give.
const businessProfileFields = "about,address,description,email,profile_picture_url,websites,vertical"

// BusinessProfile is a number's WhatsApp business profile. Meta leaves empty
// fields out of its answer, so "" (or nil) means not set.
type BusinessProfile struct {
	About             string
	Address           string
	Description       string
	Email             string
	Websites          []string
	Vertical          string
	ProfilePictureURL string
}

// ProfileUpdate is a partial update: a nil field is not sent, so Meta keeps
// its value. An empty string clears a field (about cannot be empty).
type ProfileUpdate struct {
	About, Address, Description, Email, Vertical *string
	Websites                                     *[]string
	// ProfilePictureHandle is a handle from the Resumable Upload API; ""
	// sends none.
	ProfilePictureHandle string
}

// Empty reports whether the update carries nothing.
func (u ProfileUpdate) Empty() bool {
	return u.About == nil && u.Address == nil && u.Description == nil && u.Email == nil && u.Vertical == nil &&
		u.Websites == nil && u.ProfilePictureHandle == ""
}

// BusinessProfile reads a number's business profile.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/business-profiles
func (c *Client) BusinessProfile(ctx context.Context, phoneNumberID string) (*BusinessProfile, error) {
	var out *BusinessProfile
	_, err := c.call(ctx, &request{
		method: "GET", label: "read the business profile of phone number " + phoneNumberID,
		path: []string{phoneNumberID, "whatsapp_business_profile"}, query: url.Values{"fields": {businessProfileFields}},
		decode: func(raw []byte) (err error) {
			out, err = decodeBusinessProfile(raw)
			return err
		},
	})
	return out, err
}

// decodeBusinessProfile reads {"data": [profile]}: exactly one profile,
// of the whatsapp product.
func decodeBusinessProfile(raw []byte) (*BusinessProfile, error) {
	obj, err := decodeObject(raw)
	if err != nil {
		return nil, err
	}
	items, err := obj.objects("data")
	if err == nil && len(items) != 1 {
		got := fmt.Sprintf("%d profiles", len(items))
		if _, present := obj["data"]; !present {
			got = "missing"
		}
		err = &NotUnderstoodError{Field: "data", Got: got, Want: "a JSON array holding exactly one profile"}
	}
	if err != nil {
		return nil, err
	}
	item := items[0]
	if _, err := item.oneOf("messaging_product", "whatsapp"); err != nil {
		return nil, prefixField(err, "data[0].")
	}
	p := &BusinessProfile{}
	for field, dst := range map[string]*string{"about": &p.About, "address": &p.Address, "description": &p.Description,
		"email": &p.Email, "vertical": &p.Vertical, "profile_picture_url": &p.ProfilePictureURL} {
		if *dst, err = item.str(field); err != nil {
			return nil, prefixField(err, "data[0].")
		}
	}
	if p.Websites, err = item.strs("websites"); err != nil {
		return nil, prefixField(err, "data[0].")
	}
	return p, nil
}

// UpdateBusinessProfile sends the fields of u, and only those.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/business-profiles
func (c *Client) UpdateBusinessProfile(ctx context.Context, phoneNumberID string, u ProfileUpdate) error {
	body := map[string]any{"messaging_product": "whatsapp"}
	for field, v := range map[string]*string{"about": u.About, "address": u.Address, "description": u.Description, "email": u.Email, "vertical": u.Vertical} {
		if v != nil {
			body[field] = *v
		}
	}
	if u.Websites != nil {
		body["websites"] = append([]string{}, *u.Websites...)
	}
	if u.ProfilePictureHandle != "" {
		body["profile_picture_handle"] = u.ProfilePictureHandle
	}
	_, err := c.call(ctx, &request{
		method: "POST", label: "update the business profile of phone number " + phoneNumberID,
		path: []string{phoneNumberID, "whatsapp_business_profile"}, body: body, decode: decodeSuccess,
	})
	return err
}
