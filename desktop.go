package main

import (
	"context"
	"embed"
	"log/slog"
	"sync"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/paperboy-reader/paperboy/app"
)

// runDesktop opens the window over b and blocks until it closes.
func runDesktop(b *app.Backend, assets embed.FS, icon []byte, query string, log *slog.Logger) error {
	var wctx context.Context // set by OnStartup: runtime.* must only see a Wails context
	b.Emit = func(name string, data any) {
		if wctx != nil {
			runtime.EventsEmit(wctx, name, data)
		}
	}
	b.OpenURL = func(url string) error {
		runtime.BrowserOpenURL(wctx, url) // app.Papers.OpenLink allows only https links of the paper
		return nil
	}
	ready := b.LoadIndex()
	var firstSync sync.Once // the session's first sync: today and the recent days
	bindings := app.Bindings(b)
	bound := make([]any, 0, len(bindings))
	for _, name := range []string{"Papers", "Search", "Sync", "Settings"} {
		bound = append(bound, bindings[name])
	}

	appMenu := menu.NewMenu()
	m := appMenu.AddSubmenu("Paperboy")
	m.AddText("Search…", keys.CmdOrCtrl("k"), func(*menu.CallbackData) {
		b.Emit(app.EventSearch, map[string]string{"query": ""})
	})
	m.AddText("Sync now", keys.CmdOrCtrl("r"), func(*menu.CallbackData) {
		if err := b.StartSync("", false); err != nil {
			log.Warn("sync", "err", err)
		}
	})
	m.AddSeparator()
	m.AddText("Quit", keys.CmdOrCtrl("q"), func(*menu.CallbackData) { runtime.Quit(wctx) })

	return wails.Run(&options.App{
		Title:              "Paperboy",
		Width:              1200,
		Height:             820,
		MinWidth:           640,
		MinHeight:          480,
		Menu:               appMenu,
		AssetServer:        &assetserver.Options{Assets: assets},
		Bind:               bound,
		LogLevel:           logger.WARNING,
		LogLevelProduction: logger.WARNING,
		Linux:              &linux.Options{Icon: icon, ProgramName: "paperboy", WindowIsTranslucent: false},
		OnStartup: func(ctx context.Context) {
			wctx = ctx
		},
		OnDomReady: func(ctx context.Context) {
			if query != "" {
				b.Emit(app.EventSearch, map[string]string{"query": query})
			}
			firstSync.Do(func() {
				go func() {
					<-ready // a sync feeds the index: let it load first
					if err := b.StartSync("", false); err != nil {
						log.Warn("sync", "err", err)
					}
				}()
			})
		},
		OnShutdown: func(context.Context) {
			if err := b.Close(); err != nil {
				log.Error("close", "err", err)
			}
		},
	})
}
