package paperboy

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store"
)

// Full texts: a paper's Markdown from Hugging Face (GET /papers/{id}.md),
// kept compressed in the cache within a budget, searchable, readable
// offline. Papers are fetched by rules (saved papers; papers of chosen
// topics; papers with more than N upvotes) after every sync and on save,
// while a front door that stays open runs (Run), and on demand; one at a
// time, honouring Hugging Face's rate limit for pages. The work is derived
// from the rules every time, so a run that stops (offline, closed) picks up
// where it was. See fulltext_run.go for the runs, fulltext_budget.go for the
// budget, fulltext_search.go for the index.

// States of a paper's full text.
const (
	FullTextNone     = "none"     // not fetched (or dropped by the budget: Message says)
	FullTextQueued   = "queued"   // waiting its turn in a run
	FullTextFetching = "fetching" // being fetched now
	FullTextReady    = "ready"    // in the cache
	FullTextMissing  = "missing"  // Hugging Face has none (404)
	FullTextError    = "error"    // the last try failed: Error says why
)

// Events of full texts.
const (
	// EventFullTextProgress: a run started, moved on, waits or ended.
	EventFullTextProgress = "fulltext:progress" // FullTextProgress
	// EventFullTextChanged: one paper's full text changed state (queued,
	// fetching, ready, missing, error, dropped).
	EventFullTextChanged = "fulltext:changed" // FullTextChanged
)

// FullText is a paper's full text as the reading pane shows it.
type FullText struct {
	ID    string `json:"id"`
	State string `json:"state"` // none, queued, fetching, ready, missing or error
	// Markdown is the text as Hugging Face serves it ("" unless ready). It
	// is untrusted: render it without raw HTML, remote images or unsafe links.
	Markdown  string `json:"markdown"`
	Size      int64  `json:"size"`      // bytes of Markdown
	FetchedAt string `json:"fetchedAt"` // RFC 3339; "" if never fetched
	// Message says in a user's words why there is no text, or what happens next.
	Message string `json:"message"`
	// Error is the last failure to fetch it (state missing or error).
	Error *paper.ErrorInfo `json:"error"`
	// RetryAt is when the rules will try again after a failure (RFC 3339);
	// "" when they won't or need not. Download asks at once.
	RetryAt string `json:"retryAt"`
}

// FullTextChanged says one paper's full text changed state.
type FullTextChanged struct {
	ID      string `json:"id"`
	State   string `json:"state"`
	Message string `json:"message"`
}

// FullTextProgress is the state of the current or last full-text run.
type FullTextProgress struct {
	Running bool   `json:"running"`
	Done    int    `json:"done"`  // papers tried in this run
	Total   int    `json:"total"` // papers this run has to try (it may find more)
	Fetched int    `json:"fetched"`
	Failed  int    `json:"failed"`
	Current string `json:"current"` // the paper being fetched, "" between papers
	Message string `json:"message"`
	// Waiting says why the run waits (a rate limit, a retry), if it does.
	Waiting *Waiting `json:"waiting"`
	// Error is what stopped the last run early (offline, rate limited, disk
	// full); per-paper failures are in FullTextChanged and FullText.
	Error *paper.ErrorInfo `json:"error"`
}

// FullTextRules says which papers' full texts are fetched by themselves.
type FullTextRules struct {
	Saved      bool     `json:"saved"`      // saved papers (default on)
	Topics     []string `json:"topics"`     // papers matching these watched topics (ids)
	MinUpvotes int      `json:"minUpvotes"` // papers with more upvotes than this; 0 = off
}

// FullTextSettings is what Settings shows of full texts.
type FullTextSettings struct {
	// BytesUsed is what the kept texts take in the cache (compressed); the
	// budget bounds it. TextBytes is their size as Markdown.
	BytesUsed int64 `json:"bytesUsed"`
	TextBytes int64 `json:"textBytes"`
	Texts     int   `json:"texts"`
	// SavedBytes is what the texts of saved papers take: never dropped, so
	// they may exceed the budget on their own.
	SavedBytes  int64            `json:"savedBytes"`
	BudgetMB    int              `json:"budgetMB"`
	BudgetBytes int64            `json:"budgetBytes"`
	Missing     int              `json:"missing"` // papers Hugging Face has no full text for
	Failed      int              `json:"failed"`  // papers whose last fetch failed otherwise
	Indexed     int              `json:"indexed"` // texts the search index holds
	Rules       FullTextRules    `json:"rules"`
	Progress    FullTextProgress `json:"progress"`
}

// ReadingPosition is where the reader was in a paper's full text. The
// reading pane names the place (Anchor: the heading last scrolled past) and
// how far through the text it was (Fraction, 0 to 1).
type ReadingPosition struct {
	Anchor    string  `json:"anchor"`
	Fraction  float64 `json:"fraction"`
	UpdatedAt string  `json:"updatedAt"` // RFC 3339; "" when never set
}

// fullTexts is the service's state of full-text runs.
type fullTexts struct {
	auto   atomic.Bool // fetch by the rules after syncs and saves (Run)
	ctx    context.Context
	cancel context.CancelFunc
	slot   chan struct{} // held by the running run
	wg     sync.WaitGroup

	mu         sync.Mutex // guards the fields below
	closed     bool
	again      bool            // the rules changed while a run ran: it looks again before it ends
	asked      []string        // asked for on demand, fetched ahead of the rules
	queued     map[string]bool // the running run's papers still to do
	protect    map[string]bool // fetched on demand in this session: the budget keeps them
	progress   FullTextProgress
	onProgress func(FullTextProgress) // the running run's caller's
	cancelRun  context.CancelFunc     // of the running run
	texts      textCache
}

func (ft *fullTexts) init() {
	ft.ctx, ft.cancel = context.WithCancel(context.Background())
	ft.slot = make(chan struct{}, 1)
	ft.queued, ft.protect = map[string]bool{}, map[string]bool{}
}

// stopFullTexts stops the running full-text work and waits for it (Close).
func (s *Service) stopFullTexts() {
	ft := &s.ft
	ft.mu.Lock()
	ft.closed = true
	ft.mu.Unlock()
	ft.cancel()
	ft.wg.Wait()
}

// goFullText runs f in the background unless the service is closing.
func (s *Service) goFullText(f func(ctx context.Context)) bool {
	ft := &s.ft
	ft.mu.Lock()
	defer ft.mu.Unlock()
	if ft.closed {
		return false
	}
	ft.wg.Go(func() { f(ft.ctx) })
	return true
}

// FullText returns a paper's full text, and records that it was opened
// (the budget drops the least recently opened first). It never fetches:
// DownloadFullText does.
func (s *Service) FullText(ctx context.Context, raw string) (FullText, error) {
	id, err := paper.ParseID(raw)
	if err != nil {
		return FullText{}, err
	}
	md, info, err := s.store.FullText(id)
	switch paper.ErrorCode(err) {
	case "":
		if _, err := s.store.FullTextOpened(id, s.now()); err != nil {
			s.log.Debug("record a full text opened", "id", id, "err", err)
		}
		ft := s.fullTextOf(id, info, true)
		ft.Markdown = md
		return ft, nil
	case paper.ENOTFOUND, paper.EDAMAGED:
		return s.fullTextState(id)
	}
	return FullText{}, err
}

// fullTextState is a paper's full text without the text.
func (s *Service) fullTextState(id string) (FullText, error) {
	info, found, err := s.store.FullTextInfo(id)
	if err != nil {
		return FullText{}, err
	}
	return s.fullTextOf(id, info, found), nil
}

// fullTextOf describes id's full text from what the cache knows of it.
func (s *Service) fullTextOf(id string, info store.FullTextInfo, found bool) FullText {
	out := FullText{ID: id, State: FullTextNone, Size: info.Size, FetchedAt: rfc3339(info.FetchedAt)}
	ft := &s.ft
	ft.mu.Lock()
	current, queued := ft.progress.Current == id, ft.queued[id] || slices.Contains(ft.asked, id)
	ft.mu.Unlock()
	switch {
	case current:
		out.State, out.Message = FullTextFetching, "Downloading the full text…"
	case info.Kept():
		out.State = FullTextReady
	case queued:
		out.State, out.Message = FullTextQueued, "Waiting to download the full text"
	case info.ErrCode != "":
		out.State = FullTextError
		if info.ErrCode == paper.ENOTFOUND {
			out.State = FullTextMissing
		}
		out.Error = &paper.ErrorInfo{Code: info.ErrCode, Message: info.ErrMessage}
		out.Message = info.ErrMessage
		if at := retryAt(info); !at.IsZero() {
			out.RetryAt = rfc3339(at)
		}
	case !info.Evicted.IsZero():
		out.Message = "Dropped from the cache to stay within the full-text budget; download it again to read it"
	case found || !info.Kept():
		out.Message = "Not downloaded yet"
	}
	if out.State != FullTextReady {
		out.Size = 0
	}
	return out
}

// DownloadFullText asks for a paper's full text now: it goes ahead of the
// rules' papers, even if an earlier try failed or the budget dropped it.
// It returns at once, with the state (queued, or ready when it is cached);
// EventFullTextChanged says when it lands.
func (s *Service) DownloadFullText(ctx context.Context, raw string) (FullText, error) {
	id, err := paper.ParseID(raw)
	if err != nil {
		return FullText{}, err
	}
	if err := s.store.ReadOnly(); err != nil {
		return FullText{}, err
	}
	if info, _, err := s.store.FullTextInfo(id); err == nil && info.Kept() {
		return s.fullTextOf(id, info, true), nil
	}
	ft := &s.ft
	ft.mu.Lock()
	if !slices.Contains(ft.asked, id) {
		ft.asked = append(ft.asked, id)
	}
	ft.mu.Unlock()
	s.emit(EventFullTextChanged, FullTextChanged{ID: id, State: FullTextQueued, Message: "Waiting to download the full text"})
	s.startFullTexts()
	return s.fullTextState(id)
}

// ReadFullText is FullText for the command line: when the text is not
// cached and fetch is true, it fetches it now (waiting for its turn), even
// after an earlier failure. Offline it says what is cached and what to do.
func (s *Service) ReadFullText(ctx context.Context, raw string, fetch bool) (FullText, error) {
	got, err := s.FullText(ctx, raw)
	if err != nil || got.State == FullTextReady || !fetch {
		return got, err
	}
	if err := s.fetchOne(ctx, got.ID, true); err != nil {
		switch paper.ErrorCode(err) {
		case paper.EOFFLINE, paper.ERATELIMIT, paper.EUPSTREAM:
			return got, paper.Wrap(paper.ErrorCode(err), err, "the full text of %s is not cached, and %s", got.ID, lowerFirst(paper.ErrorMessage(err)))
		}
		return got, err
	}
	return s.FullText(ctx, got.ID)
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || strings.HasPrefix(s, "HTTP") {
		return s
	}
	if len(s) > n && unicode.IsUpper(rune(s[n])) {
		return s // an acronym: "HF …"
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// maxAnchor bounds a reading position's anchor.
const maxAnchor = 200

// ReadingPosition returns where the reader was in a paper's full text (the
// zero position when nowhere yet). It is the user's data: Clear cache keeps it.
func (s *Service) ReadingPosition(ctx context.Context, raw string) (ReadingPosition, error) {
	id, err := paper.ParseID(raw)
	if err != nil {
		return ReadingPosition{}, err
	}
	p, _, err := s.store.ReadingPosition(id)
	if err != nil {
		return ReadingPosition{}, err
	}
	return ReadingPosition{Anchor: p.Anchor, Fraction: p.Fraction, UpdatedAt: rfc3339(p.At)}, nil
}

// SetReadingPosition records where the reader is in a paper's full text;
// an empty anchor at fraction 0 forgets it.
func (s *Service) SetReadingPosition(ctx context.Context, raw string, pos ReadingPosition) error {
	id, err := paper.ParseID(raw)
	if err != nil {
		return err
	}
	if math.IsNaN(pos.Fraction) || pos.Fraction < 0 || pos.Fraction > 1 {
		return paper.Errorf(paper.EINVALID, "a reading position is a fraction from 0 to 1, not %v", pos.Fraction)
	}
	if len(pos.Anchor) > maxAnchor || !utf8.ValidString(pos.Anchor) || strings.ContainsFunc(pos.Anchor, unicode.IsControl) {
		return paper.Errorf(paper.EINVALID, "a reading position's anchor is at most %d characters of text", maxAnchor)
	}
	p := store.ReadingPosition{Anchor: pos.Anchor, Fraction: pos.Fraction, At: s.now().UTC()}
	if pos.Anchor == "" && pos.Fraction == 0 {
		p = store.ReadingPosition{}
	}
	return s.store.SetReadingPosition(id, p)
}

// FullTextRules returns the rules in force.
func (s *Service) FullTextRules() FullTextRules {
	r := FullTextRules{Topics: []string{}}
	s.setting(config.FullTextSaved, &r.Saved)
	s.setting(config.FullTextTopics, &r.Topics)
	s.setting(config.FullTextMinUpvotes, &r.MinUpvotes)
	return r
}

// SetFullTextRules changes which papers' full texts are fetched by
// themselves. Topics must be watched topics. While a front door that stays
// open runs, it starts a run for the new rules.
func (s *Service) SetFullTextRules(ctx context.Context, r FullTextRules) (FullTextSettings, error) {
	if r.Topics == nil {
		r.Topics = []string{}
	}
	slices.Sort(r.Topics)
	r.Topics = slices.Compact(r.Topics)
	for key, v := range map[string]any{config.FullTextSaved: r.Saved, config.FullTextTopics: r.Topics, config.FullTextMinUpvotes: r.MinUpvotes} {
		if err := s.checkSetting(key, v); err != nil {
			return FullTextSettings{}, err
		}
	}
	for _, id := range r.Topics {
		if _, err := s.store.Topic(id); err != nil {
			if paper.ErrorCode(err) == paper.ENOTFOUND {
				return FullTextSettings{}, paper.Errorf(paper.EINVALID, "there is no watched topic %q", id)
			}
			return FullTextSettings{}, err
		}
	}
	for key, v := range map[string]any{config.FullTextSaved: r.Saved, config.FullTextTopics: r.Topics, config.FullTextMinUpvotes: r.MinUpvotes} {
		if err := s.setSetting(key, v); err != nil {
			return FullTextSettings{}, err
		}
	}
	if s.ft.auto.Load() {
		s.startFullTexts()
	}
	return s.FullTextSettings(ctx)
}

// SetFullTextBudget sets the disk the full texts may take, in MB (10^6
// bytes), and drops texts at once when they take more.
func (s *Service) SetFullTextBudget(ctx context.Context, mb int) (FullTextSettings, error) {
	if err := s.setSetting(config.FullTextBudgetMB, mb); err != nil {
		return FullTextSettings{}, err
	}
	if err := s.enforceBudget(); err != nil {
		return FullTextSettings{}, err
	}
	return s.FullTextSettings(ctx)
}

// budgetBytes is the full-text budget in bytes.
func (s *Service) budgetBytes() (mb int, bytes int64) {
	s.setting(config.FullTextBudgetMB, &mb)
	return mb, int64(mb) * 1_000_000
}

// FullTextSettings describes the full texts kept, the budget and the rules.
func (s *Service) FullTextSettings(ctx context.Context) (FullTextSettings, error) {
	infos, err := s.store.FullTextInfos()
	if err != nil {
		return FullTextSettings{}, err
	}
	saved, err := s.savedSet()
	if err != nil {
		return FullTextSettings{}, err
	}
	out := FullTextSettings{Rules: s.FullTextRules(), Indexed: s.index.Bodies()}
	out.BudgetMB, out.BudgetBytes = s.budgetBytes()
	for id, info := range infos {
		switch {
		case info.Kept():
			out.Texts++
			out.BytesUsed += info.Stored
			out.TextBytes += info.Size
			if saved[id] {
				out.SavedBytes += info.Stored
			}
		case info.ErrCode == paper.ENOTFOUND:
			out.Missing++
		case info.ErrCode != "":
			out.Failed++
		}
	}
	out.Progress = s.fullTextProgress()
	return out, nil
}

// savedSet is the ids of the saved papers.
func (s *Service) savedSet() (map[string]bool, error) {
	states, err := s.store.AllStates()
	if err != nil {
		return nil, err
	}
	saved := map[string]bool{}
	for id, st := range states {
		if st.Saved {
			saved[id] = true
		}
	}
	return saved, nil
}

func (s *Service) fullTextProgress() FullTextProgress {
	s.ft.mu.Lock()
	defer s.ft.mu.Unlock()
	return s.ft.progress
}

// retryAt is when the rules try a failed full text again: a paper Hugging
// Face has no text for after 7 days, then 14, 28, up to 60 (arXiv HTML and
// HF's page may come later); other failures (5xx, a bad page) after 1 hour,
// doubling up to a week. Zero when it did not fail.
func retryAt(info store.FullTextInfo) time.Time {
	if info.ErrCode == "" {
		return time.Time{}
	}
	base, ceiling := time.Hour, 7*24*time.Hour
	if info.ErrCode == paper.ENOTFOUND {
		base, ceiling = 7*24*time.Hour, 60*24*time.Hour
	}
	d := min(base<<min(max(info.Failures, 1)-1, 10), ceiling)
	return info.FailedAt.Add(d)
}
