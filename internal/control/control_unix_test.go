//go:build unix

package control

import (
	"context"
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
