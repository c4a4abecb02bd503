package provider_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// clearProviderEnv empties the provider's variables for one (non-parallel) test.
func clearProviderEnv(t *testing.T) {
	for _, v := range []string{framework.EnvAccessToken, framework.EnvBaseURL, framework.EnvAPIVersion, framework.EnvAppSecret} {
		t.Setenv(v, "")
	}
}

func TestAccProvider_missingTokenNamesBothWays(t *testing.T) {
	clearProviderEnv(t)
	env := acctest.NewEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "whatsapp" { base_url = %q }`, env.Srv.URL) + acctest.RegistrationConfig(`pin = "123456"`),
			ExpectError: acctest.ErrorMatching("The provider has no access token",
				`Set access_token in the provider "whatsapp" block, or the WHATSAPP_ACCESS_TOKEN environment variable`),
		}},
	})
	if n := len(env.Emu.Requests()); n != 0 {
		t.Errorf("%d requests sent without a token", n)
	}
}

func TestAccProvider_environmentFallbackAndPrecedence(t *testing.T) {
	clearProviderEnv(t)
	env := acctest.NewEnv(t)
	t.Setenv(framework.EnvAccessToken, acctest.Token)
	t.Setenv(framework.EnvBaseURL, env.Srv.URL)
	const addr = "data.whatsapp_phone_number.x"
	ds := fmt.Sprintf(`data "whatsapp_phone_number" "x" { phone_number_id = %q }`, acctest.Number)
	check := []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("verified_name"), knownvalue.StringExact("Acme Support"))}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			// Everything from the environment.
			{Config: `provider "whatsapp" {}` + "\n" + ds, ConfigStateChecks: check},
			{
				// The attribute beats the environment: a wrong token in the
				// environment is ignored when the block sets the right one.
				PreConfig:         func() { t.Setenv(framework.EnvAccessToken, "wrong-token") },
				Config:            fmt.Sprintf(`provider "whatsapp" { access_token = %q }`, acctest.Token) + "\n" + ds,
				ConfigStateChecks: check,
			},
			{
				// And the environment is really read: with only the wrong one, Meta's 190 comes back.
				Config:      `provider "whatsapp" {}` + "\n" + ds,
				ExpectError: acctest.ErrorMatching("refused the access token", "error 190"),
			},
			{
				PreConfig:   func() { t.Setenv(framework.EnvAccessToken, acctest.Token); t.Setenv(framework.EnvAPIVersion, "v20.0") },
				Config:      `provider "whatsapp" {}` + "\n" + ds,
				ExpectError: acctest.ErrorMatching("retired by Meta", "such as "+cloudapi.DefaultAPIVersion, "Graph API (v20.0)"),
			},
		},
	})
}

func TestAccProvider_clearTextBaseURLIsRefused(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "whatsapp" {
  base_url     = "http://graph.example.com"
  access_token = %q
}
`, acctest.Token) + acctest.RegistrationConfig(`pin = "123456"`),
			ExpectError: acctest.ErrorMatching("Invalid base_url", "the access token would travel in clear text", "http:// only with 127.0.0.1, ::1 or localhost"),
		}},
	})
}

// A provider block that depends on values known only after apply must not
// fail the plan.
func TestAccProvider_unknownConfigurationAtPlan(t *testing.T) {
	env := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "credentials" {
  input = %q
}

provider "whatsapp" {
  base_url     = %q
  access_token = terraform_data.credentials.output
}
`, acctest.Token, env.Srv.URL) + acctest.RegistrationConfig(`pin = "123456"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(acctest.RegistrationAddr, tfjsonpath.New("platform_type"), knownvalue.StringExact("CLOUD_API")),
			},
			Check: env.ExpectOps(emulator.OpRegister),
		}},
	})
}

func TestAccProvider_appSecretProof(t *testing.T) {
	env := acctest.NewEnv(t, func(o *emulator.Options) { o.AppSecret = "the-app-secret" })
	block := func(secret string) string {
		return fmt.Sprintf(`provider "whatsapp" {
  base_url     = %q
  access_token = %q
  app_secret   = %q
}
`, env.Srv.URL, acctest.Token, secret)
	}
	ds := fmt.Sprintf(`data "whatsapp_phone_number" "x" { phone_number_id = %q }`, acctest.Number)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.Factories(),
		Steps: []resource.TestStep{
			{
				Config:            block("the-app-secret") + ds,
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("data.whatsapp_phone_number.x", tfjsonpath.New("registered"), knownvalue.Bool(false))},
			},
			// A wrong secret is refused when the provider is configured,
			// as a refused token is (TestCLIPlanWithAWrongAppSecretFails).
			{Config: block("another-secret") + ds, ExpectError: acctest.ErrorMatching("Meta refused the appsecret_proof", "Invalid appsecret_proof")},
			// The right one again, for the test's own destroy.
			{Config: block("the-app-secret") + ds},
		},
	})
}

// The tflog wiring: whatever the client logs reaches the "cloudapi"
// subsystem, and the token, app secret and PIN never do.
func TestClientLoggerMasksSecrets(t *testing.T) {
	env := acctest.NewEnv(t, func(o *emulator.Options) { o.AppSecret = "the-app-secret" })
	var out strings.Builder
	data := framework.NewProviderData(nil, framework.NewScope(), acctest.Token, "the-app-secret")
	ctx := data.LogContext(tflogtest.RootLogger(context.Background(), &out))
	client, err := cloudapi.New(cloudapi.Config{
		BaseURL: env.Srv.URL, AccessToken: acctest.Token, AppSecret: "the-app-secret", Log: framework.ClientLog,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Register(ctx, acctest.Number, cloudapi.RegisterRequest{PIN: "864209", Region: "DE"}); err != nil {
		t.Fatal(err)
	}
	// A careless future log line that quotes the secrets is masked too.
	framework.ClientLog(ctx, cloudapi.LevelInfo, "debugging "+acctest.Token, map[string]any{"header": "Bearer " + acctest.Token, "pin": "864209", "secret": "the-app-secret"})
	logs := out.String()
	if !strings.Contains(logs, `"@module":"provider.cloudapi"`) || !strings.Contains(logs, "register phone number "+acctest.Number) {
		t.Fatalf("client events did not reach the cloudapi subsystem:\n%s", logs)
	}
	for _, secret := range []string{acctest.Token, "the-app-secret", "864209", cloudapi.AppSecretProof(acctest.Token, "the-app-secret")} {
		if strings.Contains(logs, secret) {
			t.Errorf("secret %q found in logs:\n%s", secret[:3]+"…", logs)
		}
	}
}
