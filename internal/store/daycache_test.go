package store

import (
	"slices"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// TestDaysSeesEveryWrite checks that the cached day list never hides a
// write: each step changes the days after Days was called (and cached).
func TestDaysSeesEveryWrite(t *testing.T) {
	db := mustOpen(t)
	at := time.Date(2026, 5, 28, 0, 0, 0, 0, time.UTC)
	dates := func() []string {
		t.Helper()
		days, err := db.Days()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range days {
			out = append(out, d.Date)
		}
		return out
	}
	count := func(date string) int {
		days, _ := db.Days()
		for _, d := range days {
			if d.Date == date {
				return d.Count
			}
		}
		return -1
	}
	steps := []struct {
		name  string
		write func() error
		want  []string
	}{
		{"put a day", func() error {
			_, err := db.PutDay("2026-05-25", []paper.Paper{genPaper("2605.00001", 1)}, true, at)
			return err
		}, []string{"2026-05-25"}},
		{"put a newer day", func() error {
			_, err := db.PutDay("2026-05-26", []paper.Paper{genPaper("2605.00002", 2)}, true, at)
			return err
		}, []string{"2026-05-26", "2026-05-25"}},
		{"list papers on an older day", func() error {
			_, err := db.AddDayListing(paper.Day{Date: "2026-05-22", Complete: true, FetchedAt: at}, []string{"2605.00001"})
			return err
		}, []string{"2026-05-26", "2026-05-25", "2026-05-22"}},
		{"clear the cache", db.ClearCache, nil},
		{"put a day after clearing", func() error {
			_, err := db.PutDay("2026-05-27", []paper.Paper{genPaper("2605.00003", 3)}, true, at)
			return err
		}, []string{"2026-05-27"}},
	}
	if got := dates(); len(got) != 0 {
		t.Fatalf("empty store lists days %v", got)
	}
	for _, s := range steps {
		dates() // cache the list as it is before the write
		if err := s.write(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := dates(); !slices.Equal(got, s.want) {
			t.Errorf("after %s: Days = %v, want %v", s.name, got, s.want)
		}
	}

	// a day's count follows a refetch that lists one more paper
	if got := count("2026-05-27"); got != 1 {
		t.Fatalf("count = %d, want 1", got)
	}
	ps := []paper.Paper{genPaper("2605.00003", 3), genPaper("2605.00004", 4)}
	if _, err := db.PutDay("2026-05-27", ps, true, at); err != nil {
		t.Fatal(err)
	}
	if got := count("2026-05-27"); got != 2 {
		t.Errorf("count after refetch = %d, want 2", got)
	}

	// callers may change what they get without changing the cache
	days, _ := db.Days()
	days[0].Count = 99
	if got := count("2026-05-27"); got != 2 {
		t.Errorf("count after a caller's change = %d, want 2", got)
	}
}
