package store

import (
	"os"
	"syscall"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// makeReadOnly makes dir unwritable for this process and returns how the
// system will say so: a read-only bind mount of it when running as root
// (whom permissions do not stop), else permissions taken away.
func makeReadOnly(t *testing.T, dir string) (cause string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return chmodReadOnly(t, dir)
	}
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount %s: %v", dir, err)
	}
	t.Cleanup(func() {
		// Detached: a failed Badger open can leave a file of it open.
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount %s read-only: %v", dir, err)
	}
	return "read-only file system"
}

// makeWritable undoes makeReadOnly.
func makeWritable(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		chmodWritable(t, dir)
		return
	}
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}
}

// On a real, nearly full file system (a 64 MB tmpfs, below the default
// floor) the store opens read-only: reads work, writes say why not.
func TestNearlyFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small file system needs root")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64m"); err != nil {
		t.Skipf("cannot mount a tmpfs: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	db := mustOpenDir(t, dir, Options{}) // mustOpenDir's 1 MB floor
	mustPutDay(t, db, "2024-10-25", genPaper("2401.00001", 1))
	if _, err := db.SetSaved("2401.00001", true, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = mustOpenDirNoFloor(t, dir, Options{})
	if paper.ErrorCode(db.ReadOnly()) != paper.EDISKFULL {
		t.Fatalf("ReadOnly() = %v, want %s", db.ReadOnly(), paper.EDISKFULL)
	}
	if ps, err := db.DayPapers("2024-10-25"); err != nil || len(ps) != 1 {
		t.Errorf("DayPapers() = %d, %v", len(ps), err)
	}
	if s, err := db.State("2401.00001"); err != nil || !s.Saved {
		t.Errorf("State() = %+v, %v", s, err)
	}
	if _, err := db.SetRead("2401.00001", true, t0); paper.ErrorCode(err) != paper.EDISKFULL {
		t.Errorf("SetRead() = %v, want %s", err, paper.EDISKFULL)
	}
}
