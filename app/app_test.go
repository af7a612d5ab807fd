package app

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

var today = time.Date(2026, 5, 28, 12, 0, 0, 0, time.UTC) // Thursday

type events struct {
	mu  sync.Mutex
	got []string
}

func (e *events) emit(name string, _ any) {
	e.mu.Lock()
	e.got = append(e.got, name)
	e.mu.Unlock()
}

func (e *events) names() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.got)
}

// newBackend opens a real backend on a temp dir against a fake HF serving ps.
func newBackend(t *testing.T, ps ...paper.Paper) (*Backend, *hftest.Fake, *events) {
	t.Helper()
	f := hftest.New()
	f.Today = func() time.Time { return today }
	f.AddPapers(ps...)
	srv := f.Start(t)
	b, err := Open(config.Config{DataDir: t.TempDir(), API: srv.URL}, "test", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	b.Now = func() time.Time { return today }
	b.Syncer.Now = b.Now
	b.HF.Sleep = func(context.Context, time.Duration) error { return nil }
	ev := &events{}
	b.Emit = ev.emit
	<-b.LoadIndex()
	return b, f, ev
}

func mk(id, day, title string, upvotes int) paper.Paper {
	return paper.Paper{ID: id, Day: day, Title: title, Abstract: "An abstract about " + title,
		Upvotes: upvotes, PublishedAt: day, Authors: []paper.Author{{Name: "Grace Hopper"}, {Name: "Hidden", Hidden: true}}}
}

func syncNow(t *testing.T, b *Backend) SyncStatus {
	t.Helper()
	if err := b.StartSync("", false); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	time.Sleep(10 * time.Millisecond)
	return b.Wait(ctx)
}

func TestDayNavigationAndReadingState(t *testing.T) {
	b, _, ev := newBackend(t,
		mk("2605.00001", "2026-05-22", "Friday paper", 5),
		mk("2605.00002", "2026-05-25", "Monday low", 1),
		mk("2605.00003", "2026-05-25", "Monday high", 9),
		mk("2605.00004", "2026-05-27", "Wednesday", 3),
	)
	st := syncNow(t, b)
	if st.Error != nil || st.Running || st.LastSynced == "" {
		t.Fatalf("sync status %+v", st)
	}
	if got := ev.names(); !slices.Contains(got, EventSyncProgress) || !slices.Contains(got, EventPapersChanged) || got[len(got)-1] != EventSyncDone {
		t.Errorf("events %v", got)
	}
	p := &Papers{b}
	latest, err := p.Day("", "upvotes")
	if err != nil || latest.Date != "2026-05-27" || latest.Next != "" || latest.Prev != "2026-05-25" {
		t.Fatalf("latest = %+v, %v", latest, err)
	}
	mon, _ := p.Day("2026-05-25", "upvotes")
	if mon.Count != 2 || mon.Papers[0].ID != "2605.00003" || mon.Papers[0].AuthorCount != 1 || mon.Prev != "2026-05-22" || mon.Next != "2026-05-27" {
		t.Errorf("monday = %+v", mon)
	}
	sat, _ := p.Day("2026-05-23", "upvotes")
	if sat.Count != 0 || !sat.Fetched || sat.Nearest != "2026-05-22" {
		t.Errorf("saturday = count %d fetched %v nearest %q", sat.Count, sat.Fetched, sat.Nearest)
	}
	if _, err := p.Day("2026-13-01", ""); paper.ErrorCode(err) == "" {
		t.Error("bad date accepted")
	}

	if _, err := p.SetRead("2605.00003", true); err != nil {
		t.Fatal(err)
	}
	if _, err := p.SetSaved("2605.00002", true); err != nil {
		t.Fatal(err)
	}
	mon, _ = p.Day("2026-05-25", "upvotes")
	if mon.Unread != 1 {
		t.Errorf("unread = %d, want 1", mon.Unread)
	}
	days, _ := p.Days()
	for _, d := range days {
		if d.Date == "2026-05-25" && d.Unread != 1 {
			t.Errorf("Days() unread for monday = %d", d.Unread)
		}
	}
	saved, _ := p.Saved()
	if len(saved) != 1 || saved[0].ID != "2605.00002" || !saved[0].Saved {
		t.Errorf("saved = %+v", saved)
	}
	week, _ := p.Range("2026-05-25", "2026-05-31", "upvotes")
	if week.Count != 3 {
		t.Errorf("week has %d papers, want 3", week.Count)
	}
	page, _ := b.Query("saved", 10)
	hits := page.Hits
	if len(hits) != 1 || hits[0].Paper.ID != "2605.00002" {
		t.Errorf("saved filter: %+v", hits)
	}
}

func TestLinksOnlyHTTPS(t *testing.T) {
	hostile := hftest.Hostile("2026-05-27")
	b, _, _ := newBackend(t, hostile...)
	syncNow(t, b)
	var opened []string
	b.OpenURL = func(u string) error { opened = append(opened, u); return nil }
	p := &Papers{b}
	d, err := p.Paper("2605.90001")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range d.Links {
		if !strings.HasPrefix(l.URL, "https://") {
			t.Errorf("link %+v is not https", l)
		}
		if l.Kind == "github" || l.Kind == "project" {
			t.Errorf("unsafe %s link offered: %s", l.Kind, l.URL)
		}
	}
	if _, err := p.OpenLink("2605.90001", "github"); paper.ErrorCode(err) == "" {
		t.Error("opened a javascript: GitHub link")
	}
	u, err := p.OpenLink("2605.90002", "github")
	if err != nil || u != "https://github.com/example/ok" || len(opened) != 1 {
		t.Errorf("OpenLink github = %q, %v, opened %v", u, err, opened)
	}
	if d, _ := p.Paper("2605.90003"); d.Paper.AuthorCount != 533 {
		t.Errorf("author count = %d, want 533 (hidden left out)", d.Paper.AuthorCount)
	}
}

func TestSafeURL(t *testing.T) {
	for raw, want := range map[string]bool{
		"https://github.com/o/r": true, "https://example.org/a?b=c#d": true,
		"http://example.org": false, "javascript:alert(1)": false, "JAVASCRIPT:alert(1)": false,
		"https://user:pw@example.org": false, "//example.org": false, "https:example.org": false,
		"data:text/html,<script>": false, "https://exa mple.org": false, "": false, "file:///etc/passwd": false,
	} {
		if _, got := SafeURL(raw); got != want {
			t.Errorf("SafeURL(%q) = %v, want %v", raw, got, want)
		}
	}
}

func TestSearchHitsAndOfflineSync(t *testing.T) {
	b, f, _ := newBackend(t,
		mk("2605.00010", "2026-05-27", "Diffusion Transformers for Video", 50),
		mk("2605.00011", "2026-05-27", "Language Agents", 10),
	)
	syncNow(t, b)
	page, err := b.Query("difusion", 5)
	hits := page.Hits
	if err != nil || len(hits) == 0 || hits[0].Paper.ID != "2605.00010" {
		t.Fatalf("hits = %+v, %v", hits, err)
	}
	var title strings.Builder
	marked := false
	for _, s := range hits[0].Title {
		title.WriteString(s.T)
		marked = marked || s.M
	}
	if title.String() != "Diffusion Transformers for Video" || !marked {
		t.Errorf("title segments %+v", hits[0].Title)
	}
	recent, _ := b.Query("", 5)
	if len(recent.Hits) != 2 {
		t.Errorf("empty query gave %d hits, want the latest day's 2", len(recent.Hits))
	}

	before, _ := (&Papers{b}).Day("2026-05-27", "")
	f.SetMode(hftest.ModeDown)
	st := syncNow(t, b)
	if st.Online || st.Error == nil || st.Error.Code != paper.EOFFLINE {
		t.Errorf("offline sync status %+v", st)
	}
	after, _ := (&Papers{b}).Day("2026-05-27", "")
	if after.Count != before.Count {
		t.Errorf("offline sync changed the cache: %d → %d", before.Count, after.Count)
	}
	if _, err := b.Remote(context.Background(), "agents", 5); paper.ErrorCode(err) != paper.EOFFLINE {
		t.Errorf("remote search offline: %v", err)
	}
	f.SetMode(hftest.ModeOK)
	remote, err := b.Remote(context.Background(), "agents", 5)
	if err != nil || len(remote) != 1 || !remote[0].Remote {
		t.Errorf("remote = %+v, %v", remote, err)
	}
}

func TestPendingSearch(t *testing.T) {
	b, _, ev := newBackend(t)
	b.RequestSearch("llm agents")
	if n := ev.names(); len(n) == 0 || n[len(n)-1] != EventSearch {
		t.Errorf("events %v", n)
	}
	s := &Search{b}
	if q, _ := s.Pending(); q != "llm agents" {
		t.Errorf("Pending = %q", q)
	}
	if q, _ := s.Pending(); q != "" {
		t.Errorf("second Pending = %q, want it consumed", q)
	}
	b.RequestSearch("old")
	b.Now = func() time.Time { return today.Add(time.Minute) }
	if q, _ := s.Pending(); q != "" {
		t.Errorf("stale Pending = %q", q)
	}
}
