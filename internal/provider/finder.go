package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// Find, then flatten: one place reads a number and its settings, and one
// function per model maps the reading onto it. The resource and both data
// sources use them.

// findNumber reads a number and its local-storage setting, concurrently:
// one round trip, two calls. Shapes it does not recognise and answers that
// cannot tell "deleted" from "not visible" (100/33) are errors, never an
// absence.
func findNumber(ctx context.Context, client *cloudapi.Client, id string) (*cloudapi.Registration, error) {
	return client.Registration(ctx, id)
}

// notRegisteredError is findRegistration's typed "not registered": Meta
// definitely reports the number as not on the Cloud API.
type notRegisteredError struct {
	id       string
	platform cloudapi.Platform
}

func (e *notRegisteredError) Error() string {
	return fmt.Sprintf("phone number %s is not registered on the Cloud API (platform_type %s)", e.id, e.platform)
}

// findRegistration is findNumber for a number that should be registered.
func findRegistration(ctx context.Context, client *cloudapi.Client, id string) (*cloudapi.Registration, error) {
	reading, err := findNumber(ctx, client, id)
	if err != nil {
		return nil, err
	}
	if !reading.Registered() {
		return nil, &notRegisteredError{id: id, platform: reading.Number.Platform}
	}
	return reading, nil
}

// flattenRegistration sets the resource's remote attributes from a reading.
func flattenRegistration(reading *cloudapi.Registration, m *phoneRegistrationModel) {
	n := reading.Number
	m.ID = types.StringValue(n.ID)
	m.PhoneNumberID = types.StringValue(n.ID)
	m.DisplayPhoneNumber = optional(n.DisplayPhoneNumber)
	m.VerifiedName = optional(n.VerifiedName)
	m.PlatformType = types.StringValue(string(n.Platform))
	m.Status = optional(n.Status)
	m.QualityRating = optional(n.QualityRating)
	m.CodeVerificationStatus = optional(n.CodeVerificationStatus)
	m.DataLocalizationRegion = optional(reading.Region())
}

// optional maps a field Meta may leave out to null rather than "".
func optional(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
