//go:build unix

package control

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// ownedPrivate checks that a directory is ours and closed to others.
func ownedPrivate(st fs.FileInfo) error {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && int(sys.Uid) != os.Getuid() {
		return fmt.Errorf("belongs to user %d", sys.Uid)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("others may enter it (mode %v)", st.Mode().Perm())
	}
	return nil
}
