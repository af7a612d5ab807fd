//go:build windows

package store

import (
	"io/fs"
	"path/filepath"
	"testing"
)

// diskUsage sums the file sizes (Windows has no block count to read).
func diskUsage(tb testing.TB, dir string) string {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			total += info.Size()
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return formatBytes(uint64(total))
}
