package search

import (
	"math/bits"
	"sort"
	"strings"
)

// maxTypos is how many edits a query word of n bytes may be from a token.
func maxTypos(n int) int {
	switch {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// quality rates how well query word w matches token tok at edit distance d
// (0 for an exact match or a prefix), from 100 down.
func quality(w, tok string, d int) int32 {
	switch {
	case d == 0 && len(w) >= len(tok):
		return 100
	case d == 0:
		return int32(60 + 30*len(w)/len(tok))
	case d == 1:
		return int32(35 + 10*min(len(w), len(tok))/len(tok))
	}
	return 30
}

// expansion is one dictionary token a query word matches.
type expansion struct {
	tok int
	q   int32
}

// mode is how a query word matches tokens.
type mode uint8

const (
	// typing is the last word of a query, perhaps still being typed: it
	// matches the tokens it is a prefix of, or within k edits of a prefix.
	typing mode = iota
	// finished is a word followed by more of the query, or any word of a
	// watched topic: it matches the tokens it is a prefix of, whole tokens
	// within k edits, and, for a plural, the tokens its singular begins
	// ("models" matches "modeling"). So "world" matches "worlds" and
	// "wrold" but not "words", and "reward" not "regarded".
	finished
	// name is a word of an author: filter: it matches whole tokens, within
	// k edits, so "bing" matches Bing but not Bin, Jing or Bingbing.
	name
)

// stemOf returns the singular that a finished plural word also matches as
// a prefix ("models" → "model"), or "".
func stemOf(w string) string {
	if n := len(w); n >= 4 && w[n-1] == 's' && w[n-2] != 's' {
		return w[:n-1]
	}
	return ""
}

// accept reports whether t matches tok, given tok's distance from t.w's
// closest prefix (-1 for more than t.k) and its whole distance (more than
// t.k when it is), and at what distance.
func (t *term) accept(tok string, dist, full int) (int, bool) {
	switch t.mode {
	case typing:
		return dist, dist >= 0
	case finished:
		if dist == 0 {
			return 0, true
		}
		if t.stem != "" && strings.HasPrefix(tok, t.stem) {
			return 1, true // ranked like the one edit it is
		}
	}
	return full, full <= t.k
}

// matchToken reports whether t matches the token tok, at what distance, and
// how many of tok's leading bytes it matched as a prefix (0 for a typo).
// dp is reset to t.w and t.k, and t.chars set.
func (t *term) matchToken(tok string, dp *prefixDP) (d, plen int, ok bool) {
	switch {
	case t.mode == name && tok == t.w:
		return 0, len(tok), true
	case t.mode != name && strings.HasPrefix(tok, t.w):
		return 0, len(t.w), true
	case t.mode == finished && t.stem != "" && strings.HasPrefix(tok, t.stem):
		return 1, len(t.stem), true
	case t.k == 0 || tok == "" || tok[0] != t.w[0] || bits.OnesCount64(t.chars&^charSet(tok)) > t.k:
		// Typos never fall on the first letter: "video" is not "ideo…".
		return 0, 0, false
	}
	dist, full, _ := dp.run(tok)
	d, ok = t.accept(tok, dist, full)
	return d, 0, ok
}

// expand finds the tokens of iv that t matches. With exact, only the
// token equal to t.w.
func expand(iv *inverted, t *term, exact bool, out []expansion) []expansion {
	w, k := t.w, t.k
	if exact || t.mode == name && k == 0 {
		if i := iv.find(w); i >= 0 {
			out = append(out, expansion{i, 100})
		}
		return out
	}
	if k == 0 {
		p := w
		if t.mode == finished && t.stem != "" {
			p = t.stem
		}
		lo, hi := iv.prefixRange(p)
		for i := lo; i < hi; i++ {
			d := 0
			if !strings.HasPrefix(iv.toks[i], w) {
				d = 1 // the singular of a plural
			}
			out = append(out, expansion{i, quality(w, iv.toks[i], d)})
		}
		return out
	}
	var dp prefixDP
	dp.reset(w, k)
	// Only tokens with the same first letter.
	lo, hi := iv.prefixRange(w[:1])
	toks := iv.toks[:hi]
	for i := lo; i < hi; {
		tok := toks[i]
		dist, full, dead := dp.run(tok)
		if d, ok := t.accept(tok, dist, full); ok {
			out = append(out, expansion{i, quality(w, tok, d)})
		}
		if dead < 0 {
			i++
			continue
		}
		// No token that starts with tok[:dead] can match: skip them all,
		// galloping since the run is usually short.
		i = skipPrefix(toks, i+1, tok[:dead])
	}
	return out
}

// prefixDP computes the edit distance (Levenshtein with adjacent
// transpositions) between a word and the closest prefix of each token of a
// sorted dictionary, reusing the columns of the prefix the previous token
// shared.
type prefixDP struct {
	w    string
	k    int
	cols [][]int // cols[j][i] = distance(w[:i], t[:j])
	prev string  // token whose columns cols holds
	n    int     // how many columns of prev are valid
}

func (p *prefixDP) reset(w string, k int) {
	p.w, p.k, p.prev, p.n = w, k, "", 1
	if len(p.cols) == 0 {
		p.cols = append(p.cols, nil)
	}
	c := p.cols[0][:0]
	for i := range len(w) + 1 {
		c = append(c, i)
	}
	p.cols[0] = c
}

// run returns the distance of w to the closest prefix of t (-1 when more
// than k), its distance to the whole of t (more than k when it is more),
// and the length of a prefix of t no extension of which can match (-1 when
// there is none).
func (p *prefixDP) run(t string) (dist, full, dead int) {
	m := len(p.w)
	// Reuse the columns for the prefix t shares with the previous token.
	c := 0
	for c < len(t) && c < len(p.prev) && c+1 < p.n && t[c] == p.prev[c] {
		c++
	}
	p.prev, p.n = t, c+1
	best := p.k + 1
	for j := 1; j <= c; j++ {
		best = min(best, p.cols[j][m])
	}
	if best == 0 {
		return 0, len(t) - m, -1 // t starts with w
	}
	for j := c + 1; j <= len(t); j++ {
		if j >= len(p.cols) {
			p.cols = append(p.cols, nil)
		}
		if cap(p.cols[j]) < m+1 {
			p.cols[j] = make([]int, m+1)
		}
		p.cols[j] = p.cols[j][:m+1]
		col, prev := p.cols[j], p.cols[j-1]
		col[0] = j
		lo := col[0]
		for i := 1; i <= m; i++ {
			cost := 1
			if p.w[i-1] == t[j-1] {
				cost = 0
			}
			v := min(prev[i]+1, col[i-1]+1, prev[i-1]+cost)
			if i > 1 && j > 1 && p.w[i-1] == t[j-2] && p.w[i-2] == t[j-1] {
				v = min(v, p.cols[j-2][i-2]+1)
			}
			col[i] = v
			lo = min(lo, v)
		}
		p.n = j + 1
		best = min(best, col[m])
		if best == 0 {
			// An exact prefix: the rest of t cannot do better.
			return 0, len(t) - m, -1
		}
		plo := p.k + 1
		for _, v := range prev {
			plo = min(plo, v)
		}
		if lo > p.k && plo >= p.k {
			if best <= p.k {
				return best, p.k + 1, -1
			}
			return -1, p.k + 1, j
		}
	}
	full = min(p.cols[len(t)][m], p.k+1)
	if best <= p.k {
		return best, full, -1
	}
	return -1, full, -1
}

// dist returns the distance of w to the closest prefix of tok, or -1 when it
// is more than k or the first letters differ.
func dist(w, tok string, k int) int {
	if strings.HasPrefix(tok, w) {
		return 0
	}
	if k == 0 || tok == "" || w == "" || tok[0] != w[0] {
		return -1
	}
	var p prefixDP
	p.reset(w, k)
	d, _, _ := p.run(tok)
	return d
}

// skipPrefix returns the index of the first token at or after i that does
// not start with p, in sorted toks.
func skipPrefix(toks []string, i int, p string) int {
	step := 1
	lo := i
	for lo+step-1 < len(toks) && strings.HasPrefix(toks[lo+step-1], p) {
		lo += step
		step *= 2
	}
	hi := min(lo+step-1, len(toks))
	return lo + sort.Search(hi-lo, func(j int) bool { return !strings.HasPrefix(toks[lo+j], p) })
}
