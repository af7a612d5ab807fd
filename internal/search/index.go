// Package search is Paperboy's in-memory search index: typo-tolerant,
// diacritics-folded, any word order, over titles, authors, AI keywords,
// organizations, arXiv ids and abstracts, fast enough to run on every
// keystroke over 100k papers. Text is read as its TeX typesets ($L_2$ is
// L2) and Greek letters as their names (μ is mu), on both sides; every word
// but the one being typed matches whole words (see mode), and author:
// matches whole name tokens.
package search

import (
	"hash/crc32"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Separators inside doc.text: between fields, and between the items of a
// list field (authors, keywords).
const (
	fieldSep = '\x1e'
	itemSep  = '\x1f'
)

// doc is what the index keeps of a paper: no abstract, which the caller
// fetches from the store when it needs a snippet.
type doc struct {
	id string
	// text is title, visible authors, keywords and organization, separated
	// by fieldSep and itemSep, kept to score and highlight results.
	text string
	hash uint64 // of every indexed field, to skip unchanged papers
}

// initials holds, for title, authors, keywords and organization, the set
// of first characters of a doc's tokens: a one-letter word (the first
// keystroke) is matched with them instead of thousands of postings lists.
type initials [4]uint64

// initialBit is the bit of a token's first byte in doc.initials.
func initialBit(c byte) uint64 {
	switch {
	case 'a' <= c && c <= 'z':
		return 1 << (c - 'a')
	case '0' <= c && c <= '9':
		return 1 << (26 + c - '0')
	}
	return 1 << 36
}

// fields splits d.text into title, authors, keywords and organization.
func (d *doc) fields() (title string, authors, keywords []string, org string) {
	parts := strings.SplitN(d.text, string(fieldSep), 4)
	for len(parts) < 4 {
		parts = append(parts, "")
	}
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, string(itemSep))
	}
	return parts[0], split(parts[1]), split(parts[2]), parts[3]
}

// snapshot is one immutable version of the index. Writers build a new one
// (sharing what did not change) and publish it atomically, so a query runs
// on a consistent version without ever taking a lock.
type snapshot struct {
	docs  []doc      // by doc number; append-only, shared between versions
	ini   []initials // by doc number, like docs
	upv   []int32    // upvotes by doc number
	date  []uint32   // yyyymmdd of Day, else PublishedAt; 0 unknown
	dead  bitset     // replaced docs
	read  bitset
	saved bitset
	live  int
	ids   []idRef // sorted by id, live docs only
	short *inverted
	abs   *inverted
	// Full texts (body.go): postings over body numbers, each body's doc
	// (-1 when its paper is not indexed, or the body was dropped), and the
	// docs that have one.
	body    *inverted
	bodyDoc []int32
	hasBody bitset
}

type idRef struct {
	id  string
	doc uint32
}

func (s *snapshot) lookupID(id string) (uint32, bool) {
	i, ok := slices.BinarySearchFunc(s.ids, id, func(r idRef, id string) int { return strings.Compare(r.id, id) })
	if !ok {
		return 0, false
	}
	return s.ids[i].doc, true
}

// Index is a thread-safe search index. Queries never wait for writers.
type Index struct {
	mu     sync.Mutex // serializes writers
	cur    atomic.Pointer[snapshot]
	states map[string]paper.State // guarded by mu
	// Upserts made while builders run, replayed when they are swapped in.
	building int                // guarded by mu
	log      [][]paper.Paper    // guarded by mu
	bodies   map[string]bodyRef // by paper id; guarded by mu
}

// New returns an empty index.
func New() *Index {
	ix := &Index{states: map[string]paper.State{}, bodies: map[string]bodyRef{}}
	ix.cur.Store(emptySnapshot())
	return ix
}

func emptySnapshot() *snapshot {
	return &snapshot{short: &inverted{masks: true}, abs: &inverted{}, body: &inverted{}}
}

// Len returns the number of papers in the index.
func (ix *Index) Len() int { return ix.cur.Load().live }

// Rebuild replaces the whole index with ps.
func (ix *Index) Rebuild(ps []paper.Paper) {
	b := ix.NewBuilder()
	b.hint = len(ps)
	b.addAll(ps)
	ix.Swap(b)
}

// NewBuilder returns a builder for a new version of the whole index. Papers
// upserted into ix while it is fed are carried over when it is swapped in,
// so a sync that runs during a rebuild is not lost.
func (ix *Index) NewBuilder() *Builder {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	b := NewBuilder()
	b.ix, b.logFrom = ix, len(ix.log)
	ix.building++
	return b
}

// Swap replaces the whole index with what b was fed. b must not be used after.
func (ix *Index) Swap(b *Builder) {
	owner, from := b.ix, b.logFrom
	s := b.build()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.applyStates(s)
	old := ix.cur.Load()
	ix.relinkBodies(s, old.body, old.bodyDoc)
	ix.cur.Store(s)
	if owner == ix {
		log := ix.log[from:]
		ix.building--
		if ix.building == 0 {
			ix.log = nil
		}
		for _, ps := range log {
			ix.upsert(ps)
		}
	}
}

// applyStates sets the read and saved bits of s from ix.states.
func (ix *Index) applyStates(s *snapshot) {
	s.read, s.saved = newBitset(len(s.docs)), newBitset(len(s.docs))
	for _, r := range s.ids {
		st := ix.states[r.id]
		s.read.put(r.doc, st.Read)
		s.saved.put(r.doc, st.Saved)
	}
}

// SetState records the reading state of a paper for the saved and unread
// filters. It may be called before the paper is indexed.
func (ix *Index) SetState(id string, st paper.State) {
	ix.SetStates(map[string]paper.State{id: st})
}

// SetStates records the reading state of many papers.
func (ix *Index) SetStates(m map[string]paper.State) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	old := ix.cur.Load()
	s := *old
	s.read, s.saved = old.read.clone(), old.saved.clone()
	for id, st := range m {
		if st == (paper.State{}) {
			delete(ix.states, id)
		} else {
			ix.states[id] = st
		}
		if d, ok := s.lookupID(id); ok {
			s.read.put(d, st.Read)
			s.saved.put(d, st.Saved)
		}
	}
	ix.cur.Store(&s)
}

// Upsert adds papers or replaces those already indexed under the same id.
func (ix *Index) Upsert(ps ...paper.Paper) {
	if len(ps) == 0 {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.building > 0 {
		ix.log = append(ix.log, slices.Clone(ps))
	}
	ix.upsert(ps)
}

func (ix *Index) upsert(ps []paper.Paper) {
	old := ix.cur.Load()
	s := *old
	s.upv, s.date = slices.Clone(old.upv), slices.Clone(old.date)
	s.dead, s.read, s.saved = old.dead.clone(), old.read.clone(), old.saved.clone()
	fresh := map[string]uint32{} // ids added by this call
	x := newIndexer(len(ps))
	relinked := false
	relink := func(id string, dead int64, n uint32) {
		b, ok := ix.bodies[id]
		if !ok {
			return
		}
		if !relinked {
			s.bodyDoc, s.hasBody = slices.Clone(old.bodyDoc), old.hasBody.clone()
			relinked = true
		}
		if dead >= 0 {
			s.hasBody.put(uint32(dead), false)
		}
		s.bodyDoc[b.n] = int32(n)
		s.hasBody.put(n, true)
	}
	for i := range ps {
		p := &ps[i]
		h := hashPaper(p, docText(p))
		d, ok := fresh[p.ID]
		if !ok {
			d, ok = s.lookupID(p.ID)
		}
		if ok && s.docs[d].hash == h {
			s.upv[d], s.date[d] = int32(p.Upvotes), paperDate(p)
			continue
		}
		dead := int64(-1)
		if ok {
			s.dead.put(d, true)
			s.live--
			dead = int64(d)
		}
		n := uint32(len(s.docs))
		relink(p.ID, dead, n)
		nd, ini := x.add(p, n)
		s.docs = append(s.docs, nd)
		s.ini = append(s.ini, ini)
		s.upv = append(s.upv, int32(p.Upvotes))
		s.date = append(s.date, paperDate(p))
		st := ix.states[p.ID]
		s.dead.put(n, false)
		s.read.put(n, st.Read)
		s.saved.put(n, st.Saved)
		s.live++
		fresh[p.ID] = n
	}
	if len(fresh) > 0 {
		s.ids = mergeIDs(old.ids, fresh, s.dead)
		s.short = old.short.with(x.short)
		s.abs = old.abs.with(x.abs)
	}
	ix.cur.Store(&s)
}

// mergeIDs returns ids without the docs dead marks, plus fresh.
func mergeIDs(ids []idRef, fresh map[string]uint32, dead bitset) []idRef {
	add := make([]idRef, 0, len(fresh))
	for id, d := range fresh {
		add = append(add, idRef{id, d})
	}
	sortIDs(add)
	out := make([]idRef, 0, len(ids)+len(add))
	for _, r := range ids {
		for len(add) > 0 && add[0].id < r.id {
			out, add = append(out, add[0]), add[1:]
		}
		if !dead.has(r.doc) {
			out = append(out, r)
		}
	}
	return append(out, add...)
}

// docText joins the short fields of p with the separators doc.text uses.
func docText(p *paper.Paper) string { return string(appendDocText(nil, p)) }

// appendDocText appends docText(p) to dst.
func appendDocText(dst []byte, p *paper.Paper) []byte {
	clean := func(s string) {
		start := len(dst)
		dst = append(dst, s...)
		for i := start; i < len(dst); i++ {
			if dst[i] == fieldSep || dst[i] == itemSep {
				dst[i] = ' ' // ASCII: never part of a multi-byte rune
			}
		}
	}
	clean(p.Title)
	dst = append(dst, fieldSep)
	first := true
	for _, a := range p.Authors {
		if a.Hidden {
			continue
		}
		if !first {
			dst = append(dst, itemSep)
		}
		first = false
		clean(a.Name)
	}
	dst = append(dst, fieldSep)
	for i, k := range p.AIKeywords {
		if i > 0 {
			dst = append(dst, itemSep)
		}
		clean(k)
	}
	dst = append(dst, fieldSep)
	clean(p.Organization)
	return dst
}

// hashPaper fingerprints what the index holds of p: CRC-32C of the short
// fields and of the abstract, which the CPU computes far faster than FNV.
func hashPaper(p *paper.Paper, text string) uint64 {
	sum := func(s string) uint64 {
		return uint64(crc32.Checksum(unsafe.Slice(unsafe.StringData(s), len(s)), castagnoli)) // read only
	}
	return sum(text)<<32 | sum(p.Abstract)
}

// paperDate is the yyyymmdd of p's Day, else of its PublishedAt.
func paperDate(p *paper.Paper) uint32 {
	d := p.Day
	if d == "" {
		d = p.PublishedAt
	}
	if len(d) < 10 || !validDatePrefix(d[:10]) {
		return 0
	}
	lo, _ := dateRange(d[:10])
	return lo
}

func sortIDs(ids []idRef) {
	slices.SortFunc(ids, func(a, b idRef) int { return strings.Compare(a.id, b.id) })
}
