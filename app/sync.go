package app

import (
	"context"
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

// SyncStatus is the state of the current or last sync.
type SyncStatus struct {
	Running    bool       `json:"running"`
	Done       int        `json:"done"`
	Total      int        `json:"total"`
	Date       string     `json:"date"`
	Message    string     `json:"message"`
	LastSynced string     `json:"lastSynced"` // RFC 3339, "" if never
	Online     bool       `json:"online"`
	Error      *ErrorInfo `json:"error"`
}

// Event names the UI listens to.
const (
	EventSyncProgress  = "sync:progress"
	EventSyncDone      = "sync:done"
	EventPapersChanged = "papers:changed"
	EventSearch        = "app:search"
	EventNavigate      = "app:navigate"
)

const settingLastSynced = "lastSynced"

// RecentDays is how many days a plain sync covers: today and the week before.
const RecentDays = 8

// Start begins a sync and returns at once. scope "" syncs the recent days, a
// date syncs that day. A sync already running is left alone.
func (s *Sync) Start(scope string, force bool) error {
	return s.b.fail("sync", s.b.StartSync(scope, force))
}

// StartSync is Start for Go callers (start-up, the CLI).
func (b *Backend) StartSync(scope string, force bool) error {
	var dates []string
	switch {
	case scope == "":
		dates = b.Syncer.Recent(RecentDays)
	case paper.ValidDate(scope):
		var err error
		if dates, err = b.Syncer.Range(scope, scope); err != nil {
			return err
		}
	default:
		return paper.Errorf(paper.EINVALID, "can't sync %q: give a date like 2026-05-26, or nothing for recent days", scope)
	}
	b.mu.Lock()
	if b.status.Running {
		b.mu.Unlock()
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	b.status.Running, b.status.Done, b.status.Total, b.status.Error = true, 0, len(dates), nil
	b.status.Message = "Syncing…"
	b.syncWG.Add(1)
	b.mu.Unlock()
	go b.runSync(ctx, dates, force)
	return nil
}

func (b *Backend) runSync(ctx context.Context, dates []string, force bool) {
	defer b.syncWG.Done()
	defer b.cancel()
	rep, err := b.Syncer.Sync(ctx, dates, force, func(p syncer.Progress) {
		b.mu.Lock()
		b.status.Done, b.status.Total, b.status.Date = p.Done, p.Total, p.Date
		if p.Date != "" {
			b.status.Message = "Fetched " + p.Date
		}
		st := b.status
		b.mu.Unlock()
		b.emit(EventSyncProgress, st)
		if p.Err == nil && p.DayPapers > 0 {
			// show each day as it lands: on a first launch today's cards
			// appear without waiting for the whole week
			b.emit(EventPapersChanged, map[string]any{"dates": []string{p.Date}})
		}
	})
	// Topics and the UI learn about the new papers before the sync counts as
	// finished, so whoever waits for it (Wait, sync:done) sees everything.
	changed, synced := b.SyncDone(rep)
	if len(changed) > 0 {
		b.emit(EventPapersChanged, map[string]any{"dates": changed})
	}
	b.mu.Lock()
	b.status.Running = false
	code := paper.ErrorCode(err)
	b.status.Online = code != paper.EOFFLINE
	if err != nil {
		b.status.Error = &ErrorInfo{Code: code, Message: paper.ErrorMessage(err)}
		b.status.Message = paper.ErrorMessage(err)
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
	b.emit(EventSyncDone, st)
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
// stored anything, the watched topics look at the new papers and the time is
// recorded as the last sync. It returns the days stored and that time ("" if
// nothing was stored).
func (b *Backend) SyncDone(rep syncer.Report) (changed []string, lastSynced string) {
	for _, d := range rep.Days {
		if d.Err == nil && !d.Skipped {
			changed = append(changed, d.Date)
		}
	}
	if len(changed) == 0 {
		return nil, ""
	}
	b.indexDirty.Store(true)
	b.afterSync(rep)
	now := b.now().UTC()
	if err := b.Store.PutSetting(settingLastSynced, now); err != nil {
		b.log().Warn("record last sync", "err", err)
	}
	return changed, now.Format(time.RFC3339)
}
