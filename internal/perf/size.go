package perf

import (
	"io/fs"
	"syscall"
)

// allocatedBytes is the disk space a file takes, st_blocks × 512 where the
// platform reports it, else its length.
func allocatedBytes(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int64(st.Blocks) * 512
	}
	return info.Size()
}
