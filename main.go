// Command paperboy is a desktop reader for Hugging Face Daily Papers.
// With no command it opens the window; commands serve scripts and a browser
// mode. This file only wires: flags → config → the application service →
// the command line or the window.
package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/app"
	"github.com/paperboy-reader/paperboy/internal/buildinfo"
	"github.com/paperboy-reader/paperboy/internal/cli"
	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/desktop"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
)

//go:embed all:frontend/dist
var assets embed.FS

// The window's icon: 256 px is the most a window list shows, and decoding the
// 1024 px master held up every launch by ~50 ms (make bench).
//
//go:embed build/linux/icons/hicolor/256x256/apps/paperboy.png
var icon []byte

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	global := flag.NewFlagSet("paperboy", flag.ContinueOnError)
	global.Usage = func() { fmt.Fprint(os.Stderr, cli.Usage) }
	dataDir := global.String("data-dir", "", "data directory")
	api := global.String("api", "", "Hugging Face base URL")
	query := global.String("search", "", "open the window with the search palette on this query")
	hidden := global.Bool("hidden", false, "start with the window hidden (at login: the system-wide key brings it up)")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cli.ExitOK
		}
		return cli.ExitUsage
	}
	// commands log only errors: their stderr is for people; the window and the server log more
	quiet := global.NArg() > 0 && global.Arg(0) != "serve"
	logger := newLogger(quiet)
	cfg, err := config.Resolve(*dataDir, *api)
	if err != nil {
		fmt.Fprintln(os.Stderr, "paperboy:", err)
		return cli.ExitError
	}
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	version := buildinfo.Get().Version
	wd, _ := os.Getwd()
	env := &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Dir: wd, Logger: logger,
		Assets: dist, Config: cfg, Bindings: app.Bindings,
		Open: func(c config.Config) (*paperboy.Service, error) {
			return paperboy.Open(c, paperboy.Options{Version: version, Logger: logger})
		}}
	if rest := global.Args(); len(rest) > 0 {
		return cli.Run(env, rest[0], rest[1:])
	}
	searched := false // --search "" opens the palette empty
	global.Visit(func(f *flag.Flag) { searched = searched || f.Name == "search" })
	return runWindow(env, version, args, window{search: searched, query: *query, hidden: *hidden})
}

// window is how the window was asked to open.
type window struct {
	search bool // --search was given (maybe "")
	query  string
	hidden bool
}

// runWindow opens the window, or hands args to the Paperboy already running
// on this data directory.
func runWindow(env *cli.Env, version string, args []string, w window) int {
	if code, ok := cli.HandOver(env, desktop.RaiseCommand, args); ok {
		return code
	}
	rt := desktop.NewRuntime(env.Logger)
	key := desktop.NewGlobalKey(rt, env.Logger)
	opt := paperboy.Options{Version: version, Logger: env.Logger, Notifier: rt, Opener: rt, Saver: rt, GlobalKey: key}
	svc, err := paperboy.Open(env.Config, opt)
	for wait := time.Now().Add(5 * time.Second); paper.ErrorCode(err) == paper.ELOCKED && time.Now().Before(wait); {
		// another window is still starting: its control socket comes up in a moment
		time.Sleep(200 * time.Millisecond)
		if code, ok := cli.HandOver(env, desktop.RaiseCommand, args); ok {
			return code
		}
		svc, err = paperboy.Open(env.Config, opt)
	}
	if err != nil {
		key.Close()
		fmt.Fprintln(os.Stderr, "paperboy:", paper.ErrorMessage(err))
		env.Logger.Debug("open", "err", err)
		return cli.ExitError
	}
	defer func() {
		if err := svc.Close(); err != nil {
			env.Logger.Error("close", "err", err)
		}
	}()
	err = desktop.Run(desktop.Config{Service: svc, Runtime: rt, Bindings: app.Bindings(svc), Assets: env.Assets, Icon: icon,
		Search: w.search, Query: w.query, Hidden: w.hidden, Key: key, Commands: cli.Handler(*env, svc, true), Logger: env.Logger})
	if err != nil {
		fmt.Fprintln(os.Stderr, "paperboy:", err)
		return cli.ExitError
	}
	return cli.ExitOK
}

// newLogger logs text to stderr at info, or only errors when quiet;
// PAPERBOY_LOG=debug|info|warn|error sets the level.
func newLogger(quiet bool) *slog.Logger {
	level := slog.LevelInfo
	if quiet {
		level = slog.LevelError
	}
	_ = level.UnmarshalText([]byte(strings.ToUpper(os.Getenv("PAPERBOY_LOG"))))
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}
