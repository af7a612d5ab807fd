//go:build !windows && !darwin

package hotkey

import (
	"errors"
	"testing"

	"github.com/jezek/xgb/xproto"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// ctrlAlt is the modifier state of Ctrl+Alt on the test server's keyboard.
func ctrlAlt(x *x11) uint16 { return xproto.ModMaskControl | x.keymap().alt }

// numLock is the Num Lock modifier on the test server (Mod2 on Xvfb's default keymap).
func numLock(t *testing.T, x *x11) uint16 {
	t.Helper()
	for _, m := range x.keymap().locks {
		if m != xproto.ModMaskLock {
			return m
		}
	}
	t.Fatal("the test server's keymap has no Num Lock modifier")
	return 0
}

// With the key registered, another client's grab of the same combination is refused, with
// or without Num Lock; a combination Paperboy does not hold is granted to it.
func TestX11GrabIsExclusive(t *testing.T) {
	display := xvfb(t)
	other := newOtherClient(t, display)
	x := newTestX11(t, display)

	if err := x.Register("Ctrl+Alt+P"); err != nil {
		t.Fatalf("Register: %v", err)
	}
	if got := other.tryGrab("p", ctrlAlt(x)); got != "taken" {
		t.Errorf("other client grabbing Ctrl+Alt+P: %q, want taken", got)
	}
	if got := other.tryGrab("p", ctrlAlt(x)|numLock(t, x)); got != "taken" {
		t.Errorf("other client grabbing Ctrl+Alt+P with Num Lock: %q, want taken", got)
	}
	if got := other.tryGrab("p", xproto.ModMaskControl); got != "ok" {
		t.Errorf("other client grabbing Ctrl+P (not Paperboy's): %q, want ok", got)
	}
}

// Typing the key delivers a press on Events, also while Num Lock is on.
func TestX11PressDelivers(t *testing.T) {
	display := xvfb(t)
	x := newTestX11(t, display)
	if x.Backend() != "x11" {
		t.Fatalf("Backend() = %q", x.Backend())
	}
	if err := x.Register("Ctrl+Alt+P"); err != nil {
		t.Fatalf("Register: %v", err)
	}
	xdotool(t, display, "ctrl+alt+p")
	waitPress(t, x, "ctrl+alt+p")

	xdotool(t, display, "Num_Lock")
	xdotool(t, display, "ctrl+alt+p")
	waitPress(t, x, "ctrl+alt+p with Num Lock on")
}

// Changing the key takes effect at once: the new one delivers presses and is held, the old
// one is free for other clients.
func TestX11ChangeKey(t *testing.T) {
	display := xvfb(t)
	other := newOtherClient(t, display)
	x := newTestX11(t, display)

	if err := x.Register("Ctrl+Alt+P"); err != nil {
		t.Fatalf("Register P: %v", err)
	}
	if err := x.Register("Ctrl+Alt+K"); err != nil {
		t.Fatalf("Register K: %v", err)
	}
	if got := other.tryGrab("p", ctrlAlt(x)); got != "ok" {
		t.Errorf("old key Ctrl+Alt+P after the change: other client got %q, want ok (released)", got)
	}
	if got := other.tryGrab("p", ctrlAlt(x)|numLock(t, x)); got != "ok" {
		t.Errorf("old key Ctrl+Alt+P with Num Lock after the change: other client got %q, want ok", got)
	}
	if got := other.tryGrab("k", ctrlAlt(x)); got != "taken" {
		t.Errorf("new key Ctrl+Alt+K: other client got %q, want taken", got)
	}
	xdotool(t, display, "ctrl+alt+k")
	waitPress(t, x, "ctrl+alt+k")

	if err := x.Register("ctrl+alt+k"); err != nil {
		t.Errorf("registering the current key again: %v", err)
	}
}

// A combination another client holds makes Register fail with ErrTaken; the previous key
// keeps working, and grabs taken on the way (Ctrl+Alt+P without Num Lock here) are released.
func TestX11Taken(t *testing.T) {
	display := xvfb(t)
	other := newOtherClient(t, display)
	x := newTestX11(t, display)
	if err := x.Register("Ctrl+Alt+K"); err != nil {
		t.Fatalf("Register K: %v", err)
	}

	release := other.hold("p", ctrlAlt(x)|numLock(t, x))
	err := x.Register("Ctrl+Alt+P")
	if !errors.Is(err, ErrTaken) {
		t.Fatalf("Register a held key: %v, want ErrTaken", err)
	}
	if msg := paper.ErrorMessage(err); msg != "that key is taken by another application" {
		t.Errorf("message %q", msg)
	}
	if code := paper.ErrorCode(err); code != CodeTaken {
		t.Errorf("code %q, want %q", code, CodeTaken)
	}
	if got := other.tryGrab("p", ctrlAlt(x)); got != "ok" {
		t.Errorf("after the failed Register, Ctrl+Alt+P without Num Lock: other client got %q, want ok", got)
	}
	if got := other.tryGrab("k", ctrlAlt(x)); got != "taken" {
		t.Errorf("after the failed Register, the previous key Ctrl+Alt+K: other client got %q, want taken", got)
	}
	xdotool(t, display, "ctrl+alt+k")
	waitPress(t, x, "previous key after a failed Register")

	release()
	if err := x.Register("Ctrl+Alt+P"); err != nil {
		t.Errorf("Register once the other client let go: %v", err)
	}
}

// Unregister frees the key; Close closes Events.
func TestX11UnregisterAndClose(t *testing.T) {
	display := xvfb(t)
	other := newOtherClient(t, display)
	x := newTestX11(t, display)
	if err := x.Register("Super+Shift+K"); err != nil {
		t.Fatalf("Register: %v", err)
	}
	mods := xproto.ModMaskShift | x.keymap().super
	if got := other.tryGrab("k", mods); got != "taken" {
		t.Fatalf("Super+Shift+K while registered: other client got %q, want taken", got)
	}
	if err := x.Unregister(); err != nil {
		t.Fatalf("Unregister: %v", err)
	}
	if got := other.tryGrab("k", mods); got != "ok" {
		t.Errorf("Super+Shift+K after Unregister: other client got %q, want ok", got)
	}
	if err := x.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, ok := <-x.Events(); ok {
		t.Error("Events delivered a press after Close, want it closed")
	}
}

// keymap reads the backend's keymap, which a MappingNotify may replace meanwhile.
func (x *x11) keymap() keymap {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.km
}

func TestRepeatFilter(t *testing.T) {
	var r repeatFilter
	if r.isRepeat(33, 100) {
		t.Error("first press counted as a repeat")
	}
	r.release(33, 200)
	if !r.isRepeat(33, 200) {
		t.Error("press with its release's timestamp not counted as a repeat")
	}
	r.release(33, 300)
	if r.isRepeat(33, 350) {
		t.Error("a new press after a release counted as a repeat")
	}
	r.release(40, 400)
	if r.isRepeat(33, 400) {
		t.Error("another key's release made this press a repeat")
	}
}

// grabsFor covers every combination of the lock modifiers, and fails clearly for a key the
// layout lacks.
func TestGrabsFor(t *testing.T) {
	km := keymap{minCode: 8, perCode: 2, keysyms: []xproto.Keysym{'q', 'Q', 'p', 'P'},
		alt: xproto.ModMask1, super: xproto.ModMask4, locks: []uint16{xproto.ModMaskLock, xproto.ModMask2}}
	a, _ := Parse("Ctrl+Alt+P")
	grabs, err := km.grabsFor(a)
	if err != nil {
		t.Fatal(err)
	}
	base := uint16(xproto.ModMaskControl | xproto.ModMask1)
	want := []keyGrab{{9, base}, {9, base | xproto.ModMaskLock}, {9, base | xproto.ModMask2},
		{9, base | xproto.ModMaskLock | xproto.ModMask2}}
	if len(grabs) != len(want) {
		t.Fatalf("grabs %v, want %v", grabs, want)
	}
	for i := range want {
		if grabs[i] != want[i] {
			t.Errorf("grab %d = %v, want %v", i, grabs[i], want[i])
		}
	}
	k, _ := Parse("Ctrl+K")
	if _, err := km.grabsFor(k); paper.ErrorCode(err) != paper.EINVALID {
		t.Errorf("a key the layout lacks: %v, want an EINVALID error", err)
	}
}
