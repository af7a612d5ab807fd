//go:build !linux

package perf

import (
	"fmt"
	"runtime"
)

func cpuModel() string    { return "unknown CPU" }
func totalRAM() uint64    { return 0 }
func osRelease() string   { return runtime.GOOS }
func loadAverage() string { return "" }

// DropCaches is Linux only: elsewhere a cold start can't be forced.
func DropCaches() error {
	return fmt.Errorf("perf: dropping the page cache is not supported on %s", runtime.GOOS)
}
