package search

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// scanner folds text and splits it into tokens in one pass, reusing its
// buffers: the build spends most of its time here.
type scanner struct {
	toks []string
	buf  []byte
	tmp  []byte
}

// Byte classes for the scanner's ASCII fast path.
const (
	cSep   = iota // ends a token
	cLower        // lowercase letter or digit: kept as is
	cUpper        // folded to lowercase
	cHigh         // starts a multi-byte rune
)

var byteClass = func() (c [256]uint8) {
	for i := range 256 {
		b := byte(i)
		switch {
		case b >= utf8.RuneSelf:
			c[i] = cHigh
		case 'A' <= b && b <= 'Z':
			c[i] = cUpper
		case isWordByte(b):
			c[i] = cLower
		}
	}
	return c
}()

// scan replaces the scanner's tokens with those of s: the same tokens as
// tokens(fold(s)). Tokens already folded are slices of s, not copies.
func (sc *scanner) scan(s string) {
	toks := sc.toks[:0]
	buf := sc.buf[:0]
	for i := 0; i < len(s); {
		if byteClass[s[i]] == cSep {
			i++
			continue
		}
		start := i
		for i < len(s) && byteClass[s[i]] == cLower {
			i++
		}
		if i == len(s) || byteClass[s[i]] == cSep {
			toks = append(toks, s[start:i])
			continue
		}
		// The token needs folding: build it in buf, which may hold
		// several tokens (each kept as a string view of its part).
		if cap(buf)-len(buf) < 64 {
			buf = make([]byte, 0, max(4096, 2*cap(buf)))
		}
		b0 := len(buf)
		buf = append(buf, s[start:i]...)
	fold:
		for i < len(s) {
			c := s[i]
			switch byteClass[c] {
			case cSep:
				break fold
			case cLower:
				buf = append(buf, c)
				i++
			case cUpper:
				buf = append(buf, c+'a'-'A')
				i++
			default:
				r, size := utf8.DecodeRuneInString(s[i:])
				sc.tmp = appendFoldRune(sc.tmp[:0], r)
				split := false
				for _, f := range string(sc.tmp) {
					if f < utf8.RuneSelf && byteClass[f] != cSep || f >= utf8.RuneSelf && (unicode.IsLetter(f) || unicode.IsDigit(f)) {
						if split {
							// A folded rune that holds a separator
							// splits the token.
							if len(buf) > b0 {
								toks = append(toks, unsafeString(buf[b0:]))
							}
							buf = buf[len(buf):]
							b0 = 0
							split = false
						}
						buf = utf8.AppendRune(buf, f)
					} else {
						split = true
					}
				}
				i += size
				if split {
					break fold
				}
			}
		}
		if len(buf) > b0 {
			toks = append(toks, unsafeString(buf[b0:]))
		}
		buf = buf[len(buf):]
	}
	sc.toks = toks
	sc.buf = buf[:0]
}

// tokTable interns tokens and collects their postings while building: an
// open-addressing hash table keyed by a 64-bit hash of the token, cheaper
// than a map for tens of millions of lookups. (Two tokens with the same
// 64-bit hash would share a list; with a random seed and a vocabulary of a
// million tokens the odds are below one in ten million.) A short-field
// posting is doc<<4 | field bits.
type tokTable struct {
	masks bool
	n     int
	ents  []tokEntry
}

type tokEntry struct {
	h     uint64 // 0 for an empty slot
	key   string
	posts []uint32 // nil for a stopword
}

var tokSeed = maphash.MakeSeed()

// stopwords are too common in abstracts to be worth a postings list.
var stopwords = strings.Fields(`the of and to in we a is for that with on by this our are as an be from
	which it at these can or has have its such into while their both than also not more can`)

func newTokTable(masks bool) *tokTable {
	t := &tokTable{masks: masks, ents: make([]tokEntry, 1<<12)}
	if !masks {
		for _, w := range stopwords {
			t.add(w, 0)
			t.slot(w).posts = nil
		}
	}
	return t
}

func hashTok(tok string) uint64 { return maphash.String(tokSeed, tok) | 1 }

// slot returns the entry of tok, or the empty one where it goes.
func (t *tokTable) slot(tok string) *tokEntry {
	h := hashTok(tok)
	mask := uint64(len(t.ents) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		if e := &t.ents[i]; e.h == h || e.h == 0 {
			return e
		}
	}
}

// add records posting v (a doc, or doc<<4|mask) for tok. Postings of one
// table arrive in doc order.
func (t *tokTable) add(tok string, v uint32) {
	e := t.slot(tok)
	if e.h == 0 {
		if 2*(t.n+1) > len(t.ents) {
			t.grow()
			e = t.slot(tok)
		}
		*e = tokEntry{h: hashTok(tok), key: strings.Clone(tok), posts: []uint32{v}}
		t.n++
		return
	}
	if e.posts == nil {
		return
	}
	last := &e.posts[len(e.posts)-1]
	switch {
	case t.masks && *last>>4 == v>>4:
		*last |= v & 15
	case !t.masks && *last == v:
	default:
		e.posts = append(e.posts, v)
	}
}

func (t *tokTable) grow() {
	old := t.ents
	t.ents = make([]tokEntry, 2*len(old))
	mask := uint64(len(t.ents) - 1)
	for _, e := range old {
		if e.h == 0 {
			continue
		}
		i := e.h & mask
		for t.ents[i].h != 0 {
			i = (i + 1) & mask
		}
		t.ents[i] = e
	}
}

// each calls f for every token with postings.
func (t *tokTable) each(f func(e *tokEntry)) {
	for i := range t.ents {
		if e := &t.ents[i]; e.posts != nil {
			f(e)
		}
	}
}

// indexer turns papers into docs and postings.
type indexer struct {
	sc         scanner
	short, abs *tokTable
}

func newIndexer() *indexer {
	return &indexer{short: newTokTable(true), abs: newTokTable(false)}
}

// add indexes p as doc n and returns its doc record.
func (x *indexer) add(p *paper.Paper, n uint32) (doc, initials) {
	var d doc
	var ini initials
	short := func(s string, m uint32) {
		x.sc.scan(s)
		f := bits.TrailingZeros32(m)
		for _, tok := range x.sc.toks {
			x.short.add(tok, n<<4|m)
			ini[f] |= initialBit(tok[0])
		}
	}
	short(p.Title, uint32(fTitle))
	for _, a := range p.Authors {
		if !a.Hidden {
			short(a.Name, uint32(fAuthor))
		}
	}
	for _, k := range p.AIKeywords {
		short(k, uint32(fKeyword))
	}
	short(p.Organization, uint32(fOrg))
	x.sc.scan(p.Abstract)
	for _, tok := range x.sc.toks {
		if len(tok) >= 2 {
			x.abs.add(tok, n)
		}
	}
	d.id, d.text = p.ID, docText(p)
	d.hash = hashPaper(p, d.text)
	return d, ini
}

// Builder builds a whole index from papers fed one at a time, for example
// from a store scan, spreading the work over the CPUs.
type Builder struct {
	ix      *Index // that made it, if any
	logFrom int    // ix.log entries before it was made
	s       *snapshot
	seen    map[string]uint32
	batch   *batch
	batches []*batch
	work    chan *batch
	wg      sync.WaitGroup
	xs      []*indexer
}

type batch struct {
	start  uint32
	papers []paper.Paper
	docs   []doc
	ini    []initials
}

const batchSize = 256

// NewBuilder returns an empty builder.
func NewBuilder() *Builder {
	b := &Builder{s: emptySnapshot(), seen: map[string]uint32{}, work: make(chan *batch, 4)}
	for range max(1, min(4, runtime.GOMAXPROCS(0))) {
		x := newIndexer()
		b.xs = append(b.xs, x)
		b.wg.Go(func() {
			for bt := range b.work {
				bt.docs = make([]doc, len(bt.papers))
				bt.ini = make([]initials, len(bt.papers))
				for i := range bt.papers {
					bt.docs[i], bt.ini[i] = x.add(&bt.papers[i], bt.start+uint32(i))
				}
				bt.papers = nil
			}
		})
	}
	return b
}

// Add indexes p; a later paper with the same id replaces it. The builder
// keeps p's slices until it is swapped in.
func (b *Builder) Add(p *paper.Paper) {
	s := b.s
	n := uint32(len(s.upv))
	if d, ok := b.seen[p.ID]; ok {
		s.dead.put(d, true)
		s.live--
	}
	b.seen[p.ID] = n
	s.upv = append(s.upv, int32(p.Upvotes))
	s.date = append(s.date, paperDate(p))
	s.live++
	if b.batch == nil {
		b.batch = &batch{start: n, papers: make([]paper.Paper, 0, batchSize)}
		b.batches = append(b.batches, b.batch)
	}
	b.batch.papers = append(b.batch.papers, *p)
	if len(b.batch.papers) == batchSize {
		b.work <- b.batch
		b.batch = nil
	}
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
	if b.batch != nil {
		b.work <- b.batch
	}
	close(b.work)
	b.wg.Wait()
	s := b.s
	s.docs = make([]doc, 0, len(s.upv))
	s.ini = make([]initials, 0, len(s.upv))
	for _, bt := range b.batches {
		s.docs = append(s.docs, bt.docs...)
		s.ini = append(s.ini, bt.ini...)
	}
	s.ids = make([]idRef, 0, len(b.seen))
	for id, d := range b.seen {
		s.ids = append(s.ids, idRef{id, d})
	}
	sortIDs(s.ids)
	shorts := make([]*tokTable, len(b.xs))
	abss := make([]*tokTable, len(b.xs))
	for i, x := range b.xs {
		shorts[i], abss[i] = x.short, x.abs
	}
	var wg sync.WaitGroup
	wg.Go(func() { s.short = freezeTables(shorts) })
	s.abs = freezeTables(abss)
	wg.Wait()
	*b = Builder{}
	return s
}

// freezeTables merges the tables of the workers into one inverted index.
func freezeTables(ts []*tokTable) *inverted {
	iv := &inverted{masks: ts[0].masks}
	lists := map[string][][]uint32{}
	for _, t := range ts {
		t.each(func(e *tokEntry) {
			if _, ok := lists[e.key]; !ok {
				iv.toks = append(iv.toks, e.key)
			}
			lists[e.key] = append(lists[e.key], e.posts)
		})
	}
	slices.Sort(iv.toks)
	iv.post = make([][]byte, len(iv.toks))
	iv.df = make([]uint32, len(iv.toks))
	iv.last = make([]uint32, len(iv.toks))
	for i, tok := range iv.toks {
		e := encoder{masks: iv.masks}
		e.mergeFrom(lists[tok])
		iv.post[i], iv.df[i], iv.last[i] = slices.Clip(e.b), e.df, e.last
	}
	return iv
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
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

// mergeFrom appends the sorted lists, merged in order.
func (e *encoder) mergeFrom(lists [][]uint32) {
	if len(lists) == 1 {
		if e.b == nil {
			e.b = make([]byte, 0, len(lists[0])+len(lists[0])/4)
		}
		for _, v := range lists[0] {
			e.put(v)
		}
		return
	}
	heads := make([]int, len(lists))
	for {
		best := -1
		for i, l := range lists {
			if heads[i] < len(l) && (best < 0 || l[heads[i]] < lists[best][heads[best]]) {
				best = i
			}
		}
		if best < 0 {
			return
		}
		e.put(lists[best][heads[best]])
		heads[best]++
	}
}
