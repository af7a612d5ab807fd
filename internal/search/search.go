package search

import (
	"cmp"
	"math/bits"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/sahilm/fuzzy"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Result is one search hit and why it matched.
type Result struct {
	ID    string
	Score int
	// TitleMatches are the byte offsets in the paper's Title of the matched
	// characters.
	TitleMatches []int
	// AuthorMatches maps an author's index in paper.VisibleAuthors to the
	// byte offsets of the matched characters in its name.
	AuthorMatches map[int][]int
	// Terms are the query words that matched in the abstract; pass them to
	// Snippet.
	Terms []string
	// BodyTerms are those that matched in the full text; pass them, with
	// the text, to BodySnippet.
	BodyTerms []string
	// Field is the field that matched best: "id", "title", "authors",
	// "keywords", "organization", "abstract" or "text" (the full text).
	Field string
}

// Field weights: a match in the title counts most, one in the abstract least.
const (
	wTitle   = 10
	wAuthor  = 8
	wKeyword = 7
	wOrg     = 5
	wAbs     = 3
	wBody    = 1 // below every other field: a word in the full text is a weak sign
	idScore  = 1_000_000
	maxTerms = 32
)

// weights holds maskWeight for every combination of field bits.
var weights = func() (w [16]int32) {
	for m := 1; m < len(w); m++ {
		w[m] = maskWeight(uint8(m))
	}
	return w
}()

func maskWeight(m uint8) int32 {
	switch {
	case m&fTitle != 0:
		return wTitle
	case m&fAuthor != 0:
		return wAuthor
	case m&fKeyword != 0:
		return wKeyword
	}
	return wOrg
}

var idPrefixRE = regexp.MustCompile(`^\d{4}(\.\d{0,5})?$`)

// term is one thing every result must match.
type term struct {
	w        string // folded token
	k        int    // typos allowed
	mode     mode
	stem     string // stemOf(w), for a finished word
	mask     uint8  // short fields it may match
	abs      bool   // it may match the abstract
	body     bool   // it may match the full text
	author   int    // for a word of an author: filter, 1 + the filter's index
	id       string // an exact arXiv id
	idPrefix string // a prefix of arXiv ids
	exp      []expansion
	absExp   []expansion
	bodyExp  []expansion
	cost     uint64
	chars    uint64 // charSet(w)
}

func newTerm(w string, m mode, mask uint8, abs bool) term {
	t := term{w: w, k: maxTypos(len(w)), mode: m, mask: mask, abs: abs, body: abs, chars: charSet(w)}
	switch m {
	case finished:
		t.stem = stemOf(w)
	case name:
		t.k = nameTypos(len(w))
	}
	return t
}

// nameTypos is how many edits a word of an author: filter of n bytes may be
// from a name: names are short and many differ by one letter (Bin, Bing).
func nameTypos(n int) int {
	if n >= 6 {
		return 1
	}
	return 0
}

// initial reports whether t is a one-letter word matched with the docs'
// initials rather than postings.
func (t *term) initial() bool { return len(t.w) == 1 && t.idPrefix == "" && t.mode != name }

// charSet is a 64-bucket set of the bytes of s: a word that has more bytes
// missing from a token than it may have typos cannot match it.
func charSet(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << (s[i] & 63)
	}
	return m
}

// Search returns up to limit papers matching q, best first (50 when limit
// <= 0).
func (ix *Index) Search(q string, limit int) []Result {
	return ix.SearchQuery(ParseQuery(q), limit)
}

// SearchQuery is Search for a query already parsed.
func (ix *Index) SearchQuery(q Query, limit int) []Result {
	if limit <= 0 {
		limit = 50
	}
	rs, _, _ := ix.cur.Load().search(q, limit, true)
	return rs
}

// Find returns up to limit papers matching q, best first, and how many
// match in all, so a caller can say "showing 200 of 8,572". With limit <= 0
// it returns every match.
func (ix *Index) Find(q string, limit int) (rs []Result, total int) {
	return ix.FindQuery(ParseQuery(q), limit)
}

// FindQuery is Find for a query already parsed.
func (ix *Index) FindQuery(q Query, limit int) (rs []Result, total int) {
	rs, _, total = ix.cur.Load().search(q, limit, true)
	return rs, total
}

// IDs returns the ids of every paper q matches, in Find's order, without
// working out where each matched: what an export or a count needs.
func (ix *Index) IDs(q Query) []string {
	_, ids, _ := ix.cur.Load().search(q, 0, false)
	return ids
}

func buildTerms(q Query) []term {
	var ts []term
	for i, w := range q.Words {
		last := i == len(q.Words)-1 && !q.Done
		m := finished
		if last {
			m = typing
		}
		if id, err := paper.ParseID(w); err == nil && !q.InText {
			ts = append(ts, term{id: id})
			continue
		}
		if idPrefixRE.MatchString(w) && !q.InText {
			if !strings.Contains(w, ".") {
				// Four digits may be an id prefix or a number in the text.
				t := newTerm(w, m, 0xff, true)
				t.idPrefix = w
				ts = append(ts, t)
				continue
			}
			ts = append(ts, term{idPrefix: w})
			continue
		}
		toks := terms(plainText(w))
		for j, tok := range toks {
			if j < len(toks)-1 {
				m = finished // "Norm-Based": only "based" may be unfinished
			} else if last {
				m = typing
			}
			ts = append(ts, newTerm(tok, m, 0xff, true))
		}
	}
	ts = dropStopwords(ts)
	if q.InText {
		// the words must be in the full text, ids too (as its words)
		body := ts[:0]
		for _, t := range ts {
			if len(t.w) >= 2 {
				t.mask, t.abs, t.body = 0, false, true
				body = append(body, t)
			}
		}
		ts = body
	}
	for i, a := range q.Authors {
		for _, tok := range terms(plainText(a)) {
			t := newTerm(tok, name, fAuthor, false)
			t.author = i + 1
			ts = append(ts, t)
		}
	}
	if len(ts) > maxTerms {
		ts = ts[:maxTerms]
	}
	return ts
}

// dropStopwords drops the finished words that the abstracts do not index
// ("mixture of experts"), unless nothing else is left to match.
func dropStopwords(ts []term) []term {
	stop := func(t *term) bool { return t.mode == finished && t.idPrefix == "" && slices.Contains(stopwords, t.w) }
	keep := ts[:0:0]
	for i := range ts {
		if !stop(&ts[i]) {
			keep = append(keep, ts[i])
		}
	}
	if len(keep) == 0 {
		return ts
	}
	return keep
}

type scratch struct {
	count   []uint8
	score   []int32
	best    []int32
	absb    []uint32
	bodyb   []uint32
	first   []uint32
	touched []uint32
}

var scratchPool sync.Pool

func getScratch(n int) *scratch {
	sc, _ := scratchPool.Get().(*scratch)
	if sc == nil || len(sc.count) < n {
		n = n + n/4 + 64
		sc = &scratch{
			count: make([]uint8, n), score: make([]int32, n),
			best: make([]int32, n), absb: make([]uint32, n), bodyb: make([]uint32, n),
			first: make([]uint32, 0, n), touched: make([]uint32, 0, n),
		}
	}
	return sc
}

// release clears what the first term touched and pools sc.
func (sc *scratch) release() {
	if len(sc.first) > len(sc.count)/8 {
		clear(sc.count)
		clear(sc.score)
		clear(sc.absb)
		clear(sc.bodyb)
	} else {
		for _, d := range sc.first {
			sc.count[d], sc.score[d], sc.absb[d], sc.bodyb[d] = 0, 0, 0, 0
		}
	}
	sc.first, sc.touched = sc.first[:0], sc.touched[:0]
	scratchPool.Put(sc)
}

// hit is a candidate result.
type hit struct {
	doc   uint32
	score int32
	upv   int32
	date  uint32
}

func better(a, b hit) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.upv != b.upv {
		return a.upv > b.upv
	}
	if a.date != b.date {
		return a.date > b.date
	}
	return a.doc > b.doc
}

// topN keeps the n best hits in a min-heap.
type topN struct {
	n int
	h []hit
}

func (t *topN) push(x hit) {
	if len(t.h) < t.n {
		t.h = append(t.h, x)
		for i := len(t.h) - 1; i > 0; {
			p := (i - 1) / 2
			if !better(t.h[p], t.h[i]) {
				break
			}
			t.h[p], t.h[i] = t.h[i], t.h[p]
			i = p
		}
		return
	}
	if !better(x, t.h[0]) {
		return
	}
	t.h[0] = x
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(t.h) && better(t.h[m], t.h[l]) {
			m = l
		}
		if r < len(t.h) && better(t.h[m], t.h[r]) {
			m = r
		}
		if m == i {
			break
		}
		t.h[m], t.h[i] = t.h[i], t.h[m]
		i = m
	}
}

func (t *topN) sorted() []hit {
	sortHits(t.h)
	return t.h
}

// search returns up to limit results (all with limit <= 0), or with
// explain false just their ids, and the number of matches.
func (s *snapshot) search(q Query, limit int, explain bool) ([]Result, []string, int) {
	ts := buildTerms(q)
	if len(ts) == 0 && !q.HasFilters() {
		return nil, nil, 0
	}
	var lo, hi uint32
	if q.Date != "" {
		lo, hi = dateRange(q.Date)
	}
	names := authorGroups(ts)
	keep := func(d uint32) bool {
		switch {
		case s.dead.has(d),
			int(s.upv[d]) < q.MinUpvotes,
			q.HasMax && int(s.upv[d]) > q.MaxUpvotes,
			q.Date != "" && (s.date[d] < lo || s.date[d] > hi),
			q.Saved && !s.saved.has(d),
			q.Unread && s.read.has(d),
			q.InText && !s.hasBody.has(d),
			names != nil && !s.docs[d].oneAuthorEach(names):
			return false
		}
		return true
	}
	// With a limit, a heap keeps the best; without, every hit is kept.
	pool := limit
	if len(ts) > 1 {
		pool = limit * 2 // room for the phrase bonus to reorder
	}
	top := topN{n: pool}
	var all []hit
	total := 0
	add := func(h hit) {
		total++
		if limit > 0 {
			top.push(h)
		} else {
			all = append(all, h)
		}
	}
	var sc *scratch
	if len(ts) == 0 {
		for d := range uint32(len(s.docs)) {
			if keep(d) {
				add(hit{d, 0, s.upv[d], s.date[d]})
			}
		}
	} else {
		sc = getScratch(len(s.docs))
		defer sc.release()
		for _, d := range s.match(ts, sc) {
			if keep(d) {
				add(hit{d, sc.score[d], s.upv[d], s.date[d]})
			}
		}
	}
	hits := all
	if limit > 0 {
		hits = top.sorted()
	} else {
		sortHits(hits)
	}
	if len(ts) > 1 {
		s.phraseBonus(q, hits)
		if limit > 0 {
			hits = hits[:min(limit, len(hits))]
		}
	}
	if !explain {
		ids := make([]string, len(hits))
		for i, h := range hits {
			ids[i] = s.docs[h.doc].id
		}
		return nil, ids, total
	}
	out := make([]Result, len(hits))
	for i, h := range hits {
		out[i] = s.explain(h, ts, sc)
	}
	return out, nil, total
}

// authorGroups returns, for every author: filter of several words, the
// terms of its words, which must all match one author; nil when there is
// none.
func authorGroups(ts []term) [][]*term {
	var groups [][]*term
	for i := range ts {
		a := ts[i].author
		if a == 0 {
			continue
		}
		for len(groups) < a {
			groups = append(groups, nil)
		}
		groups[a-1] = append(groups[a-1], &ts[i])
	}
	multi := groups[:0]
	for _, g := range groups {
		if len(g) > 1 {
			multi = append(multi, g)
		}
	}
	if len(multi) == 0 {
		return nil
	}
	return multi
}

// oneAuthorEach reports whether, for every group, one author of d has a
// token for each word of the group: author:"Lucia Garcia" is one person,
// not a Lucia and a Garcia.
func (d *doc) oneAuthorEach(groups [][]*term) bool {
	_, authors, _, _ := d.fields()
	var dp prefixDP
	for _, g := range groups {
		found := false
		for _, a := range authors {
			toks := terms(plainText(a))
			all := true
			for _, t := range g {
				dp.reset(t.w, t.k)
				if !slices.ContainsFunc(toks, func(tok string) bool { _, _, ok := t.matchToken(tok, &dp); return ok }) {
					all = false
					break
				}
			}
			if all {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func sortHits(hits []hit) {
	slices.SortFunc(hits, func(a, b hit) int {
		if better(a, b) {
			return -1
		}
		if better(b, a) {
			return 1
		}
		return 0
	})
}

// match returns the docs that match every term, with their scores in sc.
func (s *snapshot) match(ts []term, sc *scratch) []uint32 {
	for i := range ts {
		t := &ts[i]
		if t.w == "" {
			continue
		}
		if t.initial() {
			// Matched with snapshot.ini, after every other term.
			t.exp, t.cost = nil, uint64(len(s.docs))
			continue
		}
		if t.mask != 0 {
			t.exp = expand(s.short, t, false, nil)
		}
		if t.abs && len(t.w) >= 2 {
			t.absExp = expand(s.abs, t, len(t.w) < 4, nil)
		}
		for _, e := range t.exp {
			t.cost += uint64(s.short.df[e.tok])
		}
		for _, e := range t.absExp {
			t.cost += uint64(s.abs.df[e.tok])
		}
		if t.body && len(t.w) >= 2 && len(s.body.toks) > 0 {
			t.bodyExp = expand(s.body, t, len(t.w) < 4, nil)
			for _, e := range t.bodyExp {
				t.cost += uint64(s.body.df[e.tok])
			}
		}
	}
	order := make([]int, len(ts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ts[a].cost, ts[b].cost) })
	for n, ti := range order {
		t := &ts[ti]
		round := uint8(n)
		touched := sc.touched[:0]
		visit := func(d uint32, v int32) {
			if sc.count[d] != round {
				return
			}
			if sc.best[d] == 0 {
				touched = append(touched, d)
			}
			sc.best[d] = max(sc.best[d], v)
		}
		if t.id != "" {
			if d, ok := s.lookupID(t.id); ok {
				visit(d, idScore)
			}
		}
		if t.idPrefix != "" {
			i, _ := slices.BinarySearchFunc(s.ids, t.idPrefix, func(r idRef, p string) int { return strings.Compare(r.id, p) })
			for ; i < len(s.ids) && strings.HasPrefix(s.ids[i].id, t.idPrefix); i++ {
				visit(s.ids[i].doc, wTitle*quality(t.idPrefix, s.ids[i].id, 0))
			}
		}
		if t.initial() {
			touched = s.visitInitial(sc, t, n, touched)
		}
		for _, e := range t.exp {
			touched = sc.visitShort(s.short.post[e.tok], round, t.mask, e.q, touched)
		}
		bit := uint32(1) << ti
		for _, e := range t.absExp {
			touched = sc.visitAbs(s.abs.post[e.tok], round, wAbs*e.q, bit, touched)
		}
		for _, e := range t.bodyExp {
			touched = sc.visitBody(s.body.post[e.tok], s.bodyDoc, round, wBody*e.q, bit, touched)
		}
		for _, d := range touched {
			sc.count[d]++
			sc.score[d] += sc.best[d]
			sc.best[d] = 0
		}
		if n == 0 {
			sc.first = append(sc.first[:0], touched...)
		}
		sc.touched = touched
		if len(touched) == 0 {
			return nil
		}
	}
	return sc.touched
}

// visitInitial matches a one-character term against the initials of the
// docs that matched every term before it (all docs when it is the first).
func (s *snapshot) visitInitial(sc *scratch, t *term, round int, touched []uint32) []uint32 {
	b := uint(bits.TrailingZeros64(initialBit(t.w[0])))
	q := quality(t.w, "xx", 0) // a one-letter prefix of a short token
	var w [16]int32
	for m := range w {
		w[m] = weights[uint8(m)&t.mask] * q
	}
	best := sc.best
	// Branch-free: which fields have a token with that initial.
	fields := func(ini *initials) uint8 {
		return uint8(ini[0]>>b&1 | ini[1]>>b&1<<1 | ini[2]>>b&1<<2 | ini[3]>>b&1<<3)
	}
	if round == 0 {
		for d := range s.ini {
			if v := w[fields(&s.ini[d])&t.mask]; v != 0 {
				best[d] = v
				touched = append(touched, uint32(d))
			}
		}
		return touched
	}
	// touched shares its array with the previous round's list, which it
	// never overtakes.
	for _, d := range sc.touched {
		if v := w[fields(&s.ini[d])&t.mask]; v != 0 {
			best[d] = v
			touched = append(touched, d)
		}
	}
	return touched
}

// visitShort scores the docs of a short-field postings list that matched
// every term before this one. It is the hot loop of a search, so it decodes
// the list inline.
func (sc *scratch) visitShort(b []byte, round, mask uint8, q int32, touched []uint32) []uint32 {
	count, best := sc.count, sc.best
	var d uint32
	for i := 0; i < len(b); {
		var v uint32
		for shift := uint(0); ; shift += 7 {
			c := b[i]
			i++
			v |= uint32(c&0x7f) << shift
			if c < 0x80 {
				break
			}
		}
		d += v
		m := b[i] & mask
		i++
		doc := d - 1
		if m == 0 || count[doc] != round {
			continue
		}
		w := weights[m] * q
		if best[doc] == 0 {
			touched = append(touched, doc)
		}
		if w > best[doc] {
			best[doc] = w
		}
	}
	return touched
}

// visitAbs is visitShort for the abstract index.
func (sc *scratch) visitAbs(b []byte, round uint8, w int32, bit uint32, touched []uint32) []uint32 {
	count, best, absb := sc.count, sc.best, sc.absb
	var d uint32
	for i := 0; i < len(b); {
		var v uint32
		for shift := uint(0); ; shift += 7 {
			c := b[i]
			i++
			v |= uint32(c&0x7f) << shift
			if c < 0x80 {
				break
			}
		}
		d += v
		doc := d - 1
		if count[doc] != round {
			continue
		}
		if best[doc] == 0 {
			touched = append(touched, doc)
		}
		if w > best[doc] {
			best[doc] = w
		}
		absb[doc] |= bit
	}
	return touched
}

// visitBody is visitAbs for the full-text index, whose postings are body
// numbers: bodyDoc maps them to docs.
func (sc *scratch) visitBody(b []byte, bodyDoc []int32, round uint8, w int32, bit uint32, touched []uint32) []uint32 {
	count, best, bodyb := sc.count, sc.best, sc.bodyb
	var n uint32
	for i := 0; i < len(b); {
		var v uint32
		for shift := uint(0); ; shift += 7 {
			c := b[i]
			i++
			v |= uint32(c&0x7f) << shift
			if c < 0x80 {
				break
			}
		}
		n += v
		d := bodyDoc[n-1]
		if d < 0 {
			continue // dropped, or its paper is not indexed
		}
		doc := uint32(d)
		if count[doc] != round {
			continue
		}
		if best[doc] == 0 {
			touched = append(touched, doc)
		}
		if w > best[doc] {
			best[doc] = w
		}
		bodyb[doc] |= bit
	}
	return touched
}

// phraseBonus rewards titles that hold the query words in the order typed,
// using sahilm/fuzzy's score of the whole phrase, then re-sorts hits.
func (s *snapshot) phraseBonus(q Query, hits []hit) {
	var words []string
	for _, w := range q.Words {
		words = append(words, fold(plainText(w)))
	}
	phrase := strings.Join(words, " ")
	for i := range hits {
		title, _, _, _ := s.docs[hits[i].doc].fields()
		if m := fuzzy.Find(phrase, []string{fold(plainText(title))}); len(m) > 0 && m[0].Score > 0 {
			hits[i].score += int32(min(m[0].Score, 300))
		}
	}
	sortHits(hits)
}

// explain works out where the terms matched in a hit.
func (s *snapshot) explain(h hit, ts []term, sc *scratch) Result {
	d := &s.docs[h.doc]
	r := Result{ID: d.id, Score: int(h.score)}
	title, authors, keywords, org := d.fields()
	tex := hasTeX(d.text) // rare: spare every field the checks
	tf := newFieldToks(title, tex)
	af := make([]fieldToks, len(authors))
	for i, a := range authors {
		af[i] = newFieldToks(a, tex)
	}
	var kf []fieldToks
	if len(keywords) > 0 {
		kf = []fieldToks{newFieldToks(strings.Join(keywords, " "), tex)}
	}
	of := newFieldToks(org, tex)
	var dp prefixDP
	var total [6]int32 // title, authors, keywords, organization, abstract, text
	var idHit bool
	for ti := range ts {
		t := &ts[ti]
		if t.id != "" || t.idPrefix != "" && strings.HasPrefix(d.id, t.idPrefix) {
			idHit = true
		}
		if t.w == "" {
			continue
		}
		dp.reset(t.w, t.k)
		if t.mask&fTitle != 0 {
			if q, pos := tf.match(t, &dp); q > 0 {
				total[0] += wTitle * q
				r.TitleMatches = append(r.TitleMatches, pos...)
			}
		}
		if t.mask&fAuthor != 0 {
			var best int32
			for ai := range af {
				if q, pos := af[ai].match(t, &dp); q > 0 {
					best = max(best, q)
					if r.AuthorMatches == nil {
						r.AuthorMatches = map[int][]int{}
					}
					r.AuthorMatches[ai] = append(r.AuthorMatches[ai], pos...)
				}
			}
			total[1] += wAuthor * best
		}
		if t.mask&fKeyword != 0 && kf != nil {
			q, _ := kf[0].match(t, &dp)
			total[2] += wKeyword * q
		}
		if t.mask&fOrg != 0 {
			q, _ := of.match(t, &dp)
			total[3] += wOrg * q
		}
		if sc != nil && sc.absb[h.doc]&(1<<ti) != 0 {
			total[4] += wAbs * 70
			if !slices.Contains(r.Terms, t.w) {
				r.Terms = append(r.Terms, t.w)
			}
		}
		if sc != nil && sc.bodyb[h.doc]&(1<<ti) != 0 {
			total[5] += wBody * 70
			if !slices.Contains(r.BodyTerms, t.w) {
				r.BodyTerms = append(r.BodyTerms, t.w)
			}
		}
	}
	r.TitleMatches = sortedUnique(r.TitleMatches)
	for ai, pos := range r.AuthorMatches {
		r.AuthorMatches[ai] = sortedUnique(pos)
	}
	names := [6]string{"title", "authors", "keywords", "organization", "abstract", "text"}
	best := -1
	for i, v := range total {
		if v > 0 && (best < 0 || v > total[best]) {
			best = i
		}
	}
	switch {
	case idHit:
		r.Field = "id"
	case best >= 0:
		r.Field = names[best]
	}
	return r
}

// fieldToks is a field folded and split into tokens, with the map from
// folded bytes back to the field's bytes (nil when they are the same).
type fieldToks struct {
	f     string
	offs  []int
	spans []span
}

// newFieldToks splits a field, read as its TeX typesets if tex (whether
// the paper has any).
func newFieldToks(field string, tex bool) fieldToks {
	var ft fieldToks
	if isASCII(field) && !(tex && hasTeX(field)) {
		ft.f = fold(field)
	} else if tex {
		ft.f, ft.offs = foldMapTeX(field)
	} else {
		ft.f, ft.offs = foldMap(field)
	}
	tokens(ft.f, func(s, e int) { ft.spans = append(ft.spans, span{s, e}) })
	return ft
}

// match returns how well the best token of the field matches t, and the
// byte offsets in the field of the characters that matched.
func (ft *fieldToks) match(t *term, dp *prefixDP) (int32, []int) {
	var bq int32
	var bs, be, bp int
	for _, sp := range ft.spans {
		tok := ft.f[sp.Start:sp.End]
		// The common cases inline: a prefix, or no typo or singular to try.
		d, plen, ok := 0, len(t.w), t.mode != name && strings.HasPrefix(tok, t.w)
		if !ok {
			if t.k == 0 && t.stem == "" && t.mode != name {
				continue
			}
			if d, plen, ok = t.matchToken(tok, dp); !ok {
				continue
			}
		}
		if q := quality(t.w, tok, d); q > bq {
			bq, bs, be, bp = q, sp.Start, sp.End, plen
		}
	}
	if bq == 0 {
		return 0, nil
	}
	var pos []int
	switch {
	case bp > 0:
		for i := bs; i < bs+bp && i < be; i++ {
			pos = append(pos, i)
		}
	default:
		if m := fuzzy.Find(t.w, []string{ft.f[bs:be]}); len(m) > 0 {
			for _, i := range m[0].MatchedIndexes {
				pos = append(pos, bs+i)
			}
		} else {
			for i := bs; i < be; i++ {
				pos = append(pos, i)
			}
		}
	}
	if ft.offs != nil {
		for i, p := range pos {
			pos[i] = ft.offs[p]
		}
	}
	return bq, pos
}

func sortedUnique(a []int) []int {
	if len(a) == 0 {
		return nil
	}
	slices.Sort(a)
	return slices.Compact(a)
}
