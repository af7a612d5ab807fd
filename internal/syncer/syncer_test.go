package syncer

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store/storetest"
)

// fetchFunc is a Fetcher made of a function.
type fetchFunc func(ctx context.Context, date string) ([]paper.Paper, error)

func (f fetchFunc) DailyPapers(ctx context.Context, date string) ([]paper.Paper, error) {
	return f(ctx, date)
}

// papersFor makes n deterministic papers for a date.
func papersFor(date string, n int) []paper.Paper {
	d, _ := time.Parse(time.DateOnly, date)
	ps := make([]paper.Paper, n)
	for i := range ps {
		ps[i] = paper.Paper{
			ID:      fmt.Sprintf("%02d%02d.%05d", d.Year()%100, int(d.Month()), d.Day()*100+i),
			Title:   fmt.Sprintf("Paper %d of %s", i, date),
			Authors: []paper.Author{{Name: "A. Author"}},
			Upvotes: i,
		}
	}
	return ps
}

type recorder struct {
	mu  sync.Mutex
	ids []string
}

func (r *recorder) Upsert(ps ...paper.Paper) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range ps {
		r.ids = append(r.ids, p.ID)
	}
}

var now = time.Date(2026, 5, 28, 10, 0, 0, 0, time.UTC) // a Thursday

func TestRecentAndRange(t *testing.T) {
	s := &Syncer{Now: func() time.Time { return now }}
	if got, want := s.Recent(3), []string{"2026-05-28", "2026-05-27", "2026-05-26"}; !slices.Equal(got, want) {
		t.Errorf("Recent(3) = %v, want %v", got, want)
	}
	tests := []struct {
		name     string
		from, to string
		want     int
		wantErr  string
	}{
		{name: "one day", from: "2026-05-01", to: "2026-05-01", want: 1},
		{name: "reversed", from: "2026-05-10", to: "2026-05-01", want: 10},
		{name: "clamped to the first day", from: "2023-01-01", to: "2023-05-05", want: 2},
		{name: "future", from: "2026-05-28", to: "2026-05-29", wantErr: paper.EINVALID},
		{name: "garbage", from: "yesterday", to: "2026-05-01", wantErr: paper.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Range(tt.from, tt.to)
			if code := paper.ErrorCode(err); code != tt.wantErr {
				t.Fatalf("err = %v, want code %q", err, tt.wantErr)
			}
			if len(got) != tt.want {
				t.Errorf("got %d dates, want %d", len(got), tt.want)
			}
		})
	}
}

func TestSyncStoresIndexesAndSkipsSettledDays(t *testing.T) {
	db := storetest.OpenTemp(t)
	var calls atomic.Int32
	f := fetchFunc(func(ctx context.Context, date string) ([]paper.Paper, error) {
		calls.Add(1)
		if date == "2026-05-23" || date == "2026-05-24" { // weekend
			return []paper.Paper{}, nil
		}
		return papersFor(date, 3), nil
	})
	idx := &recorder{}
	s := &Syncer{Fetcher: f, Store: db, Index: idx, Now: func() time.Time { return now }}
	dates := s.Recent(8)
	var progress []Progress
	var mu sync.Mutex
	rep, err := s.Sync(context.Background(), dates, false, func(p Progress) {
		mu.Lock()
		progress = append(progress, p)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Papers != 6*3 || len(rep.New) != 18 || rep.Failed != 0 {
		t.Errorf("report: papers=%d new=%d failed=%d, want 18, 18, 0", rep.Papers, len(rep.New), rep.Failed)
	}
	if len(idx.ids) != 18 {
		t.Errorf("indexed %d papers, want 18", len(idx.ids))
	}
	if last := progress[len(progress)-1]; last.Done != 8 || last.Total != 8 {
		t.Errorf("last progress = %+v, want 8/8", last)
	}
	ps, err := db.DayPapers("2026-05-26")
	if err != nil || len(ps) != 3 {
		t.Fatalf("DayPapers = %d papers, %v", len(ps), err)
	}
	if rec, ok, _ := db.DayRecord("2026-05-23"); !ok || rec.Count != 0 || !rec.Complete {
		t.Errorf("weekend record = %+v, %v; want a complete empty day", rec, ok)
	}

	// A day later: today and yesterday are fetched again; the days that
	// settled (fetched ≥ 2 days after their date) are skipped.
	later := now.AddDate(0, 0, 1)
	s.Now = func() time.Time { return later }
	calls.Store(0)
	rep, err = s.Sync(context.Background(), dates, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	skipped := 0
	for _, d := range rep.Days {
		if d.Skipped {
			skipped++
		}
	}
	// fetched on the 28th: days up to the 26th had settled
	if want := 6; skipped != want || int(calls.Load()) != 8-want {
		t.Errorf("skipped %d days with %d fetches, want %d skipped", skipped, calls.Load(), want)
	}
	if len(rep.New) != 0 {
		t.Errorf("second sync found %d new papers, want 0", len(rep.New))
	}
	calls.Store(0)
	if _, err := s.Sync(context.Background(), dates, true, nil); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 8 {
		t.Errorf("forced sync fetched %d days, want 8", calls.Load())
	}
}

func TestOneFailingDayDoesNotStopTheOthers(t *testing.T) {
	db := storetest.OpenTemp(t)
	f := fetchFunc(func(ctx context.Context, date string) ([]paper.Paper, error) {
		if date == "2026-05-26" {
			return nil, paper.Errorf(paper.EUPSTREAM, "Hugging Face sent a garbled list")
		}
		return papersFor(date, 2), nil
	})
	s := &Syncer{Fetcher: f, Store: db, Now: func() time.Time { return now }}
	rep, err := s.Sync(context.Background(), s.Recent(5), false, nil)
	if paper.ErrorCode(err) != paper.EUPSTREAM {
		t.Fatalf("err = %v, want upstream", err)
	}
	if rep.Failed != 1 || rep.Papers != 8 {
		t.Errorf("failed=%d papers=%d, want 1 and 8", rep.Failed, rep.Papers)
	}
	if _, ok, _ := db.DayRecord("2026-05-26"); ok {
		t.Error("the failed day has a fetch record")
	}
}

func TestOfflineStopsEarlyAndNextSyncResumes(t *testing.T) {
	db := storetest.OpenTemp(t)
	var online atomic.Bool
	var calls atomic.Int32
	f := fetchFunc(func(ctx context.Context, date string) ([]paper.Paper, error) {
		calls.Add(1)
		if !online.Load() && date < "2026-05-20" {
			return nil, paper.Errorf(paper.EOFFLINE, "could not reach Hugging Face")
		}
		return papersFor(date, 2), nil
	})
	s := &Syncer{Fetcher: f, Store: db, Now: func() time.Time { return now }, Parallel: 1}
	dates, _ := s.Range("2026-04-01", "2026-05-28")
	rep, err := s.Sync(context.Background(), dates, false, nil)
	if paper.ErrorCode(err) != paper.EOFFLINE {
		t.Fatalf("err = %v, want offline", err)
	}
	if int(calls.Load()) >= len(dates) {
		t.Errorf("made %d calls for %d days; an offline sync should stop early", calls.Load(), len(dates))
	}
	for _, d := range rep.Days {
		if d.Date < "2026-05-20" && d.Err == nil {
			t.Errorf("day %s has no error although it was not fetched", d.Date)
		}
	}
	online.Store(true)
	calls.Store(0)
	rep, err = s.Sync(context.Background(), dates, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 2026-05-20..28 were fetched before: 20..26 had not settled (fetched on the 28th) → fetched again.
	if got := int(calls.Load()); got != len(dates) {
		t.Logf("resumed sync fetched %d of %d days", got, len(dates))
	}
	for _, d := range rep.Days {
		if n, _ := db.DayPapers(d.Date); len(n) != 2 {
			t.Errorf("%s has %d papers after resuming, want 2", d.Date, len(n))
		}
	}
}

func TestCancelAndParallelism(t *testing.T) {
	db := storetest.OpenTemp(t)
	var inflight, peak atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	f := fetchFunc(func(ctx context.Context, date string) ([]paper.Paper, error) {
		cur := inflight.Add(1)
		defer inflight.Add(-1)
		for {
			p := peak.Load()
			if cur <= p || peak.CompareAndSwap(p, cur) {
				break
			}
		}
		if n.Add(1) == 6 {
			cancel()
		}
		select {
		case <-time.After(5 * time.Millisecond):
		case <-ctx.Done():
			return nil, paper.Wrap(paper.ECANCELED, ctx.Err(), "canceled")
		}
		return papersFor(date, 1), nil
	})
	s := &Syncer{Fetcher: f, Store: db, Now: func() time.Time { return now }, Parallel: 8}
	dates, _ := s.Range("2026-01-01", "2026-05-28")
	rep, err := s.Sync(ctx, dates, false, nil)
	if paper.ErrorCode(err) != paper.ECANCELED {
		t.Fatalf("err = %v, want canceled", err)
	}
	if peak.Load() > 2 {
		t.Errorf("%d requests in flight, want at most 2", peak.Load())
	}
	if int(n.Load()) > 10 {
		t.Errorf("%d fetches after cancel at the 6th", n.Load())
	}
	if rep.Failed < len(dates)-10 {
		t.Errorf("failed = %d, want the unstarted days reported", rep.Failed)
	}
}
