package registration

import "testing"

// guardAdoptedPIN: after an import, the first PIN configured is taken as
// given, unless pin_wo_version moves away from the import's version.
func TestPINTakenAsGiven(t *testing.T) {
	imported := pinModel(nullString, nullString, pinWOVersion(adoptedPINWOVersion))
	for _, tc := range []struct {
		name    string
		adopted bool
		state   phoneRegistrationModel
		plan    phoneRegistrationModel
		want    bool
	}{
		{"pin after an import", true, imported, pinModel(stringValue("1"), nullString, noPINWOVersion), true},
		{"pin_wo at the import's version", true, imported, pinModel(nullString, nullString, pinWOVersion(1)), true},
		{"pin_wo_version bumped after an import", true, imported, pinModel(nullString, nullString, pinWOVersion(2)), false},
		{"not adopted: a switch to pin", false, imported, pinModel(stringValue("1"), nullString, noPINWOVersion), false},
		{"not adopted: a new pin", false, pinModel(stringValue("1"), nullString, noPINWOVersion), pinModel(stringValue("2"), nullString, noPINWOVersion), false},
	} {
		if got := pinTakenAsGiven(tc.adopted, tc.state, tc.plan); got != tc.want {
			t.Errorf("%s: pinTakenAsGiven = %v, want %v", tc.name, got, tc.want)
		}
	}
}
