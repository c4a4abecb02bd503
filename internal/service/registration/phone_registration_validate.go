package registration

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// ValidateConfig checks what no single attribute's validator can: exactly
// one of pin and pin_wo, and timeouts above zero. Nothing here calls the API.
func (r *phoneRegistrationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var pin, pinWO types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("pin"), &pin)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("pin_wo"), &pinWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case pin.IsNull() && pinWO.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("pin_wo"), "Missing two-step verification PIN",
			"Set exactly one of pin and pin_wo: neither is set. A register must present the number's six-digit two-step PIN. "+
				"pin_wo (with pin_wo_version) keeps it out of plan files and state; pin is stored in both.")
	case !pin.IsNull() && !pinWO.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("pin"), "Conflicting two-step verification PINs",
			"Set exactly one of pin and pin_wo: both are set. Keep pin_wo (with pin_wo_version), which stays out of plan files and state, and remove pin.")
	}

	var timeoutsBlock timeouts.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &timeoutsBlock)...)
	if timeoutsBlock.IsNull() || timeoutsBlock.IsUnknown() {
		return
	}
	for name, v := range timeoutsBlock.Attributes() {
		framework.CheckTimeout(path.Root("timeouts").AtName(name), v, resp)
	}
}
