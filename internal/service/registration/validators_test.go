package registration

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

func TestCheckDuration(t *testing.T) {
	for _, tc := range []struct {
		raw   string
		limit time.Duration
		want  string
	}{
		{"30s", 0, ""},
		{"10m", 10 * time.Minute, ""},
		{"11m", 10 * time.Minute, `got "11m"`},
		{"0s", 0, "would end the operation before it starts"},
		{"-5m", 0, "would end the operation before it starts"},
		{"soon", 0, `"soon" is not a duration`},
	} {
		if got := framework.CheckDuration(tc.raw, tc.limit); (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("checkDuration(%q, %v) = %q, want …%q…", tc.raw, tc.limit, got, tc.want)
		}
	}
}

// The validators' messages, without the CLI: what each says and that a
// value too long to be useful is cut.
func TestValidatorMessages(t *testing.T) {
	run := func(v validator.String, value string) string {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("attr"), ConfigValue: types.StringValue(value)}, resp)
		if !resp.Diagnostics.HasError() {
			return ""
		}
		return resp.Diagnostics[0].Detail()
	}
	for _, tc := range []struct {
		name  string
		v     validator.String
		value string
		want  string
	}{
		{"region ok", regionValidator{}, "DE", ""},
		{"region lower case", regionValidator{}, "de", `did you mean "DE"?`},
		{"region padded", regionValidator{}, " ch ", `did you mean "CH"?`},
		{"region unknown", regionValidator{}, "US", "must be one of: AU, ID"},
		{"id ok", framework.GraphID("an id"), "106540352242922", ""},
		{"id too long", framework.GraphID("an id"), strings.Repeat("9", 21), "1 to 20 digits"},
		{"id far too long", framework.GraphID("an id"), strings.Repeat("9", 40), "… (40 characters)"},
		{"id with a plus", framework.GraphID("an id"), "+41446681800", `got "+41446681800"`},
		{"pin", framework.SecretFormat(pinPattern, "must be 6 digits"), "12345", "has 5 character(s)"},
	} {
		got := run(tc.v, tc.value)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want …%q…", tc.name, got, tc.want)
		}
		if tc.name == "pin" && strings.Contains(got, "12345") {
			t.Errorf("the PIN validator repeated the value: %s", got)
		}
	}
}
