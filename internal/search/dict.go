package search

import (
	"encoding/binary"
	"slices"
	"strings"
)

// dict interns the tokens of one inverted index as dense ids while
// building, and collects their postings already encoded: a uvarint
// doc-number delta per doc, followed in a short-field dict by a byte of
// field bits. Tokens of up to keyBytes bytes are looked up by their packed
// key in an open-addressing table, with no hashing of strings; longer ones
// in a map.
type dict struct {
	masks bool
	slots []slot // a power of two, at most half full
	shift uint   // 64 - log2(len(slots))
	long  map[string]uint32
	nstop uint32 // ids below are stopwords: no postings

	// By id.
	names []string
	inib  []uint64    // initialBit of the first byte
	last  []uint32    // doc+1 of the last posting, 0 for none
	lists []list      // since the last take
	keys  [][2]uint64 // packed (zero for long tokens)

	touched []uint32 // ids whose list is not empty
}

// list is the postings of one token while building, since the last take.
type list struct {
	b    []byte
	base uint32 // doc+1 of the posting before b's first, 0 for none
	df   uint32
}

// slot is an entry of dict.slots: 8 bytes, so that the table of 30k
// tokens stays in a core's cache. It holds 32 bits of the key's hash and
// id+1 (0 for an empty slot); the key itself is in dict.keys, where the
// ids of frequent tokens, given first, sit together.
type slot struct {
	tag uint32
	id  uint32
}

// stopwords are too common in abstracts to be worth a postings list.
var stopwords = strings.Fields(`the of and to in we a is for that with on by this our are as an be from
	which it at these can or has have its such into while their both than also not more can`)

// newDict returns an empty dict sized for about n tokens.
func newDict(masks bool, n int) *dict {
	size := 64
	for size < 2*n {
		size *= 2
	}
	d := &dict{
		masks: masks, long: map[string]uint32{},
		names: make([]string, 0, n), inib: make([]uint64, 0, n), last: make([]uint32, 0, n),
		lists: make([]list, 0, n), keys: make([][2]uint64, 0, n),
	}
	d.resize(size)
	if !masks {
		for _, w := range stopwords {
			d.idOf([]byte(w))
		}
		d.nstop = uint32(len(d.names))
	}
	return d
}

func (d *dict) resize(size int) {
	old := d.slots
	d.slots = make([]slot, size)
	d.shift = 64
	for s := size; s > 1; s >>= 1 {
		d.shift--
	}
	mask := uint64(size - 1)
	for _, e := range old {
		if e.id != 0 {
			k := d.keys[e.id-1]
			h := hashKey(k[0], k[1])
			i := h >> d.shift
			for d.slots[i].id != 0 {
				i = (i + 1) & mask
			}
			d.slots[i] = e
		}
	}
}

func hashKey(k0, k1 uint64) uint64 {
	return (k0 ^ k1*0xc2b2ae3d27d4eb4f) * 0x9e3779b97f4a7c15
}

// first returns id+1 of the token with a packed key if it is in the slot
// its hash points to, else 0: the common case, small enough to inline.
func (d *dict) first(k0, k1 uint64) uint32 {
	h := hashKey(k0, k1)
	if e := d.slots[h>>d.shift]; e.tag == uint32(h) && e.id != 0 && d.keys[e.id-1] == [2]uint64{k0, k1} {
		return e.id
	}
	return 0
}

// id returns the id of the token with a packed key, adding it if new.
func (d *dict) id(k0, k1 uint64) uint32 {
	h := hashKey(k0, k1)
	tag := uint32(h)
	mask := uint64(len(d.slots) - 1)
	i := h >> d.shift
	for ; d.slots[i].id != 0; i = (i + 1) & mask {
		if e := d.slots[i]; e.tag == tag && d.keys[e.id-1] == [2]uint64{k0, k1} {
			return e.id - 1
		}
	}
	if 2*(len(d.names)+1) > len(d.slots) {
		d.resize(2 * len(d.slots))
		return d.id(k0, k1)
	}
	id := d.newID(unpack(k0, k1))
	d.keys[id] = [2]uint64{k0, k1}
	d.slots[i] = slot{tag, id + 1}
	return id
}

// longID returns the id of a token longer than keyBytes, adding it if new.
func (d *dict) longID(tok []byte) uint32 {
	if id, ok := d.long[string(tok)]; ok {
		return id
	}
	name := string(tok)
	id := d.newID(name)
	d.long[name] = id
	return id
}

// idOf returns the id of a folded token, adding it if new.
func (d *dict) idOf(tok []byte) uint32 {
	if len(tok) > keyBytes {
		return d.longID(tok)
	}
	return d.id(packBytes(tok))
}

func (d *dict) newID(name string) uint32 {
	id := uint32(len(d.names))
	d.names = append(d.names, name)
	d.inib = append(d.inib, initialBit(name[0]))
	d.last = append(d.last, 0)
	d.lists = append(d.lists, list{})
	d.keys = append(d.keys, [2]uint64{})
	return id
}

// post appends doc n, in the fields m, to the list of token id, which
// does not hold it yet. Docs arrive in increasing order; the indexer
// skips stopwords and, for a doc already in the list, ORs m into its
// field byte.
func (d *dict) post(id, n uint32, m uint8) {
	l := &d.lists[id]
	if l.df == 0 {
		l.base = d.last[id]
		d.touched = append(d.touched, id)
	}
	delta := n + 1 - d.last[id]
	if k := len(l.b); delta < 0x80 && cap(l.b)-k >= 2 {
		// The common case, a small delta with room: no call.
		l.b = l.b[:k+1]
		l.b[k] = byte(delta)
	} else {
		l.b = binary.AppendUvarint(l.b, uint64(delta))
	}
	if d.masks {
		l.b = append(l.b, m)
	}
	d.last[id] = n + 1
	l.df++
}

// each calls f for every token with postings.
func (d *dict) each(f func(id uint32)) {
	for id := d.nstop; id < uint32(len(d.names)); id++ {
		if d.lists[id].df > 0 {
			f(id)
		}
	}
}

// segment is a token's postings in one run of docs.
type segment struct {
	id   uint32
	last uint32 // doc+1 of the last posting
	l    list
}

// take returns the postings collected since the last take, and starts
// afresh with the same tokens. The lists of the tokens it returns start
// with room for as many bytes again, carved from one allocation: most of
// them will grow about as much in the next run of docs.
func (d *dict) take() []segment {
	segs := make([]segment, len(d.touched))
	total := 0
	for i, id := range d.touched {
		l := &d.lists[id]
		segs[i] = segment{id, d.last[id], *l}
		total += len(l.b) + len(l.b)/8
	}
	slab := make([]byte, total)
	for _, id := range d.touched {
		n := len(d.lists[id].b)
		n += n / 8
		d.lists[id] = list{b: slab[:0:n]}
		slab = slab[n:]
	}
	d.touched = d.touched[:0]
	return segs
}

// part is the postings of a run of docs, indexed with the dict ds[w].
type part struct {
	w    int
	segs []segment
}

// merge returns the inverted index of parts, which hold runs of docs in
// increasing order: a token's list is the concatenation of its segments,
// each with its first doc-number delta encoded again against the last doc
// of the one before (in another dict, or before a run skipped). The
// postings are copied into one allocation, without the slack of their
// growth.
func merge(masks bool, ds []*dict, parts []part) *inverted {
	// Number the tokens of every dict in one space.
	gids := make([][]uint32, len(ds))
	var names []string
	if len(ds) == 1 {
		names = ds[0].names
	} else {
		seen := make(map[string]uint32, len(ds[0].names))
		for w, d := range ds {
			gids[w] = make([]uint32, len(d.names))
			for id, name := range d.names {
				g, ok := seen[name]
				if !ok {
					g = uint32(len(names))
					names = append(names, name)
					seen[name] = g
				}
				gids[w][id] = g
			}
		}
	}
	gid := func(w int, id uint32) uint32 {
		if gids[w] == nil {
			return id
		}
		return gids[w][id]
	}
	// Sizes, with the first delta of every segment encoded again.
	size := make([]int, len(names))
	last := make([]uint32, len(names))
	df := make([]uint32, len(names))
	for _, p := range parts {
		for _, s := range p.segs {
			g := gid(p.w, s.id)
			v, k := binary.Uvarint(s.l.b)
			size[g] += len(s.l.b) - k + uvarintLen(v+uint64(s.l.base)-uint64(last[g]))
			last[g], df[g] = s.last, df[g]+s.l.df
		}
	}
	var order []uint32
	total := 0
	for g := range names {
		if df[g] > 0 {
			order = append(order, uint32(g))
			total += size[g]
		}
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(names[a], names[b]) })
	iv := &inverted{
		masks: masks, toks: make([]string, len(order)), post: make([][]byte, len(order)),
		df: make([]uint32, len(order)), last: make([]uint32, len(order)),
	}
	arena := make([]byte, total)
	at := make([]int, len(names)) // where the next segment of each token goes
	off := 0
	for i, g := range order {
		iv.toks[i], iv.post[i], iv.df[i], iv.last[i] = names[g], arena[off:off+size[g]:off+size[g]], df[g], last[g]
		at[g] = off
		off += size[g]
	}
	clear(last)
	for _, p := range parts {
		for _, s := range p.segs {
			g := gid(p.w, s.id)
			v, k := binary.Uvarint(s.l.b)
			n := binary.PutUvarint(arena[at[g]:], v+uint64(s.l.base)-uint64(last[g]))
			at[g] += n + copy(arena[at[g]+n:], s.l.b[k:])
			last[g] = s.last
		}
	}
	return iv
}

func uvarintLen(v uint64) int {
	n := 1
	for ; v >= 0x80; v >>= 7 {
		n++
	}
	return n
}
