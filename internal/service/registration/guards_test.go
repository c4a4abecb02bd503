package registration

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// The pure decisions of the resource, as tables (in the manner of
// terraform-provider-random's resource tests). The acceptance tests prove
// the same rules through the CLI; these name every branch.

var (
	nullString     = types.StringNull()
	unknownString  = types.StringUnknown()
	stringValue    = types.StringValue
	pinWOVersion   = func(v int64) types.Int64 { return types.Int64Value(v) }
	noPINWOVersion = types.Int64Null()
)

// pinModel builds the fields the guards read: pin, pin_wo and its version.
func pinModel(pin, pinWO types.String, ver types.Int64) phoneRegistrationModel {
	return phoneRegistrationModel{PIN: pin, PINWO: pinWO, PINWOVersion: ver}
}

func TestGuardPINSetReasonAndRotation(t *testing.T) {
	key := pinKeyForToken("a-token")
	last := key.newHash("111111")
	withHash := func() lastPIN { return lastPINSame }
	for _, tc := range []struct {
		name          string
		state, config phoneRegistrationModel
		known         bool
		wantSet       string // substring of pinSetReason, "" for none
		wantRotated   bool
	}{
		{name: "same pin", state: pinModel(stringValue("111111"), nullString, noPINWOVersion), config: pinModel(stringValue("111111"), nullString, noPINWOVersion), known: true},
		{name: "pin changes", state: pinModel(stringValue("111111"), nullString, noPINWOVersion), config: pinModel(stringValue("222222"), nullString, noPINWOVersion), known: true, wantSet: "pin changes"},
		{name: "pin unknown at plan", state: pinModel(stringValue("111111"), nullString, noPINWOVersion), config: pinModel(unknownString, nullString, noPINWOVersion), known: true, wantSet: "not known until apply"},
		{name: "pin after import", state: pinModel(nullString, nullString, noPINWOVersion), config: pinModel(stringValue("111111"), nullString, noPINWOVersion), wantSet: "not known to this state"},
		{name: "pin_wo as last applied", state: pinModel(nullString, nullString, pinWOVersion(1)), config: pinModel(nullString, stringValue("111111"), pinWOVersion(1)), known: true},
		{name: "pin_wo rotated without a version", state: pinModel(nullString, nullString, pinWOVersion(1)), config: pinModel(nullString, stringValue("222222"), pinWOVersion(1)), known: true,
			wantSet: "differs from the one the last apply presented", wantRotated: true},
		{name: "pin_wo without a hash", state: pinModel(nullString, nullString, pinWOVersion(1)), config: pinModel(nullString, stringValue("222222"), pinWOVersion(1)), wantSet: "not known to this state"},
		{name: "pin to the same pin_wo", state: pinModel(stringValue("111111"), nullString, noPINWOVersion), config: pinModel(nullString, stringValue("111111"), pinWOVersion(1)), known: true},
		{name: "pin_wo unknown at plan", state: pinModel(nullString, nullString, pinWOVersion(1)), config: pinModel(nullString, unknownString, pinWOVersion(1)), known: true, wantSet: "not known until apply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := pinHash{}
			if tc.known {
				h = last
			}
			cmp := func() lastPIN { return compareLastPIN(tc.config, key, h, tc.known) }
			got := pinSetReason(tc.state, tc.config, cmp)
			if (tc.wantSet == "") != (got == "") || !strings.Contains(got, tc.wantSet) {
				t.Errorf("pinSetReason = %q, want …%q…", got, tc.wantSet)
			}
			// The plan keeps pin_wo_version: only a rotation without a bump counts.
			if rotated := guardPINRotated(tc.state, tc.state, tc.config, cmp); rotated != tc.wantRotated {
				t.Errorf("guardPINRotated = %v, want %v", rotated, tc.wantRotated)
			}
		})
	}
	if guardPINRotated(pinModel(nullString, nullString, pinWOVersion(1)), pinModel(nullString, nullString, pinWOVersion(2)), pinModel(nullString, stringValue("222222"), pinWOVersion(2)), withHash) {
		t.Error("a bumped pin_wo_version sets the PIN: not a rotation to warn about")
	}
}

func TestPINHash(t *testing.T) {
	key := pinKeyForToken("EAAG-token-one")
	a, b := key.newHash("123456"), key.newHash("123456")
	if !key.comparable(a) || !key.matches(a, "123456") || key.matches(a, "123457") {
		t.Fatal("a PIN hash must match its PIN and no other")
	}
	if string(a.Salt) == string(b.Salt) || string(a.Hash) == string(b.Hash) {
		t.Error("two hashes of one PIN must differ (random salt)")
	}
	if strings.Contains(string(a.Hash)+string(a.Salt)+a.KeyID, "123456") {
		t.Error("the hash holds the PIN")
	}
	// Without the token, the hash cannot be tested: another key neither
	// compares nor matches, and guessing with the stored salt alone fails.
	other := pinKeyForToken("EAAG-token-two")
	if other.comparable(a) {
		t.Error("a hash made under another token must count as unknown")
	}
	if other.matches(a, "123456") {
		t.Error("another key confirmed the PIN")
	}
	if pinKeyForToken("") != nil {
		t.Error("no token, no key")
	}
	var none *pinKey
	if none.comparable(a) {
		t.Error("a nil key compares nothing")
	}
}

func TestGuardPreflight(t *testing.T) {
	reading := func(platform cloudapi.Platform, verification string) *cloudapi.Registration {
		return &cloudapi.Registration{Number: &cloudapi.PhoneNumber{Platform: platform, CodeVerificationStatus: verification},
			Storage: &cloudapi.StorageConfiguration{Region: "CH"}}
	}
	for _, tc := range []struct {
		name string
		read *cloudapi.Registration
		want preflightRefusal
	}{
		{"registered and verified", reading(cloudapi.PlatformCloudAPI, "VERIFIED"), preflightPass},
		{"verified in lower case", reading(cloudapi.PlatformCloudAPI, "verified"), preflightPass},
		{"expired", reading(cloudapi.PlatformCloudAPI, "EXPIRED"), preflightUnverified},
		{"not verified", reading(cloudapi.PlatformCloudAPI, "NOT_VERIFIED"), preflightUnverified},
		{"verification not reported", reading(cloudapi.PlatformCloudAPI, ""), preflightUnverified},
		{"on premises", reading(cloudapi.PlatformOnPremise, "VERIFIED"), preflightOnPremises},
		{"deregistered outside", reading(cloudapi.PlatformNotApplicable, "VERIFIED"), preflightGone},
	} {
		if got := guardPreflight(tc.read); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNumberClaims(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps func(c *numberClaims) claimConflict
		want  claimConflict
	}{
		{"one existing", func(c *numberClaims) claimConflict { return c.claim("1", true) }, claimOK},
		{"one new", func(c *numberClaims) claimConflict { return c.claim("1", false) }, claimOK},
		{"two new (for_each keys)", func(c *numberClaims) claimConflict { c.claim("1", false); return c.claim("1", false) }, claimTwice},
		{"existing and new", func(c *numberClaims) claimConflict { c.claim("1", true); return c.claim("1", false) }, claimTwice},
		{"other numbers", func(c *numberClaims) claimConflict { c.claim("1", true); return c.claim("2", false) }, claimOK},
		{"rename without moved: destroy, then create", func(c *numberClaims) claimConflict { c.destroy("1"); return c.claim("1", false) }, claimOK},
		{"rename without moved: create, then destroy", func(c *numberClaims) claimConflict { c.claim("1", false); return c.destroy("1") }, claimOK},
		{"duplicate removed: kept, then destroy", func(c *numberClaims) claimConflict { c.claim("1", true); return c.destroy("1") }, claimDestroyKept},
		{"duplicate removed: destroy, then kept", func(c *numberClaims) claimConflict { c.destroy("1"); return c.claim("1", true) }, claimDestroyKept},
		{"destroy all", func(c *numberClaims) claimConflict { c.destroy("1"); return c.destroy("2") }, claimOK},
	} {
		if got := tc.steps(newNumberClaims()); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestGuardBeforeRegister(t *testing.T) {
	reading := func(platform cloudapi.Platform, region string) *cloudapi.Registration {
		r := &cloudapi.Registration{Number: &cloudapi.PhoneNumber{Platform: platform, CodeVerificationStatus: "VERIFIED"}}
		if platform == cloudapi.PlatformCloudAPI {
			r.Storage = &cloudapi.StorageConfiguration{Region: region}
		}
		return r
	}
	unverified := func(r *cloudapi.Registration, status string) *cloudapi.Registration {
		r.Number.CodeVerificationStatus = status
		return r
	}
	for _, tc := range []struct {
		name   string
		read   *cloudapi.Registration
		region string
		backup bool
		want   createAction
	}{
		{"not registered", reading(cloudapi.PlatformNotApplicable, ""), "DE", false, createRegister},
		{"on premise, migrating with a backup", reading(cloudapi.PlatformOnPremise, ""), "", true, createRegister},
		{"on premise, no backup", reading(cloudapi.PlatformOnPremise, ""), "", false, createRefuseOnPremises},
		{"not registered, settings unread", &cloudapi.Registration{Number: &cloudapi.PhoneNumber{Platform: cloudapi.PlatformNotApplicable, CodeVerificationStatus: "VERIFIED"}}, "", false, createRegister},
		{"not registered, expired", unverified(reading(cloudapi.PlatformNotApplicable, ""), "EXPIRED"), "", false, createRefuseUnverified},
		{"not registered, verification not reported", unverified(reading(cloudapi.PlatformNotApplicable, ""), ""), "", false, createRefuseUnverified},
		{"registered with this region", reading(cloudapi.PlatformCloudAPI, "DE"), "DE", false, createAdopt},
		{"registered with this region, expired (adoption spends nothing)", unverified(reading(cloudapi.PlatformCloudAPI, "DE"), "EXPIRED"), "DE", false, createAdopt},
		{"registered without storage, none asked", reading(cloudapi.PlatformCloudAPI, ""), "", false, createAdopt},
		{"registered with another region", reading(cloudapi.PlatformCloudAPI, "CH"), "DE", false, createRefuse},
		{"registered with storage, none asked", reading(cloudapi.PlatformCloudAPI, "CH"), "", false, createRefuse},
		{"registered without storage, one asked", reading(cloudapi.PlatformCloudAPI, ""), "DE", false, createRefuse},
	} {
		if got := guardBeforeRegister(tc.read, tc.region, tc.backup); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if !sendBackup(reading(cloudapi.PlatformOnPremise, "")) || sendBackup(reading(cloudapi.PlatformNotApplicable, "")) || sendBackup(reading(cloudapi.PlatformCloudAPI, "")) {
		t.Error("a backup goes only to a number on the On-Premises API")
	}
}

func TestPinChanged(t *testing.T) {
	for _, tc := range []struct {
		name        string
		state, plan phoneRegistrationModel
		want        string
	}{
		{"unchanged pin", pinModel(stringValue("1"), nullString, noPINWOVersion), pinModel(stringValue("1"), nullString, noPINWOVersion), ""},
		{"new pin", pinModel(stringValue("1"), nullString, noPINWOVersion), pinModel(stringValue("2"), nullString, noPINWOVersion), "pin changes"},
		{"pin unknown", pinModel(stringValue("1"), nullString, noPINWOVersion), pinModel(unknownString, nullString, noPINWOVersion), "pin changes"},
		{"unchanged version", pinModel(nullString, nullString, pinWOVersion(3)), pinModel(nullString, nullString, pinWOVersion(3)), ""},
		{"new version", pinModel(nullString, nullString, pinWOVersion(3)), pinModel(nullString, nullString, pinWOVersion(4)), "pin_wo_version changes"},
		{"pin to pin_wo", pinModel(stringValue("1"), nullString, noPINWOVersion), pinModel(nullString, nullString, pinWOVersion(1)), "pin_wo_version changes"},
		{"pin_wo to pin", pinModel(nullString, nullString, pinWOVersion(1)), pinModel(stringValue("1"), nullString, noPINWOVersion), "pin changes"},
		{"after an import", pinModel(nullString, nullString, noPINWOVersion), pinModel(stringValue("1"), nullString, noPINWOVersion), "not known"},
		{"after an import, pin_wo", pinModel(nullString, nullString, noPINWOVersion), pinModel(nullString, nullString, pinWOVersion(1)), "not known"},
	} {
		if got := pinChanged(tc.state, tc.plan); (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: got %q, want …%q…", tc.name, got, tc.want)
		}
	}
}

func TestReregisterWanted(t *testing.T) {
	with := func(m phoneRegistrationModel, triggers types.Map) phoneRegistrationModel {
		m.ReregisterTriggers = triggers
		return m
	}
	set := types.MapValueMust(types.StringType, map[string]attr.Value{"display_name": types.StringValue("Acme")})
	none := types.MapNull(types.StringType)
	if !reregisterWanted(with(pinModel(stringValue("1"), nullString, noPINWOVersion), none), with(pinModel(stringValue("1"), nullString, noPINWOVersion), set)) {
		t.Error("adding triggers to an applied registration must register again")
	}
	if reregisterWanted(with(pinModel(nullString, nullString, noPINWOVersion), none), with(pinModel(stringValue("1"), nullString, noPINWOVersion), set)) {
		t.Error("the first apply after an import must only record the triggers")
	}
}

func TestTriggersFire(t *testing.T) {
	m := func(kv ...string) types.Map {
		elems := map[string]attr.Value{}
		for i := 0; i < len(kv); i += 2 {
			elems[kv[i]] = types.StringValue(kv[i+1])
		}
		return types.MapValueMust(types.StringType, elems)
	}
	nullMap, unknownMap := types.MapNull(types.StringType), types.MapUnknown(types.StringType)
	for _, tc := range []struct {
		name          string
		before, after types.Map
		want          bool
	}{
		{"none to none", nullMap, nullMap, false},
		{"none to empty", nullMap, m(), false},
		{"empty to none", m(), nullMap, false},
		{"values to none", m("a", "1"), nullMap, false},
		{"values to empty", m("a", "1"), m(), false},
		{"same values", m("a", "1"), m("a", "1"), false},
		{"none to values", nullMap, m("a", "1"), true},
		{"empty to values", m(), m("a", "1"), true},
		{"a value changes", m("a", "1"), m("a", "2"), true},
		{"a key is added", m("a", "1"), m("a", "1", "b", "2"), true},
		{"a key is removed", m("a", "1", "b", "2"), m("a", "1"), true},
		{"unknown until apply", m("a", "1"), unknownMap, true},
	} {
		if got := triggersFire(tc.before, tc.after); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

// pinKeyForToken is the pin key a Configure with token derives.
func pinKeyForToken(token string) *pinKey {
	return newPINKey(framework.NewProviderData(nil, framework.NewScope(), token, ""))
}

func TestGuardReregisterAction(t *testing.T) {
	reading := func(platform cloudapi.Platform, verification string) *cloudapi.Registration {
		return &cloudapi.Registration{Number: &cloudapi.PhoneNumber{Platform: platform, CodeVerificationStatus: verification},
			Storage: &cloudapi.StorageConfiguration{Region: "CH"}}
	}
	for _, tc := range []struct {
		name string
		read *cloudapi.Registration
		want string // the refusal's summary, "" when the register may go
	}{
		{"registered and verified", reading(cloudapi.PlatformCloudAPI, "VERIFIED"), ""},
		{"verified in lower case", reading(cloudapi.PlatformCloudAPI, "verified"), ""},
		{"not verified", reading(cloudapi.PlatformCloudAPI, "NOT_VERIFIED"), "Phone number 1 is not verified"},
		{"verification not reported", reading(cloudapi.PlatformCloudAPI, ""), "Phone number 1 is not verified"},
		{"on premises", reading(cloudapi.PlatformOnPremise, "VERIFIED"), "Phone number 1 is not registered on the Cloud API"},
		{"deregistered", reading(cloudapi.PlatformNotApplicable, "VERIFIED"), "Phone number 1 is not registered on the Cloud API"},
	} {
		d := guardReregisterAction("1", tc.read)
		switch {
		case tc.want == "" && d != nil:
			t.Errorf("%s: refused: %s", tc.name, d.Summary())
		case tc.want != "" && (d == nil || d.Summary() != tc.want):
			t.Errorf("%s: got %v, want the refusal %q", tc.name, d, tc.want)
		}
	}
}

func TestReregisterPINProblem(t *testing.T) {
	for pin, want := range map[string]string{
		"":        "No PIN to register the number again with",
		"12345":   "The provider's registration_pin is not a PIN",
		"12345a":  "The provider's registration_pin is not a PIN",
		"123456":  "",
		"1234567": "The provider's registration_pin is not a PIN",
	} {
		d := reregisterPINProblem(pin)
		switch {
		case want == "" && d != nil:
			t.Errorf("%q: refused: %s", pin, d.Summary())
		case want != "" && (d == nil || d.Summary() != want):
			t.Errorf("%q: got %v, want %q", pin, d, want)
		case d != nil && pin != "" && strings.Contains(d.Detail(), pin):
			t.Errorf("%q: the refusal shows the value", pin)
		}
	}
}
