package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The provider block's own validator, without the CLI (the other
// validators' messages: internal/service/registration's TestValidatorMessages).
func TestBaseURLValidatorMessage(t *testing.T) {
	resp := &validator.StringResponse{}
	baseURLValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("attr"), ConfigValue: types.StringValue("https://graph.facebook.com/v26.0")}, resp)
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), "carries the Graph API version v26.0") {
		t.Errorf("base url with a version: %v, want …%q…", resp.Diagnostics, "carries the Graph API version v26.0")
	}
}
