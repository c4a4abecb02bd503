package templates

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A template's identity is its WABA, name and language (Terraform 1.12+,
// OpenTofu 1.12+): what names it in Meta's rules (one template per name
// and language of a WABA), and what stays when Meta gives it a new id
// never. An import by identity is the import by
// <waba>/<name>/<language>: the same reads, the same refusals.

// identityAttrs are the identity's attributes, in the order of the import
// id <whatsapp_business_account_id>/<name>/<language>.
var identityAttrs = []string{"whatsapp_business_account_id", "name", "language"}

// IdentitySchema: identified by whatsapp_business_account_id, name and
// language.
func (r *messageTemplateResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	desc := map[string]string{
		"whatsapp_business_account_id": "The WhatsApp Business Account ID the template belongs to.",
		"name":                         "The template name, matched exactly.",
		"language":                     "The template's language code, such as en_US.",
	}
	attrs := map[string]identityschema.Attribute{}
	for _, a := range identityAttrs {
		attrs[a] = identityschema.StringAttribute{RequiredForImport: true, Description: desc[a]}
	}
	resp.IdentitySchema = identityschema.Schema{Attributes: attrs}
}

// setTemplateIdentity records m's identity. Clients without identity
// support get none (identity is nil).
func setTemplateIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m messageTemplateModel, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	for a, v := range map[string]types.String{"whatsapp_business_account_id": m.WABAID, "name": m.Name, "language": m.Language} {
		if v.IsNull() || v.IsUnknown() {
			return
		}
		diags.Append(identity.SetAttribute(ctx, path.Root(a), v)...)
	}
}

// templateImportID is the id an import names: `terraform import`'s id or
// an import block's `id`, or else an import block's `identity` as
// <whatsapp_business_account_id>/<name>/<language>, which ImportState then
// reads and checks as any id.
func templateImportID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil {
		return req.ID
	}
	id := ""
	for i, a := range identityAttrs {
		var v types.String
		diags.Append(req.Identity.GetAttribute(ctx, path.Root(a), &v)...)
		if i > 0 {
			id += "/"
		}
		id += v.ValueString()
	}
	return id
}
