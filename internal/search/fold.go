package search

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/unicode/norm"
)

// marks are the combining marks that canonical decomposition splits off
// accented letters: dropping them folds "Müller" to "muller".
var marks = runes.In(unicode.Mn)

// special holds the letters that carry their "accent" in the base letter and
// so do not decompose, folded the way people type them on an ASCII keyboard,
// and the Greek letters, folded to their names.
var special = func() map[rune]string {
	m := map[rune]string{
		'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
		'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ı': "i",
		'þ': "th", 'Þ': "th", 'ħ': "h", 'Ħ': "h",
	}
	for r, name := range greek {
		m[r] = name
		if u := unicode.ToUpper(r); u != r {
			m[u] = name
		}
	}
	return m
}()

// greek holds the Latin names of the Greek letters, which fold to them so
// that "μP" and "muP" are the same word, and so is TeX's "$\mu$P".
var greek = map[rune]string{
	'α': "alpha", 'β': "beta", 'γ': "gamma", 'δ': "delta", 'ε': "epsilon", 'ζ': "zeta", 'η': "eta",
	'θ': "theta", 'ι': "iota", 'κ': "kappa", 'λ': "lambda", 'μ': "mu", 'ν': "nu", 'ξ': "xi",
	'ο': "omicron", 'π': "pi", 'ρ': "rho", 'σ': "sigma", 'ς': "sigma", 'τ': "tau", 'υ': "upsilon",
	'φ': "phi", 'χ': "chi", 'ψ': "psi", 'ω': "omega",
	// Symbol variants, and the micro sign that keyboards type for μ.
	'ϑ': "theta", 'ϕ': "phi", 'ϖ': "pi", 'ϱ': "rho", 'ϵ': "epsilon", 'ϰ': "kappa", 'ϐ': "beta",
	'ϒ': "upsilon", 'µ': "mu",
}

// latinFold holds the folded form of the Latin-1 and Latin Extended
// letters, where nearly all the accents of author names are.
var latinFold = func() (t [0x250 - utf8.RuneSelf]string) {
	for i := range t {
		t[i] = string(appendFoldRuneSlow(nil, rune(i+utf8.RuneSelf)))
	}
	return t
}()

// appendFoldRune appends the lowercased, diacritics-free form of r.
func appendFoldRune(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	}
	if r < utf8.RuneSelf+rune(len(latinFold)) {
		return append(dst, latinFold[r-utf8.RuneSelf]...)
	}
	return appendFoldRuneSlow(dst, r)
}

func appendFoldRuneSlow(dst []byte, r rune) []byte {
	if s, ok := special[r]; ok {
		return append(dst, s...)
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	d := norm.NFD.Properties(buf[:n]).Decomposition()
	if d == nil {
		if marks.Contains(r) {
			return dst
		}
		return utf8.AppendRune(dst, unicode.ToLower(r))
	}
	for len(d) > 0 {
		c, size := utf8.DecodeRune(d)
		d = d[size:]
		if marks.Contains(c) {
			continue
		}
		c = unicode.ToLower(c)
		if s, ok := special[c]; ok {
			dst = append(dst, s...) // an accented Greek letter: ά is alpha
		} else {
			dst = utf8.AppendRune(dst, c)
		}
	}
	return dst
}

// appendFold appends the folded form of s: lowercase, without diacritics.
func appendFold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		dst = appendFoldRune(dst, r)
		i += size
	}
	return dst
}

// fold returns the folded form of s.
func fold(s string) string { return string(appendFold(make([]byte, 0, len(s)), s)) }

// foldMap folds s and also returns, for every byte of the folded form, the
// byte offset in s of the rune it came from, so that match positions found
// in folded text can be shown on the original.
func foldMap(s string) (string, []int) {
	out := make([]byte, 0, len(s))
	offs := make([]int, 0, len(s))
	for i, r := range s {
		n := len(out)
		out = appendFoldRune(out, r)
		for range len(out) - n {
			offs = append(offs, i)
		}
	}
	return string(out), offs
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isWordByte reports whether the ASCII byte c belongs to a token.
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z'
}

// span is one token of folded text: f[Start:End].
type span struct{ Start, End int }

// tokens calls yield with the start and end of every token of the folded
// text f: maximal runs of letters and digits.
func tokens(f string, yield func(start, end int)) {
	start := -1
	for i := 0; i < len(f); {
		c := f[i]
		size := 1
		word := false
		if c < utf8.RuneSelf {
			word = isWordByte(c)
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(f[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if word {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			yield(start, i)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		yield(start, len(f))
	}
}

// terms splits text into folded tokens.
func terms(text string) []string {
	f := fold(text)
	var out []string
	tokens(f, func(s, e int) { out = append(out, f[s:e]) })
	return out
}
