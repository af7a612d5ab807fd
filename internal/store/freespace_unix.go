//go:build unix

package store

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// freeSpace reports the bytes an unprivileged process may still write on the
// file system holding dir.
func freeSpace(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", dir, err)
	}
	return uint64(st.Bavail) * uint64(st.Bsize), nil
}
