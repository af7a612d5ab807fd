package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadOnlyDataDirectory: on a read-only data directory every read
// command works, and a sync says why it can't write.
func TestReadOnlyDataDirectory(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("a read-only bind mount needs root (permissions don't stop root)")
	}
	h := newHarness(t)
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if code, _, stderr := h.run("sync", "--from", "2024-10-24", "--to", "2024-10-25"); code != ExitOK {
		t.Fatalf("sync: %s", stderr)
	}
	if code, _, stderr := h.run("search", "memory"); code != ExitOK { // leaves the index snapshot
		t.Fatalf("search: %s", stderr)
	}
	dir := h.cfg.DataDir
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	for _, args := range [][]string{
		{"list"}, {"list", "--date", "2024-10-24", "--json"}, {"show", "2410.17243"}, {"search", "memory barrier"},
		{"export", "--format", "bibtex"}, {"export", "--format", "json", "--query", "memory"},
	} {
		code, stdout, stderr := h.run(args...)
		if code != ExitOK || stdout == "" {
			t.Errorf("%q on a read-only directory: exit %d, stderr %q", args, code, stderr)
		}
		if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
			t.Errorf("%q: %s", args, stderr)
		}
	}
	code, _, stderr := h.run("sync", "--date", "2024-10-25", "--force")
	if code != ExitError || !strings.Contains(stderr, "read-only") {
		t.Errorf("sync on a read-only directory: exit %d, %q", code, stderr)
	}
}

// TestDamagedCacheFromTheCommandLine: a table file cut in half is found,
// said in one line, the cache rebuilt — and the saved papers kept.
func TestDamagedCacheFromTheCommandLine(t *testing.T) {
	h := newHarness(t)
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if code, _, stderr := h.run("sync", "--from", "2024-10-24", "--to", "2024-10-25"); code != ExitOK {
		t.Fatalf("sync: %s", stderr)
	}
	svc := h.service()
	if _, err := svc.SetSaved(t.Context(), "2410.17243", true); err != nil {
		t.Fatal(err)
	}
	svc.Close()
	tables, _ := filepath.Glob(filepath.Join(h.cfg.DataDir, "db", "*.sst"))
	if len(tables) == 0 {
		t.Fatal("no table files to damage")
	}
	for _, f := range tables {
		st, _ := os.Stat(f)
		if err := os.Truncate(f, st.Size()/2); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := h.run("list")
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") || code == 2 {
		t.Fatalf("list on a damaged cache: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "damaged") {
		t.Errorf("list did not say the cache was damaged: exit %d, %q %q", code, stdout, stderr)
	}
	if code, stdout, stderr := h.run("export", "--format", "json", "--saved"); code != ExitOK || !strings.Contains(stdout, `"2410.17243":{"read":false,"saved":true`) {
		t.Errorf("the saved paper is gone after the repair: exit %d %s\n%.300s", code, stderr, stdout)
	}
	if code, _, stderr := h.run("sync", "--from", "2024-10-24", "--to", "2024-10-25"); code != ExitOK {
		t.Errorf("sync after the repair: %s", stderr)
	}
	if code, stdout, _ := h.run("show", "2410.17243", "--json"); code != ExitOK || !strings.Contains(stdout, `"saved": true`) {
		t.Errorf("after the re-sync: exit %d %.300s", code, stdout)
	}
}
