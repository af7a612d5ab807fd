// Package syncer fetches Daily Papers lists, stores them and feeds the search
// index: fetch → store → index, with progress, cancellation and resumption.
package syncer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store"
)

// FirstDay is the first date Hugging Face has a Daily Papers list for.
const FirstDay = "2023-05-04"

// Fetcher gets one day's whole list.
type Fetcher interface {
	DailyPapers(ctx context.Context, date string) ([]paper.Paper, error)
}

// Store keeps what was fetched. PutDay must write a day atomically.
type Store interface {
	PutDay(date string, papers []paper.Paper, complete bool, fetchedAt time.Time) (store.PutResult, error)
	DayRecord(date string) (paper.Day, bool, error)
}

// Indexer is told about every paper that was stored.
type Indexer interface {
	Upsert(ps ...paper.Paper)
}

// Progress is reported after each day, and once before the first.
type Progress struct {
	Done, Total int
	Date        string // the day just finished ("" before the first)
	DayPapers   int    // papers listed on that day
	Papers      int    // papers stored so far
	Err         error  // that day's failure, if any
}

// DayResult is the outcome of one day.
type DayResult struct {
	Date    string
	Papers  int
	New     []string // ids first seen in this sync
	Skipped bool     // complete and settled, not fetched again
	Err     error
}

// Report is the outcome of a whole sync.
type Report struct {
	Days   []DayResult
	Papers int
	New    []string
	Failed int
}

// Err summarises the failures of a report as one error (nil if none failed).
// When every failure has the same cause, that cause is returned.
func (r Report) Err() error {
	var errs []error
	for _, d := range r.Days {
		if d.Err != nil {
			errs = append(errs, d.Err)
		}
	}
	switch {
	case len(errs) == 0:
		return nil
	case len(errs) == 1:
		return errs[0]
	}
	first := errs[0]
	if allSameCode(errs) {
		return &paper.Error{Code: paper.ErrorCode(first),
			Message: fmt.Sprintf("%d of %d days failed: %s", len(errs), len(r.Days), paper.ErrorMessage(first)), Err: first}
	}
	return &paper.Error{Code: paper.ErrorCode(first),
		Message: fmt.Sprintf("%d of %d days failed; first: %s", len(errs), len(r.Days), paper.ErrorMessage(first)),
		Err:     errors.Join(errs...)}
}

func allSameCode(errs []error) bool {
	for _, e := range errs[1:] {
		if paper.ErrorCode(e) != paper.ErrorCode(errs[0]) {
			return false
		}
	}
	return true
}

// Syncer runs syncs. It is safe for concurrent use, but callers normally run one at a time.
type Syncer struct {
	Fetcher  Fetcher
	Store    Store
	Index    Indexer // may be nil
	Logger   *slog.Logger
	Now      func() time.Time
	Parallel int // requests in flight; HF etiquette: at most 2
}

func (s *Syncer) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Syncer) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Today is the current Daily Papers date, computed in UTC as HF does.
func (s *Syncer) Today() string { return s.now().Format(time.DateOnly) }

// Recent returns today and the n-1 days before it, newest first.
func (s *Syncer) Recent(n int) []string {
	today := s.now()
	dates := make([]string, 0, n)
	for i := range n {
		d := today.AddDate(0, 0, -i).Format(time.DateOnly)
		if d < FirstDay {
			break
		}
		dates = append(dates, d)
	}
	return dates
}

// Range returns the dates from..to inclusive, newest first, after checking them.
func (s *Syncer) Range(from, to string) ([]string, error) {
	if !paper.ValidDate(from) || !paper.ValidDate(to) {
		return nil, paper.Errorf(paper.EINVALID, "dates must look like 2026-05-26 (got %q and %q)", from, to)
	}
	if from > to {
		from, to = to, from
	}
	if today := s.Today(); to > today {
		return nil, paper.Errorf(paper.EINVALID, "%s is in the future (today is %s in UTC)", to, today)
	}
	if from < FirstDay {
		from = FirstDay
	}
	if to < from {
		return nil, paper.Errorf(paper.EINVALID, "Daily Papers start on %s", FirstDay)
	}
	start, _ := time.Parse(time.DateOnly, from)
	end, _ := time.Parse(time.DateOnly, to)
	var dates []string
	for d := end; !d.Before(start); d = d.AddDate(0, 0, -1) {
		dates = append(dates, d.Format(time.DateOnly))
	}
	return dates, nil
}

// settled reports whether a day's stored list can be trusted not to change:
// it was read completely, and fetched at least two days after the date, when
// the list has stopped growing.
func settled(rec paper.Day) bool {
	if !rec.Complete {
		return false
	}
	d, err := time.Parse(time.DateOnly, rec.Date)
	if err != nil {
		return false
	}
	return !rec.FetchedAt.Before(d.AddDate(0, 0, 2))
}

// Sync fetches the given dates. Today and yesterday are always fetched; other
// settled days only with force. One failing day does not stop the others,
// except when HF is unreachable or rate limits us: then the remaining days are
// left for the next sync, which resumes where this one stopped because every
// finished day is committed on its own.
func (s *Syncer) Sync(ctx context.Context, dates []string, force bool, progress func(Progress)) (Report, error) {
	if progress == nil {
		progress = func(Progress) {}
	}
	dates = slices.Clone(dates)
	slices.Sort(dates)
	slices.Reverse(dates) // newest first: what the user is waiting for
	dates = slices.Compact(dates)
	yesterday := s.now().AddDate(0, 0, -1).Format(time.DateOnly)

	rep := Report{Days: make([]DayResult, len(dates))}
	var todo []int
	for i, d := range dates {
		rep.Days[i].Date = d
		if !paper.ValidDate(d) {
			rep.Days[i].Err = paper.Errorf(paper.EINVALID, "%q is not a date like 2026-05-26", d)
			continue
		}
		if !force && d < yesterday {
			rec, ok, err := s.Store.DayRecord(d)
			if err != nil {
				rep.Days[i].Err = err
				continue
			}
			if ok && settled(rec) {
				rep.Days[i].Skipped, rep.Days[i].Papers = true, rec.Count
				continue
			}
		}
		todo = append(todo, i)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu         sync.Mutex
		done       = len(dates) - len(todo)
		stop       error // why the remaining days were abandoned
		started    = make([]bool, len(dates))
		progressMu sync.Mutex
	)
	progress(Progress{Done: done, Total: len(dates)})

	par := s.Parallel
	if par <= 0 || par > 2 {
		par = 2
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range par {
		wg.Go(func() {
			for i := range jobs {
				mu.Lock()
				started[i] = true
				mu.Unlock()
				r := s.syncDay(ctx, dates[i])
				mu.Lock()
				rep.Days[i] = r
				done++
				if code := paper.ErrorCode(r.Err); stop == nil && (code == paper.EOFFLINE || code == paper.ERATELIMIT || code == paper.EDISKFULL) {
					stop = r.Err
					cancel()
				}
				rep.Papers += r.Papers
				p := Progress{Done: done, Total: len(dates), Date: r.Date, DayPapers: r.Papers, Papers: rep.Papers, Err: r.Err}
				mu.Unlock()
				progressMu.Lock() // callers get one call at a time, in order of completion
				progress(p)
				progressMu.Unlock()
			}
		})
	}
feed:
	for _, i := range todo {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()

	for _, i := range todo {
		d := &rep.Days[i]
		if stop != nil && paper.ErrorCode(d.Err) == paper.ECANCELED {
			d.Err = stop // cut short because of another day's failure: say which
		}
		if !started[i] {
			// never started: say why, so the next sync is known to resume here
			d.Err = stop
			if d.Err == nil {
				d.Err = paper.Wrap(paper.ECANCELED, ctx.Err(), "sync canceled")
			}
		}
	}
	for _, d := range rep.Days {
		if d.Err != nil {
			rep.Failed++
		}
		rep.New = append(rep.New, d.New...)
	}
	return rep, rep.Err()
}

func (s *Syncer) syncDay(ctx context.Context, date string) DayResult {
	r := DayResult{Date: date}
	if err := ctx.Err(); err != nil {
		r.Err = paper.Wrap(paper.ECANCELED, err, "sync canceled")
		return r
	}
	ps, err := s.Fetcher.DailyPapers(ctx, date)
	if err != nil {
		r.Err = err
		s.logger().Warn("sync: fetch failed", "date", date, "err", err)
		return r
	}
	for i := range ps {
		ps[i].Day = date
	}
	res, err := s.Store.PutDay(date, ps, true, s.now())
	if err != nil {
		r.Err = err
		s.logger().Error("sync: store failed", "date", date, "err", err)
		return r
	}
	if s.Index != nil && len(ps) > 0 {
		s.Index.Upsert(ps...)
	}
	r.Papers, r.New = len(ps), res.New
	return r
}
