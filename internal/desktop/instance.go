package desktop

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/paperboy-reader/paperboy/internal/control"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
)

// RaiseCommand is what a second launch of the window sends through the
// control socket, followed by its own arguments.
const RaiseCommand = "window"

// InstanceID names Wails' single-instance lock: one window per data
// directory, so two libraries can be open side by side.
func InstanceID(dataDir string) string {
	sum := sha256.Sum256([]byte(dataDir))
	return "paperboy_" + hex.EncodeToString(sum[:6])
}

// withRaise answers a second launch (RaiseCommand) by raising this window,
// and passes every other command on to commands.
func withRaise(commands control.Handler, svc *paperboy.Service, rt *Runtime) control.Handler {
	return func(ctx context.Context, req control.Request, stdin io.Reader, stdout, stderr io.Writer) int {
		if req.Args[0] != RaiseCommand {
			return commands(ctx, req, stdin, stdout, stderr)
		}
		raise(svc, rt, req.Args[1:])
		fmt.Fprintln(stderr, "paperboy: already running; raised its window")
		return 0
	}
}

// raise shows the window and opens the palette when args carry --search.
func raise(svc *paperboy.Service, rt *Runtime, args []string) {
	if c := rt.wails(); c != nil {
		runtime.WindowShow(c)
		runtime.WindowUnminimise(c)
		rt.setHidden(false)
	}
	if q, ok := searchArg(args); ok {
		svc.RequestSearch(q)
	}
}

// searchArg finds --search in a second launch's arguments.
func searchArg(args []string) (string, bool) {
	fs := flag.NewFlagSet("second", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("data-dir", "", "")
	fs.String("api", "", "")
	q := fs.String("search", "", "")
	_ = fs.Parse(args)
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "search" })
	return *q, given
}
