package cloudapi

import (
	"context"
	"errors"
	"fmt"
)

// RegisterRequest is the body of POST /{phone-number-id}/register, less
// messaging_product, which is always "whatsapp".
type RegisterRequest struct {
	// PIN is the six-digit two-step verification PIN: the existing one when
	// two-step verification is on, otherwise it becomes the PIN.
	PIN string
	// Region turns local storage on in that country; empty leaves it off.
	Region string
	// Backup is only for numbers migrating from the On-Premises API.
	Backup *Backup
	// Again marks a register of a number already registered with Region
	// (after a display-name change): a read cannot tell whether such a
	// register took effect, so a lost answer stays unknown.
	Again bool
}

// Backup is the On-Premises backup sent with a migrating register.
type Backup struct {
	Data     string
	Password string
}

// WriteReport says what a register or deregister spent, and how its outcome
// became known.
type WriteReport struct {
	// Sent counts the requests that may have reached Meta; each may count
	// against the number's budget.
	Sent int
	// LostAnswer is set when the call's own answer was lost (reset, cut,
	// timed out, not understood) and a read afterwards showed that the call
	// had taken effect.
	LostAnswer error
	// AlreadyDone is a deregister that Meta refused as "not registered" and
	// that a read confirmed: there was nothing to do.
	AlreadyDone bool
}

// NoEffectError is a register or deregister whose answer was lost, and that
// a read afterwards showed had not taken effect; it was not sent again
// (no retries left, the operation was cancelled, or the lost answer was a
// 2xx, which a second send would not improve).
type NoEffectError struct {
	RequestLabel string
	Cause        error
	Observed     string
	// Stopped is why no further attempt was made, when the operation's
	// context ended (a Ctrl-C, a timeout).
	Stopped error
}

func (e *NoEffectError) Error() string {
	return fmt.Sprintf("%s: no answer said whether it took effect (%v); a read afterwards shows %s, so the call did not take effect", e.RequestLabel, e.Cause, e.Observed)
}

func (e *NoEffectError) Unwrap() []error { return []error{e.Cause, e.Stopped} }

// UnconfirmedAbsenceError is a deregister that Meta refused as "not
// registered" or "does not exist", which a read could not confirm: the
// number reads as registered (Observed), or cannot be read at all (ReadErr,
// typically the same 100/33 that also means "not visible to this token").
type UnconfirmedAbsenceError struct {
	Refusal  *Error
	Observed string
	ReadErr  error
}

func (e *UnconfirmedAbsenceError) Error() string {
	if e.ReadErr != nil {
		return fmt.Sprintf("%s; the read meant to confirm it failed too: %v", e.Refusal.Summary(), e.ReadErr)
	}
	return fmt.Sprintf("%s; but a read afterwards shows %s", e.Refusal.Summary(), e.Observed)
}

func (e *UnconfirmedAbsenceError) Unwrap() error { return e.Refusal }

// Register registers the number on the Cloud API. Each request that reaches
// Meta, failed or not, may spend one of the number's 10 registers per 72
// hours, so a request whose answer is lost is settled by reading the number,
// and sent again only when that read shows it did not take effect.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/registration
func (c *Client) Register(ctx context.Context, phoneNumberID string, r RegisterRequest) (WriteReport, error) {
	body := map[string]any{"messaging_product": "whatsapp", "pin": r.PIN}
	if r.Region != "" {
		body["data_localization_region"] = r.Region
	}
	if r.Backup != nil {
		body["backup"] = map[string]any{"data": r.Backup.Data, "password": r.Backup.Password}
	}
	return c.budgetWrite(ctx, budgetWrite{
		id: phoneNumberID, label: "register phone number " + phoneNumberID, edge: "register", body: body,
		judge: func(reg *Registration) verdict {
			switch {
			case !reg.Registered():
				return noEffect
			case reg.Region() != r.Region || r.Again:
				// Registered, but not as asked, or as it was before.
				return undecided
			}
			return tookEffect
		},
	})
}

// Deregister removes the number from the Cloud API and turns local storage
// off. It spends one of the number's 10 deregisters per 72 hours. Meta's
// "not registered" refusal counts as done only when a read confirms it.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/registration
func (c *Client) Deregister(ctx context.Context, phoneNumberID string) (WriteReport, error) {
	w := budgetWrite{
		id: phoneNumberID, label: "deregister phone number " + phoneNumberID, edge: "deregister",
		judge: func(reg *Registration) verdict {
			if reg.Registered() {
				return noEffect
			}
			return tookEffect
		},
	}
	rep, err := c.budgetWrite(ctx, w)
	apiErr, ok := AsError(err)
	if !ok || !apiErr.SaysNotRegistered() && !apiErr.NotVisible() {
		return rep, err
	}
	reading, readErr := c.reconcile(ctx, phoneNumberID)
	switch {
	case readErr != nil:
		return rep, &UnconfirmedAbsenceError{Refusal: apiErr, ReadErr: readErr}
	case reading.Registered():
		return rep, &UnconfirmedAbsenceError{Refusal: apiErr, Observed: reading.Describe()}
	}
	rep.AlreadyDone = true
	return rep, nil
}

// SetPIN sets the two-step verification PIN without re-registering. It is
// idempotent, so it is retried like a read.
//
// Meta's documentation: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/two-step-verification
func (c *Client) SetPIN(ctx context.Context, phoneNumberID, pin string) error {
	_, err := c.call(ctx, &request{
		method: "POST", label: "set the two-step verification PIN of phone number " + phoneNumberID,
		path: []string{phoneNumberID}, body: map[string]any{"pin": pin}, decode: decodeSuccess,
	})
	return err
}

type verdict int

const (
	undecided verdict = iota
	tookEffect
	noEffect
)

type budgetWrite struct {
	id, label, edge string
	body            map[string]any
	// judge says, from a read, whether the write took effect.
	judge func(*Registration) verdict
}

// budgetWrite sends a register or deregister. When its answer is lost, a
// read decides: took effect (success), did not (send again if retries and
// time remain), or cannot tell (UnknownOutcomeError). Nothing is ever sent
// again on a guess.
func (c *Client) budgetWrite(ctx context.Context, w budgetWrite) (WriteReport, error) {
	var rep WriteReport
	remaining := c.maxRetries + 1
	for {
		stats, err := c.call(ctx, &request{
			method: "POST", label: w.label, path: []string{w.id, w.edge}, body: w.body,
			budget: true, maxAttempts: remaining, decode: decodeSuccess,
		})
		rep.Sent += stats.sent
		remaining -= stats.attempts
		var unseen *unseenError
		if !errors.As(err, &unseen) {
			return rep, err
		}
		reading, readErr := c.reconcile(ctx, w.id)
		if readErr != nil {
			return rep, &UnknownOutcomeError{RequestLabel: w.label, Attempts: rep.Sent, Cause: unseen.cause, ReadErr: readErr}
		}
		switch w.judge(reading) {
		case tookEffect:
			rep.LostAnswer = unseen.cause
			c.log(ctx, LevelInfo, fmt.Sprintf("Cloud API: %s: the answer was lost, and a read shows %s: the call took effect", w.label, reading.Describe()), nil)
			return rep, nil
		case undecided:
			return rep, &UnknownOutcomeError{RequestLabel: w.label, Attempts: rep.Sent, Cause: unseen.cause, Observed: reading.Describe()}
		}
		if !unseen.retryable || remaining <= 0 || ctx.Err() != nil {
			return rep, &NoEffectError{RequestLabel: w.label, Cause: unseen.cause, Observed: reading.Describe(), Stopped: ctx.Err()}
		}
		c.log(ctx, LevelInfo, fmt.Sprintf("Cloud API: %s: the answer was lost, and a read shows %s: sending it again", w.label, reading.Describe()), nil)
		if err := sleep(ctx, c.backoff(c.maxRetries+2-remaining, nil)); err != nil {
			return rep, &NoEffectError{RequestLabel: w.label, Cause: unseen.cause, Observed: reading.Describe(), Stopped: err}
		}
	}
}

// reconcile reads the number after a write whose answer was lost. It runs on
// its own bounded context, so that it happens even after a Ctrl-C.
func (c *Client) reconcile(ctx context.Context, id string) (*Registration, error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.reconcileTimeout)
	defer cancel()
	return c.Registration(rctx, id)
}
