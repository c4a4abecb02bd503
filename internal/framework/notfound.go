package framework

import (
	"errors"
	"fmt"
)

// NotFoundError is a finder's one typed "not found": Meta's answer was
// understood and definitely says the object is not there (a number not on
// the Cloud API, an app not among a WABA's subscribed apps, a number
// without a callback override). An answer that cannot tell (100/33, a
// shape not understood, a lost answer) is any other error, never this one,
// so nothing is ever removed from state on it.
//
// The idiom, the same in every Read and ImportState (AWS:
// tfresource.NotFound):
//
//	v, err := findX(ctx, client, id)
//	switch {
//	case framework.NotFound(err): // Read: warn, then resp.State.RemoveResource; ImportState: refuse
//	case err != nil:              // an error, state untouched
//	}
//
// A finder may return what it read alongside a NotFoundError (the number's
// platform, the token's app), for the texts that explain the absence.
type NotFoundError struct {
	Message string
}

func (e *NotFoundError) Error() string { return e.Message }

// NewNotFound is a NotFoundError whose message says what is not there.
func NewNotFound(format string, args ...any) error {
	return &NotFoundError{Message: fmt.Sprintf(format, args...)}
}

// NotFound reports whether err is, or wraps, a NotFoundError.
func NotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}
