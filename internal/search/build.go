package search

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
	"sync"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// indexer turns papers into docs and postings.
type indexer struct {
	sc         scanner
	short, abs *dict
	text       []byte
}

// newIndexer returns an indexer sized for about n papers.
func newIndexer(n int) *indexer {
	return &indexer{short: newDict(true, min(n, 30_000)), abs: newDict(false, min(n, 30_000))}
}

// add indexes p as doc n and returns its doc record.
func (x *indexer) add(p *paper.Paper, n uint32) (doc, initials) {
	var ini initials
	x.short1(&ini, p.Title, n, 0)
	for _, a := range p.Authors {
		if !a.Hidden {
			x.short1(&ini, a.Name, n, 1)
		}
	}
	for _, k := range p.AIKeywords {
		x.short1(&ini, k, n, 2)
	}
	x.short1(&ini, p.Organization, n, 3)
	x.sc.scan(x.abs, p.Abstract, 2)
	for _, id := range x.sc.ids {
		x.abs.add(id, n, 0)
	}
	x.text = appendDocText(x.text[:0], p)
	text := string(x.text)
	return doc{id: p.ID, text: text, hash: hashPaper(p, text)}, ini
}

// short1 indexes s as field f (0 title, 1 author, 2 keyword, 3
// organization) of doc n.
func (x *indexer) short1(ini *initials, s string, n uint32, f int) {
	x.sc.scan(x.short, s, 1)
	for _, id := range x.sc.ids {
		x.short.add(id, n, 1<<f)
		ini[f] |= x.short.inib[id]
	}
}

// Builder builds a whole index from papers fed one at a time, for example
// from a store scan.
type Builder struct {
	ix      *Index // that made it, if any
	logFrom int    // ix.log entries before it was made
	s       *snapshot
	x       *indexer
}

// NewBuilder returns an empty builder.
func NewBuilder() *Builder { return &Builder{s: emptySnapshot(), x: newIndexer(30_000)} }

// Add indexes p; a later paper with the same id replaces it.
func (b *Builder) Add(p *paper.Paper) {
	s := b.s
	n := uint32(len(s.docs))
	d, ini := b.x.add(p, n)
	s.docs = append(s.docs, d)
	s.ini = append(s.ini, ini)
	s.upv = append(s.upv, int32(p.Upvotes))
	s.date = append(s.date, paperDate(p))
}

// Discard abandons b (for example when the store scan feeding it failed).
// Every builder from Index.NewBuilder must be swapped in or discarded.
func (b *Builder) Discard() {
	if b.ix != nil {
		b.ix.mu.Lock()
		if b.ix.building--; b.ix.building == 0 {
			b.ix.log = nil
		}
		b.ix.mu.Unlock()
	}
	*b = Builder{}
}

func (b *Builder) build() *snapshot {
	s := b.s
	// Sort the docs by id, and of the docs that share one (a paper added
	// again) keep the last.
	s.ids = make([]idRef, len(s.docs))
	for i := range s.docs {
		s.ids[i] = idRef{s.docs[i].id, uint32(i)}
	}
	slices.SortFunc(s.ids, func(a, b idRef) int {
		if c := strings.Compare(a.id, b.id); c != 0 {
			return c
		}
		return cmp.Compare(a.doc, b.doc)
	})
	s.dead = newBitset(len(s.docs))
	live := s.ids[:0]
	for i, r := range s.ids {
		if i+1 < len(s.ids) && s.ids[i+1].id == r.id {
			s.dead.put(r.doc, true)
			continue
		}
		live = append(live, r)
	}
	s.ids = slices.Clip(live)
	s.live = len(s.ids)
	var wg sync.WaitGroup
	wg.Go(func() { s.short = b.x.short.freeze() })
	s.abs = b.x.abs.freeze()
	wg.Wait()
	*b = Builder{}
	return s
}

// encoder appends postings to a varint list.
type encoder struct {
	masks bool
	b     []byte
	last  uint32 // doc+1 of the last posting
	df    uint32
}

// put appends posting v, which must come after every posting so far.
func (e *encoder) put(v uint32) {
	doc := v
	if e.masks {
		doc = v >> 4
	}
	if e.last == doc+1 && e.masks {
		e.b[len(e.b)-1] |= byte(v & 15)
		return
	}
	e.b = binary.AppendUvarint(e.b, uint64(doc+1-e.last))
	if e.masks {
		e.b = append(e.b, byte(v&15))
	}
	e.last = doc + 1
	e.df++
}

// grow makes room for n more papers.
func (b *Builder) grow(n int) {
	s := b.s
	s.docs, s.ini = slices.Grow(s.docs, n), slices.Grow(s.ini, n)
	s.upv, s.date = slices.Grow(s.upv, n), slices.Grow(s.date, n)
}
