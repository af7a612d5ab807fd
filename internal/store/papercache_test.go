package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestReadCacheSeesWrites(t *testing.T) {
	db := mustOpen(t)
	const date, id = "2024-10-25", "2401.00001"
	p := genPaper(id, 1)
	mustPutDay(t, db, date, p)
	steps := []struct {
		name      string
		write     func() error
		wantTitle string
		wantUp    int
	}{
		{"first read", func() error { return nil }, p.Title, p.Upvotes},
		{"PutDay rewrites", func() error {
			q := p
			q.Title, q.Upvotes = "Retitled", 50
			_, err := db.PutDay(date, []paper.Paper{q}, true, t0.Add(time.Hour))
			return err
		}, "Retitled", 50},
		{"PutPapers rewrites", func() error {
			q := p
			q.Title, q.Upvotes = "From search", 60
			return db.PutPapers([]paper.Paper{q})
		}, "From search", 60},
	}
	for _, st := range steps {
		if err := st.write(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		for range 2 { // cold, then from the cache
			ps, err := db.DayPapers(date)
			if err != nil || len(ps) != 1 || ps[0].Title != st.wantTitle || ps[0].Upvotes != st.wantUp {
				t.Fatalf("%s: DayPapers() = %+v, %v; want title %q, %d upvotes", st.name, ps, err, st.wantTitle, st.wantUp)
			}
			got, err := db.Paper(id)
			if err != nil || got.Title != st.wantTitle {
				t.Fatalf("%s: Paper() = %q, %v; want %q", st.name, got.Title, err, st.wantTitle)
			}
		}
	}
	if err := db.ClearCache(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Paper(id); paper.ErrorCode(err) != paper.ENOTFOUND {
		t.Errorf("Paper() after ClearCache: err = %v, want %s", err, paper.ENOTFOUND)
	}
}

func TestPaperCache(t *testing.T) {
	p := func(id string) paper.Paper { return paper.Paper{ID: id} }
	t.Run("read older than a write is not cached", func(t *testing.T) {
		c := newPaperCache()
		gen := c.generation() // the reader's snapshot
		c.invalidate([]string{"a"})
		c.add(gen, []paper.Paper{p("a")})
		if _, ok := c.get("a"); ok {
			t.Error("stale read was cached")
		}
		c.add(c.generation(), []paper.Paper{p("a")})
		if _, ok := c.get("a"); !ok {
			t.Error("fresh read was not cached")
		}
	})
	t.Run("invalidate all", func(t *testing.T) {
		c := newPaperCache()
		c.add(0, []paper.Paper{p("a"), p("b")})
		c.invalidate(nil)
		if len(c.m) != 0 {
			t.Errorf("%d papers left after invalidate(nil)", len(c.m))
		}
	})
	t.Run("bounded", func(t *testing.T) {
		c := newPaperCache()
		for i := range 3 * paperCacheSize {
			c.add(0, []paper.Paper{p(fmt.Sprint(i))})
		}
		if n := len(c.m); n > paperCacheSize || n < paperCacheSize/2 {
			t.Errorf("cache holds %d papers, want between %d and %d", n, paperCacheSize/2, paperCacheSize)
		}
		if _, ok := c.get(fmt.Sprint(3*paperCacheSize - 1)); !ok {
			t.Error("the newest paper was evicted")
		}
	})
}
