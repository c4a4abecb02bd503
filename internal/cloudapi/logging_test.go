package cloudapi_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestLogsNeverCarrySecrets(t *testing.T) {
	h := newHarness(t, emulator.Options{AppSecret: testAppSecret, MaxPageSize: 1})
	h.emu.AddNumber(emulator.Number{ID: "200000000000001", WABAID: testWABA})
	var mu sync.Mutex
	var logged strings.Builder
	c := h.client(t, func(cfg *cloudapi.Config) {
		cfg.AppSecret = testAppSecret
		cfg.Log = func(_ context.Context, _ cloudapi.Level, msg string, fields map[string]any) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(&logged, "%s %v\n", msg, fields)
		}
	})
	ctx := context.Background()
	const pin, newPIN, password, backupData = "314159", "271828", "backup-password-xyz", "backup-data-blob"
	h.emu.MovePlatform(testNumber, emulator.PlatformOnPremise)                      // a migration, which carries a backup
	h.emu.InjectFault(emulator.Fault{Operation: emulator.OpRegister, Code: 133015}) // retried in the same call: attempt 2
	if _, err := c.Register(ctx, testNumber, cloudapi.RegisterRequest{PIN: pin, Region: "DE", Backup: &cloudapi.Backup{Data: backupData, Password: password}}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetPIN(ctx, testNumber, newPIN); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PhoneNumbers(ctx, testWABA); err != nil {
		t.Fatal(err)
	}
	_, _ = c.Register(ctx, testNumber, cloudapi.RegisterRequest{PIN: pin}) // 133005: an error path
	out := logged.String()
	if !strings.Contains(out, "register phone number "+testNumber) || !strings.Contains(out, "attempt:2") {
		t.Fatalf("expected request logs with attempts, got:\n%s", out)
	}
	for name, secret := range map[string]string{
		"token": testToken, "app secret": testAppSecret, "appsecret_proof": cloudapi.AppSecretProof(testToken, testAppSecret),
		"pin": pin, "new pin": newPIN, "backup password": password, "backup data": backupData,
	} {
		if strings.Contains(out, secret) {
			t.Errorf("%s appears in the logs:\n%s", name, out)
		}
	}
}
