package store

import (
	"slices"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestPapersSince(t *testing.T) {
	db := mustOpen(t)
	at := time.Date(2026, 5, 28, 0, 0, 0, 0, time.UTC)
	since := func(v uint64) (int, []string) {
		t.Helper()
		var ids []string
		total, err := db.PapersSince(v, func(p paper.Paper) error {
			ids = append(ids, p.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return total, ids
	}
	version := func() uint64 {
		t.Helper()
		v, err := db.Version()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v0 := version()
	a, b, c := genPaper("2605.00001", 1), genPaper("2605.00002", 2), genPaper("2605.00003", 3)
	if _, err := db.PutDay("2026-05-25", []paper.Paper{a, b}, true, at); err != nil {
		t.Fatal(err)
	}
	v1 := version()
	if v1 <= v0 {
		t.Fatalf("version did not grow with a write: %d then %d", v0, v1)
	}
	b2 := b
	b2.Title = "A changed title"
	// the day is fetched again: b changed, a did not; c is new on the next day
	if _, err := db.PutDay("2026-05-25", []paper.Paper{a, b2}, true, at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutDay("2026-05-26", []paper.Paper{c}, true, at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetRead(a.ID, true, at); err != nil { // not a paper write
		t.Fatal(err)
	}
	v2 := version()

	tests := []struct {
		name      string
		since     uint64
		wantTotal int
		wantIDs   []string
	}{
		{"from the beginning", 0, 3, []string{a.ID, b.ID, c.ID}},
		{"before the first write", v0, 3, []string{a.ID, b.ID, c.ID}},
		{"after the first day: changed and new only", v1, 3, []string{b.ID, c.ID}},
		{"now: nothing", v2, 3, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			total, ids := since(tc.since)
			if total != tc.wantTotal || !slices.Equal(ids, tc.wantIDs) {
				t.Errorf("PapersSince(%d) = %d, %v; want %d, %v", tc.since, total, ids, tc.wantTotal, tc.wantIDs)
			}
		})
	}
	p, err := db.Paper(b.ID)
	if err != nil || p.Title != "A changed title" {
		t.Errorf("paper b = %q, %v", p.Title, err)
	}
}
