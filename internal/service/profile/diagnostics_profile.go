package profile

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The texts of whatsapp_business_profile, one constructor per scenario.

const profileType = "whatsapp_business_profile"

func profileUpdateFailed(id string, err error) diag.Diagnostic {
	return framework.ObjectAPIError("Could not update the business profile of phone number "+id,
		"Meta refuses an update as a whole, so the profile is as it was before this apply; state still holds the previous values, and the next apply tries again.", err, framework.NumberObject(id, profileType, framework.OpUpdate))
}

func profileReadFailed(id string, err error) diag.Diagnostic {
	return framework.ObjectAPIError("Could not read the business profile of phone number "+id, framework.OpRefresh.Unchanged("profile"), err, framework.NumberObject(id, profileType, framework.OpRefresh))
}

// profileReadBackMismatchWarning is an update that Meta answered with
// success, and whose read-back shows some fields without the value sent.
func profileReadBackMismatchWarning(id string, differ []string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Updated the business profile of phone number "+id+", but Meta reports other values",
		"Meta answered the update with success, but reading the profile back shows: "+strings.Join(differ, "; ")+". "+
			"State records what was configured, so the next plan shows the difference and applying it sends the fields again. "+
			"If it persists, check the profile in WhatsApp Manager: Meta may have refused or rewritten a value without saying so.")
}

func profileReadBackWarning(id string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Updated the business profile of phone number "+id+", but could not read it back",
		"The update succeeded and the configured fields are saved in state. Reading the profile back failed ("+err.Error()+"); "+
			"the fields this configuration leaves out are filled in by the next refresh.")
}

func importProfileReadFailed(id string, err error) diag.Diagnostic {
	return framework.ObjectAPIError("Could not import the business profile of phone number "+id, framework.OpImport.Unchanged("profile"), err, framework.NumberObject(id, profileType, framework.OpImport))
}

// profileStaysWarning is shown by a plan that destroys the resource, and
// again by the destroy: there is no API to delete a profile.
func profileStaysWarning(id string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The business profile of phone number "+id+" stays as it is",
		"Destroying whatsapp_business_profile makes no API call: Meta has no way to delete a business profile, and clearing its fields is a choice the provider does not make for you. "+
			"Terraform stops managing the profile; WhatsApp users keep seeing it. To clear a field, set it to \"\" and apply before destroying (about cannot be empty).")
}

// profileReplacedWarning names what a create replaced in a profile that
// was not empty (set in WhatsApp Manager, or by another tool).
func profileReplacedWarning(id string, replaced []string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The business profile of phone number "+id+" already had other values: replaced",
		"A create reads the profile first. These fields held other values (set in WhatsApp Manager or by another tool), and this apply replaced them with the configured ones: "+
			strings.Join(replaced, "; ")+". Fields this resource does not set were left as they were. "+
			"To review such a change before it is made, import the profile first (terraform import whatsapp_business_profile.<name> "+id+"): the plan then shows each field old → new.")
}

func profileReadBeforeCreateFailed(id string, err error) diag.Diagnostic {
	return framework.APIError("Could not read the business profile of phone number "+id+" before creating it",
		"A create reads the profile first, to name what it would replace. That read failed, so nothing was written.", err)
}
