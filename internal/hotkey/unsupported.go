//go:build !windows

package hotkey

import (
	"sync"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// fallbackAdvice ends every "unsupported" message: the documented manual binding.
const fallbackAdvice = `bind the command paperboy --search "" to a key in your desktop's keyboard settings instead`

// unsupported is the backend of last resort: it registers nothing and says why.
type unsupported struct {
	reason string
	events chan struct{}
	once   sync.Once
}

// newUnsupported returns a Registrar whose Register explains reason and the fallback.
func newUnsupported(reason string) *unsupported {
	return &unsupported{reason: reason, events: make(chan struct{})}
}

func (u *unsupported) Register(accel string) error {
	if _, err := Parse(accel); err != nil {
		return err
	}
	return &paper.Error{
		Code:    CodeUnsupported,
		Message: "Paperboy can't register a system-wide key here (" + u.reason + "): " + fallbackAdvice,
		Err:     ErrUnsupported,
	}
}

func (u *unsupported) Unregister() error       { return nil }
func (u *unsupported) Events() <-chan struct{} { return u.events }
func (u *unsupported) Backend() string         { return "unsupported" }

func (u *unsupported) Close() error {
	u.once.Do(func() { close(u.events) })
	return nil
}
