package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/cloudapi"
)

// The pure decisions of the resource, as tables (in the manner of
// terraform-provider-random's resource tests). The acceptance tests prove
// the same rules through the CLI; these name every branch.

var (
	null    = types.StringNull()
	unknown = types.StringUnknown()
	str     = types.StringValue
	version = func(v int64) types.Int64 { return types.Int64Value(v) }
	noVer   = types.Int64Null()
)

// model builds the fields the guards read: pin, pin_wo and its version.
func model(pin, pinWO types.String, ver types.Int64) phoneRegistrationModel {
	return phoneRegistrationModel{PIN: pin, PINWO: pinWO, PINWOVersion: ver}
}

func TestGuardPINDuringReplace(t *testing.T) {
	for _, tc := range []struct {
		name                string
		state, plan, config phoneRegistrationModel
		wantAttr            string
		wantWhyContains     string
	}{
		{name: "same pin", state: model(str("111111"), null, noVer), plan: model(str("111111"), null, noVer), config: model(str("111111"), null, noVer)},
		{name: "pin changes", state: model(str("111111"), null, noVer), plan: model(str("222222"), null, noVer), config: model(str("222222"), null, noVer),
			wantAttr: "pin", wantWhyContains: "pin changes at the same time"},
		{name: "pin unknown at plan", state: model(str("111111"), null, noVer), plan: model(unknown, null, noVer), config: model(unknown, null, noVer),
			wantAttr: "pin", wantWhyContains: "not known until apply"},
		{name: "pin after import or pin_wo", state: model(null, null, noVer), plan: model(str("111111"), null, noVer), config: model(str("111111"), null, noVer),
			wantAttr: "pin", wantWhyContains: "does not know the number's current PIN"},
		{name: "pin_wo, same version", state: model(null, null, version(1)), plan: model(null, null, version(1)), config: model(null, str("111111"), version(1))},
		{name: "pin_wo, new version", state: model(null, null, version(1)), plan: model(null, null, version(2)), config: model(null, str("222222"), version(2)),
			wantAttr: "pin_wo_version", wantWhyContains: "pin_wo_version changes"},
		{name: "pin to the same pin_wo", state: model(str("111111"), null, noVer), plan: model(null, null, version(1)), config: model(null, str("111111"), version(1))},
		{name: "pin to another pin_wo", state: model(str("111111"), null, noVer), plan: model(null, null, version(1)), config: model(null, str("222222"), version(1)),
			wantAttr: "pin_wo", wantWhyContains: "cannot tell whether pin_wo"},
		{name: "pin_wo after import", state: model(null, null, noVer), plan: model(null, null, version(1)), config: model(null, str("111111"), version(1)),
			wantAttr: "pin_wo", wantWhyContains: "cannot tell whether pin_wo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			attr, why := guardPINDuringReplace(tc.state, tc.plan, tc.config)
			if attr != tc.wantAttr || (tc.wantWhyContains == "") != (why == "") || !strings.Contains(why, tc.wantWhyContains) {
				t.Errorf("got (%q, %q), want (%q, …%q…)", attr, why, tc.wantAttr, tc.wantWhyContains)
			}
		})
	}
}

func TestGuardBeforeRegister(t *testing.T) {
	reading := func(platform cloudapi.Platform, region string) *cloudapi.Registration {
		r := &cloudapi.Registration{Number: &cloudapi.PhoneNumber{Platform: platform}}
		if platform == cloudapi.PlatformCloudAPI {
			r.Storage = &cloudapi.StorageConfiguration{Region: region}
		}
		return r
	}
	for _, tc := range []struct {
		name   string
		read   *cloudapi.Registration
		region string
		want   createAction
	}{
		{"not registered", reading(cloudapi.PlatformNotApplicable, ""), "DE", createRegister},
		{"on premise, migrating", reading(cloudapi.PlatformOnPremise, ""), "", createRegister},
		{"not registered, settings unread", &cloudapi.Registration{Number: &cloudapi.PhoneNumber{Platform: cloudapi.PlatformNotApplicable}}, "", createRegister},
		{"registered with this region", reading(cloudapi.PlatformCloudAPI, "DE"), "DE", createAdopt},
		{"registered without storage, none asked", reading(cloudapi.PlatformCloudAPI, ""), "", createAdopt},
		{"registered with another region", reading(cloudapi.PlatformCloudAPI, "CH"), "DE", createRefuse},
		{"registered with storage, none asked", reading(cloudapi.PlatformCloudAPI, "CH"), "", createRefuse},
		{"registered without storage, one asked", reading(cloudapi.PlatformCloudAPI, ""), "DE", createRefuse},
	} {
		if got := guardBeforeRegister(tc.read, tc.region); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPinChanged(t *testing.T) {
	for _, tc := range []struct {
		name        string
		state, plan phoneRegistrationModel
		want        string
	}{
		{"unchanged pin", model(str("1"), null, noVer), model(str("1"), null, noVer), ""},
		{"new pin", model(str("1"), null, noVer), model(str("2"), null, noVer), "pin changes"},
		{"pin unknown", model(str("1"), null, noVer), model(unknown, null, noVer), "pin changes"},
		{"unchanged version", model(null, null, version(3)), model(null, null, version(3)), ""},
		{"new version", model(null, null, version(3)), model(null, null, version(4)), "pin_wo_version changes"},
		{"pin to pin_wo", model(str("1"), null, noVer), model(null, null, version(1)), "pin_wo_version changes"},
		{"pin_wo to pin", model(null, null, version(1)), model(str("1"), null, noVer), "pin changes"},
		{"after an import", model(null, null, noVer), model(str("1"), null, noVer), "not known"},
		{"after an import, pin_wo", model(null, null, noVer), model(null, null, version(1)), "not known"},
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
	if !reregisterWanted(with(model(str("1"), null, noVer), none), with(model(str("1"), null, noVer), set)) {
		t.Error("adding triggers to an applied registration must register again")
	}
	if reregisterWanted(with(model(null, null, noVer), none), with(model(str("1"), null, noVer), set)) {
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
