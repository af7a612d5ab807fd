package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/syncer"
)

// Sync fetches new papers in the background and reports progress as events.
type Sync struct{ b *Backend }

// ErrorInfo is an error as the UI shows it.
type ErrorInfo struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// SyncStatus is the state of the current or last sync, and of the
// connection: the one source of truth for every status line.
type SyncStatus struct {
	Running    bool   `json:"running"`
	Kind       string `json:"kind"` // recent, day or range
	Done       int    `json:"done"` // days finished
	Total      int    `json:"total"`
	Papers     int    `json:"papers"` // papers stored by this run
	Date       string `json:"date"`   // the day finished last
	StartedAt  string `json:"startedAt"`
	ETASeconds int    `json:"etaSeconds"` // time left; -1 when unknown
	Message    string `json:"message"`
	// Waiting says why the sync is waiting (rate limit, retry), if it is.
	Waiting *Waiting `json:"waiting"`
	// LastSynced is when a sync last succeeded (RFC 3339; "" if never):
	// a failed or stopped sync leaves it alone.
	LastSynced string `json:"lastSynced"`
	LastResult string `json:"lastResult"` // "", ok, partial, failed or canceled
	// Online is false after a request failed to reach Hugging Face, until
	// the next one succeeds.
	Online bool       `json:"online"`
	Error  *ErrorInfo `json:"error"`
}

// Waiting is a pause in a running sync.
type Waiting struct {
	Reason  string `json:"reason"` // rate_limit, retry or slow
	Message string `json:"message"`
	Until   string `json:"until"` // RFC 3339, "" when unknown
}

// Results of a sync.
const (
	ResultOK       = "ok"
	ResultPartial  = "partial"
	ResultFailed   = "failed"
	ResultCanceled = "canceled"
)

// Event names the UI listens to.
const (
	// EventSyncStatus carries the whole SyncStatus on every change.
	EventSyncStatus    = "sync:status"
	EventSyncProgress  = "sync:progress" // the same, while a sync runs (older UIs)
	EventSyncDone      = "sync:done"
	EventPapersChanged = "papers:changed"
	EventSearch        = "app:search"
	EventNavigate      = "app:navigate"
)

const settingLastSynced = "lastSynced"

// RecentDays is how many days a plain sync covers: today and the week before.
const RecentDays = 8

// Start begins a sync and returns at once. scope "" syncs the recent days,
// a date syncs that day, and "FROM..TO" every day from FROM to TO (a
// backfill: days already complete are skipped, so it resumes where a stopped
// one ended). A sync already running is left alone.
func (s *Sync) Start(scope string, force bool) error {
	return s.b.fail("sync", s.b.StartSync(scope, force))
}

// syncDates resolves a Start scope into its kind and dates.
func (b *Backend) syncDates(scope string) (kind string, dates []string, err error) {
	from, to, isRange := strings.Cut(scope, "..")
	switch {
	case scope == "":
		return "recent", b.Syncer.Recent(RecentDays), nil
	case isRange && paper.ValidDate(from) && paper.ValidDate(to):
		dates, err = b.Syncer.Range(from, to)
		return "range", dates, err
	case paper.ValidDate(scope):
		dates, err = b.Syncer.Range(scope, scope)
		return "day", dates, err
	}
	return "", nil, paper.Errorf(paper.EINVALID,
		"can't sync %q: give a date like 2026-05-26, a range like 2026-05-01..2026-05-26, or nothing for the recent days", scope)
}

// StartSync is Start for Go callers (start-up, the CLI).
func (b *Backend) StartSync(scope string, force bool) error {
	kind, dates, err := b.syncDates(scope)
	if err != nil {
		return err
	}
	b.mu.Lock()
	if b.status.Running {
		b.mu.Unlock()
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	now := b.now()
	b.status.Running, b.status.Kind, b.status.Done, b.status.Total, b.status.Papers = true, kind, 0, len(dates), 0
	b.status.Date, b.status.StartedAt, b.status.ETASeconds = "", now.UTC().Format(time.RFC3339), -1
	b.status.Error, b.status.Waiting = nil, nil
	b.status.Message = "Syncing…"
	st := b.status
	b.syncWG.Add(1)
	b.mu.Unlock()
	b.emitStatus(st)
	go b.runSync(ctx, dates, force, now)
	return nil
}

// emitStatus tells the UI the status changed.
func (b *Backend) emitStatus(st SyncStatus) {
	b.emit(EventSyncStatus, st)
	if st.Running {
		b.emit(EventSyncProgress, st)
	}
}

func (b *Backend) runSync(ctx context.Context, dates []string, force bool, started time.Time) {
	defer b.syncWG.Done()
	defer b.cancel()
	rep, err := b.Syncer.Sync(ctx, dates, force, func(p syncer.Progress) {
		b.mu.Lock()
		b.status.Done, b.status.Total, b.status.Date = p.Done, p.Total, p.Date
		if p.Date != "" {
			b.status.Papers += p.DayPapers
			b.status.Message = fmt.Sprintf("Fetched %s (%d of %d days)", p.Date, p.Done, p.Total)
			if p.Err == nil {
				b.status.Online = true // a day came through
			}
		}
		if p.Done > 0 && p.Total > p.Done {
			per := b.now().Sub(started) / time.Duration(p.Done)
			b.status.ETASeconds = int((per * time.Duration(p.Total-p.Done)).Round(time.Second).Seconds())
		} else if p.Done >= p.Total {
			b.status.ETASeconds = 0
		}
		st := b.status
		b.mu.Unlock()
		b.emitStatus(st)
		if p.Err == nil && p.DayPapers > 0 {
			// show each day as it lands: on a first launch today's cards
			// appear without waiting for the whole week
			b.emit(EventPapersChanged, map[string]any{"dates": []string{p.Date}})
		}
	})
	// Topics and the UI learn about the new papers before the sync counts as
	// finished, so whoever waits for it (Wait, sync:done) sees everything.
	changed, synced := b.SyncDone(rep, err)
	if len(changed) > 0 {
		b.emit(EventPapersChanged, map[string]any{"dates": changed})
	}
	b.mu.Lock()
	b.status.Running, b.status.Waiting, b.status.ETASeconds = false, nil, -1
	code := paper.ErrorCode(err)
	switch {
	case code == paper.EOFFLINE:
		b.status.Online = false
	case err == nil || rep.Failed < len(rep.Days):
		b.status.Online = true // Hugging Face answered
	}
	b.status.LastResult = syncResult(rep, err)
	if err != nil {
		b.status.Error = &ErrorInfo{Code: code, Message: paper.ErrorMessage(err)}
		b.status.Message = paper.ErrorMessage(err)
		if code == paper.ECANCELED {
			b.status.Message = fmt.Sprintf("Sync stopped after %d of %d days", b.status.Done, b.status.Total)
		}
		b.log().Warn("sync finished with errors", "failed", rep.Failed, "err", err)
	} else {
		b.status.Error = nil
		b.status.Message = syncSummary(rep)
	}
	if synced != "" {
		b.status.LastSynced = synced
	}
	st := b.status
	b.mu.Unlock()
	b.emit(EventSyncStatus, st)
	b.emit(EventSyncDone, st)
}

// setOnline records whether the last request reached Hugging Face, and tells
// the UI when that changes.
func (b *Backend) setOnline(online bool) {
	b.mu.Lock()
	changed := b.status.Online != online
	b.status.Online = online
	st := b.status
	b.mu.Unlock()
	if changed {
		b.emitStatus(st)
	}
}

// syncResult names how a sync ended.
func syncResult(rep syncer.Report, err error) string {
	switch {
	case err == nil:
		return ResultOK
	case paper.ErrorCode(err) == paper.ECANCELED:
		return ResultCanceled
	case rep.Failed < len(rep.Days):
		return ResultPartial
	}
	return ResultFailed
}

func syncSummary(r syncer.Report) string {
	switch n := len(r.New); n {
	case 0:
		return "Up to date"
	case 1:
		return "1 new paper"
	default:
		return itoa(n) + " new papers"
	}
}

// Status returns the state of the current or last sync.
func (s *Sync) Status() (SyncStatus, error) { return s.b.SyncStatus(), nil }

// SyncStatus returns the state of the current or last sync.
func (b *Backend) SyncStatus() SyncStatus {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.status.LastSynced == "" {
		var t time.Time
		if ok, err := b.Store.Setting(settingLastSynced, &t); err == nil && ok {
			b.status.LastSynced = t.UTC().Format(time.RFC3339)
		}
	}
	return b.status
}

// Cancel stops a running sync; what was fetched so far stays.
func (s *Sync) Cancel() error {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	if s.b.cancel != nil {
		s.b.cancel()
	}
	return nil
}

// Wait blocks until no sync is running (for the CLI and tests).
func (b *Backend) Wait(ctx context.Context) SyncStatus {
	for {
		st := b.SyncStatus()
		if !st.Running {
			return st
		}
		select {
		case <-ctx.Done():
			return st
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// SyncDone is what follows every sync, the window's or the CLI's: when it
// stored anything, the watched topics look at the new papers; when it
// succeeded (err is nil), the time is recorded as the last sync. It returns
// the days stored and that time ("" if not recorded).
func (b *Backend) SyncDone(rep syncer.Report, err error) (changed []string, lastSynced string) {
	for _, d := range rep.Days {
		if d.Err == nil && !d.Skipped {
			changed = append(changed, d.Date)
		}
	}
	if len(changed) > 0 {
		b.indexDirty.Store(true)
		b.afterSync(rep)
	}
	if err != nil {
		return changed, ""
	}
	now := b.now().UTC()
	if err := b.Store.PutSetting(settingLastSynced, now); err != nil {
		b.log().Warn("record last sync", "err", err)
	}
	return changed, now.Format(time.RFC3339)
}
