package search

import (
	"cmp"
	"encoding/binary"
	"runtime"
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
	n = min(n/2, 30_000) // tokens: the vocabulary grows ever more slowly
	return &indexer{short: newDict(true, n), abs: newDict(false, n)}
}

// add indexes p as doc n and returns its doc record.
func (x *indexer) add(p *paper.Paper, n uint32) (doc, initials) {
	var ini initials
	x.text = appendDocText(x.text[:0], p)
	text := string(x.text)
	// The short fields are scanned in the doc's text, where the separators
	// end tokens as well as the string would, but let the scanner load
	// words whole up to the end of the text.
	from := 0
	tex := hasTeX(text) // rare: spare every field the checks
	for f := range len(ini) {
		end := len(text)
		if f < len(ini)-1 {
			end = from + strings.IndexByte(text[from:], fieldSep)
		}
		if tex && hasTeX(text[from:end]) {
			x.sc.scan(x.short, plainText(text[from:end]), 1)
		} else {
			x.sc.scanRange(x.short, text, from, end, 1)
		}
		d, m := x.short, uint8(1)<<f
		for _, id := range x.sc.ids {
			// dict.add, inlined by hand: this loop and the one below run
			// for every word of every paper.
			if d.last[id] != n+1 {
				d.post(id, n, m)
			} else {
				l := &d.lists[id]
				l.b[len(l.b)-1] |= m
			}
			ini[f] |= d.inib[id]
		}
		from = end + 1
	}
	x.sc.scan(x.abs, plainText(p.Abstract), 2)
	d := x.abs
	for _, id := range x.sc.ids {
		if id >= d.nstop && d.last[id] != n+1 {
			d.post(id, n, 0)
		}
	}
	return doc{id: p.ID, text: text, hash: hashPaper(p, text)}, ini
}

// Builder builds a whole index from papers fed one at a time, for example
// from a store scan. Papers are indexed in chunks by up to four workers,
// each with dictionaries of its own; build concatenates their postings.
type Builder struct {
	ix      *Index // that made it, if any
	logFrom int    // ix.log entries before it was made
	s       *snapshot
	hint    int // papers expected, to size the dictionaries
	chunk   *chunk
	chunks  []*chunk
	work    chan *chunk
	wg      sync.WaitGroup
	xs      []*indexer // of the workers started
}

// chunk is a run of papers a worker indexes, and what it made of them.
type chunk struct {
	start      uint32 // doc number of papers[0]
	papers     []paper.Paper
	x          int // worker
	docs       []doc
	ini        []initials
	short, abs []segment
}

const chunkSize = 4096

// NewBuilder returns an empty builder.
func NewBuilder() *Builder {
	return &Builder{s: emptySnapshot(), work: make(chan *chunk, 2)}
}

// Add indexes p; a later paper with the same id replaces it. The builder
// keeps p's slices until it is swapped in.
func (b *Builder) Add(p *paper.Paper) {
	b.meta(p)
	if b.chunk == nil {
		b.chunk = &chunk{start: uint32(len(b.s.upv)) - 1, papers: make([]paper.Paper, 0, chunkSize)}
	}
	b.chunk.papers = append(b.chunk.papers, *p)
	if len(b.chunk.papers) == chunkSize {
		b.send(b.chunk)
		b.chunk = nil
	}
}

// addAll is Add for every paper of ps, which it does not copy.
func (b *Builder) addAll(ps []paper.Paper) {
	if b.chunk != nil {
		b.send(b.chunk)
		b.chunk = nil
	}
	b.s.upv, b.s.date = slices.Grow(b.s.upv, len(ps)), slices.Grow(b.s.date, len(ps))
	for len(ps) > 0 {
		c := &chunk{start: uint32(len(b.s.upv)), papers: ps[:min(chunkSize, len(ps))]}
		ps = ps[len(c.papers):]
		for i := range c.papers {
			b.meta(&c.papers[i])
		}
		b.send(c)
	}
}

// meta records the upvotes and date of the next doc.
func (b *Builder) meta(p *paper.Paper) {
	b.s.upv = append(b.s.upv, int32(p.Upvotes))
	b.s.date = append(b.s.date, paperDate(p))
}

// send hands c to a worker, starting one if there are fewer than the CPUs.
func (b *Builder) send(c *chunk) {
	b.chunks = append(b.chunks, c)
	if len(b.xs) < min(4, runtime.GOMAXPROCS(0)) {
		w := len(b.xs)
		x := newIndexer(b.hint)
		b.xs = append(b.xs, x)
		b.wg.Go(func() {
			for c := range b.work {
				c.x = w
				c.docs = make([]doc, len(c.papers))
				c.ini = make([]initials, len(c.papers))
				for i := range c.papers {
					c.docs[i], c.ini[i] = x.add(&c.papers[i], c.start+uint32(i))
				}
				c.papers = nil
				c.short, c.abs = x.short.take(), x.abs.take()
			}
		})
	}
	b.work <- c
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
	close(b.work)
	b.wg.Wait()
	*b = Builder{}
}

func (b *Builder) build() *snapshot {
	if b.chunk != nil {
		b.send(b.chunk)
	}
	close(b.work)
	b.wg.Wait()
	s := b.s
	s.docs = make([]doc, 0, len(s.upv))
	s.ini = make([]initials, 0, len(s.upv))
	var shorts, abss []part
	for _, c := range b.chunks {
		s.docs = append(s.docs, c.docs...)
		s.ini = append(s.ini, c.ini...)
		shorts = append(shorts, part{c.x, c.short})
		abss = append(abss, part{c.x, c.abs})
	}
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
	if len(b.xs) > 0 {
		short, abs := make([]*dict, len(b.xs)), make([]*dict, len(b.xs))
		for i, x := range b.xs {
			short[i], abs[i] = x.short, x.abs
		}
		var wg sync.WaitGroup
		wg.Go(func() { s.short = merge(true, short, shorts) })
		s.abs = merge(false, abs, abss)
		wg.Wait()
	}
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
