package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// The texts of whatsapp_business_profile, one constructor per scenario.

func profileUpdateFailed(id string, err error) diag.Diagnostic {
	return apiError("Could not update the business profile of phone number "+id,
		"Meta refuses an update as a whole, so the profile is as it was before this apply; state still holds the previous values, and the next apply tries again.", err)
}

func profileReadFailed(id string, err error) diag.Diagnostic {
	return apiError("Could not read the business profile of phone number "+id, "The profile in state was left as it was.", err)
}

func profileReadBackWarning(id string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Updated the business profile of phone number "+id+", but could not read it back",
		"The update succeeded and the configured fields are saved in state. Reading the profile back failed ("+err.Error()+"); "+
			"the fields this configuration leaves out are filled in by the next refresh.")
}

func importProfileReadFailed(id string, err error) diag.Diagnostic {
	what := "Nothing was imported."
	if cloudapi.IsNotVisible(err) {
		what = "Nothing was imported: Meta answers that phone number ID " + id + " does not exist, or is not visible to this token."
	}
	return apiError("Could not import the business profile of phone number "+id, what, err)
}

// profileStaysWarning is shown by a plan that destroys the resource, and
// again by the destroy: there is no API to delete a profile.
func profileStaysWarning(id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The business profile of phone number "+id+" stays as it is",
		"Destroying whatsapp_business_profile makes no API call: Meta has no way to delete a business profile, and clearing its fields is a choice the provider does not make for you. "+
			"Terraform stops managing the profile; WhatsApp users keep seeing it. To clear a field, set it to \"\" and apply before destroying (about cannot be empty).")
}
