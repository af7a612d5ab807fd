package secret

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// noKeyring makes the session bus unreachable, as on a server or in a
// container, so that the store falls back to its file.
func noKeyring(t *testing.T, how string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the fallback is tested where a keyring can be absent: Linux")
	}
	switch how {
	case "no bus":
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
		t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	case "a bus that is gone":
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "gone"))
	}
}

func TestFileFallback(t *testing.T) {
	for _, how := range []string{"no bus", "a bus that is gone"} {
		t.Run(how, func(t *testing.T) {
			noKeyring(t, how)
			dir := t.TempDir()
			s := New(dir)
			path := filepath.Join(dir, FileName)

			loc, err := s.SetToken("hf_first")
			if err != nil {
				t.Fatal(err)
			}
			if want := (Location{Path: path}); loc != want {
				t.Errorf("stored at %+v, want %+v", loc, want)
			}
			if got, want := loc.String(), "Stored in "+path+", readable only by you — no keyring found"; got != want {
				t.Errorf("String() = %q, want %q", got, want)
			}
			checkFile(t, path, "hf_first\n")

			if _, err := s.SetToken("hf_second"); err != nil {
				t.Fatal(err)
			}
			checkFile(t, path, "hf_second\n")
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("the data directory holds %d files, want only %s", len(entries), FileName)
			}

			// A file others can read (copied in by hand, say) is made private.
			if err := os.Chmod(path, 0o644); err != nil {
				t.Fatal(err)
			}
			tok, loc, err := New(dir).Token()
			if err != nil || tok != "hf_second" || loc.Path != path || loc.Keyring {
				t.Errorf("Token() = %q, %+v, %v; want hf_second from %s", tok, loc, err, path)
			}
			checkFile(t, path, "hf_second\n")

			if _, err := s.SetToken(""); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("the token file is still there: %v", err)
			}
			if tok, _, err := s.Token(); tok != "" || err != nil {
				t.Errorf("Token() after removal = %q, %v", tok, err)
			}
			if err := s.Delete(); err != nil {
				t.Errorf("deleting no token: %v", err)
			}
		})
	}
}

func checkFile(t *testing.T, path, want string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := st.Mode().Perm(); perm != 0o600 {
		t.Errorf("%s has mode %o, want 600", path, perm)
	}
	if b, _ := os.ReadFile(path); string(b) != want {
		t.Errorf("%s holds %q, want %q", path, b, want)
	}
}
