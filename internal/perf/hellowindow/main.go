// Command hellowindow is the baseline of `make bench`: a Wails v2 window with
// nothing in it but a text field, built with the app's tags and options
// (size, background, Linux options), so what Paperboy's window costs beyond
// any Wails window can be told apart. Its page logs, through a bound method,
// the same lines Paperboy's frontend does: its first paint
// ("paperboy: first-render") and, for text typed into its field, the time
// from each keydown to the frame that shows it ("paperboy: keystrokes").
//
// It is the one package besides internal/desktop that imports Wails, and
// only the benchmark builds it:
//
//	go build -tags desktop,production,webkit2_41 -o hellowindow ./internal/perf/hellowindow
package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

//go:embed page
var page embed.FS

// Hello is bound to the page: window.go.main.Hello.Log(msg).
type Hello struct{}

// Log writes a line from the page to stderr, where the benchmark reads it.
func (*Hello) Log(msg string) { fmt.Fprintf(os.Stderr, "msg=frontend msg=%q\n", msg) }

func main() {
	assets, err := fs.Sub(page, "page")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	err = wails.Run(&options.App{
		Title:              "Hello",
		Width:              1200,
		Height:             820,
		MinWidth:           640,
		MinHeight:          480,
		BackgroundColour:   &options.RGBA{R: 0xfa, G: 0xf9, B: 0xf7, A: 0xff},
		AssetServer:        &assetserver.Options{Assets: assets},
		Bind:               []any{&Hello{}},
		LogLevel:           logger.WARNING,
		LogLevelProduction: logger.WARNING,
		Linux:              &linux.Options{ProgramName: "hellowindow", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "hellowindow:", err)
		os.Exit(1)
	}
}
