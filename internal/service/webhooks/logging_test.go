package webhooks_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/acctest"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/service/webhooks"
)

// Case 10, the DEBUG log: the 2200 error that quotes the token, and the
// picture handle, as the provider's tflog subsystem receives them.
func TestClientLoggerScrubsEncodedTokensAndShortensHandles(t *testing.T) {
	env, hook := acctest.NewHookEnv(t)
	var out strings.Builder
	data := framework.NewProviderData(nil, framework.NewScope(), acctest.Token, "")
	ctx := data.LogContext(tflogtest.RootLogger(context.Background(), &out))
	client, err := cloudapi.New(cloudapi.Config{BaseURL: env.Srv.URL, AccessToken: acctest.Token, Log: framework.ClientLog, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Subscribe(ctx, acctest.WABA, cloudapi.Subscription{}); err != nil {
		t.Fatal(err)
	}
	env.Emu.InjectFault(emulator.Fault{Operation: emulator.OpSubscribeApp, Code: 2200,
		Message: "(#2200) Callback verification failed: url = " + hook.URL("/w") + "?hub.verify_token=" + url.QueryEscape(acctest.VerifyTokenOdd)})
	err = client.Subscribe(ctx, acctest.WABA, cloudapi.Subscription{OverrideCallbackURI: hook.URL("/w"), VerifyToken: acctest.VerifyTokenOdd})
	if err == nil {
		t.Fatal("the fault did not fail the call")
	}
	d := webhooks.OverrideUpdateFailed(acctest.WABA, err)
	const handle = "4::aW1hZ2UvanBlZw==:ARbSecretUploadHandleXYZ"
	about := "x"
	if err := client.UpdateBusinessProfile(ctx, acctest.Number, cloudapi.ProfileUpdate{About: &about, ProfilePictureHandle: handle}); err != nil {
		t.Fatal(err)
	}
	logs := out.String()
	if !strings.Contains(logs, "profile_picture_handle") || !strings.Contains(logs, "4::aW1… (") {
		t.Fatalf("the handle's log line is missing or not shortened:\n%s", logs)
	}
	for _, text := range []string{logs, d.Detail(), err.Error()} {
		for _, form := range []string{acctest.VerifyTokenOdd, url.QueryEscape(acctest.VerifyTokenOdd), handle, "ARbSecretUploadHandleXYZ"} {
			if strings.Contains(text, form) {
				t.Errorf("%q appears in:\n%s", form, text)
			}
		}
	}
}
