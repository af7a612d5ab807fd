package store

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/hf"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// realDay decodes a real Daily Papers response (testdata/hf/<date>.json.gz,
// copied from /work/shared/real-hf/daily) as the client does.
func realDay(t *testing.T, date string) []paper.Paper {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "hf", date+".json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := hf.Decode(body, date)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// 2604.07429 is listed on 2026-04-10 (2 upvotes) and again on 2026-04-16
// (42 upvotes, a GitHub repo) in the real corpus: each day lists it, and its
// record keeps the newest day's values whichever day is written last.
func TestPaperOnSeveralRealDays(t *testing.T) {
	const id, older, newer = "2604.07429", "2026-04-10", "2026-04-16"
	olderPs, newerPs := realDay(t, older), realDay(t, newer)
	find := func(ps []paper.Paper) paper.Paper {
		i := slices.IndexFunc(ps, func(p paper.Paper) bool { return p.ID == id })
		if i < 0 {
			t.Fatalf("%s is not in the fixture", id)
		}
		return ps[i]
	}
	want := find(newerPs)
	if old := find(olderPs); old.Upvotes == want.Upvotes {
		t.Fatalf("the fixture's two listings agree (%d upvotes): nothing to test", old.Upvotes)
	}
	tests := []struct {
		name  string
		order []string
	}{
		{"backfill, newest first", []string{newer, older}},
		{"in date order", []string{older, newer}},
		{"newest, older, newest again", []string{newer, older, newer}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpen(t)
			for i, date := range tt.order {
				ps := olderPs
				if date == newer {
					ps = newerPs
				}
				if _, err := db.PutDay(date, ps, true, t0.Add(time.Duration(i)*time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			for _, date := range []string{older, newer} {
				ps, err := db.DayPapers(date)
				if err != nil || !slices.ContainsFunc(ps, func(p paper.Paper) bool { return p.ID == id }) {
					t.Errorf("DayPapers(%s) = %d papers, %v; want %s among them", date, len(ps), err, id)
				}
			}
			got, err := db.Paper(id)
			if err != nil {
				t.Fatal(err)
			}
			if got.Day != newer || got.Upvotes != want.Upvotes || got.GithubRepo != want.GithubRepo || !bytes.Equal(got.Raw, want.Raw) {
				t.Errorf("Paper(%s) = day %s, %d upvotes, repo %q; want the %s listing: %d upvotes, repo %q, its raw record",
					id, got.Day, got.Upvotes, got.GithubRepo, newer, want.Upvotes, want.GithubRepo)
			}
			// An older listing adds no point after a newer one.
			if h, _ := db.History(id); len(h) == 0 || h[len(h)-1].Upvotes != want.Upvotes || tt.order[0] == newer && len(h) != 1 {
				t.Errorf("History(%s) = %+v; want the newest listing's value last, no point from an older one after it", id, h)
			}
		})
	}
}
