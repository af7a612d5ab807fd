package app

import (
	"slices"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestRangeGroupsByDay(t *testing.T) {
	twice := mk("2605.00003", "2026-05-26", "Listed twice", 7)
	b, f, _ := newBackend(t,
		mk("2605.00001", "2026-05-25", "Monday low", 1),
		mk("2605.00002", "2026-05-25", "Monday high", 9),
		twice,
	)
	f.AddPapers(withDay(twice, "2026-05-27"))
	syncNow(t, b)
	v, err := (&Papers{b}).Range("2026-05-25", "2026-05-31", "upvotes")
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, g := range v.Groups {
		got = append(got, append([]string{g.Date}, viewIDs(g.Papers)...))
	}
	want := [][]string{{"2026-05-27", "2605.00003"}, {"2026-05-26", "2605.00003"}, {"2026-05-25", "2605.00002", "2605.00001"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("groups = %v, want %v", got, want)
	}
	if v.Count != 3 || len(v.Papers) != 3 {
		t.Errorf("count %d, papers %d: each paper once in the flat list", v.Count, len(v.Papers))
	}
}

func withDay(p paper.Paper, day string) paper.Paper { p.Day = day; return p }

func TestSortByArxivDate(t *testing.T) {
	old, fresh := mk("2605.00001", "2026-05-27", "Old preprint", 50), mk("2605.00002", "2026-05-27", "Fresh preprint", 1)
	old.PublishedAt, fresh.PublishedAt = "2026-04-01", "2026-05-26"
	b, _, _ := newBackend(t, old, fresh)
	syncNow(t, b)
	for sort, want := range map[string][]string{
		"upvotes":   {"2605.00001", "2605.00002"},
		"published": {"2605.00002", "2605.00001"},
		"newest":    {"2605.00002", "2605.00001"},
	} {
		v, err := (&Papers{b}).Day("2026-05-27", sort)
		if got := viewIDs(v.Papers); err != nil || !slices.Equal(got, want) {
			t.Errorf("sort %s: %v, %v; want %v", sort, got, err, want)
		}
	}
}

func TestCalendarListsFetchedDays(t *testing.T) {
	b, _, _ := newBackend(t, mk("2605.00001", "2026-05-27", "Wednesday", 3))
	syncNow(t, b)
	c, err := (&Papers{b}).Calendar()
	if err != nil {
		t.Fatal(err)
	}
	if c.First != "2023-05-04" || c.Today != "2026-05-28" || len(c.Days) != RecentDays {
		t.Fatalf("calendar = %+v", c)
	}
	if c.Days[1].Date != "2026-05-27" || c.Days[1].Count != 1 || c.Days[2].Count != 0 {
		t.Errorf("days = %+v", c.Days[:3])
	}
}

func TestSyncStatusTellsTheTruth(t *testing.T) {
	b, f, _ := newBackend(t, mk("2605.00001", "2026-05-27", "Wednesday", 3))
	f.SetMode(hftest.ModeDown)
	st := syncNow(t, b)
	if st.LastSynced != "" || st.LastResult != ResultFailed || st.Online || st.Error == nil || st.Error.Code != paper.EOFFLINE {
		t.Errorf("after a failed sync: %+v", st)
	}
	f.SetMode(hftest.ModeOK)
	st = syncNow(t, b)
	if st.LastSynced == "" || st.LastResult != ResultOK || !st.Online || st.Error != nil || st.Papers != 1 || st.Kind != "recent" {
		t.Errorf("after a good sync: %+v", st)
	}
	if err := b.StartSync("2026-05-20..2026-05-27", false); err != nil {
		t.Fatal(err)
	}
	st = b.Wait(t.Context())
	if st.Kind != "range" || st.Total != 8 || st.Done != 8 || st.LastResult != ResultOK {
		t.Errorf("after a backfill: %+v", st)
	}
	for _, bad := range []string{"2026-05-27..", "yesterday", "2026-05-20..2026-13-01", "2030-01-01..2030-01-02"} {
		if err := b.StartSync(bad, false); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("StartSync(%q) = %v, want invalid", bad, err)
		}
	}
}

func TestUIStatePerDataDirectory(t *testing.T) {
	b, _, _ := newBackend(t)
	s := &Settings{b}
	st, err := s.UI()
	if err != nil || st != (UIState{Theme: "system", Density: "compact", Layout: "auto"}) {
		t.Fatalf("defaults = %+v, %v", st, err)
	}
	for key, v := range map[string]any{"theme": "dark", "density": "cards", "layout": "two-pane", "lastView": "#/saved", "topPerDay": float64(10)} {
		if err := s.SetUI(key, v); err != nil {
			t.Errorf("SetUI(%s, %v) = %v", key, v, err)
		}
	}
	if st, _ := s.UI(); st != (UIState{Theme: "dark", Density: "cards", Layout: "two-pane", LastView: "#/saved", TopPerDay: 10}) || b.Theme() != "dark" {
		t.Errorf("stored = %+v", st)
	}
	for key, v := range map[string]any{"theme": "neon", "density": 3, "lastView": "javascript:alert(1)", "topPerDay": float64(1e9),
		"colour": "red", "layout": nil} {
		if err := s.SetUI(key, v); err == nil || err.(*UIError).Code != paper.EINVALID {
			t.Errorf("SetUI(%s, %v) = %v, want invalid", key, v, err)
		}
	}
}
