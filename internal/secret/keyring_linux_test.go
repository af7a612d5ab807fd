package secret

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

// TestSystemKeyring runs against a real Secret Service: GNOME Keyring on a
// private session bus (dbus-run-session), unlocked with a throw-away
// password in a throw-away home. It re-runs this test in there.
func TestSystemKeyring(t *testing.T) {
	if os.Getenv("PAPERBOY_TEST_KEYRING") == "" {
		runUnderPrivateKeyring(t)
		return
	}
	waitForSecretService(t)
	dir := t.TempDir()
	s := New(dir)
	path := filepath.Join(dir, FileName)

	loc, err := s.SetToken("hf_in_the_keyring")
	if err != nil {
		t.Fatal(err)
	}
	if loc != (Location{Keyring: true}) || loc.String() != "Stored in the system keyring" {
		t.Errorf("stored at %+v (%q), want the keyring", loc, loc)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a token file was written too: %v", err)
	}
	// The item is there for any Secret Service client, under this data directory.
	if got, err := keyring.Get("paperboy", "hf-token:"+dir); err != nil || got != "hf_in_the_keyring" {
		t.Errorf("the keyring holds %q, %v", got, err)
	}
	if got, _ := keyring.Get("paperboy", "hf-token:"+t.TempDir()); got != "" {
		t.Errorf("another data directory sees the token %q", got)
	}
	if tok, loc, err := New(dir).Token(); err != nil || tok != "hf_in_the_keyring" || !loc.Keyring {
		t.Errorf("Token() = %q, %+v, %v", tok, loc, err)
	}

	// A token saved in the file while there was no keyring moves into it.
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, FileName), []byte("hf_from_file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if tok, loc, err := New(other).Token(); err != nil || tok != "hf_from_file" || !loc.Keyring {
		t.Errorf("Token() of a file token = %q, %+v, %v; want it moved to the keyring", tok, loc, err)
	}
	if _, err := os.Stat(filepath.Join(other, FileName)); !os.IsNotExist(err) {
		t.Errorf("the file token stayed: %v", err)
	}

	if _, err := s.SetToken(""); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get("paperboy", "hf-token:"+dir); err != keyring.ErrNotFound {
		t.Errorf("after removal the keyring answers %v, want not found", err)
	}
	if tok, _, err := s.Token(); tok != "" || err != nil {
		t.Errorf("Token() after removal = %q, %v", tok, err)
	}
}

// runUnderPrivateKeyring runs TestSystemKeyring again in a private D-Bus
// session with an unlocked GNOME Keyring, or skips saying what is missing.
func runUnderPrivateKeyring(t *testing.T) {
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian: apt-get install dbus gnome-keyring); the Secret Service path is untested", tool)
		}
	}
	home := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "dbus-run-session", "--", "sh", "-c",
		`printf '%s' throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0" -test.run='^TestSystemKeyring$' -test.v`,
		os.Args[0])
	cmd.Env = append(os.Environ(), "PAPERBOY_TEST_KEYRING=1", "HOME="+home,
		"XDG_DATA_HOME="+filepath.Join(home, "share"), "XDG_RUNTIME_DIR="+home, "XDG_CACHE_HOME="+filepath.Join(home, "cache"))
	out, err := cmd.CombinedOutput()
	t.Logf("under a private keyring:\n%s", out)
	if err != nil {
		t.Fatalf("the keyring test failed: %v", err)
	}
	if !strings.Contains(string(out), "--- PASS: TestSystemKeyring") {
		t.Fatal("the keyring test did not run")
	}
}

// waitForSecretService waits until the keyring daemon, which gnome-keyring-
// daemon --unlock starts in the background, owns its bus name.
func waitForSecretService(t *testing.T) {
	t.Helper()
	conn, err := dbus.SessionBus()
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for delay := time.Millisecond; ; delay = min(2*delay, 100*time.Millisecond) {
		var owned bool
		if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, secretService).Store(&owned); err == nil && owned {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the Secret Service did not start")
		}
		time.Sleep(delay) // polling a condition: the daemon says nothing when it is up
	}
}
