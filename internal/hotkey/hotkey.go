// Package hotkey registers one system-wide key combination (a "global hotkey") and reports
// each press, so Paperboy can be summoned from any application.
//
// New picks a backend at run time:
//
//   - "x11": an X server (DISPLAY set, no Wayland session). XGrabKey on the root window through
//     the pure-Go X protocol client github.com/jezek/xgb, so no X11 headers or cgo are needed.
//   - "portal": a Wayland session (WAYLAND_DISPLAY set) whose XDG desktop portal offers
//     org.freedesktop.portal.GlobalShortcuts (GNOME 48+, KDE Plasma). The desktop has the last
//     word on the trigger: Paperboy only suggests one, and the desktop may ask the user.
//   - "windows": RegisterHotKey on a thread of its own.
//   - "unsupported": anything else (macOS for now, Wayland without the portal, no display).
//     Register then fails with an error that tells the user to bind `paperboy --search ""`
//     in their desktop's keyboard settings instead.
//
// Accelerators are written "Ctrl+Alt+P"; see Parse.
package hotkey

import (
	"errors"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Registrar holds at most one registered key combination at a time. Its methods are safe to
// call from several goroutines.
type Registrar interface {
	// Register parses accel and makes it the one key. A previous key is released only once
	// the new one is in place, so on error the previous key (if any) still works. Registering
	// the current key again is a no-op.
	Register(accel string) error
	// Unregister releases the key, if any (the "off" switch).
	Unregister() error
	// Events delivers a value for each press of the key. Presses that arrive while a value is
	// still waiting are merged into it. The channel is closed by Close, or when the backend's
	// connection to the display or the bus is lost.
	Events() <-chan struct{}
	// Backend names the backend: "x11", "portal", "windows" or "unsupported".
	Backend() string
	// Close releases the key and the backend's resources and closes Events.
	Close() error
}

// Codes of the *paper.Error values this package returns, besides paper.EINVALID for an
// accelerator that does not parse or a key the keyboard lacks.
const (
	CodeTaken       = paper.ETAKEN
	CodeUnsupported = paper.EUNSUPPORTED
)

// ErrTaken is in the chain of Register's error when another application already holds the key
// (errors.Is(err, ErrTaken)); paper.ErrorMessage(err) gives its message for Settings. The X11
// and Windows backends report it; under the portal the desktop settles conflicts itself.
var ErrTaken = &paper.Error{Code: CodeTaken, Message: "that key is taken by another application"}

// ErrUnsupported is in the chain of Register's error when no backend can register a key here.
var ErrUnsupported = errors.New("hotkey: no global hotkey backend here")
