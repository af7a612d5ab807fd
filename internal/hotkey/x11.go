//go:build !windows && !darwin

package hotkey

import (
	"errors"
	"fmt"
	"io"
	"log"
	"slices"
	"sync"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Keysyms the X11 backend looks for in the modifier map.
const (
	xkNumLock    = 0xff7f
	xkScrollLock = 0xff14
	xkAltL       = 0xffe9
	xkAltR       = 0xffea
	xkMetaL      = 0xffe7
	xkSuperL     = 0xffeb
	xkSuperR     = 0xffec
)

// xgb logs to stderr on its own (a missing ~/.Xauthority, say); Paperboy reports through its
// errors instead.
func init() { xgb.Logger = log.New(io.Discard, "", 0) }

// x11 grabs the key on the root window: the X server then sends the key's presses to this
// client, whichever window has the focus. Only one client can hold a given grab; a second
// gets BadAccess, which is how "taken" is detected.
type x11 struct {
	conn   *xgb.Conn
	root   xproto.Window
	events chan struct{}
	done   chan struct{} // closed when the event loop has ended
	once   sync.Once

	mu     sync.Mutex
	km     keymap
	accel  *Accelerator // registered, or nil
	grabs  []keyGrab    // the grabs held for accel
	repeat repeatFilter
}

// keyGrab is one XGrabKey: a keycode with an exact modifier state.
type keyGrab struct {
	code xproto.Keycode
	mods uint16
}

// newX11 connects to display ("" means $DISPLAY) and starts reading its events.
func newX11(display string) (*x11, error) {
	conn, err := xgb.NewConnDisplay(display)
	if err != nil {
		return nil, fmt.Errorf("hotkey: connect to X display %q: %w", display, err)
	}
	x := &x11{
		conn:   conn,
		root:   xproto.Setup(conn).DefaultScreen(conn).Root,
		events: make(chan struct{}, 1),
		done:   make(chan struct{}),
	}
	if x.km, err = loadKeymap(conn); err != nil {
		conn.Close()
		return nil, err
	}
	go x.loop()
	return x, nil
}

func (x *x11) Backend() string         { return "x11" }
func (x *x11) Events() <-chan struct{} { return x.events }

func (x *x11) Register(accel string) error {
	a, err := Parse(accel)
	if err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.accel != nil && *x.accel == a {
		return nil
	}
	grabs, err := x.km.grabsFor(a)
	if err != nil {
		return err
	}
	if err := x.grab(grabs); err != nil {
		return fmt.Errorf("hotkey: grab %s: %w", a, err)
	}
	x.ungrab(without(x.grabs, grabs))
	x.accel, x.grabs = &a, grabs
	return x.sync()
}

func (x *x11) Unregister() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.ungrab(x.grabs)
	x.accel, x.grabs = nil, nil
	return x.sync()
}

// Close drops the connection (the X server releases its grabs) and waits for the event loop.
func (x *x11) Close() error {
	x.once.Do(x.conn.Close)
	<-x.done
	return nil
}

// grab takes every grab in grabs, or none: on failure it releases the ones it took, and a
// BadAccess becomes ErrTaken.
func (x *x11) grab(grabs []keyGrab) error {
	for i, g := range grabs {
		err := xproto.GrabKeyChecked(x.conn, false, x.root, g.mods, g.code,
			xproto.GrabModeAsync, xproto.GrabModeAsync).Check()
		if err == nil {
			continue
		}
		// Our own grabs of the same combination (shared with the old key) are not an error:
		// X allows a client to repeat its own grab. So any failure here is another client's.
		x.ungrab(without(grabs[:i], x.grabs))
		if _, ok := err.(xproto.AccessError); ok {
			return ErrTaken
		}
		return err
	}
	return nil
}

func (x *x11) ungrab(grabs []keyGrab) {
	for _, g := range grabs {
		xproto.UngrabKey(x.conn, g.code, x.root, g.mods)
	}
}

// sync waits until the server has handled every request sent so far, so that when Register or
// Unregister returns, a released key is free for other clients.
func (x *x11) sync() error {
	if _, err := xproto.GetInputFocus(x.conn).Reply(); err != nil {
		return fmt.Errorf("hotkey: X server: %w", err)
	}
	return nil
}

// loop reads X events until the connection closes.
func (x *x11) loop() {
	defer close(x.done)
	defer close(x.events)
	for {
		ev, err := x.conn.WaitForEvent()
		if ev == nil && err == nil {
			return // connection closed
		}
		if err != nil {
			continue // an error for an unchecked request (an UngrabKey): nothing to do
		}
		switch e := ev.(type) {
		case xproto.KeyPressEvent:
			if x.pressed(e) {
				notify(x.events)
			}
		case xproto.KeyReleaseEvent:
			x.mu.Lock()
			x.repeat.release(e.Detail, e.Time)
			x.mu.Unlock()
		case xproto.MappingNotifyEvent:
			if e.Request == xproto.MappingKeyboard || e.Request == xproto.MappingModifier {
				x.remap()
			}
		}
	}
}

// pressed reports whether e is a fresh press of the registered key.
func (x *x11) pressed(e xproto.KeyPressEvent) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.repeat.isRepeat(e.Detail, e.Time) {
		return false
	}
	for _, g := range x.grabs {
		if g.code == e.Detail && g.mods == e.State&0xff {
			return true
		}
	}
	return false
}

// remap reloads the keyboard mapping after a layout change and moves the grabs to the key's
// new keycode. Best effort: if the key is gone from the layout, or now taken, it stays off.
func (x *x11) remap() {
	km, err := loadKeymap(x.conn)
	if err != nil {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.km = km
	if x.accel == nil {
		return
	}
	grabs, err := km.grabsFor(*x.accel)
	if err == nil && slices.Equal(grabs, x.grabs) {
		return // the change did not touch our key (xdotool, for one, remaps a spare keycode)
	}
	x.ungrab(x.grabs)
	x.grabs = nil
	if err == nil && x.grab(grabs) == nil {
		x.grabs = grabs
	}
}

// without returns the grabs in a that are not in b.
func without(a, b []keyGrab) []keyGrab {
	return slices.DeleteFunc(slices.Clone(a), func(g keyGrab) bool { return slices.Contains(b, g) })
}

// repeatFilter recognises the X server's auto-repeat: a held key arrives as release+press
// pairs that share a timestamp. A held hotkey must not toggle the palette over and over.
type repeatFilter struct {
	code xproto.Keycode
	time xproto.Timestamp
	set  bool
}

func (r *repeatFilter) release(code xproto.Keycode, t xproto.Timestamp) {
	*r = repeatFilter{code: code, time: t, set: true}
}

func (r *repeatFilter) isRepeat(code xproto.Keycode, t xproto.Timestamp) bool {
	repeat := r.set && r.code == code && r.time == t
	r.set = false
	return repeat
}

// keymap is what the backend needs of the server's keyboard mapping.
type keymap struct {
	minCode    xproto.Keycode
	perCode    int
	keysyms    []xproto.Keysym
	alt, super uint16 // modifier masks
	locks      []uint16
}

func loadKeymap(conn *xgb.Conn) (keymap, error) {
	setup := xproto.Setup(conn)
	count := int(setup.MaxKeycode) - int(setup.MinKeycode) + 1
	kb, err := xproto.GetKeyboardMapping(conn, setup.MinKeycode, byte(count)).Reply()
	if err != nil {
		return keymap{}, fmt.Errorf("hotkey: read the X keyboard mapping: %w", err)
	}
	mm, err := xproto.GetModifierMapping(conn).Reply()
	if err != nil {
		return keymap{}, fmt.Errorf("hotkey: read the X modifier mapping: %w", err)
	}
	km := keymap{minCode: setup.MinKeycode, perCode: int(kb.KeysymsPerKeycode), keysyms: kb.Keysyms}
	var numLock, scrollLock uint16
	per := int(mm.KeycodesPerModifier)
	for mod := range 8 {
		mask := uint16(1) << mod
		for _, code := range mm.Keycodes[mod*per : (mod+1)*per] {
			for _, sym := range km.symsOf(code) {
				switch sym {
				case xkNumLock:
					numLock = mask
				case xkScrollLock:
					scrollLock = mask
				case xkAltL, xkAltR, xkMetaL:
					if km.alt == 0 {
						km.alt = mask
					}
				case xkSuperL, xkSuperR:
					if km.super == 0 {
						km.super = mask
					}
				}
			}
		}
	}
	if km.alt == 0 {
		km.alt = xproto.ModMask1
	}
	if km.super == 0 {
		km.super = xproto.ModMask4
	}
	// The lock modifiers change the state a press carries, so the grab must be repeated for
	// each combination of them, or the key would stop working while Num Lock is on.
	for _, m := range []uint16{xproto.ModMaskLock, numLock, scrollLock} {
		if m != 0 && m != km.alt && m != km.super && !slices.Contains(km.locks, m) {
			km.locks = append(km.locks, m)
		}
	}
	return km, nil
}

// symsOf returns the keysyms of one keycode.
func (km keymap) symsOf(code xproto.Keycode) []xproto.Keysym {
	i := (int(code) - int(km.minCode)) * km.perCode
	if code < km.minCode || i+km.perCode > len(km.keysyms) {
		return nil
	}
	return km.keysyms[i : i+km.perCode]
}

// keycode finds the key that types sym, preferring one where sym needs no Shift.
func (km keymap) keycode(sym uint32) (xproto.Keycode, bool) {
	count := len(km.keysyms) / max(km.perCode, 1)
	for col := range km.perCode {
		for i := range count {
			if uint32(km.keysyms[i*km.perCode+col]) == sym {
				return km.minCode + xproto.Keycode(i), true
			}
		}
	}
	return 0, false
}

// grabsFor lists the grabs that make a work: its keycode with its modifiers, under every
// combination of the lock modifiers.
func (km keymap) grabsFor(a Accelerator) ([]keyGrab, error) {
	code, ok := km.keycode(a.Key.Keysym)
	if !ok {
		return nil, &paper.Error{Code: paper.EINVALID,
			Message: fmt.Sprintf("%s is not on this keyboard layout: choose another key", a.Key.Name),
			Err:     errors.New("hotkey: no keycode for keysym")}
	}
	var mods uint16
	if a.Mods&Ctrl != 0 {
		mods |= xproto.ModMaskControl
	}
	if a.Mods&Shift != 0 {
		mods |= xproto.ModMaskShift
	}
	if a.Mods&Alt != 0 {
		mods |= km.alt
	}
	if a.Mods&Super != 0 {
		mods |= km.super
	}
	var grabs []keyGrab
	for subset := range 1 << len(km.locks) {
		m := mods
		for i, lock := range km.locks {
			if subset&(1<<i) != 0 {
				m |= lock
			}
		}
		grabs = append(grabs, keyGrab{code: code, mods: m})
	}
	return grabs, nil
}
