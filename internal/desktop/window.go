package desktop

import (
	"context"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/paperboy-reader/paperboy/internal/control"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
	"github.com/paperboy-reader/paperboy/internal/uiassets"
)

// Config is what the window runs with.
type Config struct {
	Service  *paperboy.Service
	Runtime  *Runtime
	Bindings map[string]any // the UI's API (app.Bindings)
	Assets   fs.FS          // the built frontend
	Icon     []byte
	// Search opens the search palette on Query at start (--search).
	Search bool
	Query  string
	// Hidden starts the window hidden (at login): the system-wide key, a
	// second launch or a notification brings it up.
	Hidden bool
	// Key is the system-wide search key (also passed to the service).
	Key *GlobalKey
	// Commands runs command-line commands forwarded to this process.
	Commands control.Handler
	Logger   *slog.Logger
}

// windowState is the window's geometry, remembered across launches.
type windowState struct {
	Width, Height int
	X, Y          int
	Maximised     bool
	Placed        bool // X and Y are known
}

const stateKey = "window"

// indexHold is how long the search index waits for the first cards.
const indexHold = 3 * time.Second

// Window backgrounds of the two themes (app.css --bg), so the first frame,
// before the page has drawn, is already the right colour.
var (
	lightBackground = &options.RGBA{R: 0xfa, G: 0xf9, B: 0xf7, A: 0xff}
	darkBackground  = &options.RGBA{R: 0x15, G: 0x16, B: 0x19, A: 0xff}
)

// background is the window colour before the page draws: dark for the
// dark theme, and for the system theme when GTK says it is dark.
func background(theme string) *options.RGBA {
	if theme == "dark" || theme == "system" && strings.HasSuffix(os.Getenv("GTK_THEME"), ":dark") {
		return darkBackground
	}
	return lightBackground
}

// Run opens the window and blocks until it closes. The service's background
// work (index, syncs, the control socket) runs while it is open.
func Run(cfg Config) error {
	svc, rt, log := cfg.Service, cfg.Runtime, cfg.Logger
	bound := make([]any, 0, len(cfg.Bindings))
	for _, v := range cfg.Bindings {
		bound = append(bound, v)
	}
	ws := windowState{Width: 1200, Height: 820}
	if ok, err := svc.Recall(stateKey, &ws); err != nil || !ok || ws.Width < 640 || ws.Height < 480 {
		ws = windowState{Width: 1200, Height: 820}
	}
	startState := options.Normal
	if ws.Maximised {
		startState = options.Maximised
	}
	background := background(svc.Theme())

	appMenu := menu.NewMenu()
	m := appMenu.AddSubmenu("Paperboy")
	m.AddText("Search…", keys.CmdOrCtrl("k"), func(*menu.CallbackData) { svc.RequestSearch("") })
	m.AddText("Sync now", keys.CmdOrCtrl("r"), func(*menu.CallbackData) {
		if err := svc.StartSync(paperboy.SyncRequest{}); err != nil {
			log.Warn("sync", "err", err)
		}
	})
	m.AddSeparator()
	m.AddText("Quit", keys.CmdOrCtrl("q"), func(*menu.CallbackData) {
		if c := rt.wails(); c != nil {
			runtime.Quit(c)
		}
	})

	// The background work lives as long as the window.
	work, stopWork := context.WithCancel(context.Background())
	defer stopWork()
	unsubscribe := svc.Subscribe(rt.emit)
	defer unsubscribe()
	served := make(chan struct{})
	ln, err := control.Listen(control.SocketPath(svc.DataDir()))
	if err != nil {
		log.Warn("no control socket: commands can't run while the window is open", "err", err)
		close(served)
	} else {
		go func() {
			defer close(served)
			control.Serve(work, ln, withRaise(cfg.Commands, svc, rt), log)
		}()
	}
	if cfg.Key != nil {
		go cfg.Key.listen(work, svc)
		go svc.ApplyHotkey() // a desktop portal may ask the user first
		defer cfg.Key.Close()
	}
	rt.setHidden(cfg.Hidden)
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		// on two cores, loading the index competes with WebKit's start-up:
		// it waits for the first cards (or three seconds)
		svc.Run(work, paperboy.RunOptions{IndexAfter: indexHold, SyncAtStart: true})
	}()
	defer func() {
		stopWork()
		<-served
		<-ran
	}()

	return wails.Run(&options.App{
		Title:              "Paperboy",
		Width:              ws.Width,
		Height:             ws.Height,
		MinWidth:           640,
		MinHeight:          480,
		WindowStartState:   startState,
		StartHidden:        cfg.Hidden,
		BackgroundColour:   background,
		Menu:               appMenu,
		AssetServer:        &assetserver.Options{Assets: uiassets.Themed(cfg.Assets, svc.Theme)},
		Bind:               bound,
		ErrorFormatter:     func(err error) any { return errorInfo(log, err) },
		LogLevel:           logger.WARNING,
		LogLevelProduction: logger.WARNING,
		// WebKit's GPU compositing goes through software GL where there is
		// no GPU (Xvfb, most VMs): in make bench it cost ~100 ms of CPU a
		// keystroke and ~70 MB of PSS, for nothing a reader's page needs.
		// Never is Wails' own default when Linux options are left out.
		Linux: &linux.Options{Icon: cfg.Icon, ProgramName: "paperboy", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
		// The hand-over normally goes through the control socket (see
		// Raise); this lock catches two windows started at once.
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: InstanceID(svc.DataDir()),
			OnSecondInstanceLaunch: func(d options.SecondInstanceData) {
				raise(svc, rt, d.Args)
			},
		},
		OnStartup: func(c context.Context) {
			rt.start(c)
			if ws.Placed && !ws.Maximised {
				runtime.WindowSetPosition(c, ws.X, ws.Y)
			}
			rt.setupNotifications(c, svc)
		},
		OnDomReady: func(c context.Context) {
			if cfg.Key != nil {
				cfg.Key.loaded(c) // a press before the page had loaded shows the window now
			}
			if cfg.Search {
				svc.RequestSearch(cfg.Query)
			}
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
			if err := svc.Remember(stateKey, st); err != nil {
				log.Warn("remember window", "err", err)
			}
			return false
		},
		OnShutdown: func(context.Context) { rt.stop() },
	})
}

// errorInfo is what a bound method's error becomes in the page: the
// {code, message} every front door sends. Unknown errors are logged whole.
func errorInfo(log *slog.Logger, err error) any {
	info := paper.Info(err)
	if info.Code == paper.EINTERNAL {
		log.Error("bound call", "err", err)
	}
	return info
}

// setupNotifications lets watched topics notify through the desktop; a
// click brings the window up on the route the notification carries.
func (r *Runtime) setupNotifications(c context.Context, svc *paperboy.Service) {
	if err := runtime.InitializeNotifications(c); err != nil || !runtime.IsNotificationAvailable(c) {
		r.log.Info("desktop notifications unavailable", "err", err)
		return
	}
	r.mu.Lock()
	r.notifyReady = true
	r.mu.Unlock()
	runtime.OnNotificationResponse(c, func(res runtime.NotificationResult) {
		route, _ := res.Response.UserInfo["route"].(string)
		runtime.WindowUnminimise(c)
		runtime.WindowShow(c)
		if route != "" {
			svc.Emit(paperboy.EventNavigate, paperboy.Navigate{Route: route})
		}
	})
}
