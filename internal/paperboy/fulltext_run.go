package paperboy

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/paperboy-reader/paperboy/internal/hf"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
)

// maxRuleFetches is the most papers one run fetches by the rules (papers
// asked for on demand come on top): about as many as Hugging Face's pages
// bucket allows in a few minutes. The next run goes on.
const maxRuleFetches = 200

// Why a paper is in a run.
const (
	whyAsked   = "asked"
	whySaved   = "saved"
	whyTopic   = "topic"
	whyUpvotes = "upvotes"
)

// ftItem is a paper a run is to fetch.
type ftItem struct {
	id  string
	why string
}

// FullTextReport is what a full-text run did.
type FullTextReport struct {
	Tried   int
	Fetched int
	Failed  int
	Skipped int // papers the budget had no room for
}

// autoFullTexts turns on fetching by the rules after syncs and saves, for a
// front door that stays open (Run), and catches up at once.
func (s *Service) autoFullTexts() {
	s.ft.auto.Store(true)
	s.startFullTexts()
}

// fullTextsAfterSync is the full-text part of afterSync.
func (s *Service) fullTextsAfterSync() {
	if s.ft.auto.Load() {
		s.startFullTexts()
	}
}

// fullTextSaved is the full-text part of SetSaved: a paper just saved goes
// ahead of the others when the rules fetch saved papers.
func (s *Service) fullTextSaved(id string, saved bool) {
	if !saved || !s.ft.auto.Load() || !s.FullTextRules().Saved {
		return
	}
	if info, _, err := s.store.FullTextInfo(id); err != nil || info.Kept() || !retryAt(info).Before(s.now()) && info.ErrCode != "" {
		return // cached already, or failed recently: the rules' schedule decides
	}
	ft := &s.ft
	ft.mu.Lock()
	if !slices.Contains(ft.asked, id) {
		ft.asked = append(ft.asked, id)
	}
	ft.mu.Unlock()
	s.startFullTexts()
}

// startFullTexts starts a run in the background, or, when one runs, makes
// it look at the rules again before it ends.
func (s *Service) startFullTexts() {
	ft := &s.ft
	ft.mu.Lock()
	defer ft.mu.Unlock()
	if ft.closed {
		return
	}
	select {
	case ft.slot <- struct{}{}:
	default:
		ft.again = true
		return
	}
	ft.wg.Go(func() {
		if _, err := s.runFullTexts(ft.ctx, nil); err != nil && paper.ErrorCode(err) != paper.ECANCELED {
			s.log.Info("full texts", "err", err)
		}
	})
}

// WaitFullTexts blocks until no full-text run is going (or ctx ends) and
// returns the last run's progress.
func (s *Service) WaitFullTexts(ctx context.Context) FullTextProgress {
	select {
	case s.ft.slot <- struct{}{}:
		<-s.ft.slot
	case <-ctx.Done():
	}
	return s.fullTextProgress()
}

// CancelFullTexts stops the running full-text run, if any; what it fetched
// stays, and the next run goes on from there.
func (s *Service) CancelFullTexts() {
	s.ft.mu.Lock()
	cancel := s.ft.cancelRun
	s.ft.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// StartFullTexts fetches by the rules now, in the background (Settings'
// button); progress goes out as EventFullTextProgress.
func (s *Service) StartFullTexts(ctx context.Context) error {
	if err := s.store.ReadOnly(); err != nil {
		return err
	}
	s.startFullTexts()
	return nil
}

// SyncFullTexts fetches by the rules (and what was asked for) and returns
// when done, calling progress as it goes (the command line: sync
// --fulltext). A run already going is waited for first. Cancel ctx to stop:
// what was fetched stays.
func (s *Service) SyncFullTexts(ctx context.Context, progress func(FullTextProgress)) (FullTextReport, error) {
	if err := s.store.ReadOnly(); err != nil {
		return FullTextReport{}, err
	}
	ft := &s.ft
	select {
	case ft.slot <- struct{}{}:
	case <-ctx.Done():
		return FullTextReport{}, paper.Wrap(paper.ECANCELED, ctx.Err(), "canceled")
	}
	ft.mu.Lock()
	closed := ft.closed
	ft.mu.Unlock()
	if closed {
		<-ft.slot
		return FullTextReport{}, paper.Errorf(paper.ECANCELED, "Paperboy is closing")
	}
	runCtx, stop := context.WithCancel(ft.ctx)
	defer stop()
	defer context.AfterFunc(ctx, stop)()
	return s.runFullTexts(runCtx, progress)
}

// runFullTexts fetches, one at a time, what was asked for and what the
// rules want, until none is left, the per-run cap is reached, or something
// stops it (offline, rate limited, canceled, the disk full): errors of one
// paper are recorded and the run goes on. The caller holds ft.slot, which
// it gives back.
func (s *Service) runFullTexts(ctx context.Context, progress func(FullTextProgress)) (rep FullTextReport, err error) {
	ft := &s.ft
	ctx, cancel := context.WithCancel(ctx)
	ft.mu.Lock()
	ft.cancelRun, ft.onProgress = cancel, progress
	ft.progress = FullTextProgress{Running: true, Message: "Looking for full texts to download…"}
	p := ft.progress
	ft.mu.Unlock()
	s.emitFullText(p, progress)
	defer func() {
		cancel()
		ft.mu.Lock()
		ft.cancelRun, ft.onProgress = nil, nil
		clear(ft.queued)
		ft.progress.Running, ft.progress.Current, ft.progress.Waiting = false, "", nil
		ft.progress.Error = nil
		switch {
		case err != nil:
			info := paper.Info(err)
			ft.progress.Error, ft.progress.Message = &info, info.Message
			if paper.ErrorCode(err) == paper.ECANCELED {
				ft.progress.Message = fmt.Sprintf("Stopped after %d of %d full texts", rep.Tried, max(ft.progress.Total, rep.Tried))
			}
		case rep.Tried == 0:
			ft.progress.Message = "Full texts are up to date"
		default:
			ft.progress.Message = fmt.Sprintf("Downloaded %d full texts (%d failed)", rep.Fetched, rep.Failed)
		}
		p := ft.progress
		<-ft.slot
		ft.mu.Unlock()
		s.emitFullText(p, progress)
	}()
	for pass := 0; pass < 3; pass++ {
		ft.mu.Lock()
		ft.again = false
		ft.mu.Unlock()
		work, skipped, err := s.fullTextWork()
		if err != nil {
			return rep, err
		}
		rep.Skipped += skipped
		if err := s.fetchAll(ctx, work, &rep, progress); err != nil {
			return rep, err
		}
		ft.mu.Lock()
		again := ft.again || len(ft.asked) > 0
		ft.mu.Unlock()
		if !again {
			break
		}
	}
	return rep, nil
}

// fetchAll fetches work, taking papers asked for on demand first whenever
// there are any.
func (s *Service) fetchAll(ctx context.Context, work []ftItem, rep *FullTextReport, progress func(FullTextProgress)) error {
	ft := &s.ft
	ft.mu.Lock()
	for _, it := range work {
		ft.queued[it.id] = true
	}
	ft.progress.Total = rep.Tried + len(work) + len(ft.asked)
	ft.mu.Unlock()
	for i := 0; ; {
		ft.mu.Lock()
		var it ftItem
		switch {
		case len(ft.asked) > 0:
			it = ftItem{ft.asked[0], whyAsked}
			ft.asked = ft.asked[1:]
		case i < len(work):
			it = work[i]
			i++
		default:
			ft.mu.Unlock()
			return nil
		}
		delete(ft.queued, it.id)
		ft.progress.Total = max(ft.progress.Total, rep.Tried+1+len(ft.asked)+len(work)-i)
		ft.progress.Current, ft.progress.Waiting = it.id, nil
		ft.progress.Message = fmt.Sprintf("Downloading the full text of %s (%d of %d)", it.id, rep.Tried+1, ft.progress.Total)
		p := ft.progress
		ft.mu.Unlock()
		s.emitFullText(p, progress)
		s.emit(EventFullTextChanged, FullTextChanged{ID: it.id, State: FullTextFetching, Message: "Downloading the full text…"})
		err := s.fetchOne(ctx, it.id, it.why == whyAsked)
		rep.Tried++
		ft.mu.Lock()
		ft.progress.Done, ft.progress.Current = rep.Tried, ""
		switch {
		case err == nil:
			rep.Fetched++
			ft.progress.Fetched++
		case perPaper(err):
			rep.Failed++
			ft.progress.Failed++
		}
		p = ft.progress
		ft.mu.Unlock()
		s.emitFullText(p, progress)
		if err != nil && !perPaper(err) {
			if it.why == whyAsked {
				s.emit(EventFullTextChanged, FullTextChanged{ID: it.id, State: FullTextNone, Message: paper.ErrorMessage(err)})
			}
			return err // offline, rate limited, canceled, the disk: the next run goes on
		}
	}
}

// perPaper reports whether err is about one paper's full text (recorded,
// and the run goes on) rather than about the run.
func perPaper(err error) bool {
	switch paper.ErrorCode(err) {
	case paper.ENOTFOUND, paper.EUPSTREAM, paper.EINVALID:
		return true
	}
	return false
}

// fetchOne fetches id's full text, keeps it, indexes it and keeps the budget;
// a failure of this paper is recorded (so the rules wait before trying it
// again) and returned, as is anything that stopped it.
func (s *Service) fetchOne(ctx context.Context, id string, asked bool) error {
	md, err := s.hf.FullText(ctx, id)
	s.noteReached(err)
	if err != nil {
		if ctx.Err() != nil {
			return paper.Wrap(paper.ECANCELED, err, "canceled")
		}
		if perPaper(err) {
			info, rerr := s.store.FullTextFailed(id, paper.ErrorCode(err), paper.ErrorMessage(err), s.now())
			if rerr != nil {
				s.log.Warn("record a full-text failure", "id", id, "err", rerr)
			}
			state := FullTextError
			if info.ErrCode == paper.ENOTFOUND {
				state = FullTextMissing
			}
			s.emit(EventFullTextChanged, FullTextChanged{ID: id, State: state, Message: paper.ErrorMessage(err)})
			s.log.Debug("full text", "id", id, "err", err)
		}
		return err
	}
	info, err := s.store.PutFullText(id, md, s.now())
	if err != nil {
		return err
	}
	s.indexBodies(search.Body{ID: id, Markdown: md, Version: info.FetchedAt.UnixNano()})
	if asked {
		s.ft.mu.Lock()
		s.ft.protect[id] = true
		s.ft.mu.Unlock()
	}
	if err := s.enforceBudget(); err != nil {
		s.log.Warn("full-text budget", "err", err)
	}
	if info, _, err := s.store.FullTextInfo(id); err == nil && info.Kept() {
		s.emit(EventFullTextChanged, FullTextChanged{ID: id, State: FullTextReady})
	}
	return nil
}

// fullTextWork lists the papers the rules want and the cache lacks, in the
// order they are fetched: saved papers (most recently saved first), then
// those of the chosen topics (newest first), then the most
// upvoted; at most maxRuleFetches. A paper that failed waits for its
// retryAt; one the budget dropped is not fetched again by the topic and
// upvote rules; unsaved papers are skipped (and counted) when the saved
// papers' texts alone fill the budget.
func (s *Service) fullTextWork() (work []ftItem, skipped int, err error) {
	rules := s.FullTextRules()
	infos, err := s.store.FullTextInfos()
	if err != nil {
		return nil, 0, err
	}
	states, err := s.store.AllStates()
	if err != nil {
		return nil, 0, err
	}
	now := s.now()
	_, budget := s.budgetBytes()
	var savedBytes int64
	for id, info := range infos {
		if info.Kept() && states[id].Saved {
			savedBytes += info.Stored
		}
	}
	seen := map[string]bool{}
	add := func(id, why string) bool {
		if seen[id] || len(work) >= maxRuleFetches {
			return len(work) < maxRuleFetches
		}
		seen[id] = true
		info := infos[id]
		switch {
		case info.Kept(), info.ErrCode != "" && now.Before(retryAt(info)):
			return true
		case why != whySaved && !info.Evicted.IsZero():
			return true
		case why != whySaved && savedBytes >= budget:
			skipped++
			return true
		}
		work = append(work, ftItem{id, why})
		return true
	}
	if rules.Saved {
		ids := make([]string, 0, len(states))
		for id, st := range states {
			if st.Saved {
				ids = append(ids, id)
			}
		}
		slices.SortFunc(ids, func(a, b string) int {
			return cmp.Or(states[b].SavedAt.Compare(states[a].SavedAt), strings.Compare(a, b))
		})
		for _, id := range ids {
			if !add(id, whySaved) {
				return work, skipped, nil
			}
		}
	}
	for _, topic := range rules.Topics {
		ps, err := s.watcher().Matches(topic) // newest day first
		if paper.ErrorCode(err) == paper.ENOTFOUND {
			continue // deleted since
		}
		if err != nil {
			return nil, 0, err
		}
		for _, p := range ps {
			if !add(p.ID, whyTopic) {
				return work, skipped, nil
			}
		}
	}
	if rules.MinUpvotes > 0 {
		ids, err := s.papersAbove(rules.MinUpvotes)
		if err != nil {
			return nil, 0, err
		}
		for _, id := range ids {
			if !add(id, whyUpvotes) {
				return work, skipped, nil
			}
		}
	}
	return work, skipped, nil
}

// papersAbove lists the cached papers with more than n upvotes, most first.
func (s *Service) papersAbove(n int) ([]string, error) {
	if s.indexStarted.Load() {
		if err := s.indexLoaded(); err == nil {
			return s.index.IDs(search.Query{MinUpvotes: n + 1}), nil
		}
	}
	type pu struct {
		id string
		up int
	}
	var ps []pu
	err := s.store.ForEachPaper(func(p paper.Paper) error {
		if p.Upvotes > n {
			ps = append(ps, pu{p.ID, p.Upvotes})
		}
		return nil
	})
	slices.SortFunc(ps, func(a, b pu) int { return cmp.Or(b.up-a.up, strings.Compare(a.id, b.id)) })
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.id
	}
	return ids, err
}

// emitFullText sends a run's progress to the UI and to the caller's progress.
func (s *Service) emitFullText(p FullTextProgress, progress func(FullTextProgress)) {
	if progress != nil {
		progress(p)
	}
	s.emit(EventFullTextProgress, p)
}

// fullTextWaiting tells the UI why a full-text run waits (the client's
// OnWait for the pages bucket).
func (s *Service) fullTextWaiting(w hf.Wait) {
	ft := &s.ft
	ft.mu.Lock()
	if !ft.progress.Running {
		ft.mu.Unlock()
		return
	}
	ft.progress.Waiting = &Waiting{Reason: string(w.Reason), Message: w.Message(), Until: rfc3339(w.Until)}
	ft.progress.Message = w.Message()
	p, progress := ft.progress, ft.onProgress
	ft.mu.Unlock()
	s.emitFullText(p, progress)
}
