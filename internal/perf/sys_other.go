//go:build !linux

package perf

import (
	"fmt"
	"runtime"
	"time"
)

func cpuModel() string    { return "unknown CPU" }
func totalRAM() uint64    { return 0 }
func osRelease() string   { return runtime.GOOS }
func loadAverage() string { return "" }

// DropCaches is Linux only: elsewhere a cold start can't be forced.
func DropCaches() error {
	return fmt.Errorf("perf: dropping the page cache is not supported on %s", runtime.GOOS)
}

// Process is one process of a window; the window measurements are Linux only.
type Process struct {
	PID, PPID int
	Comm      string
}

func processTree(int) []Process { return nil }

// PSSMB is 0: there is no /proc here.
func (Process) PSSMB() float64 { return 0 }

// CPU is 0: there is no /proc here.
func (Process) CPU() time.Duration { return 0 }
