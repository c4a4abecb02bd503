package templates

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// The texts of adoptOrRefuse.

// templateExistsDiffers is templateExists, with what differs.
func templateExistsDiffers(m messageTemplateModel, t *cloudapi.Template, diffs []string) diag.Diagnostic {
	base := templateExists(m, t)
	what := "its content could not be compared"
	if len(diffs) > 0 {
		what = "its content differs from this configuration's:\n  - " + strings.Join(diffs, "\n  - ")
	}
	return diag.NewErrorDiagnostic(base.Summary(), "A template that has this configuration's content is adopted; this one is not: "+what+"\n\n"+base.Detail())
}

func templateAdoptedWarning(m messageTemplateModel, t *cloudapi.Template) diag.Diagnostic {
	return diag.NewWarningDiagnostic(fmt.Sprintf("Adopted the existing %s (template %s): nothing was sent", label(m), t.ID),
		fmt.Sprintf("WhatsApp Business Account %s already has a template of this name and language with this configuration's content "+
			"(category, parameter format, components and, when configured, message_send_ttl_seconds, compared as Meta reads them back). "+
			"It was adopted into state instead of created again: no create was sent, and none of the account's hourly creations was spent. "+
			"Its status is %s, as Meta's review left it; from now on this configuration manages it (an edit or a destroy here changes that template).",
			m.WABAID.ValueString(), t.Status))
}
