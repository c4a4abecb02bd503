package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Business profiles: GET and POST /{number}/whatsapp_business_profile with
// Meta's field limits. A POST changes only the fields it carries; an empty
// string clears a field, except about, which cannot be empty.

// Operations of this file, as they appear in the log and in faults.
const (
	OpGetBusinessProfile    = "get_business_profile"
	OpUpdateBusinessProfile = "update_business_profile"
)

// Verticals are the industries Meta accepts in vertical; the reference
// documents no way to clear it, so "" is refused.
var Verticals = []string{"UNDEFINED", "OTHER", "AUTO", "BEAUTY", "APPAREL", "EDU", "ENTERTAIN", "EVENT_PLAN", "FINANCE",
	"GROCERY", "GOVT", "HOTEL", "HEALTH", "NONPROFIT", "PROF_SERVICES", "RETAIL", "TRAVEL", "RESTAURANT", "NOT_A_BIZ"}

// Meta's limits on the profile's fields, in characters.
const (
	MaxAbout       = 139
	MaxAddress     = 256
	MaxDescription = 512
	MaxEmail       = 128
	MaxWebsites    = 2
	MaxWebsite     = 256
)

// emailPattern refuses an empty domain label, so "a@b.example." too.
var emailPattern = regexp.MustCompile(`^[^@\s.]([^@\s]*[^@\s.])?@[^@\s.]+(\.[^@\s.]+)+$`)

var profileFieldNames = []string{"about", "address", "description", "email", "profile_picture_url", "websites", "vertical", "messaging_product"}

// profiles is the module of the business profile: its state is each
// number's profile, created empty on first use.
type profiles struct {
	e        *Emulator
	profiles map[string]*BusinessProfile
}

func newProfiles(e *Emulator) module { return &profiles{e: e, profiles: map[string]*BusinessProfile{}} }

func (m *profiles) table() table {
	e := m.e
	return table{
		operations: []operation{
			{name: OpGetBusinessProfile, pattern: "GET /{version}/{id}/whatsapp_business_profile", handle: m.getBusinessProfile},
			{name: OpUpdateBusinessProfile, pattern: "POST /{version}/{id}/whatsapp_business_profile", write: true, handle: m.updateBusinessProfile},
		},
		controls: []control{
			{"GET /_emulator/numbers/{id}/business_profile", "the number's business profile", func(w http.ResponseWriter, r *http.Request) {
				p, ok := e.BusinessProfile(r.PathValue("id"))
				if !ok {
					writeControlError(w, http.StatusNotFound, "no number "+r.PathValue("id"))
					return
				}
				writeControlJSON(w, http.StatusOK, p)
			}},
			{"POST /_emulator/numbers/{id}/business_profile", "replace the profile out of band (BusinessProfile JSON), as WhatsApp Manager would",
				func(w http.ResponseWriter, r *http.Request) {
					var in BusinessProfile
					if !decode(w, r, &in) {
						return
					}
					if !e.UpdateBusinessProfile(r.PathValue("id"), func(p *BusinessProfile) { *p = in }) {
						writeControlError(w, http.StatusNotFound, "no number "+r.PathValue("id"))
						return
					}
					p, _ := e.BusinessProfile(r.PathValue("id"))
					writeControlJSON(w, http.StatusOK, p)
				}},
		},
	}
}

func (m *profiles) forget(id string) { delete(m.profiles, id) }

// BusinessProfile is a number's business profile.
type BusinessProfile struct {
	About             string   `json:"about,omitempty"`
	Address           string   `json:"address,omitempty"`
	Description       string   `json:"description,omitempty"`
	Email             string   `json:"email,omitempty"`
	Websites          []string `json:"websites,omitempty"`
	Vertical          string   `json:"vertical,omitempty"`
	ProfilePictureURL string   `json:"profile_picture_url,omitempty"`
}

// BusinessProfile returns a copy of a number's profile.
func (e *Emulator) BusinessProfile(id string) (BusinessProfile, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.numbers[id]; !ok {
		return BusinessProfile{}, false
	}
	p := stateOf[*profiles](e).profileLocked(id)
	cp := *p
	cp.Websites = slices.Clone(p.Websites)
	return cp, true
}

// UpdateBusinessProfile changes a number's profile out of band, as
// WhatsApp Manager would, and reports whether the number exists.
func (e *Emulator) UpdateBusinessProfile(id string, change func(p *BusinessProfile)) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.numbers[id]; !ok {
		return false
	}
	change(stateOf[*profiles](e).profileLocked(id))
	return true
}

func (m *profiles) profileLocked(id string) *BusinessProfile {
	p, ok := m.profiles[id]
	if !ok {
		p = &BusinessProfile{}
		m.profiles[id] = p
	}
	return p
}

// getBusinessProfile answers {"data": [profile]}, without the empty fields.
func (m *profiles) getBusinessProfile(c *graphCall) answer {
	e := m.e
	fields := profileFieldNames
	if raw := c.query.Get("fields"); raw != "" {
		fields = strings.Split(raw, ",")
		for _, f := range fields {
			if !slices.Contains(profileFieldNames, f) {
				return fail(errParam(fmt.Sprintf("Tried accessing nonexisting field (%s) on node type (WhatsAppBusinessProfile)", f), ""))
			}
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, g := e.numberLocked(c.id); g != nil {
		return fail(g)
	}
	p := m.profileLocked(c.id)
	all := map[string]any{"about": p.About, "address": p.Address, "description": p.Description, "email": p.Email,
		"vertical": p.Vertical, "profile_picture_url": p.ProfilePictureURL}
	item := map[string]any{"messaging_product": "whatsapp"}
	for _, f := range fields {
		switch {
		case f == "websites" && len(p.Websites) > 0:
			item["websites"] = slices.Clone(p.Websites)
		case all[f] != nil && all[f] != "":
			item[f] = all[f]
		}
	}
	return ok(map[string]any{"data": []any{item}})
}

// updateBusinessProfile is the POST: every field is checked before any
// changes, so that a refused request changes nothing.
func (m *profiles) updateBusinessProfile(c *graphCall) answer {
	e := m.e
	if mp, _ := c.body["messaging_product"].(string); mp != "whatsapp" {
		return fail(errParam("The parameter messaging_product is required and must be \"whatsapp\"", ""))
	}
	if g := onlyKeys(c.body, "messaging_product", "about", "address", "description", "email", "websites", "vertical", "profile_picture_handle"); g != nil {
		return fail(g)
	}
	texts := map[string]string{}
	for field, limit := range map[string]int{"about": MaxAbout, "address": MaxAddress, "description": MaxDescription, "email": MaxEmail, "vertical": 0} {
		raw, present := c.body[field]
		if !present {
			continue
		}
		s, isString := raw.(string)
		if !isString {
			return fail(errParam("Param "+field+" must be a string", ""))
		}
		if n := utf8.RuneCountInString(s); limit > 0 && n > limit {
			return fail(errParam(fmt.Sprintf("Param %s must be at most %d characters long", field, limit), fmt.Sprintf("It has %d.", n)))
		}
		texts[field] = s
	}
	if about, present := texts["about"]; present && about == "" {
		return fail(errParam(fmt.Sprintf("Param about must be between 1 and %d characters long", MaxAbout), "about cannot be empty."))
	}
	if email := texts["email"]; email != "" && !emailPattern.MatchString(email) {
		return fail(errParam("Param email must be a valid email address", ""))
	}
	if v, present := texts["vertical"]; present && !slices.Contains(Verticals, v) {
		return fail(errParam("Param vertical must be one of: "+strings.Join(Verticals, ", "), ""))
	}
	websites, hasWebsites, g := parseWebsites(c.body["websites"])
	if g != nil {
		return fail(g)
	}
	picture := ""
	if raw, present := c.body["profile_picture_handle"]; present {
		handle, _ := raw.(string)
		if handle == "" {
			return fail(errParam("Param profile_picture_handle must be a handle from the Resumable Upload API", ""))
		}
		sum := sha256.Sum256([]byte(handle))
		picture = "https://pps.whatsapp.net/v/emulator/" + hex.EncodeToString(sum[:8]) + ".jpg"
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	if _, g := e.numberLocked(c.id); g != nil {
		return fail(g)
	}
	p := m.profileLocked(c.id)
	for field, dst := range map[string]*string{"about": &p.About, "address": &p.Address, "description": &p.Description, "email": &p.Email, "vertical": &p.Vertical} {
		if v, present := texts[field]; present {
			*dst = v
		}
	}
	if hasWebsites {
		p.Websites = websites
	}
	if picture != "" {
		p.ProfilePictureURL = picture
	}
	return success()
}

func parseWebsites(raw any) ([]string, bool, *graphError) {
	if raw == nil {
		return nil, false, nil
	}
	list, isList := raw.([]any)
	if !isList {
		return nil, false, errParam("Param websites must be an array of URLs", "")
	}
	if len(list) > MaxWebsites {
		return nil, false, errParam(fmt.Sprintf("Param websites must have at most %d elements", MaxWebsites), "")
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		s, _ := item.(string)
		if utf8.RuneCountInString(s) > MaxWebsite {
			return nil, false, errParam(fmt.Sprintf("Param websites[%d] must be at most %d characters long", i, MaxWebsite), "")
		}
		if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(s, " \t\r\n") {
			return nil, false, errParam(fmt.Sprintf("Param websites[%d] must be a URL that starts with http:// or https://", i), "")
		}
		out = append(out, s)
	}
	return out, true, nil
}
