package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform 1.12+, OpenTofu 1.12+): every managed
// resource is identified by one Graph id, the attribute of the same name
// in its state (phone_number_id, whatsapp_business_account_id). A type
// whose objects need more than one id (a message template: the WABA id,
// its name and language) lists several attributes, each RequiredForImport,
// and reads them in its ImportState the same way.

// IdentitySchema is an identity of one required Graph id attribute.
func IdentitySchema(attr, description string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			attr: identityschema.StringAttribute{RequiredForImport: true, Description: description},
		},
	}
}

// SetIdentity records the object's id as its identity. Clients without
// identity support get none (identity is nil).
func SetIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, attr string, id types.String, diags *diag.Diagnostics) {
	if identity == nil || id.IsNull() || id.IsUnknown() {
		return
	}
	diags.Append(identity.SetAttribute(ctx, path.Root(attr), id)...)
}

// ImportID is the id an import names: `terraform import`'s id or an import
// block's `id`, or else the attribute attr of an import block's
// `identity`, checked as ValidImportID checks it. Every ImportState reads
// its id here, so an import by identity passes through the same reads and
// refusals as one by id.
func ImportID(ctx context.Context, req resource.ImportStateRequest, attr, what, example string, diags *diag.Diagnostics) (string, bool) {
	id := req.ID
	if id == "" && req.Identity != nil {
		var v types.String
		diags.Append(req.Identity.GetAttribute(ctx, path.Root(attr), &v)...)
		if diags.HasError() {
			return "", false
		}
		id = v.ValueString()
	}
	return id, ValidImportID(id, what, example, diags)
}
