package perf

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuModel is the "model name" of /proc/cpuinfo.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// totalRAM is the machine's memory in bytes, 0 if unknown.
func totalRAM() uint64 {
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) != nil {
		return 0
	}
	return uint64(si.Totalram) * uint64(si.Unit)
}

// osRelease is "Linux" and the kernel release.
func osRelease() string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return "Linux ?"
	}
	return "Linux " + strings.TrimSpace(string(b))
}

// loadAverage is the 1, 5 and 15 minute load averages, "" if unknown.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	fs := strings.Fields(string(b))
	if len(fs) < 3 {
		return ""
	}
	return strings.Join(fs[:3], " ")
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

// Process is one process of a window, from /proc.
type Process struct {
	PID, PPID int
	Comm      string
	ticks     int64 // utime+stime in clock ticks
}

// processTree is pid and every process descended from it.
func processTree(pid int) []Process {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	all := map[int]Process{}
	children := map[int][]int{}
	for _, e := range ents {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		p, ok := readStat(n)
		if !ok {
			continue
		}
		all[n] = p
		children[p.PPID] = append(children[p.PPID], n)
	}
	var out []Process
	var walk func(int)
	walk = func(n int) {
		p, ok := all[n]
		if !ok {
			return
		}
		out = append(out, p)
		for _, c := range children[n] {
			walk(c)
		}
	}
	walk(pid)
	return out
}

// readStat parses /proc/<pid>/stat: comm, ppid, utime and stime.
func readStat(pid int) (Process, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return Process{}, false
	}
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return Process{}, false
	}
	fs := strings.Fields(s[end+1:])
	// fields after comm: state(0) ppid(1) ... utime(11) stime(12)
	if len(fs) < 13 || fs[0] == "Z" {
		return Process{}, false
	}
	ppid, _ := strconv.Atoi(fs[1])
	ut, _ := strconv.ParseInt(fs[11], 10, 64)
	st, _ := strconv.ParseInt(fs[12], 10, 64)
	return Process{PID: pid, PPID: ppid, Comm: s[open+1 : end], ticks: ut + st}, true
}

// PSSMB is the process's proportional set size from smaps_rollup.
func (p Process) PSSMB() float64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.PID) + "/smaps_rollup")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "Pss:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// CPU is the user+system time the process has used (USER_HZ is 100 on
// every Linux the app runs on).
func (p Process) CPU() time.Duration { return time.Duration(p.ticks) * 10 * time.Millisecond }
