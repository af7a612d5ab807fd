package store

import (
	"os"
	"syscall"
	"testing"
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
