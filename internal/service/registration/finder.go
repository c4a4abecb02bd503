package registration

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
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

// findRegistration is findNumber for a number that should be registered:
// one Meta definitely reports as not on the Cloud API is a
// framework.NotFoundError, returned with the reading (its platform_type
// explains the absence).
func findRegistration(ctx context.Context, client *cloudapi.Client, id string) (*cloudapi.Registration, error) {
	reading, err := findNumber(ctx, client, id)
	if err != nil {
		return nil, err
	}
	if !reading.Registered() {
		return reading, framework.NewNotFound("phone number %s is not registered on the Cloud API (platform_type %s)", id, reading.Number.Platform)
	}
	return reading, nil
}

// flattenRegistration sets the resource's remote attributes from a reading.
func flattenRegistration(reading *cloudapi.Registration, m *phoneRegistrationModel) {
	n := reading.Number
	m.ID = types.StringValue(n.ID)
	m.PhoneNumberID = types.StringValue(n.ID)
	m.DisplayPhoneNumber = framework.OptionalString(n.DisplayPhoneNumber)
	m.VerifiedName = framework.OptionalString(n.VerifiedName)
	m.PlatformType = types.StringValue(string(n.Platform))
	m.Status = framework.OptionalString(n.Status)
	m.QualityRating = framework.OptionalString(n.QualityRating)
	m.CodeVerificationStatus = framework.OptionalString(n.CodeVerificationStatus)
	m.DataLocalizationRegion = framework.OptionalString(reading.Region())
}
