// Package paperboy is the application service: every use case of Paperboy —
// reading days and papers, search, sync and its schedule, watched topics,
// full texts (fulltext.go), export and import, settings — behind one type
// that the window, the browser mode and the command line all call.
//
// It owns the store, the search index, the Hugging Face client and the
// syncer. What it needs from its front door (telling the UI about changes,
// desktop notifications, opening a browser, a save dialog, the clock) is
// passed to Open as small interfaces; nothing is assigned afterwards, so a
// Service is safe for concurrent use from the moment Open returns.
package paperboy

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/hf"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
	"github.com/paperboy-reader/paperboy/internal/secret"
	"github.com/paperboy-reader/paperboy/internal/store"
	"github.com/paperboy-reader/paperboy/internal/syncer"
)

// Notifier shows desktop notifications. route is the app address a click
// opens ("#/foryou").
type Notifier interface {
	Notify(title, body, route string)
}

// URLOpener opens a URL in the system browser.
type URLOpener interface {
	OpenURL(url string) error
}

// FileSaver asks the user where to save a file and streams write's output
// there. It returns "" when the user cancels.
type FileSaver interface {
	SaveFile(defaultName string, write func(io.Writer) error) (string, error)
}

// Options are what Open needs beyond the configuration. Every field may be
// left zero.
type Options struct {
	Version string
	Logger  *slog.Logger
	// Notifier, Opener and Saver are the desktop's; nil where there is none
	// (the browser mode opens links and downloads itself).
	Notifier Notifier
	Opener   URLOpener
	Saver    FileSaver
	// GlobalKey is the window's system-wide search key; nil elsewhere.
	GlobalKey GlobalKey
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// HTTP is the client for Hugging Face; nil means hf's default. Tests
	// pass one that serves a fake in process.
	HTTP *http.Client
	// Sleep replaces the waits between retries (tests that fail requests
	// on purpose); nil waits for real.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Service is Paperboy's application service.
type Service struct {
	store   *store.DB
	index   *search.Index
	hf      *hf.Client
	syncer  *syncer.Syncer
	log     *slog.Logger
	now     func() time.Time
	version string
	dataDir string
	events  *hub

	notifier  Notifier
	opener    URLOpener
	saver     FileSaver
	globalKey GlobalKey

	tokens     *secret.Store
	envToken   bool           // HF_TOKEN gave the token
	background sync.WaitGroup // work Close waits for

	indexOnce    sync.Once
	indexStart   chan struct{} // closed when the index starts loading
	indexStarted atomic.Bool
	indexReady   chan struct{} // closed when the index covers the whole cache
	indexErr     error         // why it could not be loaded; read after indexReady
	indexSrc     string        // where it was loaded from ("snapshot+3"); read after indexReady
	indexDirty   atomic.Bool   // the index has changed since the snapshot was written

	syncSlot chan struct{} // held by the running sync
	syncs    sync.WaitGroup
	ft       fullTexts // full-text runs (fulltext.go)
	trim     trimmer   // memory back to the system when reads pause (memory.go)

	mu          sync.Mutex // guards the fields below
	status      SyncStatus
	cancel      context.CancelFunc // of the running sync
	syncDone    chan struct{}      // closed when the running sync ends
	syncStarted time.Time          // when the last sync began
	announced   int                // notices sent so far
	hotkeyErr   *paper.ErrorInfo   // why the system-wide key could not be registered
	pending     Pending            // a search asked for from outside the window
	pendingAt   time.Time
	closed      bool
}

// Open opens the service over the data directory of cfg.
func Open(cfg config.Config, opt Options) (*Service, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil && !os.IsExist(err) {
		return nil, paper.Wrap(paper.EINTERNAL, err, "can't create the data directory %s: %v", cfg.DataDir, err)
	}
	db, err := store.Open(cfg.DataDir, store.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	client := hf.New(cfg.API, opt.Version)
	if opt.HTTP != nil {
		client.HTTP = opt.HTTP
	}
	if opt.Sleep != nil {
		client.Sleep = opt.Sleep
	}
	client.Logger, client.Now = log, now
	client.MaxAttempts = 3 // offline should show within seconds, not after a long backoff
	s := &Service{
		store: db, index: search.New(), hf: client, log: log, now: now, version: opt.Version, dataDir: cfg.DataDir,
		events: newHub(), notifier: opt.Notifier, opener: opt.Opener, saver: opt.Saver, globalKey: opt.GlobalKey,
		tokens:     secret.New(cfg.DataDir),
		indexStart: make(chan struct{}),
		indexReady: make(chan struct{}),
		syncSlot:   make(chan struct{}, 1),
		status:     SyncStatus{Online: true, ETASeconds: -1}, // online until a request fails to reach Hugging Face
	}
	s.ft.init()
	s.syncer = &syncer.Syncer{Fetcher: client, Store: db, Index: loadedIndex{s}, Logger: log,
		Now: func() time.Time { return s.now() }}
	client.OnWait = s.waiting
	s.recallLastSync()
	if cfg.Token != "" { // HF_TOKEN wins over a token set in Settings
		client.SetToken(cfg.Token)
		s.envToken = true
	}
	s.loadToken()
	return s, nil
}

// Close stops a running sync, saves the search index and closes the store.
// Cancel Run's context first.
func (s *Service) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	if s.cancel != nil {
		s.cancel()
	}
	s.mu.Unlock()
	s.trim.stop()
	s.syncs.Wait()
	s.stopFullTexts()
	s.background.Wait()
	if s.indexStarted.Load() {
		<-s.indexReady
		if s.indexDirty.Load() && s.store.ReadOnly() == nil && s.saveSnapshot() {
			s.indexDirty.Store(false)
		}
	}
	return s.store.Close()
}

// Version is the running Paperboy's version.
func (s *Service) Version() string { return s.version }

// DataDir is the data directory the service runs on.
func (s *Service) DataDir() string { return s.dataDir }

// loadedIndex feeds the syncer's papers to the index once it is being
// loaded: before that (a command-line sync) the next start catches up from
// the store, and an index built from a handful of papers must never be
// saved as the snapshot.
type loadedIndex struct{ s *Service }

func (l loadedIndex) Upsert(ps ...paper.Paper) {
	if l.s.indexStarted.Load() {
		l.s.index.Upsert(ps...)
		l.s.indexDirty.Store(true)
	}
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
func (s *Service) views(ps []paper.Paper) ([]paper.View, error) {
	states, err := s.store.States(paperIDs(ps))
	if err != nil {
		return nil, err
	}
	out := make([]paper.View, len(ps))
	for i, p := range ps {
		out[i] = paper.NewView(p, states[p.ID])
	}
	return out, nil
}
