package perf

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// WindowResult is the time from launching the desktop binary to its window.
type WindowResult struct {
	MappedMS Dist // launch → a visible window titled Paperboy
	CardsMS  Dist // launch → the frontend's first-render log line (cards painted)
	PageMS   Dist // the line's own ms=: performance.now() in the page at that paint
	Cards    int  // cards the first render showed
	NoLine   bool // the binary never printed the first-render line
}

var firstRender = regexp.MustCompile(`first-render cards=(\d+) ms=(\d+)`)

// MeasureWindow launches bin reps+1 times (the first warms caches and is
// not counted) on a private Xvfb display with PAPERBOY_DATA_DIR=dir and an
// API that does not answer, and times each launch until the window is mapped
// and until the frontend logs its first render.
func MeasureWindow(bin, dir string, reps int, timeout time.Duration) (WindowResult, error) {
	var r WindowResult
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			return r, fmt.Errorf("perf: window: %s not found", tool)
		}
	}
	if _, err := os.Stat(bin); err != nil {
		return r, fmt.Errorf("perf: window: %w (run make build)", err)
	}
	tmp, err := os.MkdirTemp("", "paperboy-perf-window-")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(tmp)
	display, stopX, err := startXvfb(tmp)
	if err != nil {
		return r, err
	}
	defer stopX()
	env := append(os.Environ(), "DISPLAY="+display, "PAPERBOY_DATA_DIR="+dir, "PAPERBOY_API="+OfflineAPI,
		"PAPERBOY_LOG=info", "NO_AT_BRIDGE=1", "WAYLAND_DISPLAY=")
	for _, d := range []string{"config", "cache", "data", "runtime"} {
		p := filepath.Join(tmp, "xdg", d)
		if err := os.MkdirAll(p, 0o700); err != nil {
			return r, err
		}
		env = append(env, "XDG_"+strings.ToUpper(d)+"_HOME="+p)
	}
	env = append(env, "XDG_RUNTIME_DIR="+filepath.Join(tmp, "xdg", "runtime"))
	for i := range reps + 1 {
		// A session bus of its own per launch, as the app keeps one instance
		// per data directory on it: a bus that still sees the previous
		// launch would make this one hand over to it and exit.
		env := env
		addr, stopBus, err := startBus()
		if err == nil {
			env = append(env, "DBUS_SESSION_BUS_ADDRESS="+addr)
		}
		l, err := launch(bin, env, display, timeout, !r.NoLine)
		if stopBus != nil {
			stopBus()
		}
		if err != nil {
			return r, fmt.Errorf("perf: window launch %d: %w", i+1, err)
		}
		if i == 0 {
			r.NoLine = l.cards < 0
			continue
		}
		r.MappedMS = append(r.MappedMS, l.mapped)
		if l.cards >= 0 {
			r.CardsMS = append(r.CardsMS, l.line)
			r.PageMS = append(r.PageMS, l.pageMS)
			r.Cards = l.cards
		}
	}
	return r, nil
}

type launchResult struct {
	mapped, line, pageMS float64
	cards                int // -1: no first-render line
}

func launch(bin string, env []string, display string, timeout time.Duration, waitLine bool) (launchResult, error) {
	res := launchResult{cards: -1}
	cmd := exec.Command(bin)
	cmd.Env = env
	ownProcessGroup(cmd)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return res, err
	}
	cmd.Stdout = io.Discard
	lines := make(chan string, 64)
	var logTail []string
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return res, err
	}
	exited := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cmd.Wait()
	}()
	defer stopApp(cmd, lines, exited)

	mapped := make(chan float64, 1)
	stopPoll := make(chan struct{})
	defer close(stopPoll)
	go func() {
		for {
			select {
			case <-stopPoll:
				return
			case <-time.After(10 * time.Millisecond):
			}
			x := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^Paperboy$")
			x.Env = append(os.Environ(), "DISPLAY="+display)
			out, _ := x.Output()
			if len(strings.TrimSpace(string(out))) > 0 {
				mapped <- ms(time.Since(t0))
				return
			}
		}
	}()
	deadline := time.After(timeout)
	gotMap, gotLine := false, false
	var afterMap <-chan time.Time
	for !(gotMap && (gotLine || !waitLine)) {
		select {
		case v := <-mapped:
			res.mapped, gotMap = v, true
			if !waitLine || gotLine {
				break
			}
			afterMap = time.After(10 * time.Second) // the line should follow within a moment
		case l, ok := <-lines:
			if !ok {
				return res, fmt.Errorf("%s exited before the measurement ended:\n%s", bin, strings.Join(logTail, "\n"))
			}
			logTail = append(logTail, l)
			if len(logTail) > 20 {
				logTail = logTail[1:]
			}
			if m := firstRender.FindStringSubmatch(l); m != nil && !gotLine {
				res.line, gotLine = ms(time.Since(t0)), true
				res.cards, _ = strconv.Atoi(m[1])
				res.pageMS, _ = strconv.ParseFloat(m[2], 64)
			}
		case <-afterMap:
			return res, nil // mapped, but no first-render line: this build does not log it
		case <-deadline:
			if gotMap {
				return res, nil
			}
			return res, fmt.Errorf("no window within %s:\n%s", timeout, strings.Join(logTail, "\n"))
		}
	}
	return res, nil
}

// stopApp quits the app with SIGTERM, which Wails handles by shutting down
// (OnShutdown closes the store), then kills what is left of its group.
// Ctrl+Q through xdotool needs a window manager to focus the window.
func stopApp(cmd *exec.Cmd, lines <-chan string, exited chan error) {
	go func() {
		for range lines { // drain the log so the app never blocks writing it
		}
	}()
	_ = terminate(cmd)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		_ = killGroup(cmd)
		<-exited
	}
	_ = killGroup(cmd) // helper processes left behind, if any
}

// startXvfb starts a private X server and returns its display (":N").
func startXvfb(tmp string) (string, func(), error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", nil, err
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "1280x900x24")
	x.ExtraFiles = []*os.File{w}
	logf, err := os.Create(filepath.Join(tmp, "xvfb.log"))
	if err != nil {
		return "", nil, err
	}
	x.Stdout, x.Stderr = logf, logf
	if err := x.Start(); err != nil {
		return "", nil, err
	}
	w.Close()
	stop := func() { _ = x.Process.Kill(); _ = x.Wait(); logf.Close() }
	num := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		num <- strings.TrimSpace(line)
		r.Close()
	}()
	select {
	case n := <-num:
		if n == "" {
			stop()
			return "", nil, errors.New("perf: Xvfb did not start")
		}
		return ":" + n, stop, nil
	case <-time.After(10 * time.Second):
		stop()
		return "", nil, errors.New("perf: Xvfb did not start within 10s")
	}
}

// startBus starts a session D-Bus, as a desktop session has one.
func startBus() (string, func(), error) {
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		return "", nil, err
	}
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, err
	}
	return strings.TrimSpace(addr), stop, nil
}
