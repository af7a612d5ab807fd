//go:build !linux

package store

import (
	"runtime"
	"testing"
)

// makeReadOnly makes dir unwritable for this process and returns how the
// system will say so.
func makeReadOnly(t *testing.T, dir string) (cause string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no read-only folders to test with")
	}
	return chmodReadOnly(t, dir)
}

// makeWritable undoes makeReadOnly.
func makeWritable(t *testing.T, dir string) { chmodWritable(t, dir) }
