//go:build unix

package store

import (
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
)

// diskUsage is what du reports: allocated blocks, sparse files included as such.
func diskUsage(tb testing.TB, dir string) string {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			total += st.Blocks * 512
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return formatBytes(uint64(total))
}
