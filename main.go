// Command paperboy is a desktop reader for Hugging Face Daily Papers.
// With no command it opens the window; commands serve scripts and a browser mode.
package main

import (
	"embed"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"github.com/paperboy-reader/paperboy/app"
	"github.com/paperboy-reader/paperboy/internal/cli"
	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

var version = "dev"

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	global := flag.NewFlagSet("paperboy", flag.ContinueOnError)
	global.Usage = func() { fmt.Fprint(os.Stderr, cli.Usage) }
	dataDir := global.String("data-dir", "", "data directory")
	api := global.String("api", "", "Hugging Face base URL")
	query := global.String("search", "", "open the window with the search palette on this query")
	if err := global.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return cli.ExitOK
		}
		return cli.ExitUsage
	}
	// commands log only errors: their stderr is for people; the window and the server log more
	quiet := len(global.Args()) > 0 && global.Arg(0) != "serve"
	logger := newLogger(quiet)
	cfg, err := config.Resolve(*dataDir, *api)
	if err != nil {
		fmt.Fprintln(os.Stderr, "paperboy:", err)
		return cli.ExitError
	}
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		panic(err)
	}
	open := func(c config.Config) (*app.Backend, error) { return app.Open(c, version, logger) }
	if rest := global.Args(); len(rest) > 0 {
		env := &cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Version: version, Logger: logger,
			Assets: dist, Config: cfg, Open: open}
		return cli.Run(env, rest[0], rest[1:])
	}
	id := instanceID(cfg.DataDir)
	if forwardToRunning(id, args) {
		fmt.Fprintln(os.Stderr, "paperboy: already running; raised its window")
		return cli.ExitOK
	}
	b, err := open(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "paperboy:", paper.ErrorMessage(err))
		logger.Debug("open", "err", err)
		return cli.ExitError
	}
	if err := runDesktop(b, dist, id, *query, logger); err != nil {
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
