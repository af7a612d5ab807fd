package control

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// echo is a handler: "cat" copies stdin, "fail N" exits N, "wait" runs until
// canceled, anything else prints its request.
func echo(ctx context.Context, req Request, stdin io.Reader, stdout, stderr io.Writer) int {
	switch req.Args[0] {
	case "cat":
		_, err := io.Copy(stdout, stdin)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		return 0
	case "fail":
		var n int
		fmt.Sscan(req.Args[1], &n)
		fmt.Fprintln(stderr, "paperboy: it failed")
		return n
	case "wait":
		fmt.Fprintln(stderr, "waiting")
		<-ctx.Done()
		fmt.Fprintln(stderr, "stopped")
		return 130
	}
	fmt.Fprintf(stdout, "%q in %s tty=%v/%v\n", req.Args, req.Dir, req.StdoutTTY, req.StderrTTY)
	return 0
}

func serve(t *testing.T, h Handler) string {
	t.Helper()
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	path := SocketPath(t.TempDir())
	ln, err := Listen(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { Serve(ctx, ln, h, slog.New(slog.DiscardHandler)); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return path
}

func forward(t *testing.T, ctx context.Context, path string, req Request, stdin string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code, ok, err := Forward(ctx, path, req, strings.NewReader(stdin), &out, &errOut)
	if err != nil || !ok {
		t.Fatalf("Forward = %d, %v, %v", code, ok, err)
	}
	return code, out.String(), errOut.String()
}

func TestForwardRunsTheCommandThere(t *testing.T) {
	path := serve(t, echo)
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("socket %v, %v", st, err)
	}
	if st, _ := os.Stat(filepath.Dir(path)); st.Mode().Perm() != 0o700 {
		t.Errorf("socket folder mode %v", st.Mode().Perm())
	}
	code, out, _ := forward(t, t.Context(), path, Request{Args: []string{"list", "--json"}, Dir: "/home/x", StderrTTY: true}, "")
	if code != 0 || out != "[\"list\" \"--json\"] in /home/x tty=false/true\n" {
		t.Errorf("list: %d %q", code, out)
	}
	code, _, errOut := forward(t, t.Context(), path, Request{Args: []string{"fail", "2"}}, "")
	if code != 2 || errOut != "paperboy: it failed\n" {
		t.Errorf("fail: %d %q", code, errOut)
	}
	big := strings.Repeat("0123456789", 300_000) // several frames
	code, out, _ = forward(t, t.Context(), path, Request{Args: []string{"cat"}, Stdin: true}, big)
	if code != 0 || out != big {
		t.Errorf("cat: %d, %d bytes back of %d", code, len(out), len(big))
	}
	code, out, _ = forward(t, t.Context(), path, Request{Args: []string{"cat"}}, big)
	if code != 0 || out != "" {
		t.Errorf("stdin sent without Stdin: %d %q", code, out)
	}
}

func TestForwardCancels(t *testing.T) {
	running := make(chan struct{})
	path := serve(t, func(ctx context.Context, req Request, stdin io.Reader, stdout, stderr io.Writer) int {
		close(running)
		return echo(ctx, req, stdin, stdout, stderr)
	})
	ctx, cancel := context.WithCancel(t.Context())
	var errOut bytes.Buffer
	done := make(chan int)
	go func() {
		code, _, _ := Forward(ctx, path, Request{Args: []string{"wait"}}, nil, io.Discard, &errOut)
		done <- code
	}()
	<-running
	cancel() // Ctrl+C
	if code := <-done; code != 130 || errOut.String() != "waiting\nstopped\n" {
		t.Errorf("canceled: %d %q", code, errOut.String())
	}
}

func TestForwardWithNobodyListening(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	path := SocketPath(t.TempDir())
	if _, ok, err := Forward(t.Context(), path, Request{Args: []string{"list"}}, nil, io.Discard, io.Discard); ok || err != nil {
		t.Errorf("Forward with no server: ok %v, err %v", ok, err)
	}
	// a stale socket, left by a process that died, is replaced
	ln, err := Listen(path)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatal("the stale socket is gone already")
	}
	if _, ok, _ := Forward(t.Context(), path, Request{Args: []string{"list"}}, nil, io.Discard, io.Discard); ok {
		t.Error("a stale socket answered")
	}
	ln, err = Listen(path)
	if err != nil {
		t.Fatalf("Listen over a stale socket: %v", err)
	}
	defer ln.Close()
	if _, err := Listen(path); err == nil {
		t.Error("a second Listen on a live socket succeeded")
	}
}

func TestListenRefusesASharedFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := Listen(filepath.Join(dir, "x.sock")); err == nil {
		t.Error("listened in a folder everyone may enter")
	}
}

// TestAnotherUserIsRefused connects as user "nobody" to a socket that file
// permissions do not protect: the server's peer check alone must refuse it.
func TestAnotherUserIsRefused(t *testing.T) {
	if os.Getenv("PAPERBOY_CONTROL_CLIENT") != "" {
		return // the child's side runs in TestMain
	}
	if os.Getuid() != 0 {
		t.Skip("needs root to run a client as another user")
	}
	dir, err := os.MkdirTemp("", "paperboy-control-test-") // not t.TempDir: nobody must reach it
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	path := filepath.Join(dir, "open.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o777)
	ran := make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go Serve(ctx, ln, func(ctx context.Context, req Request, _ io.Reader, stdout, _ io.Writer) int {
		ran <- struct{}{}
		return 0
	}, slog.New(slog.DiscardHandler))
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "client.test")
	data, _ := os.ReadFile(self)
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "PAPERBOY_CONTROL_CLIENT="+path)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(string(out), "refused: the caller runs as user 65534") {
		t.Errorf("client as nobody: exit %d, %v, output %q", code, err, out)
	}
	select {
	case <-ran:
		t.Error("the command ran for another user")
	default:
	}
}

// TestMain lets the test binary act as a client run as another user.
func TestMain(m *testing.M) {
	if path := os.Getenv("PAPERBOY_CONTROL_CLIENT"); path != "" {
		code, ok, err := Forward(context.Background(), path, Request{Args: []string{"list"}}, nil, os.Stdout, os.Stderr)
		if !ok || err != nil {
			fmt.Fprintln(os.Stderr, "forward:", ok, err)
			os.Exit(3)
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}
