package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store"
	"github.com/paperboy-reader/paperboy/internal/syncer"
)

// noise is n bytes of hex that do not compress below the value-log threshold.
func noise(seed string, n int) string {
	var b strings.Builder
	h := sha256.Sum256([]byte(seed))
	for b.Len() < n {
		b.WriteString(hex.EncodeToString(h[:]))
		h = sha256.Sum256(h[:])
	}
	return b.String()
}

// fetcher serves fixed day lists, as the HF client would.
type fetcher struct {
	days    map[string][]paper.Paper
	mu      sync.Mutex // the syncer fetches two days at a time
	fetched []string
}

func (f *fetcher) DailyPapers(_ context.Context, date string) ([]paper.Paper, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fetched = append(f.fetched, date)
	return f.days[date], nil
}

// A paper record damaged in the value log is left out of reads, and the
// next sync fetches its day again even though the day was settled: the
// syncer skips only complete days.
func TestSyncRefetchesDamagedDays(t *testing.T) {
	dates := []string{"2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06"}
	f := &fetcher{days: map[string][]paper.Paper{}}
	for i, date := range dates {
		for j := range 30 {
			id := fmt.Sprintf("2503.%05d", i*100+j)
			f.days[date] = append(f.days[date], paper.Paper{ID: id, Title: "Paper " + id, Upvotes: j, Abstract: noise(id, 4000)})
		}
	}
	now := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC) // every day settled
	s := &syncer.Syncer{Fetcher: f, Now: func() time.Time { return now }}

	dir := t.TempDir()
	open := func() *store.DB {
		db, err := store.Open(dir, store.Options{MinFreeBytes: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		s.Store = db
		return db
	}
	db := open()
	if _, err := s.Sync(t.Context(), dates, false, nil); err != nil {
		t.Fatal(err)
	}
	db.Close()
	vlogs, _ := filepath.Glob(filepath.Join(dir, "db", "*.vlog"))
	b, err := os.ReadFile(vlogs[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) / 2; i < len(b)/2+64; i++ {
		b[i] ^= 0xff
	}
	if err := os.WriteFile(vlogs[0], b, 0o600); err != nil {
		t.Fatal(err)
	}

	db = open()
	defer db.Close()
	n := 0
	if err := db.ForEachPaper(func(paper.Paper) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	var short []string
	for _, date := range dates {
		if ps, _ := db.DayPapers(date); len(ps) < 30 {
			short = append(short, date)
		}
	}
	if n == 4*30 || len(short) == 0 {
		t.Fatalf("read %d papers, days short: %v; the damage did not take", n, short)
	}
	f.fetched = nil
	rep, err := s.Sync(t.Context(), dates, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(f.fetched)
	if !slices.Equal(f.fetched, short) {
		t.Errorf("the sync fetched %v, want the days with damaged papers %v (report %+v)", f.fetched, short, rep)
	}
	n = 0
	if err := db.ForEachPaper(func(paper.Paper) error { n++; return nil }); err != nil || n != 4*30 {
		t.Errorf("after the sync ForEachPaper() = %d, %v; want all %d", n, err, 4*30)
	}
}
