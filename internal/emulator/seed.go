package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// Seed is a starting world: the format of the command's -seed file.
type Seed struct {
	WABAs   []string `json:"wabas"`
	Numbers []Number `json:"numbers"`
}

// The demo account: the one fixture the command, the demo, the examples and
// every test harness share, so that they all talk about the same numbers.
const (
	DemoWABA       = "102290129340398"
	DemoNumber     = "106540352242922"
	DemoNumberSale = "107940352242933"
)

// DemoSeed is two verified, unregistered numbers in one account.
func DemoSeed() Seed {
	return Seed{
		WABAs: []string{DemoWABA},
		Numbers: []Number{
			{ID: DemoNumber, WABAID: DemoWABA, DisplayPhoneNumber: "+41 44 668 18 00", VerifiedName: "Acme Support"},
			{ID: DemoNumberSale, WABAID: DemoWABA, DisplayPhoneNumber: "+49 30 901820", VerifiedName: "Acme Sales"},
		},
	}
}

// Load adds a seed's accounts and numbers.
func (e *Emulator) Load(s Seed) error {
	for _, w := range s.WABAs {
		if !idPattern.MatchString(w) {
			return fmt.Errorf("WABA id %q is not digits", w)
		}
		e.AddWABA(w)
	}
	for _, n := range s.Numbers {
		if !idPattern.MatchString(n.ID) {
			return fmt.Errorf("number id %q is not digits", n.ID)
		}
		e.AddNumber(n)
	}
	return nil
}

// ReadSeed reads a seed file strictly: an unknown field is refused.
func ReadSeed(path string) (Seed, error) {
	raw, err := os.ReadFile(path) //nolint:gosec // the operator's own file
	if err != nil {
		return Seed{}, err
	}
	var s Seed
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Seed{}, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
