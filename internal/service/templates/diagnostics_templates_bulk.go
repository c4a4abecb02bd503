package templates

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The texts of the data source whatsapp_message_templates and the list
// resource whatsapp_message_template.

func templatesListFailed(waba string, err error) diag.Diagnostic {
	return framework.ObjectAPIError("Could not list the message templates of WhatsApp Business Account "+waba,
		"The whatsapp_message_templates data source could not read the account's templates. "+framework.OpDataSource.Unchanged("templates"), err,
		framework.WABAObject(waba, framework.OpDataSource))
}
