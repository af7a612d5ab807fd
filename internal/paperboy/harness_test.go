package paperboy

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Tests run inside testing/synctest bubbles: the clock is fake (retries and
// the scheduler's hours pass at once), and the fake Hugging Face API is
// served in process (hftest.Client), without sockets, so nothing waits on
// real time.

// today is the fake clock's start, a Thursday afternoon in UTC.
var today = time.Date(2026, 5, 28, 12, 0, 0, 0, time.UTC)

// recorder keeps the events and notifications a service sent.
type recorder struct {
	mu     sync.Mutex
	events []string
	data   []any
	notes  [][3]string
}

func (r *recorder) event(name string, data any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events, r.data = append(r.events, name), append(r.data, data)
}

func (r *recorder) Notify(title, body, route string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notes = append(r.notes, [3]string{title, body, route})
}

// sent returns the events so far with their payloads.
func (r *recorder) sent() ([]string, []any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events), slices.Clone(r.data)
}

func (r *recorder) names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

func (r *recorder) count(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, e := range r.events {
		if e == name {
			n++
		}
	}
	return n
}

func (r *recorder) notifications() [][3]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.notes)
}

// opener records the URLs it was asked to open; fail makes it fail.
type opener struct {
	mu     sync.Mutex
	opened []string
	fail   bool
}

func (o *opener) OpenURL(u string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fail {
		return errors.New("xdg-open: no browser")
	}
	o.opened = append(o.opened, u)
	return nil
}

// harness is a service on a temp data directory against a fake Hugging Face.
type harness struct {
	// delay, when set, runs before the fake answers each request; tap
	// sees each request.
	delay func()
	tap   func(*http.Request)
	// saver is the desktop's save dialog, and envToken HF_TOKEN, when set
	// before reopen.
	saver    FileSaver
	envToken string
	key      GlobalKey
	t        *testing.T
	dir      string
	fake     *hftest.Fake
	rec      *recorder
	open     *opener
	svc      *Service
}

// bubble runs f in a synctest bubble whose clock starts at start.
func bubble(t *testing.T, start time.Time, f func(t *testing.T)) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		time.Sleep(time.Until(start))
		f(t)
	})
}

// newHarness opens a service; call it inside a bubble. The fake's today
// follows the bubble's clock.
func newHarness(t *testing.T, ps ...paper.Paper) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir(), fake: hftest.New(), rec: &recorder{}, open: &opener{}}
	h.fake.Today = func() time.Time { return time.Now().UTC() }
	h.fake.AddPapers(ps...)
	h.svc = h.reopen()
	return h
}

// withFixture adds the real Daily Papers list of 2024-10-25 to the fake.
func (h *harness) withFixture() *harness {
	h.t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "hf", "testdata", "daily_papers_2024-10-25.json"))
	if err != nil {
		h.t.Fatal(err)
	}
	var es []json.RawMessage
	if err := json.Unmarshal(raw, &es); err != nil {
		h.t.Fatal(err)
	}
	h.fake.AddEntries("2024-10-25", es...)
	return h
}

// reopen opens a service on the harness's data directory (closing the last one).
func (h *harness) reopen() *Service {
	h.t.Helper()
	if h.svc != nil {
		if err := h.svc.Close(); err != nil {
			h.t.Fatal(err)
		}
	}
	svc, err := Open(config.Config{DataDir: h.dir, API: "http://127.0.0.1:9", Token: h.envToken}, Options{
		Version: "test", Logger: slog.New(slog.DiscardHandler), Notifier: h.rec, Opener: h.open, Saver: h.saver, GlobalKey: h.key,
		HTTP: hftest.Client(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if h.tap != nil {
				h.tap(r)
			}
			if h.delay != nil {
				h.delay()
			}
			h.fake.ServeHTTP(w, r)
		})),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	svc.Subscribe(h.rec.event)
	h.t.Cleanup(func() { svc.Close() })
	<-svc.LoadIndex() // as the window does before its first sync
	h.svc = svc
	return svc
}

// sync runs a sync of scope to the end and returns the status.
func (h *harness) sync(scope string) SyncStatus {
	h.t.Helper()
	if err := h.svc.StartSync(SyncRequest{Scope: scope}); err != nil {
		h.t.Fatal(err)
	}
	return h.svc.Wait(h.t.Context())
}

// syncOK is sync that fails the test unless the sync succeeded.
func (h *harness) syncOK(scope string) SyncStatus {
	h.t.Helper()
	st := h.sync(scope)
	if st.Error != nil || st.LastResult != ResultOK {
		h.t.Fatalf("sync %q: %+v", scope, st)
	}
	return st
}

func synthetic(id, day, title string, upvotes int) paper.Paper {
	return paper.Paper{ID: id, Day: day, Title: title, Abstract: "We study " + title + ".", Upvotes: upvotes,
		PublishedAt: day, Authors: []paper.Author{{Name: "Grace Hopper"}, {Name: "Alan Turing"}}}
}

func ids(vs []paper.View) []string { return viewIDs(vs) }

func mk(id, day, title string, upvotes int) paper.Paper {
	return paper.Paper{ID: id, Day: day, Title: title, Abstract: "An abstract about " + title,
		Upvotes: upvotes, PublishedAt: day, Authors: []paper.Author{{Name: "Grace Hopper"}, {Name: "Hidden", Hidden: true}}}
}
