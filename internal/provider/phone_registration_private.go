package provider

import (
	"bytes"
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// What a registration keeps in Terraform's private state, beside its
// attributes. Private state is stored in state and in saved plan files
// (never shown by terraform show), so nothing here may be a secret:
//
//   - privatePIN, in state: a salted, stretched hash of the PIN the last
//     apply presented, so that a plan can tell that pin_wo was rotated
//     without pin_wo_version (guardPINRotated). Never the PIN.
//   - privatePlanOf, in a plan only: what the first half of a replacement
//     (the update that Terraform turns into a replacement) saw in state,
//     handed to the second half (the create), which Terraform plans with
//     no prior state. It is how the create of a replacement knows what it
//     replaces, whatever forced it.
//   - privateRegisterFollows, in a plan only: written by every create plan,
//     read by the Delete of the same change. Terraform gives the destroy
//     half of a replacement the create's planned private state, so a
//     Delete that finds it knows a register of the same number follows and
//     runs guardPreflight instead of deregistering at once. A plain destroy
//     plans no create and never carries it.
//
// Create and Update drop the plan-only keys before they save state, so
// that a later plain destroy can never find them.
const (
	privatePIN             = "pin_hash"
	privatePlanOf          = "plan_of"
	privateRegisterFollows = "register_follows"
)

// privateState is the part of the framework's private state API the
// registration uses: the request and response types of every operation
// have it.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// pinHash is a PIN's salted PBKDF2-SHA256 hash. A six-digit PIN has only a
// million values, so no hash makes it secret against someone who holds the
// state: the iterations make guessing slow, not impossible. State is as
// sensitive as ever; the PIN itself is never in it unless the user chose pin.
type pinHash struct {
	Salt []byte `json:"salt"`
	Hash []byte `json:"hash"`
}

const pinHashIterations = 10_000

func hashPIN(pin string, salt []byte) []byte {
	key, err := pbkdf2.Key(sha256.New, pin, salt, pinHashIterations, sha256.Size)
	if err != nil {
		// Only FIPS-only mode refuses, and not for a 32-byte key.
		panic(err)
	}
	return key
}

func newPINHash(pin string) pinHash {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails on supported platforms
	return pinHash{Salt: salt, Hash: hashPIN(pin, salt)}
}

// matches reports whether pin is the PIN this hash was made from.
func (h pinHash) matches(pin string) bool { return bytes.Equal(hashPIN(pin, h.Salt), h.Hash) }

// lastAppliedPIN is the hash of the PIN the last apply presented, if any.
func lastAppliedPIN(ctx context.Context, p privateState) (pinHash, bool) {
	var h pinHash
	return h, getPrivate(ctx, p, privatePIN, &h) && len(h.Hash) > 0
}

// rememberPIN records the PIN an apply presented, and drops the plan-only
// keys: it is called where state is saved.
func rememberPIN(ctx context.Context, p privateState, pin string, diags *diag.Diagnostics) {
	setPrivate(ctx, p, privatePIN, newPINHash(pin), diags)
	forgetPlanKeys(ctx, p, diags)
}

// forgetPIN is for a PIN whose outcome is unknown: the next plan cannot
// compare against it.
func forgetPIN(ctx context.Context, p privateState, diags *diag.Diagnostics) {
	diags.Append(p.SetKey(ctx, privatePIN, nil)...)
	forgetPlanKeys(ctx, p, diags)
}

func forgetPlanKeys(ctx context.Context, p privateState, diags *diag.Diagnostics) {
	diags.Append(p.SetKey(ctx, privatePlanOf, nil)...)
	diags.Append(p.SetKey(ctx, privateRegisterFollows, nil)...)
}

// planOf is what the first half of a possible replacement hands the second.
type planOf struct {
	PhoneNumberID string `json:"phone_number_id"`
	Display       string `json:"display,omitempty"`
	Region        string `json:"region"`
	// Verification is the refreshed code_verification_status ("" if Meta
	// left it out).
	Verification string `json:"code_verification_status,omitempty"`
	// PINSet says why the configured PIN is not the one last applied ("" if
	// it is): a replacement then sets it first, and the plan says so.
	PINSet string `json:"pin_set,omitempty"`
}

// registerFollows is what a create plan tells the Delete of the same change.
type registerFollows struct {
	PhoneNumberID string `json:"phone_number_id"`
	Region        string `json:"region"`
}

func getPrivate(ctx context.Context, p privateState, key string, v any) bool {
	raw, diags := p.GetKey(ctx, key)
	if diags.HasError() || len(raw) == 0 {
		return false
	}
	return json.Unmarshal(raw, v) == nil
}

func setPrivate(ctx context.Context, p privateState, key string, v any, diags *diag.Diagnostics) {
	raw, err := json.Marshal(v)
	if err != nil {
		diags.AddError("Internal error: private state", err.Error())
		return
	}
	diags.Append(p.SetKey(ctx, key, raw)...)
}
