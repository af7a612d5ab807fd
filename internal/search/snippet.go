package search

import (
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

const ellipsis = "…"

// Snippet returns a window of about width bytes of abstract (white space
// collapsed) around the first word that matches one of terms, as Result.Terms
// gives them, and the byte ranges [start, end) of the matches inside it. With
// no match it returns the start of the abstract.
func Snippet(abstract string, terms []string, width int) (string, [][2]int) {
	text := paper.CollapseSpace(abstract)
	if width <= 0 {
		width = 200
	}
	var hl [][2]int
	f, offs := foldMapTeX(text)
	tokens(f, func(s, e int) {
		tok := f[s:e]
		for _, w := range terms {
			d := dist(w, tok, maxTypos(len(w)))
			if d < 0 {
				continue
			}
			end := e
			if d == 0 && s+len(w) < e {
				end = s + len(w)
			}
			hl = append(hl, [2]int{offs[s], origEnd(text, offs, end)})
			return
		}
	})
	start := 0
	if len(hl) > 0 && hl[0][1] > width*2/3 {
		start = wordStart(text, hl[0][0]-width/3)
	}
	end := len(text)
	if end-start > width {
		end = wordEnd(text, start+width)
	}
	out := text[start:end]
	shift := -start
	if start > 0 {
		out = ellipsis + out
		shift += len(ellipsis)
	}
	if end < len(text) {
		out += ellipsis
	}
	var in [][2]int
	for _, h := range hl {
		if h[0] >= start && h[1] <= end {
			in = append(in, [2]int{h[0] + shift, h[1] + shift})
		}
	}
	return out, in
}

// origEnd maps the end of a folded range back to text: the end of the
// rune its last byte came from.
func origEnd(text string, offs []int, end int) int {
	o := offs[end-1]
	_, size := utf8.DecodeRuneInString(text[o:])
	return o + size
}

// foldMapTeX is foldMap of s read as text (plainText), with the offsets
// pointing into s.
func foldMapTeX(s string) (string, []int) {
	if !hasTeX(s) {
		return foldMap(s)
	}
	plain, at := detex(s, true)
	f, offs := foldMap(plain)
	for i, o := range offs {
		offs[i] = at[o]
	}
	return f, offs
}

// wordStart moves i back to the start of the word it is in.
func wordStart(s string, i int) int {
	if i <= 0 {
		return 0
	}
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	for j := i; j > 0 && j > i-20; j-- {
		if s[j-1] == ' ' {
			return j
		}
	}
	return i
}

// wordEnd moves i forward to the end of the word it is in.
func wordEnd(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	for j := i; j < len(s) && j < i+20; j++ {
		if s[j] == ' ' {
			return j
		}
	}
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}
