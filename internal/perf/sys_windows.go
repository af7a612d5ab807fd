package perf

import (
	"io/fs"
	"os/exec"
	"syscall"
	"time"
)

// allocatedBytes is the file's length: Windows reports no allocated size here.
func allocatedBytes(info fs.FileInfo) int64 { return info.Size() }

// cpuTime is the user+system CPU time this process has used.
func cpuTime() time.Duration {
	var creation, exit, kernel, user syscall.Filetime
	h, err := syscall.GetCurrentProcess()
	if err != nil || syscall.GetProcessTimes(h, &creation, &exit, &kernel, &user) != nil {
		return 0
	}
	ticks := func(f syscall.Filetime) int64 { return int64(f.HighDateTime)<<32 | int64(f.LowDateTime) }
	return time.Duration(ticks(kernel)+ticks(user)) * 100 // FILETIME counts 100 ns
}

func ownProcessGroup(*exec.Cmd) {}

// terminate kills the process: Windows has no SIGTERM to send.
func terminate(cmd *exec.Cmd) error { return cmd.Process.Kill() }

func killGroup(cmd *exec.Cmd) error { return cmd.Process.Kill() }
