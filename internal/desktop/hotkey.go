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
	c := k.rt.wails()
	if c == nil {
		return
	}
	k.mu.Lock()
	k.wasHidden = k.rt.isHidden()
	k.mu.Unlock()
	runtime.WindowShow(c)
	runtime.WindowUnminimise(c)
	k.rt.setHidden(false)
	svc.Emit(paperboy.EventHotkey, paperboy.HotkeyPress{})
	k.log.Info("system-wide key pressed")
}

// Close releases the key.
func (k *GlobalKey) Close() error { return k.reg.Close() }
