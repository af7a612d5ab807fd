// Package cli is Paperboy's command line: the same backend as the window, for
// scripts and for the browser mode.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/paperboy-reader/paperboy/app"
	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// Env is what a command runs with.
type Env struct {
	Stdout, Stderr io.Writer
	Version        string
	Logger         *slog.Logger
	Assets         any // fs.FS of the built frontend, for serve
	Config         config.Config
	// Open opens the backend; replaced in tests.
	Open func(config.Config) (*app.Backend, error)
}

// usageError is a mistake in the command line: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Usage is the top-level help.
const Usage = `Paperboy — a desktop reader for Hugging Face Daily Papers.

usage: paperboy [--data-dir DIR] [--api URL] [command]

With no command, opens the window. Commands:
  sync    [--date D | --from D --to D | --days N] [--force]   fetch papers into the cache
  list    [--date D] [--sort upvotes|published] [--json]       one day's papers (default: latest cached)
  show    ID [--json]                                          one paper
  search  [--limit N] [--json] QUERY...                        fuzzy search over the cache
  serve   [--addr 127.0.0.1:8765]                              the UI in your browser
  export  --format bibtex|markdown|json [--saved|--date D|--query Q|--topic ID] [--out FILE]
                                                               your papers, states and topics (stdout by default)
  import  FILE                                                 merge a JSON export; never deletes anything
  version                                                      print the version

Global flags (also as environment variables):
  --data-dir DIR   PAPERBOY_DATA_DIR, default $XDG_DATA_HOME/paperboy
  --api URL        PAPERBOY_API, default https://huggingface.co
  --search QUERY   open the window (or raise the running one) with the search palette on QUERY
Search filters: author:name  >50 or upvotes:>50  date:2026-05  date:2026-05-26  saved  unread
`

// Commands lists the subcommands, for main to tell them from desktop flags.
var Commands = map[string]func(ctx context.Context, e *Env, args []string) error{
	"sync":   runSync,
	"list":   runList,
	"show":   runShow,
	"search": runSearch,
	"serve":  runServe,
	"export": runExport,
	"import": runImport,
}

// Run runs one command and returns the process exit code. Errors are one
// clear line on stderr.
func Run(e *Env, name string, args []string) int {
	if name == "version" {
		fmt.Fprintln(e.Stdout, "paperboy", e.Version)
		return ExitOK
	}
	if name == "help" {
		fmt.Fprint(e.Stdout, Usage)
		return ExitOK
	}
	cmd, ok := Commands[name]
	if !ok {
		fmt.Fprintf(e.Stderr, "paperboy: unknown command %q\n\n%s", name, Usage)
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := cmd(ctx, e, args)
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, new(usageError)):
		fmt.Fprintf(e.Stderr, "paperboy %s: %v\n", name, err)
		return ExitUsage
	}
	fmt.Fprintf(e.Stderr, "paperboy %s: %s\n", name, paper.ErrorMessage(err))
	e.Logger.Debug("command failed", "cmd", name, "err", err)
	return ExitError
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

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
