//go:build !windows && !darwin

package hotkey

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// eventTimeout bounds the wait for a press that must arrive; reaching it fails the test.
const eventTimeout = 10 * time.Second

// requireTool skips the test when a tool it needs is missing, except in CI (CI=true), where
// scripts/install-deps.sh installs them all and a missing one is a failure.
func requireTool(t *testing.T, missing bool, what, pkg string) {
	t.Helper()
	if !missing {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing (CI installs it: scripts/install-deps.sh, Debian package %s)", what, pkg)
	}
	t.Skipf("skipping: %s is missing (apt-get install %s, or run scripts/install-deps.sh)", what, pkg)
}

// xvfb starts a private X server and returns its display name. It never takes :0 or :99,
// which people and other tools use: it starts at a number derived from the process id and
// moves on past displays that are taken.
func xvfb(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("Xvfb")
	requireTool(t, err != nil, "Xvfb", "xvfb")
	base := 300 + os.Getpid()%300
	for n := base; n < base+40; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		// -displayfd: Xvfb writes the display number to fd 3 once it accepts clients.
		cmd := exec.Command(bin, fmt.Sprintf(":%d", n), "-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "320x240x24")
		cmd.ExtraFiles = []*os.File{w}
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatalf("start Xvfb: %v", err)
		}
		w.Close()
		line, err := bufio.NewReader(r).ReadString('\n')
		r.Close()
		if err != nil { // Xvfb exited without a display: that number was taken after all
			cmd.Wait()
			continue
		}
		t.Cleanup(func() {
			cmd.Process.Kill()
			cmd.Wait()
		})
		return ":" + strings.TrimSpace(line)
	}
	t.Fatalf("no free X display number in %d..%d", base, base+39)
	return ""
}

// xdotool sends keys to display as a user would type them.
func xdotool(t *testing.T, display string, keys ...string) {
	t.Helper()
	bin, err := exec.LookPath("xdotool")
	requireTool(t, err != nil, "xdotool", "xdotool")
	cmd := exec.Command(bin, append([]string{"key"}, keys...)...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xdotool key %v: %v\n%s", keys, err, out)
	}
}

// xlibPython finds a python3 that has python3-xlib (Debian's lives in /usr/bin).
func xlibPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import Xlib").Run() == nil {
			return py
		}
	}
	requireTool(t, true, "python3 with python3-xlib", "python3-xlib")
	return ""
}

// otherClient is another X client (testdata/xgrab.py) on display.
type otherClient struct {
	t       *testing.T
	python  string
	display string
}

func newOtherClient(t *testing.T, display string) otherClient {
	return otherClient{t: t, python: xlibPython(t), display: display}
}

func (c otherClient) command(args ...string) *exec.Cmd {
	cmd := exec.Command(c.python, append([]string{"testdata/xgrab.py"}, args...)...)
	cmd.Env = append(os.Environ(), "DISPLAY="+c.display)
	cmd.Stderr = os.Stderr
	return cmd
}

// tryGrab asks the X server for keysym with the exact modifier state mods and releases it at
// once. It returns "ok" or "taken".
func (c otherClient) tryGrab(keysym string, mods uint16) string {
	c.t.Helper()
	out, err := c.command(keysym, fmt.Sprint(mods)).Output()
	if err != nil {
		c.t.Fatalf("xgrab.py %s %d: %v", keysym, mods, err)
	}
	return strings.TrimSpace(string(out))
}

// hold grabs keysym with mods and keeps the grab until the test ends (or release is called).
func (c otherClient) hold(keysym string, mods uint16) (release func()) {
	c.t.Helper()
	cmd := c.command(keysym, fmt.Sprint(mods), "--hold")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		c.t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		c.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	release = sync.OnceFunc(func() {
		stdin.Close()
		io.Copy(io.Discard, stdout)
		cmd.Wait()
	})
	c.t.Cleanup(release)
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if got := strings.TrimSpace(line); got != "ok" {
		c.t.Fatalf("the other client could not grab %s with mods %d first: %q", keysym, mods, got)
	}
	return release
}

// newTestX11 returns the X11 Registrar that New picks for display.
func newTestX11(t *testing.T, display string) *x11 {
	t.Helper()
	t.Setenv("DISPLAY", display)
	t.Setenv("WAYLAND_DISPLAY", "")
	r, err := New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	x, ok := r.(*x11)
	if !ok {
		t.Fatalf("New picked backend %q under an X display, want x11", r.Backend())
	}
	return x
}

// waitPress waits for a press on r's Events.
func waitPress(t *testing.T, r Registrar, what string) {
	t.Helper()
	select {
	case _, ok := <-r.Events():
		if !ok {
			t.Fatalf("%s: Events closed", what)
		}
	case <-time.After(eventTimeout):
		t.Fatalf("%s: no press on Events within %s", what, eventTimeout)
	}
}
