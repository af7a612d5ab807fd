package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/paperboy-reader/paperboy/app"
	"github.com/paperboy-reader/paperboy/internal/uiassets"
)

// windowState is the window's geometry, remembered across launches.
type windowState struct {
	Width, Height int
	X, Y          int
	Maximised     bool
	Placed        bool // X and Y are known
}

const settingWindow = "window"

// Window backgrounds of the two themes (app.css --bg), so the first frame,
// before the page has drawn, is already the right colour.
var (
	lightBackground = &options.RGBA{R: 0xfa, G: 0xf9, B: 0xf7, A: 0xff}
	darkBackground  = &options.RGBA{R: 0x15, G: 0x16, B: 0x19, A: 0xff}
)

// runDesktop opens the window over b and blocks until it closes.
func runDesktop(b *app.Backend, dist fs.FS, instance, query string, log *slog.Logger) error {
	var (
		mu   sync.Mutex
		wctx context.Context // set by OnStartup: runtime.* must only see a Wails context
	)
	ctx := func() context.Context {
		mu.Lock()
		defer mu.Unlock()
		return wctx
	}
	b.Emit = func(name string, data any) {
		if c := ctx(); c != nil {
			runtime.EventsEmit(c, name, data)
		}
	}
	b.OpenURL = func(url string) error {
		runtime.BrowserOpenURL(ctx(), url) // app.Papers.OpenLink passes only https links of the paper
		return nil
	}
	b.SaveFile = func(name string, write func(io.Writer) error) (string, error) {
		path, err := runtime.SaveFileDialog(ctx(), runtime.SaveDialogOptions{
			DefaultFilename: name, Title: "Export", CanCreateDirectories: true,
		})
		if err != nil || path == "" {
			return "", err
		}
		return path, writeFileAtomic(path, write)
	}
	// The search index loads once the first cards are on screen (or after a
	// few seconds): on two cores, loading it competes with WebKit's start-up.
	indexReady := make(chan (<-chan struct{}), 1)
	startIndex := sync.OnceFunc(func() { indexReady <- b.LoadIndex() })
	b.StartDeferred = startIndex
	time.AfterFunc(3*time.Second, startIndex)
	var firstSync sync.Once // the session's first sync: today and the recent days
	bindings := app.Bindings(b)
	bound := make([]any, 0, len(bindings))
	for _, v := range bindings {
		bound = append(bound, v)
	}

	ws := windowState{Width: 1200, Height: 820}
	if ok, err := b.Store.Setting(settingWindow, &ws); err != nil || !ok || ws.Width < 640 || ws.Height < 480 {
		ws = windowState{Width: 1200, Height: 820}
	}
	startState := options.Normal
	if ws.Maximised {
		startState = options.Maximised
	}

	search := b.RequestSearch
	appMenu := menu.NewMenu()
	m := appMenu.AddSubmenu("Paperboy")
	m.AddText("Search…", keys.CmdOrCtrl("k"), func(*menu.CallbackData) { search("") })
	m.AddText("Sync now", keys.CmdOrCtrl("r"), func(*menu.CallbackData) {
		if err := b.StartSync("", false); err != nil {
			log.Warn("sync", "err", err)
		}
	})
	m.AddSeparator()
	m.AddText("Quit", keys.CmdOrCtrl("q"), func(*menu.CallbackData) { runtime.Quit(ctx()) })

	autoCtx, stopAuto := context.WithCancel(context.Background())
	defer stopAuto()
	return wails.Run(&options.App{
		Title:              "Paperboy",
		Width:              ws.Width,
		Height:             ws.Height,
		MinWidth:           640,
		MinHeight:          480,
		WindowStartState:   startState,
		Menu:               appMenu,
		AssetServer:        &assetserver.Options{Assets: uiassets.Themed(dist, b.Theme)},
		BackgroundColour:   background(b.Theme()),
		Bind:               bound,
		LogLevel:           logger.WARNING,
		LogLevelProduction: logger.WARNING,
		Linux:              &linux.Options{Icon: icon, ProgramName: "paperboy"},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: instance,
			OnSecondInstanceLaunch: func(d options.SecondInstanceData) {
				c := ctx()
				if c == nil {
					return
				}
				runtime.WindowUnminimise(c)
				runtime.WindowShow(c)
				if q := searchArg(d.Args); q != "" {
					search(q)
				}
			},
		},
		OnStartup: func(c context.Context) {
			mu.Lock()
			wctx = c
			mu.Unlock()
			if ws.Placed && !ws.Maximised {
				runtime.WindowSetPosition(c, ws.X, ws.Y)
			}
			setupNotifications(c, b, log)
		},
		OnDomReady: func(context.Context) {
			if query != "" {
				search(query)
			}
			firstSync.Do(func() {
				go func() {
					<-<-indexReady // a sync feeds the index: let it load first
					if err := b.StartSync("", false); err != nil {
						log.Warn("sync", "err", err)
					}
					b.StartAutoSync(autoCtx)
				}()
			})
		},
		OnBeforeClose: func(c context.Context) bool {
			st := windowState{Maximised: runtime.WindowIsMaximised(c)}
			if st.Maximised {
				st.Width, st.Height, st.X, st.Y, st.Placed = ws.Width, ws.Height, ws.X, ws.Y, ws.Placed
			} else {
				st.Width, st.Height = runtime.WindowGetSize(c)
				st.X, st.Y = runtime.WindowGetPosition(c)
				st.Placed = true
			}
			if err := b.Store.PutSetting(settingWindow, st); err != nil {
				log.Warn("remember window", "err", err)
			}
			return false
		},
		OnShutdown: func(context.Context) {
			stopAuto()
			if err := b.Close(); err != nil {
				log.Error("close", "err", err)
			}
		},
	})
}

// background is the window colour before the page draws: dark for the
// dark theme, and for the system theme when GTK says it is dark.
func background(theme string) *options.RGBA {
	if theme == "dark" || theme == "system" && strings.HasSuffix(os.Getenv("GTK_THEME"), ":dark") {
		return darkBackground
	}
	return lightBackground
}

// setupNotifications lets watch topics notify through the desktop; a click
// brings the window up on the route the notification carries.
func setupNotifications(c context.Context, b *app.Backend, log *slog.Logger) {
	if err := runtime.InitializeNotifications(c); err != nil || !runtime.IsNotificationAvailable(c) {
		log.Info("desktop notifications unavailable", "err", err)
		return
	}
	b.Notify = func(title, body, route string) {
		err := runtime.SendNotification(c, runtime.NotificationOptions{
			ID: "paperboy-topics", Title: title, Body: body, Data: map[string]any{"route": route},
		})
		if err != nil {
			log.Warn("notify", "err", err)
		}
		log.Info("notified", "title", title, "body", body)
	}
	runtime.OnNotificationResponse(c, func(r runtime.NotificationResult) {
		route, _ := r.Response.UserInfo["route"].(string)
		runtime.WindowUnminimise(c)
		runtime.WindowShow(c)
		if route != "" {
			b.Emit(app.EventNavigate, map[string]string{"route": route})
		}
	})
}

// searchArg finds --search in a second launch's arguments.
func searchArg(args []string) string {
	fs := flag.NewFlagSet("second", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("data-dir", "", "")
	fs.String("api", "", "")
	q := fs.String("search", "", "")
	_ = fs.Parse(args)
	return *q
}

// writeFileAtomic writes via a temporary file in the same folder, so a
// failed export never leaves half a file where a good one was.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".paperboy-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err := errors.Join(write(bw), bw.Flush()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
