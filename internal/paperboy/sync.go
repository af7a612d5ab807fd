package paperboy

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/hf"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/syncer"
)

// SyncStatus is the state of the current or last sync, and of the
// connection: the one source of truth for every status line.
type SyncStatus struct {
	Running bool   `json:"running"`
	Kind    string `json:"kind" ts:"'recent' | 'day' | 'range' | ''"`
	// Scope is what the sync was asked for (Sync.Start's scope): Retry and
	// Resume start it again. Kept across launches with the last result.
	Scope      string `json:"scope"`
	Done       int    `json:"done"` // days finished
	Total      int    `json:"total"`
	Papers     int    `json:"papers"` // papers stored by this run
	Date       string `json:"date"`   // the day finished last
	StartedAt  string `json:"startedAt"`
	ETASeconds int    `json:"etaSeconds"` // time left; -1 when unknown
	Message    string `json:"message"`
	// Waiting says why the running sync is waiting (rate limit, retry), if it is.
	Waiting *Waiting `json:"waiting"`
	// LastSynced is when a sync last succeeded (RFC 3339; "" if never): a
	// failed or stopped sync leaves it alone.
	LastSynced string `json:"lastSynced"`
	LastResult string `json:"lastResult" ts:"'' | 'ok' | 'partial' | 'failed' | 'canceled'"`
	// Online is false after a request failed to reach Hugging Face, until
	// the next one gets through.
	Online bool             `json:"online"`
	Error  *paper.ErrorInfo `json:"error"`
}

// Waiting is a pause in a running sync.
type Waiting struct {
	Reason  string `json:"reason" ts:"'rate_limit' | 'retry' | 'slow'"`
	Message string `json:"message"`
	Until   string `json:"until"` // RFC 3339, "" when unknown
}

// lastSync is how the last sync ended, kept across launches so that a
// stopped backfill can be resumed after a restart.
type lastSync struct {
	Kind, Scope, Result string
	Done, Total         int
	Message             string
}

const lastSyncKey = "lastSync"

// recallLastSync puts how the last sync of an earlier run ended into the
// status.
func (s *Service) recallLastSync() {
	var ls lastSync
	if ok, err := s.Recall(lastSyncKey, &ls); err != nil || !ok {
		return
	}
	s.status.Kind, s.status.Scope, s.status.LastResult = ls.Kind, ls.Scope, ls.Result
	s.status.Done, s.status.Total, s.status.Message = ls.Done, ls.Total, ls.Message
}

// How a sync ended.
const (
	ResultOK       = "ok"
	ResultPartial  = "partial"
	ResultFailed   = "failed"
	ResultCanceled = "canceled"
)

// Kinds of sync.
const (
	SyncRecent = "recent"
	SyncDay    = "day"
	SyncRange  = "range"
)

// RecentDays is how many days a plain sync covers: today and the week before.
const RecentDays = 8

const settingLastSynced = "lastSynced"

// SyncRequest says what to sync: Scope "" is the recent days (Days of them,
// default RecentDays), a date that day, and "FROM..TO" every day from FROM
// to TO (a backfill: days already complete and settled are skipped, so a
// stopped one resumes). Force fetches settled days again.
type SyncRequest struct {
	Scope string
	Days  int
	Force bool
}

// dates resolves a request into its kind and dates, newest first.
func (s *Service) dates(r SyncRequest) (kind string, dates []string, err error) {
	from, to, isRange := strings.Cut(r.Scope, "..")
	switch {
	case r.Scope == "":
		n := r.Days
		if n == 0 {
			n = RecentDays
		}
		if n < 1 {
			return "", nil, paper.Errorf(paper.EINVALID, "sync at least 1 day, not %d", n)
		}
		return SyncRecent, s.syncer.Recent(n), nil
	case isRange && paper.ValidDate(from) && paper.ValidDate(to):
		dates, err = s.syncer.Range(from, to)
		return SyncRange, dates, err
	case paper.ValidDate(r.Scope):
		dates, err = s.syncer.Range(r.Scope, r.Scope)
		return SyncDay, dates, err
	}
	return "", nil, paper.Errorf(paper.EINVALID,
		"can't sync %q: give a date like 2026-05-26, a range like 2026-05-01..2026-05-26, or nothing for the recent days", r.Scope)
}

// Today is the current Daily Papers date (UTC).
func (s *Service) Today() string { return s.syncer.Today() }

// StartSync begins a sync in the background and returns at once; progress
// goes out as events. A sync already running is left alone.
func (s *Service) StartSync(r SyncRequest) error {
	kind, dates, err := s.dates(r)
	if err != nil {
		return err
	}
	if !s.takeSyncSlot() {
		return nil // one is running
	}
	ctx, err := s.begin(kind, r.Scope, dates)
	if err != nil {
		return err
	}
	go func() {
		_, _ = s.run(ctx, dates, r.Force, nil)
	}()
	return nil
}

// finishing is how long StartSync waits for a sync that has said it is over
// but is still writing its last state down.
const finishing = 5 * time.Second

// takeSyncSlot takes the sync slot for StartSync unless a sync is running.
// A sync's status says it is over a moment before it frees the slot (it
// records its result first): a request made in that moment waits for the
// slot rather than being dropped, which the UI, already told "not running",
// would never hear of.
func (s *Service) takeSyncSlot() bool {
	select {
	case s.syncSlot <- struct{}{}:
		return true
	default:
	}
	s.mu.Lock()
	running := s.status.Running
	s.mu.Unlock()
	if running {
		return false
	}
	t := time.NewTimer(finishing)
	defer t.Stop()
	select {
	case s.syncSlot <- struct{}{}:
		return true
	case <-t.C:
		return false // another request took it: that sync is the one asked for
	}
}

// Sync runs a sync and returns its report when it is done, calling progress
// after each day (the command line's progress bar). When another sync is
// running it waits for that one first. Cancel ctx to stop it; what was
// fetched stays.
func (s *Service) Sync(ctx context.Context, r SyncRequest, progress func(syncer.Progress)) (syncer.Report, error) {
	kind, dates, err := s.dates(r)
	if err != nil {
		return syncer.Report{}, err
	}
	select {
	case s.syncSlot <- struct{}{}:
	case <-ctx.Done():
		return syncer.Report{}, paper.Wrap(paper.ECANCELED, ctx.Err(), "sync canceled")
	}
	runCtx, err := s.begin(kind, r.Scope, dates)
	if err != nil {
		return syncer.Report{}, err
	}
	stop := context.AfterFunc(ctx, s.CancelSync)
	defer stop()
	return s.run(runCtx, dates, r.Force, progress)
}

// begin marks a sync as running; the caller holds the sync slot.
func (s *Service) begin(kind, scope string, dates []string) (context.Context, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		<-s.syncSlot
		return nil, paper.Errorf(paper.ECANCELED, "Paperboy is closing")
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel, s.syncDone = cancel, make(chan struct{})
	s.status.Running, s.status.Kind, s.status.Scope, s.status.Done, s.status.Total, s.status.Papers = true, kind, scope, 0, len(dates), 0
	s.status.Date, s.status.StartedAt, s.status.ETASeconds = "", s.now().UTC().Format(time.RFC3339), -1
	s.status.Error, s.status.Waiting = nil, nil
	s.status.Message = "Syncing…"
	s.syncStarted = s.now()
	s.syncs.Add(1)
	st := s.status
	s.mu.Unlock()
	s.emitStatus(st)
	return ctx, nil
}

// emitStatus tells the UI the status changed.
func (s *Service) emitStatus(st SyncStatus) {
	s.emit(EventSyncStatus, st)
	if st.Running {
		s.emit(EventSyncProgress, st)
	}
}

// run does a sync begun by begin, and ends it.
func (s *Service) run(ctx context.Context, dates []string, force bool, progress func(syncer.Progress)) (syncer.Report, error) {
	defer s.syncs.Done()
	started := s.now()
	rep, err := s.syncer.Sync(ctx, dates, force, func(p syncer.Progress) {
		if progress != nil {
			progress(p)
		}
		s.mu.Lock()
		s.status.Done, s.status.Total, s.status.Date, s.status.Waiting = p.Done, p.Total, p.Date, nil
		if p.Date != "" {
			s.status.Papers += p.DayPapers
			s.status.Message = fmt.Sprintf("Fetched %s (%d of %d days)", p.Date, p.Done, p.Total)
			if p.Err == nil {
				s.status.Online = true // a day came through
			}
		}
		switch {
		case p.Done >= p.Total:
			s.status.ETASeconds = 0
		case p.Done > 0:
			per := s.now().Sub(started) / time.Duration(p.Done)
			s.status.ETASeconds = int((per * time.Duration(p.Total-p.Done)).Round(time.Second).Seconds())
		}
		st := s.status
		s.mu.Unlock()
		s.emitStatus(st)
		if p.Err == nil && p.DayPapers > 0 {
			// show each day as it lands: on a first launch today's cards
			// appear without waiting for the whole week
			s.emit(EventPapersChanged, PapersChanged{Dates: []string{p.Date}})
		}
	})
	// Topics and the UI learn about the new papers before the sync counts as
	// finished, so whoever waits for it (Wait, sync:done) sees everything.
	changed, synced := s.afterSync(rep, err)
	if len(changed) > 0 {
		s.emit(EventPapersChanged, PapersChanged{Dates: changed})
	}
	s.mu.Lock()
	s.status.Running, s.status.Waiting, s.status.ETASeconds = false, nil, -1
	code := paper.ErrorCode(err)
	if code != paper.ECANCELED {
		// offline only when nothing got through
		s.status.Online = code != paper.EOFFLINE || fetched(rep) > 0
	}
	s.status.LastResult = syncResult(rep, err)
	s.status.Error = nil
	if err != nil {
		info := paper.Info(err)
		s.status.Error, s.status.Message = &info, info.Message
		if code == paper.ECANCELED {
			s.status.Message = fmt.Sprintf("Sync stopped after %d of %d days", s.status.Done, s.status.Total)
		}
		s.log.Warn("sync finished with errors", "failed", rep.Failed, "err", err)
	} else {
		s.status.Message = syncSummary(rep)
	}
	if synced != "" {
		s.status.LastSynced = synced
	}
	st := s.status
	s.cancel()
	done := s.syncDone
	s.mu.Unlock()
	if err := s.Remember(lastSyncKey, lastSync{Kind: st.Kind, Scope: st.Scope, Result: st.LastResult,
		Done: st.Done, Total: st.Total, Message: st.Message}); err != nil {
		s.log.Debug("remember the last sync", "err", err)
	}
	<-s.syncSlot // the next sync may start
	s.emit(EventSyncStatus, st)
	s.emit(EventSyncDone, st)
	s.announce()
	close(done) // Wait returns once everything about this sync has been said
	return rep, err
}

// afterSync is what follows every sync: when it stored anything, the watched
// topics look at the new papers; when it succeeded, the time is recorded as
// the last sync. It returns the days stored and that time ("" if not
// recorded).
func (s *Service) afterSync(rep syncer.Report, err error) (changed []string, lastSynced string) {
	for _, d := range rep.Days {
		if d.Err == nil && !d.Skipped {
			changed = append(changed, d.Date)
		}
	}
	if len(changed) > 0 {
		s.matchTopics(rep.New)
	}
	s.fullTextsAfterSync()
	if err != nil {
		return changed, ""
	}
	now := s.now().UTC()
	if err := s.store.PutSetting(settingLastSynced, now); err != nil {
		s.log.Warn("record last sync", "err", err)
	}
	return changed, now.Format(time.RFC3339)
}

// syncResult names how a sync ended.
func syncResult(rep syncer.Report, err error) string {
	switch {
	case err == nil:
		return ResultOK
	case paper.ErrorCode(err) == paper.ECANCELED:
		return ResultCanceled
	case fetched(rep) > 0:
		return ResultPartial
	}
	return ResultFailed
}

// fetched counts the days a sync fetched and stored.
func fetched(rep syncer.Report) int {
	n := 0
	for _, d := range rep.Days {
		if d.Err == nil && !d.Skipped {
			n++
		}
	}
	return n
}

func syncSummary(r syncer.Report) string {
	switch n := len(r.New); n {
	case 0:
		return "Up to date"
	case 1:
		return "1 new paper"
	default:
		return fmt.Sprintf("%d new papers", n)
	}
}

// SyncStatus returns the state of the current or last sync.
func (s *Service) SyncStatus() SyncStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.status.LastSynced == "" {
		var t time.Time
		if ok, err := s.store.Setting(settingLastSynced, &t); err == nil && ok {
			s.status.LastSynced = t.UTC().Format(time.RFC3339)
		}
	}
	return s.status
}

// waiting tells the UI why a running sync is waiting (the client's OnWait):
// rate limited, backing off, or a slow answer. The next progress clears it.
func (s *Service) waiting(w hf.Wait) {
	if w.Bucket == hf.BucketPages {
		s.fullTextWaiting(w) // a full text's wait is not the sync's
		return
	}
	s.mu.Lock()
	if !s.status.Running {
		s.mu.Unlock()
		return // a remote search or a probe: no sync to explain
	}
	s.status.Waiting = &Waiting{Reason: string(w.Reason), Message: w.Message(), Until: rfc3339(w.Until)}
	s.status.Message = w.Message()
	st := s.status
	s.mu.Unlock()
	s.emitStatus(st)
}

// lastSyncStart is when the last sync of any kind began (the zero time if
// none has in this run).
func (s *Service) lastSyncStart() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.syncStarted
}

// CancelSync stops the running sync, if any; what was fetched so far stays.
func (s *Service) CancelSync() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
}

// Wait blocks until no sync is running, or ctx ends, and returns the status.
func (s *Service) Wait(ctx context.Context) SyncStatus {
	s.mu.Lock()
	done := s.syncDone
	s.mu.Unlock()
	if done != nil {
		select {
		case <-done:
		case <-ctx.Done():
		}
	}
	return s.SyncStatus()
}

// noteReached records whether a request got through to Hugging Face (err
// nil or an answer) or not (offline), and tells the UI when that changes.
func (s *Service) noteReached(err error) {
	online := paper.ErrorCode(err) != paper.EOFFLINE
	s.mu.Lock()
	changed := s.status.Online != online
	s.status.Online = online
	st := s.status
	s.mu.Unlock()
	if changed {
		s.emitStatus(st)
	}
}
