package search

import (
	"encoding/binary"
	"slices"
	"sort"
	"strings"
)

// Field bits of a short-field posting.
const (
	fTitle uint8 = 1 << iota
	fAuthor
	fKeyword
	fOrg
)

// inverted maps tokens to postings lists. Tokens are sorted so prefix and
// typo lookups walk a range of the dictionary. A postings list is a run of
// uvarint doc-number deltas; in the short-field index each delta is followed
// by one byte of field bits.
//
// A snapshot's inverted is never modified where a reader can see it: an
// update copies the (small) per-token headers and appends postings past the
// lengths older snapshots know.
type inverted struct {
	masks bool     // postings carry a field byte
	toks  []string // sorted, unique
	post  [][]byte
	df    []uint32 // number of docs in each list
	last  []uint32 // last doc number+1 in each list; used by writers only
}

// find returns the position of tok, or -1.
func (iv *inverted) find(tok string) int {
	i, ok := slices.BinarySearch(iv.toks, tok)
	if !ok {
		return -1
	}
	return i
}

// prefixRange returns the range of tokens that start with p.
func (iv *inverted) prefixRange(p string) (lo, hi int) {
	lo = sort.SearchStrings(iv.toks, p)
	hi = lo + sort.Search(len(iv.toks)-lo, func(i int) bool { return !strings.HasPrefix(iv.toks[lo+i], p) })
	return lo, hi
}

// each calls f for every posting of token i.
func (iv *inverted) each(i int, f func(doc uint32, mask uint8)) {
	eachPosting(iv.post[i], 0, iv.masks, f)
}

// eachPosting calls f for every posting of list b, whose first delta is
// from doc base-1.
func eachPosting(b []byte, base uint32, masks bool, f func(doc uint32, mask uint8)) {
	d := base
	for len(b) > 0 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return
		}
		b = b[n:]
		d += uint32(v)
		var m uint8
		if masks {
			if len(b) == 0 {
				return
			}
			m, b = b[0], b[1:]
		}
		f(d-1, m)
	}
}

// with returns a copy of iv with the postings in add appended. Docs in add
// must be numbered after every doc already in iv.
func (iv *inverted) with(add *dict) *inverted { return iv.withShift(add, 0) }

// withShift is with for a dict whose docs are numbered from 0: doc n of
// add is doc n+shift of the copy.
func (iv *inverted) withShift(add *dict, shift uint32) *inverted {
	var fresh []string
	add.each(func(id uint32) {
		if iv.find(add.names[id]) < 0 {
			fresh = append(fresh, add.names[id])
		}
	})
	slices.Sort(fresh)
	n := len(iv.toks) + len(fresh)
	out := &inverted{masks: iv.masks, toks: iv.toks}
	out.post = make([][]byte, 0, n)
	out.df = make([]uint32, 0, n)
	out.last = make([]uint32, 0, n)
	if len(fresh) > 0 {
		out.toks = make([]string, 0, n)
	}
	j := 0
	for i := 0; i <= len(iv.toks); i++ {
		for j < len(fresh) && (i == len(iv.toks) || fresh[j] < iv.toks[i]) {
			out.toks = append(out.toks, fresh[j])
			out.post = append(out.post, nil)
			out.df = append(out.df, 0)
			out.last = append(out.last, 0)
			j++
		}
		if i == len(iv.toks) {
			break
		}
		if len(fresh) > 0 {
			out.toks = append(out.toks, iv.toks[i])
		}
		out.post = append(out.post, iv.post[i])
		out.df = append(out.df, iv.df[i])
		out.last = append(out.last, iv.last[i])
	}
	add.each(func(id uint32) {
		i := out.find(add.names[id])
		e := encoder{masks: iv.masks, b: out.post[i], last: out.last[i], df: out.df[i]}
		eachPosting(add.lists[id].b, add.lists[id].base, add.masks, func(doc uint32, m uint8) {
			if iv.masks {
				e.put((doc+shift)<<4 | uint32(m))
			} else {
				e.put(doc + shift)
			}
		})
		out.post[i], out.last[i], out.df[i] = e.b, e.last, e.df
	})
	return out
}
