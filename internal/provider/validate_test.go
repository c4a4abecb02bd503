package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// TestCLIInvalidConfigurationsAreRejectedByValidate runs `terraform
// validate` on configurations that must never reach the API, and checks that
// each error names the attribute at fault, repeats no secret, and that
// nothing was called.
func TestCLIInvalidConfigurationsAreRejectedByValidate(t *testing.T) {
	t.Parallel()
	env := acctest.NewEnv(t)
	c := env.CLI(t)
	reg := func(lines ...string) string {
		return fmt.Sprintf("resource \"whatsapp_phone_registration\" \"main\" {\n  %s\n}\n", strings.Join(lines, "\n  "))
	}
	id := fmt.Sprintf("phone_number_id = %q", acctest.Number)
	pin := `pin = "123456"`
	longID := strings.Repeat("1", 5000)
	cases := []struct {
		name, body, attr, want, secret string
		providerBlock                  string
	}{
		{name: "pin too short", body: reg(id, `pin = "12345"`), attr: "pin", want: "must be exactly 6 digits", secret: "12345"},
		{name: "pin with a letter", body: reg(id, `pin = "12a456"`), attr: "pin", want: "must be exactly 6 digits", secret: "12a456"},
		{name: "pin too long", body: reg(id, `pin = "1234567"`), attr: "pin", want: "must be exactly 6 digits", secret: "1234567"},
		{name: "neither pin nor pin_wo", body: reg(id), attr: `resource "whatsapp_phone_registration"`, want: "Set exactly one of pin and pin_wo: neither is set"},
		{name: "both pin and pin_wo", body: reg(id, pin, `pin_wo = "123456"`, `pin_wo_version = 1`), attr: "pin", want: "Set exactly one of pin and pin_wo: both are set"},
		{name: "pin_wo without its version", body: reg(id, `pin_wo = "123456"`), attr: "pin_wo", want: `"pin_wo_version" must be specified`},
		{name: "pin_wo_version without pin_wo", body: reg(id, pin, `pin_wo_version = 1`), attr: "pin_wo_version", want: `"pin_wo" must be specified`},
		{name: "pin_wo_version zero", body: reg(id, `pin_wo = "123456"`, `pin_wo_version = 0`), attr: "pin_wo_version", want: "at least 1"},
		{name: "pin_wo too short", body: reg(id, `pin_wo = "1234"`, `pin_wo_version = 1`), attr: "pin_wo", want: "must be exactly 6 digits", secret: `"1234"`},
		{name: "unknown region", body: reg(id, pin, `data_localization_region = "US"`), attr: "data_localization_region", want: "must be one of: AU, ID, IN, JP, SG, KR, DE, CH, GB, BR, BH, ZA, AE, CA; got \"US\""},
		{name: "lower-case region", body: reg(id, pin, `data_localization_region = "de"`), attr: "data_localization_region", want: `did you mean "DE"?`},
		{name: "empty region", body: reg(id, pin, `data_localization_region = ""`), attr: "data_localization_region", want: "must be one of"},
		{name: "phone number instead of its id", body: reg(`phone_number_id = "+41446681800"`, pin), attr: "phone_number_id", want: "not the phone number"},
		{name: "empty phone number id", body: reg(`phone_number_id = ""`, pin), attr: "phone_number_id", want: "1 to 20 digits"},
		{name: "a 5,000-digit phone number id", body: reg(fmt.Sprintf("phone_number_id = %q", longID), pin), attr: "phone_number_id", want: "(5000 characters)", secret: longID},
		{name: "missing phone number id", body: reg(pin), want: `"phone_number_id" is required`},
		{name: "backup data without password", body: reg(id, pin, `migration_backup_data_wo = "blob"`), attr: "migration_backup_data_wo", want: `"migration_backup_password_wo" must be specified`},
		{name: "backup password without data", body: reg(id, pin, `migration_backup_password_wo = "pw"`), attr: "migration_backup_password_wo", want: `"migration_backup_data_wo" must be specified`},
		{name: "empty backup data", body: reg(id, pin, `migration_backup_data_wo = ""`, `migration_backup_password_wo = "pw"`), attr: "migration_backup_data_wo", want: "length must be at least 1"},
		{name: "timeout that is not a duration", body: reg(id, pin, "timeouts {\n    create = \"soon\"\n  }"), attr: "create", want: "Invalid Attribute Value Time Duration"},
		{name: "negative timeout", body: reg(id, pin, "timeouts {\n    create = \"-5m\"\n  }"), attr: "create", want: "timeouts.create must be a duration above zero"},
		{name: "zero read timeout", body: reg(id, pin, "timeouts {\n    read = \"0s\"\n  }"), attr: "read", want: "timeouts.read must be a duration above zero"},
		{name: "data source with a phone number", body: `data "whatsapp_phone_number" "x" { phone_number_id = "+41 44" }`, attr: "phone_number_id", want: "not the phone number"},
		{name: "phone_numbers with a bad WABA id", body: `data "whatsapp_phone_numbers" "x" { whatsapp_business_account_id = "acme" }`, attr: "whatsapp_business_account_id", want: "numeric WhatsApp Business Account ID"},
		{name: "api_version without v", providerBlock: `provider "whatsapp" { api_version = "25.0" }`, body: reg(id, pin), attr: "api_version", want: "Graph API version such as " + cloudapi.DefaultAPIVersion},
		{name: "max_retries too high", providerBlock: `provider "whatsapp" { max_retries = 11 }`, body: reg(id, pin), attr: "max_retries", want: "between 0 and 10"},
		{name: "base_url with a version", providerBlock: `provider "whatsapp" { base_url = "https://graph.facebook.com/v25.0" }`, body: reg(id, pin), attr: "base_url", want: "carries the Graph API version v25.0"},
		{name: "base_url with a password", providerBlock: `provider "whatsapp" { base_url = "https://ops:hunter2secret@graph.facebook.com" }`, body: reg(id, pin), attr: "base_url", want: "must not carry credentials", secret: "hunter2secret"},
		{name: "base_url with a token", providerBlock: `provider "whatsapp" { base_url = "https://graph.facebook.com?access_token=EAAGleak" }`, body: reg(id, pin), attr: "base_url", want: "must not carry credentials", secret: "EAAGleak"},
		{name: "request_timeout zero", providerBlock: `provider "whatsapp" { request_timeout = "0s" }`, body: reg(id, pin), attr: "request_timeout", want: "must be a duration above zero"},
		{name: "request_timeout of an hour", providerBlock: `provider "whatsapp" { request_timeout = "1h" }`, body: reg(id, pin), attr: "request_timeout", want: "at most 10m0s"},
	}
	for _, tc := range cases {
		full := tc.providerBlock + "\n" + tc.body
		if tc.providerBlock == "" {
			full = env.ProviderBlock() + tc.body
		}
		c.ValidateRejects(tc.name, full, tc.attr, tc.want, tc.secret)
	}
	if reqs := env.Emu.Requests(); len(reqs) != 0 {
		t.Errorf("validate called the API %d times: %+v", len(reqs), reqs)
	}
}
