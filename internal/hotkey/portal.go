//go:build !windows && !darwin

package hotkey

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// The XDG desktop portal's names (flatpak.github.io/xdg-desktop-portal, GlobalShortcuts).
const (
	portalName      = "org.freedesktop.portal.Desktop"
	portalPath      = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	shortcutsIface  = "org.freedesktop.portal.GlobalShortcuts"
	requestIface    = "org.freedesktop.portal.Request"
	sessionIface    = "org.freedesktop.portal.Session"
	shortcutID      = "search"
	shortcutSummary = "Search Paperboy"
)

// How long the portal may take to answer. Binding can show the user a dialog, so it gets
// long enough for a person to read and click.
var (
	portalCallTimeout = 30 * time.Second
	portalBindTimeout = 5 * time.Minute
)

// portal binds the key through org.freedesktop.portal.GlobalShortcuts: a session, one
// shortcut bound in it, and the portal's Activated signal for each press. The desktop decides
// the actual trigger; Paperboy's accelerator is its preferred_trigger.
type portal struct {
	conn    *dbus.Conn
	signals chan *dbus.Signal
	events  chan struct{}
	done    chan struct{}
	once    sync.Once

	regMu   sync.Mutex // serialises Register and Unregister, which wait on the portal
	mu      sync.Mutex // guards the fields below, also read by the signal loop
	accel   *Accelerator
	session dbus.ObjectPath // the current session, or ""
	waiters map[dbus.ObjectPath]chan map[string]dbus.Variant
}

// newPortal checks that conn's bus has a portal offering GlobalShortcuts and starts listening
// to it. It takes ownership of conn. The error is errNoPortal when the portal or the interface
// is missing.
func newPortal(ctx context.Context, conn *dbus.Conn) (*portal, error) {
	var version uint32
	err := conn.Object(portalName, portalPath).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0,
		shortcutsIface, "version").Store(&version)
	if err != nil {
		conn.Close()
		var dbusErr dbus.Error
		if errors.As(err, &dbusErr) {
			return nil, fmt.Errorf("%w: %s", errNoPortal, dbusErr.Name)
		}
		return nil, fmt.Errorf("hotkey: ask the desktop portal: %w", err)
	}
	p := &portal{
		conn:    conn,
		signals: make(chan *dbus.Signal, 16),
		events:  make(chan struct{}, 1),
		done:    make(chan struct{}),
		waiters: map[dbus.ObjectPath]chan map[string]dbus.Variant{},
	}
	for _, member := range []struct{ iface, name string }{{requestIface, "Response"}, {shortcutsIface, "Activated"}} {
		if err := conn.AddMatchSignalContext(ctx, dbus.WithMatchSender(portalName),
			dbus.WithMatchInterface(member.iface), dbus.WithMatchMember(member.name)); err != nil {
			conn.Close()
			return nil, fmt.Errorf("hotkey: listen to the desktop portal: %w", err)
		}
	}
	conn.Signal(p.signals)
	go p.loop()
	return p, nil
}

// errNoPortal: the session bus has no portal, or the portal has no GlobalShortcuts.
var errNoPortal = errors.New("hotkey: the desktop portal has no GlobalShortcuts")

func (p *portal) Backend() string         { return "portal" }
func (p *portal) Events() <-chan struct{} { return p.events }

// Register binds accel in a new session and then closes the old one: the portal offers no way
// to change a bound shortcut's trigger in place (BindShortcuts binds once per session).
func (p *portal) Register(accel string) error {
	a, err := Parse(accel)
	if err != nil {
		return err
	}
	p.regMu.Lock()
	defer p.regMu.Unlock()
	p.mu.Lock()
	same := p.accel != nil && *p.accel == a
	p.mu.Unlock()
	if same {
		return nil
	}

	session, err := p.createSession()
	if err != nil {
		return err
	}
	if err := p.bind(session, a); err != nil {
		p.closeSession(session)
		return err
	}
	p.mu.Lock()
	old := p.session
	p.accel, p.session = &a, session
	p.mu.Unlock()
	if old != "" {
		p.closeSession(old)
	}
	return nil
}

func (p *portal) Unregister() error {
	p.regMu.Lock()
	defer p.regMu.Unlock()
	p.mu.Lock()
	old := p.session
	p.accel, p.session = nil, ""
	p.mu.Unlock()
	if old != "" {
		p.closeSession(old)
	}
	return nil
}

// Close closes the bus connection, which ends the portal session with it.
func (p *portal) Close() error {
	p.once.Do(func() { p.conn.Close() })
	<-p.done
	return nil
}

func (p *portal) createSession() (dbus.ObjectPath, error) {
	results, err := p.request(portalCallTimeout, "CreateSession", func(token string) []any {
		return []any{map[string]dbus.Variant{
			"handle_token":         dbus.MakeVariant(token),
			"session_handle_token": dbus.MakeVariant(token),
		}}
	})
	if err != nil {
		return "", fmt.Errorf("hotkey: create a portal session: %w", err)
	}
	// The specification gives session_handle as a string; accept an object path too.
	switch v := results["session_handle"].Value().(type) {
	case string:
		return dbus.ObjectPath(v), nil
	case dbus.ObjectPath:
		return v, nil
	}
	return "", errors.New("hotkey: create a portal session: the portal returned no session handle")
}

// shortcut is one entry of BindShortcuts' a(sa{sv}).
type shortcut struct {
	ID      string
	Options map[string]dbus.Variant
}

func (p *portal) bind(session dbus.ObjectPath, a Accelerator) error {
	_, err := p.request(portalBindTimeout, "BindShortcuts", func(token string) []any {
		return []any{session, []shortcut{{ID: shortcutID, Options: map[string]dbus.Variant{
			"description":       dbus.MakeVariant(shortcutSummary),
			"preferred_trigger": dbus.MakeVariant(a.portalTrigger()),
		}}}, "", map[string]dbus.Variant{"handle_token": dbus.MakeVariant(token)}}
	})
	if err != nil {
		return fmt.Errorf("hotkey: bind %s through the desktop portal: %w", a, err)
	}
	return nil
}

func (p *portal) closeSession(session dbus.ObjectPath) {
	ctx, cancel := context.WithTimeout(context.Background(), portalCallTimeout)
	defer cancel()
	// A session the portal already closed answers with an error; either way it is gone.
	p.conn.Object(portalName, session).CallWithContext(ctx, sessionIface+".Close", 0)
}

// request calls a portal method that answers through a Request object's Response signal.
// The Response can come before the method's reply, so the waiter is in place before the call,
// under the handle the portal will use (its path is made of our bus name and the token).
func (p *portal) request(timeout time.Duration, method string, args func(token string) []any) (map[string]dbus.Variant, error) {
	token := newToken()
	handle := requestHandle(p.conn.Names()[0], token)
	answer := make(chan map[string]dbus.Variant, 1)
	p.setWaiter(handle, answer)
	defer p.setWaiter(handle, nil)

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var got dbus.ObjectPath
	if err := p.conn.Object(portalName, portalPath).CallWithContext(ctx, shortcutsIface+"."+method, 0,
		args(token)...).Store(&got); err != nil {
		return nil, err
	}
	if got != handle { // a portal older than 0.9 picks its own handle
		p.setWaiter(got, answer)
		defer p.setWaiter(got, nil)
	}
	select {
	case results, ok := <-answer:
		if !ok {
			return nil, errors.New("the bus connection closed")
		}
		code, _ := results[""].Value().(uint32)
		switch code {
		case 0:
			return results, nil
		case 1:
			return nil, &paper.Error{Code: paper.ECANCELED,
				Message: "the desktop's shortcut dialog was cancelled: the key is not bound",
				Err:     errors.New("portal response 1")}
		default:
			return nil, fmt.Errorf("the portal refused (response %d)", code)
		}
	case <-ctx.Done():
		return nil, fmt.Errorf("the portal did not answer within %s", timeout)
	}
}

func (p *portal) setWaiter(handle dbus.ObjectPath, ch chan map[string]dbus.Variant) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if ch == nil {
		delete(p.waiters, handle)
	} else {
		p.waiters[handle] = ch
	}
}

// loop routes the portal's signals until the connection closes.
func (p *portal) loop() {
	defer close(p.done)
	defer close(p.events)
	for sig := range p.signals {
		if p.activated(sig) {
			notify(p.events)
			continue
		}
		if sig.Name == requestIface+".Response" && len(sig.Body) == 2 {
			code, _ := sig.Body[0].(uint32)
			results, _ := sig.Body[1].(map[string]dbus.Variant)
			if results == nil {
				results = map[string]dbus.Variant{}
			}
			// The response code travels under the key "", which no result uses.
			results[""] = dbus.MakeVariant(code)
			p.mu.Lock()
			if w, ok := p.waiters[sig.Path]; ok {
				select {
				case w <- results:
				default:
				}
			}
			p.mu.Unlock()
		}
	}
	p.mu.Lock()
	for _, w := range p.waiters {
		close(w)
	}
	p.waiters = map[dbus.ObjectPath]chan map[string]dbus.Variant{}
	p.mu.Unlock()
}

// activated reports whether sig is the portal's Activated for our shortcut in the current
// session: a closed session's late signal must not raise the window.
func (p *portal) activated(sig *dbus.Signal) bool {
	if sig.Name != shortcutsIface+".Activated" || sig.Path != portalPath || len(sig.Body) < 2 {
		return false
	}
	session, _ := sig.Body[0].(dbus.ObjectPath)
	id, _ := sig.Body[1].(string)
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.session != "" && session == p.session && id == shortcutID
}

// requestHandle is the path of the Request object the portal creates for a call made by the
// bus name sender with handle_token token.
func requestHandle(sender, token string) dbus.ObjectPath {
	s := strings.ReplaceAll(strings.TrimPrefix(sender, ":"), ".", "_")
	return dbus.ObjectPath("/org/freedesktop/portal/desktop/request/" + s + "/" + token)
}

// newToken returns a fresh handle token (letters, digits and _ only, as object paths need).
func newToken() string {
	return "paperboy_" + strings.ToLower(rand.Text())
}
