package perf

import (
	"fmt"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Machine describes the computer: cores, CPU model, RAM and kernel.
func Machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	ram := "? GB RAM"
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) == nil {
		ram = fmt.Sprintf("%.1f GB RAM", float64(si.Totalram)*float64(si.Unit)/(1<<30))
	}
	kernel := "?"
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = strings.TrimSpace(string(b))
	}
	return fmt.Sprintf("%d cores (nproc), %s, %s, Linux %s, %s", runtime.NumCPU(), model, ram, kernel, runtime.Version())
}

// Load is the load average, which says how much other work shared the CPU.
func Load() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "load average unknown"
	}
	fs := strings.Fields(string(b))
	if len(fs) < 3 {
		return "load average unknown"
	}
	return "load average " + strings.Join(fs[:3], " ")
}

// DropCaches writes dirty pages out and drops the page cache, dentries and
// inodes, so the next start reads its files from disk. It needs root.
func DropCaches() error {
	syscall.Sync()
	if err := os.WriteFile("/proc/sys/vm/drop_caches", []byte("3\n"), 0o200); err != nil {
		return fmt.Errorf("perf: drop caches (needs root): %w", err)
	}
	return nil
}

// ServeFake serves papers as a fake Hugging Face on a loopback port, with
// "today" the corpus's newest date. Close it when done.
func ServeFake(ps []paper.Paper) (*httptest.Server, error) {
	f := hftest.New()
	f.Today = func() time.Time { return Start }
	f.AddPapers(ps...)
	return httptest.NewServer(f), nil
}
