// Package app holds the adapters that the window (Wails bindings) and the
// browser mode (HTTP) call. They are thin: the work is done in internal/.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paperboy-reader/paperboy/internal/hf"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
	"github.com/paperboy-reader/paperboy/internal/store"
	"github.com/paperboy-reader/paperboy/internal/syncer"
)

// Backend is what the bound structs share. It is not bound itself.
type Backend struct {
	Store   *store.DB
	Index   *search.Index
	HF      *hf.Client
	Syncer  *syncer.Syncer
	Logger  *slog.Logger
	Version string
	Now     func() time.Time

	// Emit sends an event to the UI(s); nil drops it. Injected so that
	// nothing here needs a Wails context.
	Emit func(name string, data any)
	// OpenURL opens a URL in the system browser; nil in browser mode, where
	// the page opens it itself.
	OpenURL func(url string) error
	// Notify shows a desktop notification; nil where there is none (browser
	// mode, no D-Bus). route is the app address a click opens ("#/foryou").
	Notify func(title, body, route string)
	// StartDeferred starts the start-up work the window holds back until
	// its first cards are on screen (loading the search index); it is called
	// then, or when something needs that work sooner. Nil-safe.
	StartDeferred func()
	// SaveFile asks where to save, then streams write's output there; nil
	// outside the desktop. It returns "" when the user cancels.
	SaveFile func(defaultName string, write func(io.Writer) error) (string, error)

	dataDir    string
	indexOnce  sync.Once
	indexReady chan struct{}
	indexDirty atomic.Bool // the index has changed since the snapshot was written
	syncWG     sync.WaitGroup

	mu        sync.Mutex // guards the fields below
	status    SyncStatus
	cancel    context.CancelFunc
	pending   string // a search asked for from outside the window
	pendingAt time.Time
}

func (b *Backend) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

func (b *Backend) emit(name string, data any) {
	if b.Emit != nil {
		b.Emit(name, data)
	}
}

func (b *Backend) log() *slog.Logger {
	if b.Logger != nil {
		return b.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Bindings returns the structs whose exported methods form the UI's API,
// by the names the frontend calls them.
func Bindings(b *Backend) map[string]any {
	return map[string]any{
		"Papers":   &Papers{b},
		"Search":   &Search{b},
		"Sync":     &Sync{b},
		"Settings": &Settings{b},
		"Topics":   &Topics{b},
		"Library":  &Library{b},
	}
}

// UIError is the error every bound method returns: its text is JSON that the
// frontend parses into {code, message}. The full chain goes to the log only.
type UIError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *UIError) Error() string {
	b, _ := json.Marshal(e)
	return string(b)
}

// fail logs err with its whole chain and returns what the user may see.
func (b *Backend) fail(op string, err error) error {
	if err == nil {
		return nil
	}
	if ue, ok := errors.AsType[*UIError](err); ok {
		return ue
	}
	code := paper.ErrorCode(err)
	if code == paper.EINTERNAL {
		b.log().Error(op, "err", err)
	} else {
		b.log().Info(op, "code", code, "err", err)
	}
	return &UIError{Code: code, Message: paper.ErrorMessage(err)}
}

// paperIDs lists the ids of ps, in order.
func paperIDs(ps []paper.Paper) []string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}

// viewIDs lists the ids of vs, in order.
func viewIDs(vs []paper.View) []string {
	ids := make([]string, len(vs))
	for i, v := range vs {
		ids[i] = v.ID
	}
	return ids
}

// views flattens papers with their reading state.
func (b *Backend) views(ps []paper.Paper) ([]paper.View, error) {
	ids := paperIDs(ps)
	states, err := b.Store.States(ids)
	if err != nil {
		return nil, err
	}
	out := make([]paper.View, len(ps))
	for i, p := range ps {
		out[i] = paper.NewView(p, states[p.ID])
	}
	return out, nil
}
