package provider_test

import (
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// A wrong app secret fails the plan, as a refused token does: Meta refuses
// every call's appsecret_proof (code 100), so a green plan job would be
// followed by an apply that fails after approval. The secret is never
// printed.
func TestCLIPlanWithAWrongAppSecretFails(t *testing.T) {
	const rightSecret, wrongSecret = "the-right-app-secret-5e1", "a-wrong-app-secret-93c"
	env := acctest.NewEnv(t, func(o *emulator.Options) { o.AppSecret = rightSecret })
	c := env.CLI(t)
	c.WriteRaw(env.ProviderBlockWith(`app_secret = "`+wrongSecret+`"`) + acctest.ProfileConfig(`about = "Hello"`))
	out, err := c.Run("plan")
	if err == nil {
		t.Fatalf("plan passed with a wrong app secret:\n%s", out)
	}
	acctest.AssertContains(t, out, "Meta refused the appsecret_proof made with the provider block's app_secret", "No call was made for any resource", "fbtrace_id")
	acctest.AssertNotContains(t, acctest.WithoutSourceSnippets(out), wrongSecret, rightSecret)
	if got := env.OpsOf(emulator.OpGetApp); len(got) != 1 {
		t.Errorf("GET /app calls = %v, want one", got)
	}

	// No secret for an app that requires one: the same, saying none is set.
	c.Write(acctest.ProfileConfig(`about = "Hello"`))
	out, err = c.Run("plan")
	if err == nil {
		t.Fatalf("plan passed without the required app secret:\n%s", out)
	}
	acctest.AssertContains(t, out, "Meta refused the appsecret_proof made with no app secret")

	// The right secret: the plan passes.
	c.WriteRaw(env.ProviderBlockWith(`app_secret = "`+rightSecret+`"`) + acctest.ProfileConfig(`about = "Hello"`))
	c.MustRun("plan")
}
