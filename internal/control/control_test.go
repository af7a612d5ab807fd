package control

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
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
