package cloudapi_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func ptr[T any](v T) *T { return &v }

// An update sends only the fields it carries; a read gives them back.
func TestBusinessProfileUpdatesArePartial(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	h.emu.UpdateBusinessProfile(testNumber, func(p *emulator.BusinessProfile) { p.Address = "Kept" })
	c := h.client(t)
	ctx := context.Background()
	u := cloudapi.ProfileUpdate{About: ptr("Support"), Websites: &[]string{"https://acme.example"}, Vertical: ptr("RETAIL"), ProfilePictureHandle: "4::aGFuZGxl"}
	if err := c.UpdateBusinessProfile(ctx, testNumber, u); err != nil {
		t.Fatal(err)
	}
	body := h.requests()[0].Body
	if len(body) != 5 || body["messaging_product"] != "whatsapp" || body["profile_picture_handle"] != "4::aGFuZGxl" {
		t.Errorf("body = %v", body)
	}
	p, err := c.BusinessProfile(ctx, testNumber)
	if err != nil || p.About != "Support" || p.Address != "Kept" || !slices.Equal(p.Websites, []string{"https://acme.example"}) || p.Vertical != "RETAIL" || p.ProfilePictureURL == "" || p.Email != "" {
		t.Fatalf("profile = %+v, %v", p, err)
	}
	if !(cloudapi.ProfileUpdate{}).Empty() || u.Empty() {
		t.Error("Empty is wrong")
	}
	err = c.UpdateBusinessProfile(ctx, testNumber, cloudapi.ProfileUpdate{Email: ptr("not-an-email")})
	if apiErr, ok := cloudapi.AsError(err); !ok || apiErr.Code != 100 {
		t.Errorf("a bad email: %v", err)
	}
}

func TestBusinessProfileAnswersThatAreNotUnderstood(t *testing.T) {
	for body, field := range map[string]string{
		`{}`:           "data",
		`{"data":[]}`:  "data",
		`{"data":"x"}`: "data",
		`{"data":[{"messaging_product":"whatsapp"},{"messaging_product":"whatsapp"}]}`: "data",
		`{"data":[{"about":"x"}]}`:                                        "data[0].messaging_product",
		`{"data":[{"messaging_product":"whatsapp","websites":"x"}]}`:      "data[0].websites",
		`{"data":[{"messaging_product":"whatsapp","about":["x"]}]}`:       "data[0].about",
		`{"data":[{"messaging_product":"messenger","about":"x"}]}`:        "data[0].messaging_product",
		`{"data":[{"messaging_product":"whatsapp","vertical":{"id":1}}]}`: "data[0].vertical",
	} {
		h := newHarness(t, emulator.Options{})
		answer200(h, emulator.OpGetBusinessProfile, body)
		var nu *cloudapi.NotUnderstoodError
		if _, err := h.client(t).BusinessProfile(context.Background(), testNumber); !errors.As(err, &nu) || nu.Field != field {
			t.Errorf("%s: want NotUnderstoodError on %s, got %v", body, field, err)
		}
	}
}

func TestNumberDetailsCarryHealthAndReadiness(t *testing.T) {
	h := newHarness(t, emulator.Options{AppCallbackURL: "https://app.example.com/hook"})
	h.emu.Update(testNumber, func(n *emulator.Number) { n.PlatformType, n.PIN = "CLOUD_API", "123456" })
	h.emu.SetHealth(testNumber, emulator.HealthState{CanSendMessage: "LIMITED", AdditionalInfo: []string{"tier reached"},
		Errors: []emulator.HealthError{{Code: 141006, Description: "limited", PossibleSolution: "wait"}}})
	c := h.client(t)
	o, err := c.NumberOverview(context.Background(), testNumber)
	if err != nil {
		t.Fatal(err)
	}
	d := o.Details
	if d.Health.CanSendMessage != cloudapi.HealthLimited || len(d.Health.Entities) != 4 || d.PINEnabled == nil || !*d.PINEnabled ||
		d.AccountMode != "LIVE" || d.MessagingLimitTier != "TIER_1K" || d.NewNameStatus != "NONE" || d.Webhooks.Application != "https://app.example.com/hook" || o.Storage == nil {
		t.Fatalf("details = %+v", d)
	}
	pn := d.Health.Entities[0]
	if pn.EntityType != "PHONE_NUMBER" || pn.ID != testNumber || pn.Errors[0].Code != 141006 || pn.Errors[0].PossibleSolution != "wait" || pn.AdditionalInfo[0] != "tier reached" {
		t.Errorf("entity = %+v", pn)
	}
	list, err := c.PhoneNumberDetails(context.Background(), testWABA)
	if err != nil || len(list) != 2 || list[0].Health.CanSendMessage != cloudapi.HealthLimited || list[1].Health.CanSendMessage != cloudapi.HealthBlocked {
		t.Errorf("list = %+v, %v", list, err)
	}
	// The registration's own read keeps its short field list.
	if _, err := c.PhoneNumber(context.Background(), testNumber); err != nil {
		t.Fatal(err)
	}
	reqs := h.requests()
	if q := reqs[len(reqs)-1].RawQuery; strings.Contains(q, "health_status") || strings.Contains(q, "webhook_configuration") {
		t.Errorf("the registration read asks for %s", q)
	}
}

// Values pass through; shapes must be understood.
func TestHealthAnswers(t *testing.T) {
	node := func(health string, extra ...string) string {
		out := `{"id":"` + testNumber + `","platform_type":"CLOUD_API"`
		if health != "" {
			out += `,"health_status":` + health
		}
		for _, e := range extra {
			out += "," + e
		}
		return out + "}"
	}
	understood := map[string]string{
		node(`{"can_send_message":"DEGRADED"}`): "DEGRADED",
		node(`{"can_send_message":"BLOCKED","entities":[{"entity_type":"WABA","id":"1","can_send_message":"BLOCKED","errors":[{"error_code":131031,"error_description":"locked"}]}]}`): "BLOCKED",
		node(`{"can_send_message":"LIMITED","entities":[{"entity_type":"PHONE_NUMBER","can_send_message":"LIMITED","additional_info":"one sentence"}]}`):                               "LIMITED",
	}
	for body, want := range understood {
		h := newHarness(t, emulator.Options{})
		answer200(h, emulator.OpGetPhoneNumber, body)
		if d, err := h.client(t).NumberDetails(context.Background(), testNumber); err != nil || d.Health.CanSendMessage != want || !d.Health.Reported {
			t.Errorf("%s: %+v, %v", body, d, err)
		}
	}
	// Absent: not reported, and not an error for the readers who never
	// read health (issue 16, case 12).
	for _, body := range []string{node(""), node("null")} {
		h := newHarness(t, emulator.Options{})
		answer200(h, emulator.OpGetPhoneNumber, body)
		if d, err := h.client(t).NumberDetails(context.Background(), testNumber); err != nil || d.Health.Reported {
			t.Errorf("%s: %+v, %v; want health not reported, no error", body, d, err)
		}
	}
	for body, field := range map[string]string{
		node(`"AVAILABLE"`): "health_status",
		node(`{}`):          "health_status.can_send_message",
		node(`{"can_send_message":"AVAILABLE","entities":{}}`):                                                                               "health_status.entities",
		node(`{"can_send_message":"AVAILABLE","entities":[{"can_send_message":"AVAILABLE"}]}`):                                               "health_status.entities[0].entity_type",
		node(`{"can_send_message":"BLOCKED","entities":[{"entity_type":"APP","can_send_message":"BLOCKED","errors":[{"error_code":"x"}]}]}`): "health_status.entities[0].errors[0].error_code",
		node(`{"can_send_message":"AVAILABLE"}`, `"is_pin_enabled":"yes"`):                                                                   "is_pin_enabled",
		node(`{"can_send_message":"AVAILABLE"}`, `"webhook_configuration":{"application":true}`):                                             "webhook_configuration.application",
		node(`{"can_send_message":"LIMITED","entities":[{"entity_type":"APP","can_send_message":"LIMITED","additional_info":{"a":1}}]}`):     "health_status.entities[0].additional_info",
	} {
		h := newHarness(t, emulator.Options{})
		answer200(h, emulator.OpGetPhoneNumber, body)
		var nu *cloudapi.NotUnderstoodError
		if _, err := h.client(t).NumberDetails(context.Background(), testNumber); !errors.As(err, &nu) || nu.Field != field {
			t.Errorf("%s: want NotUnderstoodError on %s, got %v", body, field, err)
		}
	}
}
