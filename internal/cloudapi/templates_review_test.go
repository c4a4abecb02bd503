package cloudapi_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// An edit is dated by the later of Meta's Date header and the provider's
// clock, whichever runs ahead: never before Meta counted it.
func TestEditTemplateAtIsTheLaterClock(t *testing.T) {
	meta := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for name, skew := range map[string]time.Duration{"Meta ahead": -time.Hour, "provider ahead": time.Hour} {
		t.Run(name, func(t *testing.T) {
			clock := emulator.NewManualClock(meta)
			h := newHarness(t, emulator.Options{Clock: clock.Now})
			tv, err := h.emu.AddTemplate(emulator.DemoWABA, map[string]any{"name": "order_update", "language": "en_US", "category": "UTILITY",
				"components": []any{map[string]any{"type": "BODY", "text": "Your order shipped."}}})
			if err != nil {
				t.Fatal(err)
			}
			if err := h.emu.ReviewTemplate(tv.ID, "APPROVED", ""); err != nil {
				t.Fatal(err)
			}
			provider := meta.Add(skew).Add(300 * time.Millisecond)
			c := h.client(t, func(cfg *cloudapi.Config) { cfg.Clock = func() time.Time { return provider } })
			at, err := c.EditTemplateAt(context.Background(), tv.ID, cloudapi.TemplateEdit{Components: []map[string]any{{"type": "BODY", "text": "Your order is ready."}}})
			if err != nil {
				t.Fatal(err)
			}
			want := provider
			if skew < 0 {
				want = meta // the Date header, to the second
			}
			if !at.Equal(want) {
				t.Errorf("the edit is dated %v, want %v", at, want)
			}
		})
	}
}

// The wait reads until the review ends, at doubling intervals, and stops
// with the last reading when the next read would pass the deadline.
func TestWaitTemplateReview(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	tv, err := h.emu.AddTemplate(emulator.DemoWABA, map[string]any{"name": "order_update", "language": "en_US", "category": "UTILITY",
		"components": []any{map[string]any{"type": "BODY", "text": "Your order shipped."}}})
	if err != nil {
		t.Fatal(err)
	}
	c := h.client(t, func(cfg *cloudapi.Config) {
		cfg.ReviewPollMin, cfg.ReviewPollMax = time.Millisecond, 4*time.Millisecond
	})
	if err := h.emu.ReviewTemplateOnRead(emulator.DemoWABA, "order_update", "en_US", 4, "REJECTED", "PROMOTIONAL"); err != nil {
		t.Fatal(err)
	}
	got, err := c.WaitTemplateReview(context.Background(), &cloudapi.Template{ID: tv.ID, Status: cloudapi.TemplatePending})
	if err != nil || got.Status != cloudapi.TemplateRejected || got.RejectedReason != "PROMOTIONAL" {
		t.Fatalf("wait = %+v, %v; want REJECTED (PROMOTIONAL)", got, err)
	}
	if n := h.emu.Count(emulator.OpGetTemplate); n != 4 {
		t.Errorf("reads = %d, want 4", n)
	}

	other, err := h.emu.AddTemplate(emulator.DemoWABA, map[string]any{"name": "order_update", "language": "pt_BR", "category": "UTILITY",
		"components": []any{map[string]any{"type": "BODY", "text": "Seu pedido foi enviado."}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	got, err = c.WaitTemplateReview(ctx, &cloudapi.Template{ID: other.ID, Status: cloudapi.TemplatePending})
	var stopped *cloudapi.ReviewWaitStopped
	if !errors.As(err, &stopped) || got.Status != cloudapi.TemplatePending || stopped.Reads < 5 {
		t.Fatalf("wait = %+v, %v; want a stop before the deadline, PENDING, after several reads", got, err)
	}
}
