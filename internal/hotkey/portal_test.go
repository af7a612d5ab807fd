//go:build !windows && !darwin

package hotkey

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// busConfig is a session bus that activates no services, so a portal installed on the
// machine can't answer in place of the fake one.
const busConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=DIR</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// privateBus starts a session bus of the test's own under dbus-run-session and returns its
// address. The bus lives until the test ends (dbus-run-session stops it when its child,
// a cat reading our pipe, exits).
func privateBus(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("dbus-run-session")
	requireTool(t, err != nil, "dbus-run-session", "dbus")
	dir := t.TempDir()
	config := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(config, []byte(strings.Replace(busConfig, "DIR", dir, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--config-file="+config, "--", "sh", "-c",
		`echo "$DBUS_SESSION_BUS_ADDRESS"; exec cat >/dev/null`)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	addr := strings.TrimSpace(line)
	if err != nil || addr == "" {
		t.Fatalf("dbus-run-session gave no bus address: %q, %v", line, err)
	}
	return addr
}

// fakePortal plays org.freedesktop.portal.Desktop's GlobalShortcuts on a private bus, as
// xdg-desktop-portal does: each call answers with a Request handle, and the result comes as
// that Request's Response signal. It sends the signal before the method's reply, the order a
// real portal may also produce, which a client must survive.
type fakePortal struct {
	conn *dbus.Conn

	mu           sync.Mutex
	bound        map[dbus.ObjectPath][]shortcut // session → shortcuts bound in it
	open         map[dbus.ObjectPath]string     // session → owner's bus name
	closed       []dbus.ObjectPath
	bindResponse uint32 // the Response code BindShortcuts answers with: 0 success, 1 cancelled
}

// startFakePortal claims the portal's name on the bus at addr. With shortcuts false it offers
// another portal interface only, like a desktop whose portal lacks GlobalShortcuts.
func startFakePortal(t *testing.T, addr string, shortcuts bool) *fakePortal {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	f := &fakePortal{conn: conn, bound: map[dbus.ObjectPath][]shortcut{}, open: map[dbus.ObjectPath]string{}}
	props := prop.Map{"org.freedesktop.portal.Settings": {"version": {Value: uint32(2)}}}
	if shortcuts {
		props[shortcutsIface] = map[string]*prop.Prop{"version": {Value: uint32(2)}}
		if err := conn.Export(fakeShortcuts{f}, portalPath, shortcutsIface); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := prop.Export(conn, portalPath, props); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(portalName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("claim %s: %v, %v", portalName, reply, err)
	}
	return f
}

// fakeShortcuts holds the exported methods of org.freedesktop.portal.GlobalShortcuts.
type fakeShortcuts struct{ f *fakePortal }

func pathElement(sender dbus.Sender) string {
	return strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_")
}

func (s fakeShortcuts) CreateSession(sender dbus.Sender, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	token, _ := options["handle_token"].Value().(string)
	sessionToken, _ := options["session_handle_token"].Value().(string)
	if token == "" || sessionToken == "" {
		return "", dbus.MakeFailedError(errors.New("fake portal: handle_token and session_handle_token are required"))
	}
	request := requestHandle(string(sender), token)
	session := dbus.ObjectPath("/org/freedesktop/portal/desktop/session/" + pathElement(sender) + "/" + sessionToken)
	if err := s.f.conn.Export(fakeSession{s.f, session}, session, sessionIface); err != nil {
		return "", dbus.MakeFailedError(err)
	}
	s.f.mu.Lock()
	s.f.open[session] = string(sender)
	s.f.mu.Unlock()
	s.f.conn.Emit(request, requestIface+".Response", uint32(0),
		map[string]dbus.Variant{"session_handle": dbus.MakeVariant(string(session))})
	return request, nil
}

func (s fakeShortcuts) BindShortcuts(sender dbus.Sender, session dbus.ObjectPath, shortcuts []shortcut,
	parent string, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	token, _ := options["handle_token"].Value().(string)
	s.f.mu.Lock()
	owner := s.f.open[session]
	code := s.f.bindResponse
	if owner == string(sender) && code == 0 {
		s.f.bound[session] = shortcuts
	}
	s.f.mu.Unlock()
	if owner != string(sender) {
		return "", dbus.MakeFailedError(errors.New("fake portal: no such session"))
	}
	var results []shortcut
	for _, sc := range shortcuts {
		trigger, _ := sc.Options["preferred_trigger"].Value().(string)
		results = append(results, shortcut{ID: sc.ID, Options: map[string]dbus.Variant{
			"description":         sc.Options["description"],
			"trigger_description": dbus.MakeVariant(trigger),
		}})
	}
	request := requestHandle(string(sender), token)
	s.f.conn.Emit(request, requestIface+".Response", code,
		map[string]dbus.Variant{"shortcuts": dbus.MakeVariant(results)})
	return request, nil
}

// fakeSession is an org.freedesktop.portal.Session.
type fakeSession struct {
	f    *fakePortal
	path dbus.ObjectPath
}

func (s fakeSession) Close() *dbus.Error {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	delete(s.f.open, s.path)
	s.f.closed = append(s.f.closed, s.path)
	s.f.conn.Export(nil, s.path, sessionIface)
	return nil
}

// activate sends Activated for shortcut id in session, as the desktop does on a key press.
func (f *fakePortal) activate(t *testing.T, session dbus.ObjectPath, id string) {
	t.Helper()
	if err := f.conn.Emit(portalPath, shortcutsIface+".Activated", session, id, uint64(1234),
		map[string]dbus.Variant{}); err != nil {
		t.Fatal(err)
	}
}

// onlyBound returns the one open session with shortcuts bound and its shortcuts.
func (f *fakePortal) onlyBound(t *testing.T) (dbus.ObjectPath, []shortcut) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	var found []dbus.ObjectPath
	for s := range f.bound {
		if _, open := f.open[s]; open {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		t.Fatalf("open sessions with bound shortcuts: %v, want exactly one", found)
	}
	return found[0], f.bound[found[0]]
}

func (f *fakePortal) isClosed(session dbus.ObjectPath) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, open := f.open[session]
	return !open
}

// waylandSession points the environment at a Wayland session whose session bus is addr.
func waylandSession(t *testing.T, addr string) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	t.Setenv("WAYLAND_DISPLAY", "wayland-test")
	t.Setenv("DISPLAY", "")
}

func wantTrigger(t *testing.T, shortcuts []shortcut, trigger string) {
	t.Helper()
	if len(shortcuts) != 1 || shortcuts[0].ID != shortcutID {
		t.Fatalf("bound shortcuts %+v, want one with id %q", shortcuts, shortcutID)
	}
	if got, _ := shortcuts[0].Options["preferred_trigger"].Value().(string); got != trigger {
		t.Errorf("preferred_trigger %q, want %q", got, trigger)
	}
	if got, _ := shortcuts[0].Options["description"].Value().(string); got != shortcutSummary {
		t.Errorf("description %q, want %q", got, shortcutSummary)
	}
}

// Under Wayland, Paperboy creates a portal session, binds its shortcut with the accelerator
// as the preferred trigger, reacts to Activated, and moves to a new session when the key
// changes.
func TestPortal(t *testing.T) {
	addr := privateBus(t)
	fake := startFakePortal(t, addr, true)
	waylandSession(t, addr)

	r, err := New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Backend() != "portal" {
		t.Fatalf("Backend() = %q under Wayland with a GlobalShortcuts portal, want portal", r.Backend())
	}
	if err := r.Register("Ctrl+Alt+P"); err != nil {
		t.Fatalf("Register: %v", err)
	}
	first, shortcuts := fake.onlyBound(t)
	wantTrigger(t, shortcuts, "CTRL+ALT+p")
	fake.activate(t, first, shortcutID)
	waitPress(t, r, "Activated in the first session")

	if err := r.Register("Super+Shift+K"); err != nil {
		t.Fatalf("Register a new key: %v", err)
	}
	second, shortcuts := fake.onlyBound(t)
	wantTrigger(t, shortcuts, "SHIFT+LOGO+k")
	if second == first || !fake.isClosed(first) {
		t.Errorf("after changing the key: first session %s closed=%v, second %s; want the first closed",
			first, fake.isClosed(first), second)
	}
	fake.activate(t, second, shortcutID)
	waitPress(t, r, "Activated in the new session")

	if err := r.Unregister(); err != nil {
		t.Fatalf("Unregister: %v", err)
	}
	if !fake.isClosed(second) {
		t.Error("Unregister left the portal session open")
	}

	fake.mu.Lock()
	fake.bindResponse = 1 // the user cancels the desktop's dialog
	fake.mu.Unlock()
	err = r.Register("Ctrl+Alt+P")
	if paper.ErrorCode(err) != paper.ECANCELED {
		t.Errorf("Register when the user cancels: %v, want code %q", err, paper.ECANCELED)
	}
	fake.mu.Lock()
	for s, owner := range fake.open {
		t.Errorf("a cancelled Register left session %s of %s open", s, owner)
	}
	fake.mu.Unlock()

	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-r.Events(); ok {
		t.Error("Events delivered after Close, want it closed")
	}
}

// Only our shortcut in the current session counts: a closed session's late Activated, another
// shortcut id or another signal must not raise the window.
func TestPortalActivatedFilter(t *testing.T) {
	p := &portal{session: "/org/freedesktop/portal/desktop/session/1_5/now"}
	signal := func(name string, path dbus.ObjectPath, body ...any) *dbus.Signal {
		return &dbus.Signal{Name: name, Path: path, Body: body}
	}
	activated := shortcutsIface + ".Activated"
	tests := []struct {
		name string
		sig  *dbus.Signal
		want bool
	}{
		{"ours", signal(activated, portalPath, p.session, shortcutID, uint64(1), map[string]dbus.Variant{}), true},
		{"old session", signal(activated, portalPath, dbus.ObjectPath("/org/freedesktop/portal/desktop/session/1_5/old"), shortcutID, uint64(1), map[string]dbus.Variant{}), false},
		{"other shortcut", signal(activated, portalPath, p.session, "other", uint64(1), map[string]dbus.Variant{}), false},
		{"deactivated", signal(shortcutsIface+".Deactivated", portalPath, p.session, shortcutID, uint64(1), map[string]dbus.Variant{}), false},
		{"other path", signal(activated, "/elsewhere", p.session, shortcutID, uint64(1), map[string]dbus.Variant{}), false},
		{"short body", signal(activated, portalPath, p.session), false},
	}
	for _, tt := range tests {
		if got := p.activated(tt.sig); got != tt.want {
			t.Errorf("%s: activated = %v, want %v", tt.name, got, tt.want)
		}
	}
	p.session = ""
	if p.activated(tests[0].sig) {
		t.Error("Activated while unregistered counted")
	}
}

// Without a portal, or with one that lacks GlobalShortcuts, Wayland is "unsupported", and
// Register says so and names the manual binding.
func TestPortalUnsupported(t *testing.T) {
	for _, tt := range []struct {
		name   string
		portal bool
	}{{"no portal", false}, {"portal without GlobalShortcuts", true}} {
		t.Run(tt.name, func(t *testing.T) {
			addr := privateBus(t)
			if tt.portal {
				startFakePortal(t, addr, false)
			}
			waylandSession(t, addr)
			r, err := New(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.Backend() != "unsupported" {
				t.Fatalf("Backend() = %q, want unsupported", r.Backend())
			}
			wantUnsupported(t, r, "this Wayland desktop offers no global shortcuts portal")
		})
	}
}

func TestNoDisplay(t *testing.T) {
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("DISPLAY", "")
	r, err := New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	wantUnsupported(t, r, "no X11 display or Wayland session")
}

func wantUnsupported(t *testing.T, r Registrar, reason string) {
	t.Helper()
	if err := r.Register("Ctrl+Alt+"); paper.ErrorCode(err) != paper.EINVALID {
		t.Errorf("Register of a bad accelerator: %v, want EINVALID first", err)
	}
	err := r.Register("Ctrl+Alt+P")
	if !errors.Is(err, ErrUnsupported) || paper.ErrorCode(err) != CodeUnsupported {
		t.Fatalf("Register: %v, want ErrUnsupported with code %q", err, CodeUnsupported)
	}
	msg := paper.ErrorMessage(err)
	for _, want := range []string{reason, `paperboy --search ""`} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if err := r.Unregister(); err != nil {
		t.Errorf("Unregister: %v", err)
	}
}
