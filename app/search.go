package app

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
)

// Search finds papers in the cache as the user types, and on Hugging Face on request.
type Search struct{ b *Backend }

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
}

const (
	maxLimit       = 200
	authorsShown   = 8
	snippetWidth   = 180
	remoteDeadline = 20 * time.Second
)

// SearchPage is one answer to a query: the best hits, how many papers match
// in all, and how to write a filter the query got wrong ("" if none).
type SearchPage struct {
	Hits  []Hit  `json:"hits"`
	Total int    `json:"total"`
	Hint  string `json:"hint"`
}

// Query searches everything cached. Filters: author:name, >50 or upvotes:>50,
// date:2026-05 or date:2026-05-26, saved, unread. An empty query lists saved
// and recent papers.
func (s *Search) Query(q string, limit int) (SearchPage, error) {
	page, err := s.b.Query(q, limit)
	return page, s.b.fail("search", err)
}

// Query is Search.Query for Go callers.
func (b *Backend) Query(q string, limit int) (SearchPage, error) {
	limit = min(max(limit, 1), maxLimit)
	if b.StartDeferred != nil {
		b.StartDeferred() // searching before the first render: load the index now
	}
	if strings.TrimSpace(q) == "" {
		hits, err := b.recentHits(limit)
		return SearchPage{Hits: hits, Total: len(hits)}, err
	}
	hits, err := b.queryHits(q, limit)
	if err != nil {
		return SearchPage{}, err
	}
	total := len(hits)
	if total == limit {
		total = len(b.Index.Search(q, math.MaxInt32))
	}
	return SearchPage{Hits: hits, Total: total, Hint: search.Hint(q)}, nil
}

func (b *Backend) queryHits(q string, limit int) ([]Hit, error) {
	rs := b.Index.Search(q, limit)
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	ps, err := b.Store.Papers(ids)
	if err != nil {
		return nil, err
	}
	vs, err := b.views(ps)
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
func (b *Backend) recentHits(limit int) ([]Hit, error) {
	saved, err := b.saved()
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, 0, limit)
	seen := map[string]bool{}
	for _, v := range saved[:min(len(saved), limit/2)] {
		hits = append(hits, plainHit(v, false))
		seen[v.ID] = true
	}
	day, err := b.day("", "upvotes")
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
func (s *Search) Remote(q string, limit int) ([]Hit, error) {
	hits, err := s.b.Remote(context.Background(), q, limit)
	return hits, s.b.fail("remote search", err)
}

// Remote is Search.Remote for Go callers.
func (b *Backend) Remote(ctx context.Context, q string, limit int) ([]Hit, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return []Hit{}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, remoteDeadline)
	defer cancel()
	ps, err := b.HF.Search(ctx, q, min(max(limit, 1), 120))
	if code := paper.ErrorCode(err); code == paper.EOFFLINE || code == "" {
		b.setOnline(code == "")
	}
	if err != nil {
		return nil, err
	}
	if err := b.Store.PutPapers(ps); err != nil {
		return nil, err
	}
	// re-read: the store keeps the day a paper was listed on
	if ps, err = b.Store.Papers(paperIDs(ps)); err != nil {
		return nil, err
	}
	if b.Index != nil {
		b.Index.Upsert(ps...)
	}
	vs, err := b.views(ps)
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, len(vs))
	for i, v := range vs {
		hits[i] = plainHit(v, true)
	}
	return hits, nil
}

// segments splits s at the matched byte offsets.
func segments(s string, matched []int) []Seg {
	if len(matched) == 0 {
		if s == "" {
			return []Seg{}
		}
		return []Seg{{T: s}}
	}
	ranges := make([][2]int, 0, len(matched))
	m := slices.Clone(matched)
	slices.Sort(m)
	for _, off := range m {
		if off < 0 || off >= len(s) {
			continue
		}
		end := off + 1
		for end < len(s) && !utf8Start(s[end]) {
			end++
		}
		if n := len(ranges); n > 0 && ranges[n-1][1] >= off {
			ranges[n-1][1] = max(ranges[n-1][1], end)
			continue
		}
		ranges = append(ranges, [2]int{off, end})
	}
	return rangeSegments(s, ranges)
}

func utf8Start(c byte) bool { return c&0xC0 != 0x80 }

// rangeSegments splits s into plain and matched pieces by byte ranges.
func rangeSegments(s string, ranges [][2]int) []Seg {
	segs := []Seg{}
	pos := 0
	for _, r := range ranges {
		if r[0] < pos || r[1] > len(s) || r[0] >= r[1] {
			continue
		}
		if r[0] > pos {
			segs = append(segs, Seg{T: s[pos:r[0]]})
		}
		segs = append(segs, Seg{T: s[r[0]:r[1]], M: true})
		pos = r[1]
	}
	if pos < len(s) {
		segs = append(segs, Seg{T: s[pos:]})
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
		segs = append(segs, Seg{T: " +" + itoa(rest) + " more"})
	}
	return segs
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}

// pendingFor is how long a search request from outside (paperboy --search,
// a second launch) waits for a UI that is still loading to pick it up.
const pendingFor = 15 * time.Second

// RequestSearch opens the palette on q: at once in a UI that is listening,
// and through Pending in one that is still loading.
func (b *Backend) RequestSearch(q string) {
	b.log().Info("search requested", "query", q)
	b.mu.Lock()
	b.pending, b.pendingAt = q, b.now()
	b.mu.Unlock()
	b.emit(EventSearch, map[string]string{"query": q})
}

// Pending returns a search requested from outside the window in the last
// few seconds, once; the UI asks when it starts.
func (s *Search) Pending() (string, error) {
	b := s.b
	b.mu.Lock()
	defer b.mu.Unlock()
	q := b.pending
	if b.now().Sub(b.pendingAt) > pendingFor {
		q = ""
	}
	b.pending = ""
	return q, nil
}
