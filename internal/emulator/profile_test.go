package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func profileOf(t *testing.T, w *world) map[string]any {
	t.Helper()
	r := w.do(http.MethodGet, "/v26.0/"+number+"/whatsapp_business_profile", "")
	data, _ := r.body["data"].([]any)
	if r.status != 200 || len(data) != 1 {
		t.Fatalf("profile read = %s", r.raw)
	}
	return data[0].(map[string]any)
}

// A POST changes only the fields it carries; empty fields are left out of
// the answer, as Meta does.
func TestBusinessProfilePartialUpdates(t *testing.T) {
	w := setup(t, emulator.Options{})
	path := "/v26.0/" + number + "/whatsapp_business_profile"
	if p := profileOf(t, w); len(p) != 1 || p["messaging_product"] != "whatsapp" {
		t.Errorf("a new number's profile = %v", p)
	}
	mustOK(t, w.do(http.MethodPost, path, `{"messaging_product":"whatsapp","about":"Support","email":"help@acme.example","websites":["https://acme.example"],"vertical":"RETAIL"}`))
	mustOK(t, w.do(http.MethodPost, path, `{"messaging_product":"whatsapp","address":"1 Main St"}`))
	p := profileOf(t, w)
	if p["about"] != "Support" || p["address"] != "1 Main St" || p["vertical"] != "RETAIL" || p["email"] != "help@acme.example" {
		t.Errorf("after two partial updates: %v", p)
	}
	mustOK(t, w.do(http.MethodPost, path, `{"messaging_product":"whatsapp","address":"","websites":[],"profile_picture_handle":"4::aW1hZ2U=:ARb"}`))
	p = profileOf(t, w)
	if _, has := p["address"]; has || p["websites"] != nil || !strings.HasPrefix(p["profile_picture_url"].(string), "https://pps.whatsapp.net/") || p["about"] != "Support" {
		t.Errorf("after clearing address and websites: %v", p)
	}
	if r := w.do(http.MethodGet, path+"?fields=about,vertical", ""); strings.Contains(r.raw, "email") || !strings.Contains(r.raw, "RETAIL") {
		t.Errorf("fields=about,vertical: %s", r.raw)
	}
	if r := w.do(http.MethodGet, path+"?fields=about,pin", ""); r.code() != 100 {
		t.Errorf("unknown field: %s", r.raw)
	}
	if got := w.emu.Operations(number, emulator.OpUpdateBusinessProfile); len(got) != 3 {
		t.Errorf("logged updates = %v", got)
	}
}

// Meta's limits, each refused with code 100 and nothing changed.
func TestBusinessProfileLimits(t *testing.T) {
	w := setup(t, emulator.Options{})
	path := "/v26.0/" + number + "/whatsapp_business_profile"
	mustOK(t, w.do(http.MethodPost, path, `{"messaging_product":"whatsapp","about":"Kept","address":"Kept"}`))
	long := func(n int) string { return strings.Repeat("é", n) }
	for name, tc := range map[string]struct{ body, want string }{
		"no messaging_product": {`{"about":"x"}`, "messaging_product"},
		"about empty":          {`{"messaging_product":"whatsapp","about":""}`, "between 1 and 139"},
		"about 140":            {`{"messaging_product":"whatsapp","about":"` + long(140) + `"}`, "at most 139"},
		"address 257":          {`{"messaging_product":"whatsapp","address":"` + long(257) + `"}`, "at most 256"},
		"description 513":      {`{"messaging_product":"whatsapp","description":"` + long(513) + `"}`, "at most 512"},
		"email 129":            {`{"messaging_product":"whatsapp","email":"` + long(120) + `@acme.example"}`, "at most 128"},
		"email format":         {`{"messaging_product":"whatsapp","email":"not-an-email"}`, "valid email"},
		"three websites":       {`{"messaging_product":"whatsapp","websites":["https://a.example","https://b.example","https://c.example"]}`, "at most 2"},
		"website ftp":          {`{"messaging_product":"whatsapp","websites":["ftp://a.example"]}`, "http:// or https://"},
		"website 257":          {`{"messaging_product":"whatsapp","websites":["https://a.example/` + long(240) + `"]}`, "at most 256"},
		"websites not a list":  {`{"messaging_product":"whatsapp","websites":"https://a.example"}`, "array"},
		"vertical unknown":     {`{"messaging_product":"whatsapp","vertical":"SPACE"}`, "must be one of"},
		"vertical empty":       {`{"messaging_product":"whatsapp","vertical":""}`, "must be one of"},
		"email trailing dot":   {`{"messaging_product":"whatsapp","email":"support@acme.example."}`, "valid email"},
		"website with a space": {`{"messaging_product":"whatsapp","websites":["https://a.example/about us"]}`, "http:// or https://"},
		"about not a string":   {`{"messaging_product":"whatsapp","about":5}`, "must be a string"},
		"unknown field":        {`{"messaging_product":"whatsapp","hours":"9-5"}`, "not a parameter"},
		"empty picture handle": {`{"messaging_product":"whatsapp","profile_picture_handle":""}`, "Resumable Upload"},
		"valid and invalid":    {`{"messaging_product":"whatsapp","about":"Changed","email":"bad"}`, "valid email"},
	} {
		r := w.do(http.MethodPost, path, tc.body)
		if r.code() != 100 || !strings.Contains(r.raw, tc.want) {
			t.Errorf("%s: want 100 with %q, got %s", name, tc.want, r.raw)
		}
	}
	if p, _ := w.emu.BusinessProfile(number); p.About != "Kept" || p.Address != "Kept" || p.Email != "" || p.Websites != nil {
		t.Errorf("a refused POST changed the profile: %+v", p)
	}
	mustOK(t, w.do(http.MethodPost, path, `{"messaging_product":"whatsapp","about":"`+long(139)+`","vertical":"UNDEFINED"}`))
	w.emu.Update(number, func(n *emulator.Number) { n.Hidden = true })
	if r := w.do(http.MethodGet, path, ""); r.code() != 100 || r.subcode() != 33 {
		t.Errorf("hidden number's profile: %s", r.raw)
	}
}

func TestBusinessProfileControlAPI(t *testing.T) {
	w := setup(t, emulator.Options{})
	r := w.do(http.MethodPost, "/_emulator/numbers/"+number+"/business_profile", `{"about":"Out of band","websites":["https://x.example"]}`)
	if r.status != 200 || r.body["about"] != "Out of band" {
		t.Fatalf("control: %s", r.raw)
	}
	if p := profileOf(t, w); p["about"] != "Out of band" {
		t.Errorf("Graph read after the control change: %v", p)
	}
	if r := w.do(http.MethodPost, "/_emulator/numbers/"+number+"/business_profile", `{"abuot":"typo"}`); r.status != 400 {
		t.Errorf("a mistyped field: %s", r.raw)
	}
	if r := w.do(http.MethodGet, "/_emulator/numbers/404/business_profile", ""); r.status != 404 {
		t.Errorf("unknown number: %s", r.raw)
	}
}
