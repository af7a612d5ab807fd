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
	"sync"
	"time"
)

// Desktop is a private X display (Xvfb) on which windows are launched and
// driven with xdotool, as a user at the keyboard would.
type Desktop struct {
	display string
	tmp     string
	stop    func()
}

// WindowWidth and WindowHeight are the window's default size (a first
// launch, no remembered geometry); the display is a little larger.
const (
	WindowWidth  = 1200
	WindowHeight = 820
)

// StartDesktop starts Xvfb on a free display. Close it when done.
func StartDesktop() (*Desktop, error) {
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("perf: window: %s not found", tool)
		}
	}
	tmp, err := os.MkdirTemp("", "paperboy-perf-window-")
	if err != nil {
		return nil, err
	}
	display, stop, err := startXvfb(tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Desktop{display: display, tmp: tmp, stop: stop}, nil
}

// Close stops the X server.
func (d *Desktop) Close() {
	d.stop()
	os.RemoveAll(d.tmp)
}

// Window is one launched window process and what it logged.
type Window struct {
	d       *Desktop
	cmd     *exec.Cmd
	title   string
	t0      time.Time
	stopBus func()
	exited  chan error

	mapped chan time.Duration // when the window became visible; closed if it never did

	mu      sync.Mutex
	lines   []logLine
	changed chan struct{} // closed and replaced at every new line
	eof     bool
}

type logLine struct {
	at   time.Duration // since the launch
	text string
}

// Launch starts bin on the display with env added to a clean desktop
// session (its own XDG directories and session bus, GODEBUG=gctrace=1 for
// the Go heap) and returns at once; title is the window's title.
func (d *Desktop) Launch(bin, title string, env ...string) (*Window, error) {
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("perf: window: %w", err)
	}
	home, err := os.MkdirTemp(d.tmp, "session-")
	if err != nil {
		return nil, err
	}
	base := append(os.Environ(), "DISPLAY="+d.display, "NO_AT_BRIDGE=1", "WAYLAND_DISPLAY=", "GODEBUG=gctrace=1")
	for _, dir := range []string{"config", "cache", "data", "runtime"} {
		p := filepath.Join(home, dir)
		if err := os.MkdirAll(p, 0o700); err != nil {
			return nil, err
		}
		base = append(base, "XDG_"+strings.ToUpper(dir)+"_HOME="+p)
	}
	base = append(base, "XDG_RUNTIME_DIR="+filepath.Join(home, "runtime"))
	w := &Window{d: d, title: title, changed: make(chan struct{}), exited: make(chan error, 1),
		mapped: make(chan time.Duration, 1)}
	// A session bus of its own per launch: the app keeps one instance per
	// data directory on it, and a bus that still saw the previous launch
	// would make this one hand over to it and exit.
	if addr, stop, err := startBus(); err == nil {
		base = append(base, "DBUS_SESSION_BUS_ADDRESS="+addr)
		w.stopBus = stop
	}
	cmd := exec.Command(bin)
	cmd.Env = append(base, env...)
	ownProcessGroup(cmd)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout = io.Discard
	w.cmd = cmd
	w.t0 = time.Now()
	if err := cmd.Start(); err != nil {
		if w.stopBus != nil {
			w.stopBus()
		}
		return nil, err
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			w.add(sc.Text())
		}
		w.mu.Lock()
		w.eof = true
		close(w.changed)
		w.mu.Unlock()
		w.exited <- cmd.Wait()
	}()
	go w.watchMapped()
	return w, nil
}

// watchMapped polls for the window until it is visible or the process ends.
func (w *Window) watchMapped() {
	for start := time.Now(); time.Since(start) < time.Minute; time.Sleep(20 * time.Millisecond) {
		if w.id() != "" {
			w.mapped <- w.Since()
			return
		}
		w.mu.Lock()
		eof := w.eof
		w.mu.Unlock()
		if eof {
			break
		}
	}
	close(w.mapped)
}

func (w *Window) add(text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lines = append(w.lines, logLine{at: time.Since(w.t0), text: text})
	close(w.changed)
	w.changed = make(chan struct{})
}

// Since is the time since the launch.
func (w *Window) Since() time.Duration { return time.Since(w.t0) }

// WaitLine waits until the log has a line matching re after the first
// `after` lines, and returns the line's submatches, when it arrived and its
// index. It fails when the window exits or timeout passes.
func (w *Window) WaitLine(re *regexp.Regexp, after int, timeout time.Duration) (m []string, at time.Duration, i int, err error) {
	deadline := time.After(timeout)
	for {
		w.mu.Lock()
		for i = after; i < len(w.lines); i++ {
			if m = re.FindStringSubmatch(w.lines[i].text); m != nil {
				at := w.lines[i].at
				w.mu.Unlock()
				return m, at, i, nil
			}
		}
		after = len(w.lines)
		changed, eof := w.changed, w.eof
		w.mu.Unlock()
		if eof {
			return nil, 0, 0, fmt.Errorf("%s exited:\n%s", w.cmd.Path, w.tail(12))
		}
		select {
		case <-changed:
		case <-deadline:
			return nil, 0, 0, fmt.Errorf("no %q within %s:\n%s", re, timeout, w.tail(12))
		}
	}
}

// Lines is how many lines the window has logged so far.
func (w *Window) Lines() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.lines)
}

// Matches returns the submatches of every line from the from-th on that
// matches re.
func (w *Window) Matches(re *regexp.Regexp, from int) [][]string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out [][]string
	for _, l := range w.lines[min(from, len(w.lines)):] {
		if m := re.FindStringSubmatch(l.text); m != nil {
			out = append(out, m)
		}
	}
	return out
}

// tail is the last n lines that are not gctrace's, for error messages.
func (w *Window) tail(n int) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for i := len(w.lines) - 1; i >= 0 && len(out) < n; i-- {
		if !gcLine.MatchString(w.lines[i].text) {
			out = append([]string{w.lines[i].text}, out...)
		}
	}
	return strings.Join(out, "\n")
}

// WaitMapped waits until the window is visible and returns when it was
// (polled every 20 ms from the launch on).
func (w *Window) WaitMapped(timeout time.Duration) (time.Duration, error) {
	select {
	case at, ok := <-w.mapped:
		if !ok {
			return 0, fmt.Errorf("%s exited before its window appeared:\n%s", w.cmd.Path, w.tail(12))
		}
		w.mapped <- at // for the next caller
		return at, nil
	case <-time.After(timeout):
		return 0, fmt.Errorf("no window %q within %s", w.title, timeout)
	}
}

func (w *Window) id() string {
	out, _ := w.xdotool("search", "--onlyvisible", "--name", "^"+regexp.QuoteMeta(w.title)+"$")
	id, _, _ := strings.Cut(strings.TrimSpace(out), "\n")
	return id
}

func (w *Window) xdotool(args ...string) (string, error) {
	x := exec.Command("xdotool", args...)
	x.Env = append(os.Environ(), "DISPLAY="+w.d.display)
	out, err := x.Output()
	return string(out), err
}

// Focus gives the window the keyboard focus.
func (w *Window) Focus() error {
	id := w.id()
	if id == "" {
		return fmt.Errorf("perf: no window %q to focus", w.title)
	}
	_, err := w.xdotool("windowfocus", "--sync", id)
	return err
}

// Key presses keys (xdotool names: "ctrl+k", "Escape", "bracketleft").
func (w *Window) Key(keys ...string) error {
	_, err := w.xdotool(append([]string{"key", "--clearmodifiers"}, keys...)...)
	return err
}

// Type types text at about perChar a character. Debian's xdotool
// (3.20160805) takes --delay/2 a character (--delay 60 types one every
// 31 ms), so it is given twice the interval; the page's own keydown times
// say what rate arrived (Keystrokes.IntervalMS).
func (w *Window) Type(text string, perChar time.Duration) error {
	delay := strconv.Itoa(int(2 * perChar / time.Millisecond))
	_, err := w.xdotool("type", "--delay", delay, text)
	return err
}

// Processes are the window's process and every process it started
// (WebKit's web and network processes).
func (w *Window) Processes() []Process { return processTree(w.cmd.Process.Pid) }

// Memory reads the PSS of every process of the window and the Go heap.
func (w *Window) Memory() Memory {
	m := Memory{}
	for _, p := range w.Processes() {
		pss := p.PSSMB()
		m.TotalMB += pss
		switch {
		case p.PID == w.cmd.Process.Pid:
			m.GoMB += pss
		case strings.HasPrefix(p.Comm, "WebKitWebProces"):
			m.WebMB += pss
		default:
			m.OtherMB += pss
		}
	}
	m.HeapMB, m.HeapGoalMB, m.GCs = w.goHeap()
	return m
}

// CPU is the CPU time the window's processes have used so far.
func (w *Window) CPU() (goProc, web time.Duration) {
	for _, p := range w.Processes() {
		if p.PID == w.cmd.Process.Pid {
			goProc += p.CPU()
		} else if strings.HasPrefix(p.Comm, "WebKitWebProces") {
			web += p.CPU()
		}
	}
	return goProc, web
}

// gcLine is a GODEBUG=gctrace=1 line: "... 122->129->128 MB, 122 MB goal, ...".
var gcLine = regexp.MustCompile(`^gc \d+ @[\d.]+s .* (\d+)->(\d+)->(\d+) MB, (\d+) MB goal`)

// goHeap is the live heap marked by the latest GC and that GC's goal.
func (w *Window) goHeap() (live, goal float64, gcs int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := len(w.lines) - 1; i >= 0; i-- {
		if m := gcLine.FindStringSubmatch(w.lines[i].text); m != nil {
			if gcs == 0 {
				live, _ = strconv.ParseFloat(m[3], 64)
				goal, _ = strconv.ParseFloat(m[4], 64)
			}
			gcs++
		}
	}
	return live, goal, gcs
}

// GCs is how many garbage collections the window's Go process has logged.
func (w *Window) GCs() int {
	_, _, n := w.goHeap()
	return n
}

// Close quits the window with SIGTERM, which Wails handles by shutting
// down (the service closes the store), then kills what is left of its
// process group. Ctrl+Q through xdotool would need a window manager.
func (w *Window) Close() error {
	_ = terminate(w.cmd)
	var err error
	select {
	case err = <-w.exited:
	case <-time.After(15 * time.Second):
		_ = killGroup(w.cmd)
		<-w.exited
		err = errors.New("perf: the window did not quit within 15 s of SIGTERM")
	}
	_ = killGroup(w.cmd) // helper processes left behind, if any
	if w.stopBus != nil {
		w.stopBus()
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && !exit.Exited() {
		err = nil // ended by the signal
	}
	return err
}

// Memory is what a window's processes hold: PSS (each shared page divided
// among the processes that map it) of the Go process, the web process and
// the rest (the network process), and the Go heap from gctrace.
type Memory struct {
	TotalMB    float64 `json:"totalMb"`
	GoMB       float64 `json:"goMb"`
	WebMB      float64 `json:"webMb"`
	OtherMB    float64 `json:"otherMb"`
	HeapMB     float64 `json:"heapMb"`     // live heap at the latest GC
	HeapGoalMB float64 `json:"heapGoalMb"` // that GC's goal: the heap grows to it before the next
	GCs        int     `json:"gcs"`
}

// startXvfb starts a private X server and returns its display (":N").
func startXvfb(tmp string) (string, func(), error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", nil, err
	}
	screen := fmt.Sprintf("%dx%dx24", WindowWidth+240, WindowHeight+80)
	x := exec.Command("Xvfb", "-displayfd", "3", "-nolisten", "tcp", "-screen", "0", screen)
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
