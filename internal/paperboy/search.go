package paperboy

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
)

// Seg is a piece of text; M marks the characters that matched the query.
type Seg struct {
	T string `json:"t"`
	M bool   `json:"m"`
}

// Hit is one search result as the palette shows it.
type Hit struct {
	Paper   paper.View `json:"paper"`
	Score   int        `json:"score"`
	Field   string     `json:"field"`
	Remote  bool       `json:"remote"`
	Title   []Seg      `json:"title"`
	Authors []Seg      `json:"authors"`
	Snippet []Seg      `json:"snippet"`
	// Section is the heading of the full-text passage Snippet shows, when
	// the paper matched in its full text ("" otherwise, or before any heading).
	Section string `json:"section"`
}

// SearchPage is one answer to a query: the best hits, how many papers match
// in all, how to write a filter the query got wrong ("" if none), and
// whether the index was still loading (the hits cover part of the cache).
type SearchPage struct {
	Hits    []Hit  `json:"hits"`
	Total   int    `json:"total"`
	Hint    string `json:"hint"`
	Partial bool   `json:"partial"`
}

const (
	// MaxResults is the most results one call returns; the UI shows "showing
	// 200 of 8,572" past it.
	MaxResults     = 200
	maxQueryLimit  = 100_000 // the command line may ask for more, up to this
	authorsShown   = 8
	snippetWidth   = 180
	remoteDeadline = 20 * time.Second
)

// Query searches everything cached as the user types (the palette): the
// last word may be unfinished. Filters: author:name, >50 or upvotes:>50,
// date:2026-05 or date:2026-05-26, saved, unread. An empty query lists saved
// and recent papers. limit is 1 to 100,000; Total counts every match.
func (s *Service) Query(ctx context.Context, q string, limit int) (SearchPage, error) {
	return s.search(ctx, q, search.ParseQuery(q), limit)
}

// Find is Query for a finished query (the command line): every word is a
// whole word.
func (s *Service) Find(ctx context.Context, q string, limit int) (SearchPage, error) {
	pq := search.ParseQuery(q)
	pq.Done = true
	return s.search(ctx, q, pq, limit)
}

func (s *Service) search(ctx context.Context, raw string, q search.Query, limit int) (SearchPage, error) {
	defer s.announce()
	defer s.trim.read()
	if limit < 1 || limit > maxQueryLimit {
		return SearchPage{}, paper.Errorf(paper.EINVALID, "a search returns 1 to %d results, not %d", maxQueryLimit, limit)
	}
	ready := s.LoadIndex() // a search before the window asked for it: load the index now
	partial := true
	select {
	case <-ready:
		if s.indexErr != nil {
			return SearchPage{}, s.indexErr
		}
		partial = false
	default:
	}
	if strings.TrimSpace(raw) == "" {
		hits, err := s.recentHits(ctx, limit)
		return SearchPage{Hits: hits, Total: len(hits)}, err
	}
	rs, total := s.index.FindQuery(q, limit)
	hits, err := s.hits(rs)
	if err != nil {
		return SearchPage{}, err
	}
	return SearchPage{Hits: hits, Total: total, Hint: search.Hint(raw), Partial: partial}, nil
}

// hits reads the papers of rs and builds their highlighted hits.
func (s *Service) hits(rs []search.Result) ([]Hit, error) {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	ps, err := s.store.Papers(ids)
	if err != nil {
		return nil, err
	}
	vs, err := s.views(ps)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]int, len(ps))
	for i, p := range ps {
		byID[p.ID] = i
	}
	hits := make([]Hit, 0, len(rs))
	for _, r := range rs {
		i, ok := byID[r.ID]
		if !ok {
			continue // indexed but gone from the store (cache cleared meanwhile)
		}
		hits = append(hits, newHit(ps[i], vs[i], r))
	}
	s.bodySnippets(hits, rs)
	return hits, nil
}

func newHit(p paper.Paper, v paper.View, r search.Result) Hit {
	h := Hit{Paper: v, Score: r.Score, Field: r.Field}
	h.Title = segments(p.Title, r.TitleMatches)
	h.Authors = authorSegs(v.Authors, r.AuthorMatches)
	text, hl := search.Snippet(p.Abstract, r.Terms, snippetWidth)
	h.Snippet = rangeSegments(text, hl)
	return h
}

func plainHit(v paper.View, remote bool) Hit {
	return Hit{Paper: v, Remote: remote, Title: segments(v.Title, nil),
		Authors: authorSegs(v.Authors, nil), Snippet: segments(truncateRunes(v.Abstract, snippetWidth), nil)}
}

// recentHits is what the palette shows before anything is typed: saved
// papers, then the latest day's most upvoted.
func (s *Service) recentHits(ctx context.Context, limit int) ([]Hit, error) {
	saved, err := s.Saved(ctx)
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, 0, min(limit, MaxResults))
	seen := map[string]bool{}
	for _, v := range saved[:min(len(saved), limit/2)] {
		hits = append(hits, plainHit(v, false))
		seen[v.ID] = true
	}
	day, err := s.Day(ctx, "", SortUpvotes)
	if err != nil {
		return nil, err
	}
	for _, v := range day.Papers {
		if len(hits) >= limit {
			break
		}
		if !seen[v.ID] {
			hits = append(hits, plainHit(v, false))
		}
	}
	return hits, nil
}

// Remote searches Hugging Face and caches what it finds, so it is searchable
// offline afterwards.
func (s *Service) Remote(ctx context.Context, q string, limit int) ([]Hit, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return []Hit{}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, remoteDeadline)
	defer cancel()
	ps, err := s.hf.Search(ctx, q, min(max(limit, 1), 120))
	s.noteReached(err)
	if err != nil {
		return nil, err
	}
	if err := s.store.PutPapers(ps); err != nil {
		return nil, err
	}
	// re-read: the store keeps the day a paper was listed on
	if ps, err = s.store.Papers(paperIDs(ps)); err != nil {
		return nil, err
	}
	if s.indexStarted.Load() {
		s.index.Upsert(ps...)
		s.indexDirty.Store(true)
	}
	vs, err := s.views(ps)
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, len(vs))
	for i, v := range vs {
		hits[i] = plainHit(v, true)
	}
	s.emit(EventPapersChanged, PapersChanged{Dates: []string{}})
	return hits, nil
}

// segments splits text at the matched byte offsets.
func segments(text string, matched []int) []Seg {
	if len(matched) == 0 {
		if text == "" {
			return []Seg{}
		}
		return []Seg{{T: text}}
	}
	ranges := make([][2]int, 0, len(matched))
	m := slices.Clone(matched)
	slices.Sort(m)
	for _, off := range m {
		if off < 0 || off >= len(text) {
			continue
		}
		end := off + 1
		for end < len(text) && !utf8Start(text[end]) {
			end++
		}
		if n := len(ranges); n > 0 && ranges[n-1][1] >= off {
			ranges[n-1][1] = max(ranges[n-1][1], end)
			continue
		}
		ranges = append(ranges, [2]int{off, end})
	}
	return rangeSegments(text, ranges)
}

func utf8Start(c byte) bool { return c&0xC0 != 0x80 }

// rangeSegments splits text into plain and matched pieces by byte ranges.
func rangeSegments(text string, ranges [][2]int) []Seg {
	segs := []Seg{}
	pos := 0
	for _, r := range ranges {
		if r[0] < pos || r[1] > len(text) || r[0] >= r[1] {
			continue
		}
		if r[0] > pos {
			segs = append(segs, Seg{T: text[pos:r[0]]})
		}
		segs = append(segs, Seg{T: text[r[0]:r[1]], M: true})
		pos = r[1]
	}
	if pos < len(text) {
		segs = append(segs, Seg{T: text[pos:]})
	}
	return segs
}

// authorSegs renders the author line, the first few authors plus a count,
// keeping the matched characters of those shown.
func authorSegs(names []string, matches map[int][]int) []Seg {
	segs := []Seg{}
	shown := names[:min(len(names), authorsShown)]
	// a matched author beyond the first few is shown instead of the last one
	for i := len(shown); i < len(names); i++ {
		if len(matches[i]) > 0 && len(shown) > 0 {
			last := len(shown) - 1
			shown = append(slices.Clone(shown[:last]), names[i])
			moved := map[int][]int{last: matches[i]}
			for j := range last {
				moved[j] = matches[j]
			}
			matches = moved
			break
		}
	}
	for i, n := range shown {
		if i > 0 {
			segs = append(segs, Seg{T: ", "})
		}
		segs = append(segs, segments(n, matches[i])...)
	}
	if rest := len(names) - len(shown); rest > 0 {
		segs = append(segs, Seg{T: " +" + strconv.Itoa(rest) + " more"})
	}
	return segs
}

func truncateRunes(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}

// pendingFor is how long a search request from outside (paperboy --search,
// a second launch, the system-wide key) waits for a UI that is still loading
// to pick it up.
const pendingFor = 15 * time.Second

// Pending is a search asked for from outside the window.
type Pending struct {
	Open  bool   `json:"open"`  // open the palette
	Query string `json:"query"` // on this query ("" keeps the last one)
}

// RequestSearch opens the palette on q: at once in a UI that is listening,
// and through PendingSearch in one that is still loading.
func (s *Service) RequestSearch(q string) {
	s.log.Info("search requested", "query", q)
	s.mu.Lock()
	s.pending, s.pendingAt = Pending{Open: true, Query: q}, s.now()
	s.mu.Unlock()
	s.emit(EventSearch, SearchRequest{Query: q})
}

// Summon is the system-wide key's press, the window already up: the UI
// opens the palette (or closes it when it is open: EventHotkey), and one
// that is still loading opens it through PendingSearch.
func (s *Service) Summon() {
	s.mu.Lock()
	s.pending, s.pendingAt = Pending{Open: true}, s.now()
	s.mu.Unlock()
	s.emit(EventHotkey, HotkeyPress{})
}

// PendingSearch returns, once, a search asked for from outside the window
// in the last few seconds; the UI asks when it starts.
func (s *Service) PendingSearch(ctx context.Context) Pending {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pending
	if s.now().Sub(s.pendingAt) > pendingFor {
		p = Pending{}
	}
	s.pending = Pending{}
	return p
}
