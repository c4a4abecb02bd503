package registration

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/framework"
)

// What a registration keeps in Terraform's private state, beside its
// attributes. Private state is stored in state and in saved plan files
// (never shown by terraform show), so nothing here may be a secret:
//
//   - privatePIN, in state: a salted HMAC of the PIN the last apply
//     presented, keyed by a key derived from the access token, so that a
//     plan can tell that pin_wo was rotated without pin_wo_version
//     (guardPINRotated). Never the PIN, and not a hash that state alone can
//     reverse: a six-digit PIN has a million values, so an unkeyed hash of
//     it would be guessed in minutes by whoever holds a state or plan file.
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
//   - privateAdopted, in state: set by ImportState, dropped by the first
//     Update. The registration was imported and no PIN has been configured
//     for it since (guardAdoptedPIN). It holds only the phone number ID.
//
// Create and Update drop the plan-only keys before they save state, so
// that a later plain destroy can never find them.
const (
	privatePIN             = "pin_hash"
	privatePlanOf          = "plan_of"
	privateRegisterFollows = "register_follows"
	privateAdopted         = "adopted"
)

// adoptedPINWOVersion is the pin_wo_version an import records: the PIN the
// number has when it is adopted is version 1 of pin_wo.
const adoptedPINWOVersion int64 = 1

type adoptedNote struct {
	PhoneNumberID string `json:"phone_number_id"`
}

func markAdopted(ctx context.Context, p privateState, id string, diags *diag.Diagnostics) {
	setPrivate(ctx, p, privateAdopted, adoptedNote{PhoneNumberID: id}, diags)
}

func wasAdopted(ctx context.Context, p privateState) bool {
	var note adoptedNote
	return getPrivate(ctx, p, privateAdopted, &note) && note.PhoneNumberID != ""
}

func forgetAdopted(ctx context.Context, p privateState, diags *diag.Diagnostics) {
	diags.Append(p.SetKey(ctx, privateAdopted, nil)...)
}

// privateState is the part of the framework's private state API the
// registration uses: the request and response types of every operation
// have it.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// pinKey is the key of the PIN hashes, derived from the access token: a
// state or plan file alone cannot test guesses of the PIN. Its id, also
// derived from the token, tells a hash made under another token (which
// then counts as unknown, never as a different PIN).
type pinKey struct {
	id  string
	key []byte
}

func newPINKey(data *framework.ProviderData) *pinKey {
	id, key := data.TokenKey("terraform-provider-whatsapp pin key id v1"), data.TokenKey("terraform-provider-whatsapp pin key v1")
	if id == nil {
		return nil
	}
	return &pinKey{id: hex.EncodeToString(id[:8]), key: key}
}

type pinKeyKey struct{}

// pinKeyOf is the pin key of one Configure (nil without a token).
func pinKeyOf(data *framework.ProviderData) *pinKey {
	return framework.Shared(data.Configured, pinKeyKey{}, func() *pinKey { return newPINKey(data) })
}

// pinHash is a PIN's salted HMAC under a pinKey.
type pinHash struct {
	KeyID string `json:"key_id"`
	Salt  []byte `json:"salt"`
	Hash  []byte `json:"hash"`
}

func (k *pinKey) hash(pin string, salt []byte) []byte {
	m := hmac.New(sha256.New, k.key)
	m.Write(salt)
	m.Write([]byte(pin))
	return m.Sum(nil)
}

func (k *pinKey) newHash(pin string) pinHash {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails on supported platforms
	return pinHash{KeyID: k.id, Salt: salt, Hash: k.hash(pin, salt)}
}

// comparable reports whether h was made under k.
func (k *pinKey) comparable(h pinHash) bool { return k != nil && h.KeyID == k.id && len(h.Hash) > 0 }

// matches reports whether pin is the PIN h was made from; h must be
// comparable.
func (k *pinKey) matches(h pinHash, pin string) bool { return hmac.Equal(k.hash(pin, h.Salt), h.Hash) }

// lastAppliedPIN is the hash of the PIN the last apply presented, if there
// is one that key can compare.
func lastAppliedPIN(ctx context.Context, p privateState, key *pinKey) (pinHash, bool) {
	var h pinHash
	return h, getPrivate(ctx, p, privatePIN, &h) && key.comparable(h)
}

// rememberPIN records the PIN an apply presented, and drops the plan-only
// keys: it is called where state is saved. Without a key it forgets.
func rememberPIN(ctx context.Context, p privateState, key *pinKey, pin string, diags *diag.Diagnostics) {
	if key == nil {
		forgetPIN(ctx, p, diags)
		return
	}
	setPrivate(ctx, p, privatePIN, key.newHash(pin), diags)
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
