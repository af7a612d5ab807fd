package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// testClock is a settable clock shared by the backend and its syncer.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// recorder keeps emitted events and notifications.
type recorder struct {
	mu     sync.Mutex
	events []string
	data   map[string][]any
	notes  [][3]string
	done   chan struct{} // one value per sync:done
}

func (r *recorder) emit(name string, data any) {
	r.mu.Lock()
	r.events = append(r.events, name)
	r.data[name] = append(r.data[name], data)
	r.mu.Unlock()
	if name == EventSyncDone {
		r.done <- struct{}{}
	}
}

func (r *recorder) notify(title, body, route string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notes = append(r.notes, [3]string{title, body, route})
}

func (r *recorder) count(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.data[name])
}

func (r *recorder) notifications() [][3]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.notes)
}

type harness struct {
	t     *testing.T
	fake  *hftest.Fake
	api   string
	clock *testClock
}

const hToday = "2024-10-28" // the harness's today

func newHarness(t *testing.T) *harness {
	t.Helper()
	f := hftest.New()
	f.Today = func() time.Time { return time.Date(2024, 10, 28, 23, 0, 0, 0, time.UTC) }
	raw, err := os.ReadFile(filepath.Join("..", "internal", "hf", "testdata", "daily_papers_2024-10-25.json"))
	if err != nil {
		t.Fatal(err)
	}
	var es []json.RawMessage
	if err := json.Unmarshal(raw, &es); err != nil {
		t.Fatal(err)
	}
	f.AddEntries("2024-10-25", es...)
	srv := f.Start(t)
	return &harness{t: t, fake: f, api: srv.URL, clock: &testClock{t: time.Date(2024, 10, 28, 8, 0, 0, 0, time.UTC)}}
}

// open opens a backend over a fresh data dir (or dir when given).
func (h *harness) open(dir string) (*Backend, *recorder) {
	h.t.Helper()
	if dir == "" {
		dir = h.t.TempDir()
	}
	log := slog.New(slog.NewTextHandler(h.t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	b, err := Open(config.Config{DataDir: dir, API: h.api}, "test", log)
	if err != nil {
		h.t.Fatal(err)
	}
	rec := &recorder{data: map[string][]any{}, done: make(chan struct{}, 16)}
	b.Emit, b.Notify, b.Now = rec.emit, rec.notify, h.clock.now
	b.Syncer.Now = h.clock.now
	b.HF.Sleep = func(context.Context, time.Duration) error { return nil }
	h.t.Cleanup(func() { b.Close() })
	<-b.LoadIndex()
	return b, rec
}

// sync runs one sync of date and waits until it is completely done (topics included).
func (h *harness) sync(b *Backend, rec *recorder, date string) {
	h.t.Helper()
	if err := b.StartSync(date, false); err != nil {
		h.t.Fatal(err)
	}
	select {
	case <-rec.done:
	case <-time.After(20 * time.Second):
		h.t.Fatal("sync did not finish")
	}
	if st := b.SyncStatus(); st.Error != nil {
		h.t.Fatalf("sync %s: %+v", date, st.Error)
	}
}

func synthetic(id, day, title string, upvotes int) paper.Paper {
	return paper.Paper{ID: id, Day: day, Title: title, Abstract: "We study " + title + ".", Upvotes: upvotes,
		PublishedAt: day, Authors: []paper.Author{{Name: "Grace Hopper"}, {Name: "Alan Turing"}}}
}

func TestTopicsNotifyOncePerSyncWithNewMatches(t *testing.T) {
	h := newHarness(t)
	b, rec := h.open("")
	h.sync(b, rec, "2024-10-25")
	topics := Bindings(b)["Topics"].(*Topics)

	diff, err := topics.Create("", "diffusion transformers")
	if err != nil {
		t.Fatal(err)
	}
	h.clock.advance(time.Second)
	hot, err := topics.Create("Hot", "upvotes:>100")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := topics.Create("x", "  "); err == nil {
		t.Error("an empty query was accepted")
	}
	if diff.Name != "diffusion transformers" || diff.NewCount != 0 {
		t.Errorf("created %+v", diff)
	}

	h.clock.advance(time.Hour)
	h.fake.AddPapers(
		synthetic("2410.90001", hToday, "Diffusion Transformers for Video Generation", 12),
		synthetic("2410.90002", hToday, "Scalable Diffusion Transformers", 150),
		synthetic("2410.90003", hToday, "Diffusion transformer distillation", 3),
		synthetic("2410.90004", hToday, "Protein Folding with Graph Networks", 7),
	)
	h.sync(b, rec, hToday)

	notes := rec.notifications()
	if len(notes) != 1 {
		t.Fatalf("notifications = %v, want exactly one", notes)
	}
	// three distinct papers: 90001-90003 match the diffusion topic, 90002 also Hot
	if notes[0][0] != "3 new papers on 2 topics" || notes[0][2] != RouteForYou {
		t.Errorf("notification = %q", notes[0])
	}
	if n := rec.count(EventTopicsNew); n != 1 {
		t.Fatalf("topics:new sent %d times, want 1", n)
	}
	ev := rec.data[EventTopicsNew][0].(map[string]any)
	if ev["total"] != 3 {
		t.Errorf("topics:new = %v", ev)
	}

	fy, err := topics.ForYou()
	if err != nil {
		t.Fatal(err)
	}
	var newIDs []string
	for _, it := range fy.Items {
		if it.IsNew {
			newIDs = append(newIDs, it.Paper.ID)
		}
		if it.IsNew != it.Paper.IsNew {
			t.Errorf("%s: item isNew %v, view isNew %v", it.Paper.ID, it.IsNew, it.Paper.IsNew)
		}
	}
	slices.Sort(newIDs)
	if want := []string{"2410.90001", "2410.90002", "2410.90003"}; !slices.Equal(newIDs, want) || fy.NewCount != 3 {
		t.Errorf("For you new = %v (%d), want %v", newIDs, fy.NewCount, want)
	}
	if it := fy.Items[0]; it.Paper.ID != "2410.90002" || len(it.Topics) != 2 {
		t.Errorf("first item = %s %v; want the paper both topics matched, most upvoted", it.Paper.ID, it.Topics)
	}
	list, _ := topics.List()
	if len(list) != 2 || list[0].NewCount != 3 || list[1].NewCount != 1 || list[0].Total < 3 || list[1].Name != "Hot" {
		t.Errorf("List = %+v", list)
	}

	// a second sync bringing nothing new: no notification, no event
	h.clock.advance(time.Hour)
	h.sync(b, rec, hToday)
	if n := len(rec.notifications()); n != 1 {
		t.Errorf("after a sync with nothing new: %d notifications, want still 1", n)
	}
	if n := rec.count(EventTopicsNew); n != 1 {
		t.Errorf("after a sync with nothing new: topics:new sent %d times", n)
	}

	if err := topics.MarkSeen(""); err != nil {
		t.Fatal(err)
	}
	if fy, _ := topics.ForYou(); fy.NewCount != 0 {
		t.Errorf("after MarkSeen: %d new", fy.NewCount)
	}
	feed, err := topics.Feed(hot.ID)
	if err != nil || feed.Topic.ID != hot.ID || len(feed.Items) == 0 || feed.Items[0].Paper.ID != "2410.90002" {
		t.Errorf("Feed = %+v, %v", feed, err)
	}
	if _, err := topics.Feed("nope"); err == nil || err.(*UIError).Code != paper.ENOTFOUND {
		t.Errorf("Feed(unknown) = %v", err)
	}
	up, err := topics.Update(hot.ID, "Very hot", "upvotes:>140")
	if err != nil || up.Name != "Very hot" || up.Query != "upvotes:>140" {
		t.Errorf("Update = %+v, %v", up, err)
	}
	if err := topics.Delete(diff.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := topics.List(); len(list) != 1 {
		t.Errorf("after Delete: %d topics", len(list))
	}
	// topics are user data
	if err := Bindings(b)["Settings"].(*Settings).ClearCache(); err != nil {
		t.Fatal(err)
	}
	if list, _ := topics.List(); len(list) != 1 {
		t.Errorf("ClearCache dropped topics: %v", list)
	}
}

func TestDayMarksPapersNewSinceLastLook(t *testing.T) {
	h := newHarness(t)
	b, rec := h.open("")
	h.fake.AddPapers(synthetic("2410.90001", hToday, "First paper", 5))
	h.sync(b, rec, hToday)
	papers := Bindings(b)["Papers"].(*Papers)
	newOnes := func() []string {
		t.Helper()
		v, err := papers.Day(hToday, "upvotes")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, p := range v.Papers {
			if p.IsNew {
				ids = append(ids, p.ID)
			}
		}
		if err := papers.MarkLooked(hToday); err != nil { // the UI, once it has shown them
			t.Fatal(err)
		}
		return ids
	}
	// reading is no look: without MarkLooked nothing becomes old
	for range 2 {
		if _, err := papers.Day(hToday, "upvotes"); err != nil {
			t.Fatal(err)
		}
	}
	if look, ok, _ := b.Store.DayLook(hToday); ok {
		t.Fatalf("Day recorded a look: %+v", look)
	}
	if got := newOnes(); len(got) != 0 {
		t.Errorf("first look: new %v, want none", got)
	}
	h.clock.advance(time.Hour)
	h.fake.AddPapers(synthetic("2410.90002", hToday, "Second paper", 1), synthetic("2410.90003", hToday, "Third paper", 2))
	h.sync(b, rec, hToday)
	h.clock.advance(time.Hour)
	want := []string{"2410.90003", "2410.90002"}
	for _, step := range []struct {
		name  string
		after time.Duration
		want  []string
	}{
		{"next look", 0, want},
		{"same visit", time.Minute, want},
		{"a later visit", time.Hour, nil},
	} {
		h.clock.advance(step.after)
		if got := newOnes(); !slices.Equal(got, step.want) {
			t.Errorf("%s: new = %v, want %v", step.name, got, step.want)
		}
	}
	// the palette's recent list reads the latest day too, but is no look
	h.clock.advance(time.Hour)
	h.fake.AddPapers(synthetic("2410.90005", hToday, "Fifth paper", 1))
	h.sync(b, rec, hToday)
	h.clock.advance(time.Hour)
	if _, err := b.Query("", 10); err != nil {
		t.Fatal(err)
	}
	if got := newOnes(); !slices.Equal(got, []string{"2410.90005"}) {
		t.Errorf("after a search: new = %v, want the fifth paper", got)
	}
}

func TestRisingFromSyncHistory(t *testing.T) {
	h := newHarness(t)
	b, rec := h.open("")
	for i, up := range []int{1, 2, 3} {
		h.fake.AddPapers(synthetic(fmt.Sprintf("2410.9000%d", i+1), hToday, fmt.Sprintf("Paper %d", i+1), up))
	}
	h.sync(b, rec, hToday)
	h.clock.advance(3 * time.Hour)
	// later, Hugging Face lists the day with new counts
	later := hftest.New()
	later.Today = h.fake.Today
	later.AddPapers(synthetic("2410.90001", hToday, "Paper 1", 41), synthetic("2410.90002", hToday, "Paper 2", 12),
		synthetic("2410.90003", hToday, "Paper 3", 3))
	b.HF.BaseURL = later.Start(t).URL
	h.sync(b, rec, hToday)
	papers := Bindings(b)["Papers"].(*Papers)
	rs, err := papers.Rising("day", 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, fmt.Sprintf("%s+%d", r.Paper.ID, r.Gain))
	}
	if want := []string{"2410.90001+40", "2410.90002+10"}; !slices.Equal(got, want) {
		t.Errorf("Rising = %v, want %v", got, want)
	}
	if _, err := papers.Rising("year", 10); err == nil || err.(*UIError).Code != paper.EINVALID {
		t.Errorf("Rising(year) = %v", err)
	}
}
