// Package cli is Paperboy's command line: the same service as the window,
// for scripts and for the browser mode. A command runs in this process, or —
// when another Paperboy process (the window, serve, a sync) holds the data
// directory — inside that one, through its control socket
// (internal/control), with the same output and exit status.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/paperboy-reader/paperboy/internal/buildinfo"
	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/control"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
	"github.com/paperboy-reader/paperboy/internal/termtext"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// Env is what a command runs with.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// StdoutTTY and StderrTTY say whether the streams are terminals (for a
	// forwarded command: the caller's).
	StdoutTTY, StderrTTY bool
	Dir                  string // the working directory relative paths are read against
	Logger               *slog.Logger
	Assets               fs.FS // the built frontend, for serve
	Config               config.Config
	// Bindings returns the UI's bound structs over a service, for serve.
	Bindings func(*paperboy.Service) map[string]any
	// Open opens the service when the command runs in this process.
	Open func(config.Config) (*paperboy.Service, error)

	// host is the service of the process a forwarded command runs in, and
	// hostStays whether that process keeps running (the window, serve) or
	// ends with its own command (a sync).
	host      *paperboy.Service
	hostStays bool
}

// usageError is a mistake in the command line: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Usage is the top-level help.
const Usage = `Paperboy — a desktop reader for Hugging Face Daily Papers.

usage: paperboy [--data-dir DIR] [--api URL] [command]

With no command, opens the window. Commands:
  sync    [--date D | --from D --to D | --days N] [--force] [--fulltext]
                                                               fetch papers into the cache (--fulltext: and full texts by the rules)
  list    [--date D] [--sort upvotes|published] [--json]       one day's papers (default: latest cached)
  show    ID [--json]                                          one paper
  read    ID [--json] [--cached]                               a paper's full text (Markdown), fetched when not cached
  search  [--limit N] [--json] QUERY...                        fuzzy search over the cache
  serve   [--addr 127.0.0.1:8765] [--allow-remote] [--no-sync] the UI in your browser
  export  --format bibtex|markdown|json [--saved|--date D|--query Q|--topic ID] [--fulltext] [--out FILE]
                                                               your papers, states and topics (stdout by default)
  import  FILE                                                 merge a JSON export (- reads stdin); never deletes
  version                                                      print the version

While Paperboy runs (the window, serve or a sync), commands run inside it.

Global flags (also as environment variables):
  --data-dir DIR   PAPERBOY_DATA_DIR, default $XDG_DATA_HOME/paperboy
  --api URL        PAPERBOY_API, default https://huggingface.co
  --search QUERY   open the window (or raise the running one) with the search palette on QUERY
Search filters: author:name  >50 or upvotes:>50  date:2026-05  date:2026-05-26  saved  unread  in:text
Exit status: 0 success, 1 an error (one line on stderr says what to do), 2 a usage mistake.
`

type commandFunc func(ctx context.Context, e *Env, args []string) error

// command returns the subcommand name that uses the library, or nil.
func command(name string) commandFunc {
	switch name {
	case "sync":
		return runSync
	case "list":
		return runList
	case "show":
		return runShow
	case "read":
		return runRead
	case "search":
		return runSearch
	case "serve":
		return runServe
	case "export":
		return runExport
	case "import":
		return runImport
	}
	return nil
}

// Run runs one command from this process's command line and returns the exit
// status. When another Paperboy process holds the data directory, the command
// runs there.
func Run(e *Env, name string, args []string) int {
	switch name {
	case "version":
		fmt.Fprintln(e.Stdout, buildinfo.String())
		return ExitOK
	case "help":
		fmt.Fprint(e.Stdout, Usage)
		return ExitOK
	}
	if command(name) == nil {
		fmt.Fprintf(e.Stderr, "paperboy: unknown command %q\n\n%s", name, Usage)
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e.StdoutTTY, e.StderrTTY = isTerminal(e.Stdout), isTerminal(e.Stderr)
	req := control.Request{Args: append([]string{name}, args...), Dir: e.Dir, StdoutTTY: e.StdoutTTY, StderrTTY: e.StderrTTY,
		Stdin: name == "import" && slices.Contains(args, "-")}
	if code, ok, err := control.Forward(ctx, control.SocketPath(e.Config.DataDir), req, e.Stdin, e.Stdout, e.Stderr); ok {
		if err != nil {
			fmt.Fprintln(e.Stderr, "paperboy:", err)
			return ExitError
		}
		return code
	}
	return run(ctx, e, name, args)
}

// HandOver passes a launch of the window (its arguments, like --search) to
// the Paperboy process holding the data directory, before this one opens the
// store: on every OS, and without D-Bus. handled is false when no process
// answers; the caller opens the window itself. command is the name the
// window's process answers to (desktop.RaiseCommand).
func HandOver(e *Env, command string, args []string) (code int, handled bool) {
	req := control.Request{Args: append([]string{command}, args...), Dir: e.Dir}
	code, ok, err := control.Forward(context.Background(), control.SocketPath(e.Config.DataDir), req, nil, e.Stdout, e.Stderr)
	if ok && err != nil {
		fmt.Fprintln(e.Stderr, "paperboy:", err)
		return ExitError, true
	}
	return code, ok
}

// Handler runs forwarded commands in a process whose service is svc. stays
// says whether the process keeps running after its own work (the window,
// serve) — only then can a forwarded serve attach to it.
func Handler(e Env, svc *paperboy.Service, stays bool) control.Handler {
	return func(ctx context.Context, req control.Request, stdin io.Reader, stdout, stderr io.Writer) int {
		fe := e
		fe.Stdin, fe.Stdout, fe.Stderr, fe.StdoutTTY, fe.StderrTTY, fe.Dir = stdin, stdout, stderr, req.StdoutTTY, req.StderrTTY, req.Dir
		fe.host, fe.hostStays = svc, stays
		if command(req.Args[0]) == nil { // a second window (HandOver): this is no window
			fmt.Fprintln(stderr, "paperboy: a paperboy command (serve, or a sync) is using this data directory; "+
				"stop it to open the window, or open the browser mode's address")
			return ExitError
		}
		return run(ctx, &fe, req.Args[0], req.Args[1:])
	}
}

// run runs a command here and turns its error into the exit status.
func run(ctx context.Context, e *Env, name string, args []string) int {
	err := command(name)(ctx, e, args)
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, new(usageError)):
		fmt.Fprintf(e.Stderr, "paperboy %s: %s\n", name, clean(err.Error()))
		return ExitUsage
	}
	info := paper.Info(err)
	fmt.Fprintf(e.Stderr, "paperboy %s: %s\n", name, clean(info.Message))
	if info.Code == paper.EINTERNAL {
		e.Logger.Error("command failed", "cmd", name, "err", err)
	} else {
		e.Logger.Debug("command failed", "cmd", name, "err", err)
	}
	return ExitError
}

// service returns the service a command works on, and a function to call
// when done: the host's, in a forwarded command; else one opened for this
// command, which serves the control socket meanwhile so that other commands
// can run in it.
func (e *Env) service(ctx context.Context) (*paperboy.Service, func(), error) {
	if e.host != nil {
		shown := len(e.host.Notices(ctx))
		return e.host, func() { e.notices(e.host.Notices(ctx)[shown:]) }, nil
	}
	svc, err := e.Open(e.Config)
	if err != nil {
		return nil, nil, err
	}
	// what Open found (damage repaired, a read-only directory), and later
	// what the command came across
	shown := len(svc.Notices(ctx))
	e.notices(svc.Notices(ctx))
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	served := make(chan struct{})
	ln, err := control.Listen(control.SocketPath(e.Config.DataDir))
	if err != nil {
		e.Logger.Debug("no control socket", "err", err) // a read-only data directory, say: commands still work
		close(served)
	} else {
		go func() {
			defer close(served)
			control.Serve(ctx, ln, Handler(*e, svc, false), e.Logger)
		}()
	}
	return svc, func() {
		e.notices(svc.Notices(ctx)[shown:])
		cancel()
		<-served
		if err := svc.Close(); err != nil {
			e.Logger.Warn("close", "err", err)
		}
	}, nil
}

// notices prints the data directory's notices, a line each, on stderr.
func (e *Env) notices(ns []paperboy.Notice) {
	for _, n := range ns {
		fmt.Fprintln(e.Stderr, "paperboy:", clean(n.Message))
	}
}

// path resolves a file name given on the command line.
func (e *Env) path(name string) string {
	if filepath.IsAbs(name) || e.Dir == "" {
		return name
	}
	return filepath.Join(e.Dir, name)
}

// flags makes a FlagSet whose errors are usage errors.
func flags(e *Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "usage: paperboy %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	// allow flags after positional arguments: "search diffusion --limit 5"
	var flagArgs, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flagArgs = append(flagArgs, a)
			name := strings.TrimLeft(a, "-")
			if f := fs.Lookup(name); f != nil && !strings.Contains(a, "=") {
				if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !bf.IsBoolFlag() {
					if i+1 < len(args) {
						i++
						flagArgs = append(flagArgs, args[i])
					}
				}
			}
			continue
		}
		pos = append(pos, a)
	}
	if err := fs.Parse(flagArgs); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return fs.Parse(append([]string{"--"}, pos...))
}

// printJSON prints v indented, with every control and bidi character that
// could reach a terminal escaped (\u001b, \u009b, \u202e).
func printJSON(w io.Writer, v any) error { return termtext.WriteJSON(w, v, "  ") }

// clean makes one line of text from the internet (titles, error messages
// that quote the API) safe to print on a terminal.
func clean(s string) string { return termtext.Line(s) }
