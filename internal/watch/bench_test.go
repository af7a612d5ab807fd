package watch

import (
	"fmt"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
	"github.com/paperboy-reader/paperboy/internal/store/storetest"
)

var topicWords = []string{"diffusion", "transformer", "agents", "reasoning", "video", "protein", "robot", "retrieval"}

// benchWatch caches days×50 papers, each day synced twice with more upvotes,
// and watches three topics.
func benchWatch(b *testing.B, days int) (*Watch, time.Time) {
	db := storetest.OpenTemp(b)
	ix := search.New()
	start := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	var all []paper.Paper
	for d := range days {
		date := start.AddDate(0, 0, d)
		ps := make([]paper.Paper, 50)
		for i := range ps {
			n := d*50 + i
			ps[i] = mk(fmt.Sprintf("2601.%05d", n), date.Format(time.DateOnly),
				fmt.Sprintf("%s %s study %d", topicWords[n%8], topicWords[(n/8)%8], n), n%97)
		}
		for round := range 2 {
			for i := range ps {
				ps[i].Upvotes += round * (i % 7)
			}
			if _, err := db.PutDay(date.Format(time.DateOnly), ps, true, date.Add(time.Duration(round)*12*time.Hour)); err != nil {
				b.Fatal(err)
			}
		}
		all = append(all, ps...)
	}
	ix.Rebuild(all)
	now := start.AddDate(0, 0, days)
	w := &Watch{Store: db, Index: ix, Now: func() time.Time { return now }}
	for _, q := range []string{"diffusion transformer", "upvotes:>90", "robot agents"} {
		if _, err := w.Create("", q); err != nil {
			b.Fatal(err)
		}
	}
	return w, now
}

func BenchmarkWatch10k(b *testing.B) {
	w, now := benchWatch(b, 200)
	db := w.Store.(interface {
		HistoryStore
	})
	b.Run("Rising/week", func(b *testing.B) {
		for b.Loop() {
			if _, err := Rising(db, now, Windows["week"], 50); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("List", func(b *testing.B) {
		for b.Loop() {
			if _, err := w.List(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ForYou", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := w.Feed(""); err != nil {
				b.Fatal(err)
			}
		}
	})
	fresh := make([]paper.Paper, 100)
	for i := range fresh {
		fresh[i] = mk(fmt.Sprintf("2607.%05d", i), now.Format(time.DateOnly), topicWords[i%8]+" "+topicWords[(i+3)%8], i)
	}
	b.Run("Match/100 new", func(b *testing.B) {
		for b.Loop() {
			if _, err := w.Match(fresh); err != nil {
				b.Fatal(err)
			}
		}
	})
}
