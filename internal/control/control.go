// Package control lets a command run inside the Paperboy process that holds
// the data directory. Badger allows one process per directory, so while the
// window, the browser mode or a long sync is open, `paperboy list` (and every
// other command) connects to that process's control socket and runs there:
// the same code, with the caller's output streams, exit status and Ctrl+C.
//
// The socket lives in a directory only the user can enter ($XDG_RUNTIME_DIR,
// or a private folder in the temporary directory), has mode 0600, and on
// Linux and macOS the server also checks the peer's user id, so another user
// can never run commands on someone's library. Windows has Unix sockets too
// (since 10 1803); there the socket sits in the user's own temporary folder,
// which other users cannot open, and peer credentials are not checked.
package control

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// Request is a command to run.
type Request struct {
	Args      []string `json:"args"` // the command and its arguments
	Dir       string   `json:"dir"`  // the caller's working directory, for relative paths
	StdoutTTY bool     `json:"stdoutTTY"`
	StderrTTY bool     `json:"stderrTTY"`
	Stdin     bool     `json:"stdin"` // the command reads standard input; the caller streams it
}

// Handler runs one forwarded command and returns its exit status. ctx ends
// when the caller stops (Ctrl+C) or goes away, or the server shuts down.
type Handler func(ctx context.Context, req Request, stdin io.Reader, stdout, stderr io.Writer) int

// Frame kinds. Caller → server: request, stdin data, stdin end, cancel.
// Server → caller: stdout, stderr, exit status.
const (
	frameRequest  = 'q'
	frameStdin    = 'i'
	frameStdinEOF = 'e'
	frameCancel   = 'c'
	frameStdout   = 'o'
	frameStderr   = 'r'
	frameExit     = 'x'
	maxFrame      = 1 << 20
)

// SocketPath is where the process holding dataDir (an absolute path)
// listens: $XDG_RUNTIME_DIR/paperboy/<hash>.sock, or
// <temp>/paperboy-<uid>/<hash>.sock without a runtime directory.
func SocketPath(dataDir string) string {
	sum := sha256.Sum256([]byte(filepath.Clean(dataDir)))
	name := hex.EncodeToString(sum[:8]) + ".sock"
	if rt := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(rt) {
		return filepath.Join(rt, "paperboy", name)
	}
	folder := "paperboy"
	if uid := os.Getuid(); uid >= 0 { // -1 on Windows, where the temporary folder is the user's own
		folder = fmt.Sprintf("paperboy-%d", uid)
	}
	return filepath.Join(os.TempDir(), folder, name)
}

// privateDir makes dir (mode 0700) and checks that nobody else can use it.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	st, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("control: %s is not a directory", dir)
	}
	if err := ownedPrivate(st); err != nil {
		return fmt.Errorf("control: %s: %w", dir, err)
	}
	return nil
}

// Listen opens the control socket at path, replacing a stale one (left by a
// process that died). Another live process listening there is an error.
func Listen(path string) (net.Listener, error) {
	if err := privateDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	ln, err := net.Listen("unix", path)
	if err != nil && errors.Is(err, syscall.EADDRINUSE) {
		if c, derr := net.DialTimeout("unix", path, time.Second); derr == nil {
			c.Close()
			return nil, fmt.Errorf("control: another Paperboy process listens on %s", path)
		}
		os.Remove(path)
		ln, err = net.Listen("unix", path)
	}
	if err != nil {
		return nil, fmt.Errorf("control: listen: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("control: %w", err)
	}
	return ln, nil
}

// Serve runs the commands that arrive on ln until ctx ends, then closes ln
// and waits for the commands still running (their contexts are canceled).
func Serve(ctx context.Context, ln net.Listener, h Handler, log *slog.Logger) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() == nil {
				log.Warn("control: accept", "err", err)
			}
			return
		}
		wg.Go(func() { serveConn(ctx, c, h, log) })
	}
}

// conn writes frames; a command's goroutines share it.
type conn struct {
	mu sync.Mutex
	c  net.Conn
}

func (w *conn) frame(kind byte, p []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var hdr [5]byte
	hdr[0] = kind
	binary.BigEndian.PutUint32(hdr[1:], uint32(len(p)))
	if _, err := w.c.Write(hdr[:]); err != nil {
		return err
	}
	_, err := w.c.Write(p)
	return err
}

// stream is an io.Writer of one kind of frame, in pieces under maxFrame.
type stream struct {
	w    *conn
	kind byte
}

func (s stream) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k := min(len(p), maxFrame)
		if err := s.w.frame(s.kind, p[:k]); err != nil {
			return n, err
		}
		n, p = n+k, p[k:]
	}
	return n, nil
}

func readFrame(r io.Reader) (byte, []byte, error) {
	var hdr [5]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(hdr[1:])
	if n > maxFrame {
		return 0, nil, fmt.Errorf("control: frame of %d bytes", n)
	}
	p := make([]byte, n)
	_, err := io.ReadFull(r, p)
	return hdr[0], p, err
}

func serveConn(ctx context.Context, c net.Conn, h Handler, log *slog.Logger) {
	defer c.Close()
	w := &conn{c: c}
	if err := checkPeer(c); err != nil {
		log.Warn("control: refused a connection", "err", err)
		_, _ = stream{w, frameStderr}.Write([]byte("paperboy: refused: " + err.Error() + "\n"))
		_ = w.frame(frameExit, exitBytes(1))
		return
	}
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	kind, p, err := readFrame(c)
	var req Request
	if err == nil && kind == frameRequest {
		err = json.Unmarshal(p, &req)
	} else if err == nil {
		err = fmt.Errorf("control: expected a request, got frame %q", kind)
	}
	if err != nil || len(req.Args) == 0 {
		log.Warn("control: bad request", "err", err)
		return
	}
	_ = c.SetReadDeadline(time.Time{})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stdinR, stdinW := io.Pipe()
	go func() { // the caller's frames: stdin, cancel, or the connection's end
		defer cancel()
		defer stdinW.Close()
		for {
			kind, p, err := readFrame(c)
			if err != nil {
				stdinW.CloseWithError(io.ErrUnexpectedEOF)
				return
			}
			switch kind {
			case frameStdin:
				if _, err := stdinW.Write(p); err != nil {
					return
				}
			case frameStdinEOF:
				stdinW.Close()
			case frameCancel:
				return
			}
		}
	}()
	var stdin io.Reader = eofReader{}
	if req.Stdin {
		stdin = stdinR
	}
	log.Info("control: running a forwarded command", "args", req.Args)
	code := h(ctx, req, stdin, stream{w, frameStdout}, stream{w, frameStderr})
	_ = w.frame(frameExit, exitBytes(code))
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

func exitBytes(code int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(int32(code))) }

// Forward runs req in the process listening at path and copies its output
// to stdout and stderr. ok is false (and err nil) when no process listens
// there: the caller runs the command itself. Canceling ctx asks the other
// process to stop the command, and Forward returns its exit status.
func Forward(ctx context.Context, path string, req Request, stdin io.Reader, stdout, stderr io.Writer) (exit int, ok bool, err error) {
	c, err := net.DialTimeout("unix", path, 2*time.Second)
	if err != nil {
		return 0, false, nil
	}
	defer c.Close()
	w := &conn{c: c}
	p, err := json.Marshal(req)
	if err != nil {
		return 0, true, err
	}
	// A write error is not the end: a server that refuses the caller says
	// why and hangs up, maybe before the request is through.
	_ = w.frame(frameRequest, p)
	if req.Stdin {
		go func() {
			_, err := io.Copy(stream{w, frameStdin}, stdin)
			if err == nil {
				_ = w.frame(frameStdinEOF, nil)
			}
		}()
	}
	stop := context.AfterFunc(ctx, func() { _ = w.frame(frameCancel, nil) })
	defer stop()
	for answered := false; ; answered = true {
		kind, p, err := readFrame(c)
		if err != nil && !answered {
			return 0, false, nil // it went away before a word: run here
		}
		if err != nil {
			return 1, true, fmt.Errorf("the running Paperboy closed the connection before the command ended: %w", err)
		}
		switch kind {
		case frameStdout:
			if _, err := stdout.Write(p); err != nil {
				return 1, true, err
			}
		case frameStderr:
			if _, err := stderr.Write(p); err != nil {
				return 1, true, err
			}
		case frameExit:
			if len(p) != 4 {
				return 1, true, errors.New("control: a bad exit status")
			}
			return int(int32(binary.BigEndian.Uint32(p))), true, nil
		}
	}
}
