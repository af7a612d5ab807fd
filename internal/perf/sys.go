package perf

import (
	"fmt"
	"net/http/httptest"
	"runtime"
	"time"

	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// The harness measures on Linux (make bench); the per-OS probes it uses live
// in sys_linux.go and sys_unix.go, with fallbacks elsewhere, so the package
// still compiles for every platform the app ships on.

// Machine describes the computer: cores, CPU model, RAM and kernel.
func Machine() string {
	ram := "? GB RAM"
	if n := totalRAM(); n > 0 {
		ram = fmt.Sprintf("%.1f GB RAM", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%d cores (nproc), %s, %s, %s, %s", runtime.NumCPU(), cpuModel(), ram, osRelease(), runtime.Version())
}

// Load is the load average, which says how much other work shared the CPU.
func Load() string {
	if avg := loadAverage(); avg != "" {
		return "load average " + avg
	}
	return "load average unknown"
}

// ServeFake serves papers as a fake Hugging Face on a loopback port, with
// "today" the corpus's newest date. Close it when done.
func ServeFake(ps []paper.Paper) (*httptest.Server, error) {
	f := hftest.New()
	f.Today = func() time.Time { return Start }
	f.AddPapers(ps...)
	return httptest.NewServer(f), nil
}
