package desktop

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/paperboy-reader/paperboy/internal/hotkey"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
)

// GlobalKey is the system-wide search key (paperboy.GlobalKey): it registers
// the key with the desktop (internal/hotkey) and brings the window up with
// the palette open when the key is pressed, from any application.
type GlobalKey struct {
	rt  *Runtime
	log *slog.Logger
	reg hotkey.Registrar

	mu sync.Mutex
	// wasHidden: the key summoned the window from hidden (started at login),
	// so a dismissal hides it again; else it is minimised, which gives the
	// focus back to the application the user was in.
	wasHidden bool
	// ready: the page has loaded, so the window can be shown; a press
	// before then (just after a start at login) shows it when it has.
	ready, early bool
}

// NewGlobalKey picks the desktop's way to register keys (X11, the Wayland
// portal, Windows) or none.
func NewGlobalKey(rt *Runtime, log *slog.Logger) *GlobalKey {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second) // bounds the portal check
	defer cancel()
	reg, err := hotkey.New(ctx)
	if err != nil {
		log.Warn("system-wide key", "err", err)
	}
	log.Info("system-wide key", "backend", reg.Backend())
	return &GlobalKey{rt: rt, log: log, reg: reg}
}

// Apply makes accel the key, or releases it.
func (k *GlobalKey) Apply(accel string, enabled bool) error {
	if !enabled {
		return k.reg.Unregister()
	}
	return k.reg.Register(accel)
}

// Backend names the registration backend.
func (k *GlobalKey) Backend() string { return k.reg.Backend() }

// Dismiss hides the window again, or minimises it, after the key summoned it.
func (k *GlobalKey) Dismiss() {
	c := k.rt.wails()
	if c == nil {
		return
	}
	k.mu.Lock()
	hide := k.wasHidden
	k.mu.Unlock()
	if hide {
		runtime.WindowHide(c)
		k.rt.setHidden(true)
	} else {
		runtime.WindowMinimise(c)
	}
}

// listen summons the window at each press until ctx ends.
func (k *GlobalKey) listen(ctx context.Context, svc *paperboy.Service) {
	events := k.reg.Events()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-events:
			if !ok {
				k.log.Warn("system-wide key: the connection to the desktop was lost; the key no longer works")
				return
			}
			k.summon(svc)
		}
	}
}

func (k *GlobalKey) summon(svc *paperboy.Service) {
	k.mu.Lock()
	k.wasHidden = k.rt.isHidden()
	c := k.rt.wails()
	k.early = !k.ready
	k.mu.Unlock()
	k.log.Info("system-wide key pressed")
	svc.Summon() // the page opens the palette, now or when it has loaded
	if c == nil || !k.isReady() {
		return
	}
	k.show(c)
}

func (k *GlobalKey) show(c context.Context) {
	runtime.WindowShow(c)
	runtime.WindowUnminimise(c)
	k.rt.setHidden(false)
}

func (k *GlobalKey) isReady() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.ready
}

// loaded is the page's DOM ready: it shows the window if the key was
// pressed before.
func (k *GlobalKey) loaded(c context.Context) {
	k.mu.Lock()
	early := k.early
	k.ready, k.early = true, false
	k.mu.Unlock()
	if early {
		k.show(c)
	}
}

// Close releases the key.
func (k *GlobalKey) Close() error { return k.reg.Close() }
