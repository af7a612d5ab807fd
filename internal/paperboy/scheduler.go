package paperboy

import (
	"context"
	"strings"
	"time"
)

// RunOptions tunes Run.
type RunOptions struct {
	// IndexAfter holds the search index back this long unless something asks
	// for it sooner (a search, or the window's first cards: FrontendLog): on
	// two cores, loading it competes with the window's own start-up. Zero
	// loads it at once.
	IndexAfter time.Duration
	// SyncAtStart syncs the recent days once the index is loaded.
	SyncAtStart bool
}

// The schedule. The sync interval is read from the settings at every poll, so
// a change takes effect within a poll.
const (
	schedulePoll  = 5 * time.Second
	gcEvery       = 10 * time.Minute
	gcRatio       = 0.5
	probeEvery    = 30 * time.Second
	probeDeadline = 10 * time.Second
)

// Run does the background work of a front door that stays open (the window,
// the browser mode) until ctx ends: it loads the search index, syncs the
// recent days, then syncs them again every SyncInterval minutes, reclaims
// value-log space every ten minutes, and while Hugging Face can't be reached
// asks it every 30 seconds whether it can again. Cancel ctx before Close.
func (s *Service) Run(ctx context.Context, opt RunOptions) {
	hold := time.NewTimer(opt.IndexAfter)
	select {
	case <-hold.C:
	case <-s.indexStart:
	case <-ctx.Done():
		hold.Stop()
		return
	}
	hold.Stop()
	select {
	case <-s.LoadIndex(): // a sync feeds the index: let it load first
	case <-ctx.Done():
		return
	}
	s.announce() // what Open found
	s.autoFullTexts()
	if opt.SyncAtStart {
		s.autoSync("start")
	}
	poll := time.NewTicker(schedulePoll)
	defer poll.Stop()
	gc := time.NewTicker(gcEvery)
	defer gc.Stop()
	started, lastProbe := time.Now(), time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-gc.C:
			s.store.RunGC(gcRatio)
		case now := <-poll.C:
			last := s.lastSyncStart()
			if last.Before(started) {
				last = started // --no-sync: the first one an interval after start
			}
			if n := s.SyncInterval(); n > 0 && now.Sub(last) >= time.Duration(n)*time.Minute {
				s.autoSync("interval")
				continue
			}
			if st := s.SyncStatus(); !st.Online && !st.Running && now.Sub(lastProbe) >= probeEvery {
				lastProbe = now
				s.probe(ctx)
			}
		}
	}
}

// autoSync starts a plain sync: today and yesterday are always fetched,
// the other recent days only while their lists are unsettled.
func (s *Service) autoSync(why string) {
	if err := s.StartSync(SyncRequest{}); err != nil {
		s.log.Warn("auto-sync", "why", why, "err", err)
	}
}

// probe asks Hugging Face whether it can be reached again.
func (s *Service) probe(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, probeDeadline)
	defer cancel()
	err := s.hf.Ping(ctx, s.Today())
	if ctx.Err() != nil && err != nil {
		return // stopping, or no answer in time: still offline
	}
	s.noteReached(err)
}

// FrontendLog records a line from the frontend in the log; the window's
// first cards on screen ("paperboy: first-render …") start the index load.
func (s *Service) FrontendLog(msg string) {
	s.log.Info("frontend", "msg", truncateRunes(msg, 500))
	if strings.HasPrefix(msg, "paperboy: first-render") {
		s.LoadIndex()
	}
}
