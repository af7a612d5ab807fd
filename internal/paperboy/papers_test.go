package paperboy

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestDayNavigationAndReadingState(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t,
			mk("2605.00001", "2026-05-22", "Friday paper", 5),
			mk("2605.00002", "2026-05-25", "Monday low", 1),
			mk("2605.00003", "2026-05-25", "Monday high", 9),
			mk("2605.00004", "2026-05-27", "Wednesday", 3),
		)
		st := h.syncOK("")
		if st.Running || st.LastSynced == "" {
			t.Fatalf("sync status %+v", st)
		}
		if got := h.rec.names(); !slices.Contains(got, EventSyncStatus) || !slices.Contains(got, EventPapersChanged) || got[len(got)-1] != EventSyncDone {
			t.Errorf("events %v", got)
		}
		ctx, s := t.Context(), h.svc
		latest, err := s.Day(ctx, "", SortUpvotes)
		if err != nil || latest.Date != "2026-05-27" || latest.Next != "" || latest.Prev != "2026-05-25" {
			t.Fatalf("latest = %+v, %v", latest, err)
		}
		mon, _ := s.Day(ctx, "2026-05-25", SortUpvotes)
		if mon.Count != 2 || mon.Papers[0].ID != "2605.00003" || mon.Papers[0].AuthorCount != 1 || mon.Prev != "2026-05-22" || mon.Next != "2026-05-27" {
			t.Errorf("monday = %+v", mon)
		}
		sat, _ := s.Day(ctx, "2026-05-23", SortUpvotes)
		if sat.Count != 0 || !sat.Fetched || sat.Nearest != "2026-05-22" {
			t.Errorf("saturday = count %d fetched %v nearest %q", sat.Count, sat.Fetched, sat.Nearest)
		}
		if _, err := s.Day(ctx, "2026-13-01", ""); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("bad date: %v", err)
		}
		if _, err := s.SetRead(ctx, "2605.00003", true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetSaved(ctx, "2605.00002", true); err != nil {
			t.Fatal(err)
		}
		if mon, _ = s.Day(ctx, "2026-05-25", SortUpvotes); mon.Unread != 1 {
			t.Errorf("unread = %d, want 1", mon.Unread)
		}
		days, _ := s.Days(ctx)
		for _, d := range days {
			if d.Date == "2026-05-25" && d.Unread != 1 {
				t.Errorf("Days() unread for monday = %d", d.Unread)
			}
		}
		saved, _ := s.Saved(ctx)
		if len(saved) != 1 || saved[0].ID != "2605.00002" || !saved[0].Saved {
			t.Errorf("saved = %+v", saved)
		}
		if week, _ := s.Range(ctx, "2026-05-25", "2026-05-31", SortUpvotes); week.Count != 3 {
			t.Errorf("week has %d papers, want 3", week.Count)
		}
		page, _ := s.Query(ctx, "saved", 10)
		if len(page.Hits) != 1 || page.Hits[0].Paper.ID != "2605.00002" || page.Total != 1 {
			t.Errorf("saved filter: %+v", page)
		}
	})
}

func TestLinksOnlyHTTPS(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		evil := mk("2605.90001", "2026-05-27", "Evil links", 1)
		evil.GithubRepo, evil.ProjectPage = "javascript:alert(1)", "http://plain.example"
		good := mk("2605.90002", "2026-05-27", "Good links", 1)
		good.GithubRepo = "https://github.com/example/ok"
		many := mk("2605.90003", "2026-05-27", "Many authors", 1)
		many.Authors = nil
		for i := range 541 {
			many.Authors = append(many.Authors, paper.Author{Name: "A", Hidden: i%77 == 0})
		}
		h := newHarness(t, evil, good, many)
		h.syncOK("")
		ctx, s := t.Context(), h.svc
		d, err := s.Paper(ctx, "2605.90001")
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range d.Links {
			if !strings.HasPrefix(l.URL, "https://") || l.Kind == "github" || l.Kind == "project" {
				t.Errorf("unsafe link offered: %+v", l)
			}
		}
		if _, err := s.OpenLink(ctx, "2605.90001", "github"); paper.ErrorCode(err) != paper.ENOTFOUND {
			t.Errorf("opened a javascript: GitHub link: %v", err)
		}
		u, err := s.OpenLink(ctx, "2605.90002", "github")
		if err != nil || u != "https://github.com/example/ok" || !slices.Equal(h.open.opened, []string{u}) {
			t.Errorf("OpenLink github = %q, %v, opened %v", u, err, h.open.opened)
		}
		h.open.fail = true
		if _, err := s.OpenLink(ctx, "2605.90002", "arxiv"); err == nil || !strings.Contains(paper.ErrorMessage(err), "could not open the browser") {
			t.Errorf("a failed browser launch: %v", err)
		}
		if d, _ := s.Paper(ctx, "2605.90003"); d.Paper.AuthorCount != 533 {
			t.Errorf("author count = %d, want 533 (hidden left out)", d.Paper.AuthorCount)
		}
		if _, err := s.Paper(ctx, "9999.99999"); paper.ErrorCode(err) != paper.ENOTFOUND {
			t.Errorf("an uncached paper: %v", err)
		}
	})
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
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t,
			mk("2605.00010", "2026-05-27", "Diffusion Transformers for Video", 50),
			mk("2605.00011", "2026-05-27", "Language Agents", 10),
		)
		h.syncOK("")
		ctx, s := t.Context(), h.svc
		page, err := s.Query(ctx, "difusion", 5)
		if err != nil || len(page.Hits) == 0 || page.Hits[0].Paper.ID != "2605.00010" || page.Partial {
			t.Fatalf("page = %+v, %v", page, err)
		}
		var title strings.Builder
		marked := false
		for _, seg := range page.Hits[0].Title {
			title.WriteString(seg.T)
			marked = marked || seg.M
		}
		if title.String() != "Diffusion Transformers for Video" || !marked {
			t.Errorf("title segments %+v", page.Hits[0].Title)
		}
		if recent, _ := s.Query(ctx, "", 5); len(recent.Hits) != 2 {
			t.Errorf("empty query gave %d hits, want the latest day's 2", len(recent.Hits))
		}
		if p, _ := s.Query(ctx, "agents upvotes>5", 5); p.Hint == "" {
			t.Error("no hint for upvotes>5")
		}
		if _, err := s.Query(ctx, "x", 0); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("limit 0: %v", err)
		}

		before, _ := s.Day(ctx, "2026-05-27", "")
		h.fake.SetMode(hftest.ModeDown)
		st := h.sync("")
		if st.Online || st.Error == nil || st.Error.Code != paper.EOFFLINE || st.LastResult != ResultFailed {
			t.Errorf("offline sync status %+v", st)
		}
		if after, _ := s.Day(ctx, "2026-05-27", ""); after.Count != before.Count {
			t.Errorf("offline sync changed the cache: %d → %d", before.Count, after.Count)
		}
		if _, err := s.Remote(ctx, "agents", 5); paper.ErrorCode(err) != paper.EOFFLINE {
			t.Errorf("remote search offline: %v", err)
		}
		h.fake.SetMode(hftest.ModeOK)
		remote, err := s.Remote(ctx, "agents", 5)
		if err != nil || len(remote) != 1 || !remote[0].Remote {
			t.Errorf("remote = %+v, %v", remote, err)
		}
		if !s.SyncStatus().Online {
			t.Error("a remote search got through but the status still says offline")
		}
	})
}

func TestPendingSearch(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t)
		s := h.svc
		s.RequestSearch("llm agents")
		if n := h.rec.names(); len(n) == 0 || n[len(n)-1] != EventSearch {
			t.Errorf("events %v", n)
		}
		if p := s.PendingSearch(t.Context()); p != (Pending{Open: true, Query: "llm agents"}) {
			t.Errorf("Pending = %+v", p)
		}
		if p := s.PendingSearch(t.Context()); p.Open {
			t.Errorf("second Pending = %+v, want it consumed", p)
		}
		s.RequestSearch("old")
		time.Sleep(pendingFor + time.Second)
		if p := s.PendingSearch(t.Context()); p.Open {
			t.Errorf("stale Pending = %+v", p)
		}
		s.Summon() // the system-wide key, pressed while the page loads
		if p := s.PendingSearch(t.Context()); p != (Pending{Open: true}) {
			t.Errorf("Pending after the key = %+v", p)
		}
	})
}

func TestRangeGroupsByDay(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		twice := mk("2605.00003", "2026-05-26", "Listed twice", 7)
		h := newHarness(t, mk("2605.00001", "2026-05-25", "Monday low", 1), mk("2605.00002", "2026-05-25", "Monday high", 9), twice)
		twice.Day = "2026-05-27"
		h.fake.AddPapers(twice)
		h.syncOK("")
		v, err := h.svc.Range(t.Context(), "2026-05-25", "2026-05-31", SortUpvotes)
		if err != nil {
			t.Fatal(err)
		}
		var got [][]string
		for _, g := range v.Groups {
			got = append(got, append([]string{g.Date}, ids(g.Papers)...))
		}
		want := [][]string{{"2026-05-27", "2605.00003"}, {"2026-05-26", "2605.00003"}, {"2026-05-25", "2605.00002", "2605.00001"}}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("groups = %v, want %v", got, want)
		}
		if v.Count != 3 || len(v.Papers) != 3 {
			t.Errorf("count %d, papers %d: each paper once in the flat list", v.Count, len(v.Papers))
		}
	})
}

func TestSortByArxivDate(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		old, fresh := mk("2605.00001", "2026-05-27", "Old preprint", 50), mk("2605.00002", "2026-05-27", "Fresh preprint", 1)
		old.PublishedAt, fresh.PublishedAt = "2026-04-01", "2026-05-26"
		h := newHarness(t, old, fresh)
		h.syncOK("")
		for sort, want := range map[string][]string{
			SortUpvotes:   {"2605.00001", "2605.00002"},
			SortPublished: {"2605.00002", "2605.00001"},
			"newest":      {"2605.00002", "2605.00001"},
		} {
			v, err := h.svc.Day(t.Context(), "2026-05-27", sort)
			if got := ids(v.Papers); err != nil || !slices.Equal(got, want) {
				t.Errorf("sort %s: %v, %v; want %v", sort, got, err, want)
			}
		}
	})
}

func TestCalendarListsFetchedDays(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t, mk("2605.00001", "2026-05-27", "Wednesday", 3))
		h.syncOK("")
		c, err := h.svc.Calendar(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if c.First != "2023-05-04" || c.Today != "2026-05-28" || len(c.Days) != RecentDays {
			t.Fatalf("calendar = %+v", c)
		}
		if c.Days[1].Date != "2026-05-27" || c.Days[1].Count != 1 || c.Days[2].Count != 0 {
			t.Errorf("days = %+v", c.Days[:3])
		}
	})
}

func TestUIStatePerDataDirectory(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t)
		ctx, s := t.Context(), h.svc
		st, err := s.UI(ctx)
		if err != nil || st != (UIState{Theme: "system", Density: "compact", Layout: "auto", Sort: SortUpvotes}) {
			t.Fatalf("defaults = %+v, %v", st, err)
		}
		for key, v := range map[string]any{"theme": "dark", "density": "cards", "layout": "two-pane", "lastView": "#/saved", "topPerDay": float64(10), "sort": "published"} {
			if err := s.SetUI(ctx, key, v); err != nil {
				t.Errorf("SetUI(%s, %v) = %v", key, v, err)
			}
		}
		s = h.reopen()
		if st, _ := s.UI(ctx); st != (UIState{Theme: "dark", Density: "cards", Layout: "two-pane", LastView: "#/saved", TopPerDay: 10, Sort: SortPublished}) || s.Theme() != "dark" {
			t.Errorf("stored = %+v", st)
		}
		for key, v := range map[string]any{"theme": "neon", "density": 3, "lastView": "javascript:alert(1)", "topPerDay": float64(1e9),
			"colour": "red", "layout": nil} {
			if err := s.SetUI(ctx, key, v); paper.ErrorCode(err) != paper.EINVALID {
				t.Errorf("SetUI(%s, %v) = %v, want invalid", key, v, err)
			}
		}
	})
}
