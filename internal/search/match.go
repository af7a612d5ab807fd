package search

import (
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

// expand finds the tokens of iv that w is a prefix of, or close to a
// prefix of, within k edits. prefixOnly limits it to exact prefixes and
// exact skips prefixes too.
func expand(iv *inverted, w string, k int, exact bool, out []expansion) []expansion {
	if exact {
		if i := iv.find(w); i >= 0 {
			out = append(out, expansion{i, 100})
		}
		return out
	}
	if k == 0 {
		lo, hi := iv.prefixRange(w)
		for i := lo; i < hi; i++ {
			out = append(out, expansion{i, quality(w, iv.toks[i], 0)})
		}
		return out
	}
	var dp prefixDP
	dp.reset(w, k)
	toks := iv.toks
	for i := 0; i < len(toks); {
		t := toks[i]
		d, dead := dp.run(t)
		if d >= 0 {
			out = append(out, expansion{i, quality(w, t, d)})
		}
		if dead < 0 {
			i++
			continue
		}
		// No token that starts with t[:dead] can match: skip them all,
		// galloping since the run is usually short.
		i = skipPrefix(toks, i+1, t[:dead])
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
// than k) and the length of a prefix of t no extension of which can match
// (-1 when there is none).
func (p *prefixDP) run(t string) (dist, dead int) {
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
			return 0, -1
		}
		plo := p.k + 1
		for _, v := range prev {
			plo = min(plo, v)
		}
		if lo > p.k && plo >= p.k {
			if best <= p.k {
				return best, -1
			}
			return -1, j
		}
	}
	if best <= p.k {
		return best, -1
	}
	return -1, -1
}

// dist returns the distance of w to the closest prefix of tok, or -1 when it
// is more than k.
func dist(w, tok string, k int) int {
	if strings.HasPrefix(tok, w) {
		return 0
	}
	if k == 0 {
		return -1
	}
	var p prefixDP
	p.reset(w, k)
	d, _ := p.run(tok)
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
