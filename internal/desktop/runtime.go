// Package desktop is Paperboy's window: the Wails runtime, its menu, the
// window's size and place, notifications, the save dialog, opening links,
// and the hand-over from a second launch. Everything it shows comes from the
// application service; like Wails, it needs the desktop build tags to run.
package desktop

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/paperboy-reader/paperboy/internal/atomicfile"
)

// Runtime is the window's side of the service's collaborators: it sends
// events to the page, shows notifications and dialogs and opens links. It is
// made before the service (which takes it at construction) and becomes live
// when Wails starts the window; until then, and after, calls do nothing.
type Runtime struct {
	log *slog.Logger

	mu          sync.Mutex
	ctx         context.Context // Wails' own: runtime.* must see no other
	notifyReady bool
	hidden      bool // the window is hidden (started at login, or dismissed)
}

func (r *Runtime) isHidden() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hidden
}

func (r *Runtime) setHidden(h bool) {
	r.mu.Lock()
	r.hidden = h
	r.mu.Unlock()
}

// NewRuntime returns a Runtime that is not live yet.
func NewRuntime(log *slog.Logger) *Runtime { return &Runtime{log: log} }

func (r *Runtime) wails() context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ctx
}

func (r *Runtime) start(ctx context.Context) {
	r.mu.Lock()
	r.ctx = ctx
	r.mu.Unlock()
}

func (r *Runtime) stop() {
	r.mu.Lock()
	r.ctx = nil
	r.mu.Unlock()
}

// emit sends an event to the page.
func (r *Runtime) emit(name string, data any) {
	if c := r.wails(); c != nil {
		runtime.EventsEmit(c, name, data)
	}
}

// Notify shows a desktop notification whose click opens route.
func (r *Runtime) Notify(title, body, route string) {
	r.mu.Lock()
	c, ready := r.ctx, r.notifyReady
	r.mu.Unlock()
	if c == nil || !ready {
		r.log.Info("notification not shown: no notification service", "title", title)
		return
	}
	err := runtime.SendNotification(c, runtime.NotificationOptions{
		ID: "paperboy-topics", Title: title, Body: body, Data: map[string]any{"route": route},
	})
	if err != nil {
		r.log.Warn("notify", "err", err)
		return
	}
	r.log.Info("notified", "title", title, "body", body)
}

// SaveFile asks where to save, then writes there so that a failed export
// never leaves half a file where a good one was. It returns "" when the
// user cancels.
func (r *Runtime) SaveFile(name string, write func(io.Writer) error) (string, error) {
	c := r.wails()
	if c == nil {
		return "", errors.New("the window is not open")
	}
	path, err := runtime.SaveFileDialog(c, runtime.SaveDialogOptions{
		DefaultFilename: name, Title: "Export", CanCreateDirectories: true,
	})
	if err != nil || path == "" {
		return "", err
	}
	return path, atomicfile.Write(path, 0o644, write)
}
