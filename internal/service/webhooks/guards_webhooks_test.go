package webhooks

import (
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

func TestGuardSameApp(t *testing.T) {
	token := &cloudapi.App{ID: "222", Name: "B"}
	for name, tc := range map[string]struct {
		state types.String
		err   bool
	}{
		"same app":                    {types.StringValue("222"), false},
		"another app":                 {types.StringValue("111"), true},
		"no app in state (old state)": {types.StringNull(), false},
		"unknown (planned create)":    {types.StringUnknown(), false},
	} {
		t.Run(name, func(t *testing.T) {
			d := guardSameApp("the thing", tc.state, types.StringValue("A"), token)
			if (d != nil) != tc.err {
				t.Fatalf("guardSameApp = %v, want error %v", d, tc.err)
			}
			if d != nil && (!strings.Contains(d.Detail(), "A (id 111)") || !strings.Contains(d.Detail(), "B (id 222)")) {
				t.Errorf("the error does not name both apps: %s", d.Detail())
			}
		})
	}
}

func TestGuardAnnounceTakeover(t *testing.T) {
	for _, tc := range []struct {
		existing, configured string
		want                 numberOverrideAction
	}{
		{"", "https://a/x", overrideSet},
		{"https://a/x", "https://a/x", overrideAdopt},
		{"https://b/y", "https://a/x", overrideRefuse},
	} {
		if got := guardAnnounceTakeover(tc.existing, tc.configured); got != tc.want {
			t.Errorf("guardAnnounceTakeover(%q, %q) = %v, want %v", tc.existing, tc.configured, got, tc.want)
		}
	}
}

// The ledger: a claim is seen by the delete of the same key only, and the
// lock makes the writes of one key take turns.
func TestGuardHookCreateBeforeDestroy(t *testing.T) {
	l := newHookLedger()
	l.claim(subscriptionKey("1"))
	if !l.guardHookCreateBeforeDestroy(subscriptionKey("1")) {
		t.Error("the claimed subscription would be unsubscribed")
	}
	for _, key := range []string{subscriptionKey("2"), numberWebhookKey("1")} {
		if l.guardHookCreateBeforeDestroy(key) {
			t.Errorf("%s is skipped without a claim", key)
		}
	}
	var wg sync.WaitGroup
	inside := 0
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer l.lock(numberWebhookKey("9"))()
			inside++
			if inside != 1 {
				t.Error("two writes of one key at once")
			}
			inside--
		}()
	}
	wg.Wait()
}
