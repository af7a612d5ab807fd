// Package export writes papers out in formats other tools read: BibTeX,
// Markdown reading lists and JSON.
package export

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/termtext"
)

// BibTeX writes arXiv-style @misc entries built from cached metadata, so it
// works offline. Keys are unique within one call.
func BibTeX(w io.Writer, ps []paper.Paper) error {
	used := map[string]bool{}
	for i, p := range ps {
		if i > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		key := bibKey(p)
		for n := 1; used[key]; n++ {
			key = bibKey(p) + suffix(n)
		}
		used[key] = true
		if _, err := io.WriteString(w, bibEntry(p, key)); err != nil {
			return err
		}
	}
	return nil
}

// BibTeXEntry is the entry of one paper.
func BibTeXEntry(p paper.Paper) string { return bibEntry(p, bibKey(p)) }

func bibEntry(p paper.Paper, key string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "@misc{%s,\n", key)
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "  %s = {%s},\n", name, value)
		}
	}
	year, month := date(p)
	field("title", "{"+bibTitle(p.Title)+"}") // double braces keep the capitalisation
	field("author", bibEscape(strings.Join(p.VisibleAuthors(), " and ")))
	field("year", year)
	if month != "" {
		fmt.Fprintf(&b, "  month = %s,\n", month) // a BibTeX month macro, unbraced
	}
	field("eprint", p.ID)
	field("archivePrefix", "arXiv")
	field("url", "https://arxiv.org/abs/"+p.ID)
	b.WriteString("}\n")
	return b.String()
}

var months = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// date is the year and month macro of a paper's first arXiv version, which
// its id carries (2405.13729 is May 2024, hep-th/9901001 January 1999):
// Hugging Face's publishedAt is sometimes a later date. Without an arXiv id,
// the year of PublishedAt or Day.
func date(p paper.Paper) (year, month string) {
	yymm := ""
	switch id := p.ID; {
	case len(id) >= 9 && id[4] == '.' && allDigits(id[:4]):
		yymm = id[:4]
	case strings.Contains(id, "/"):
		if n := id[strings.LastIndexByte(id, '/')+1:]; len(n) >= 4 && allDigits(n[:4]) {
			yymm = n[:4]
		}
	}
	if yymm != "" {
		yy, mm := int(yymm[0]-'0')*10+int(yymm[1]-'0'), int(yymm[2]-'0')*10+int(yymm[3]-'0')
		if 1 <= mm && mm <= 12 {
			century := 2000
			if yy >= 91 { // arXiv began in August 1991
				century = 1900
			}
			return fmt.Sprint(century + yy), months[mm-1]
		}
	}
	for _, d := range []string{p.PublishedAt, p.Day} {
		if len(d) >= 4 && allDigits(d[:4]) {
			return d[:4], ""
		}
	}
	return "", ""
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// bibKey is lastnameYEARfirstword, ASCII only: "cheng2024videollama".
func bibKey(p paper.Paper) string {
	last := "anon"
	if names := p.VisibleAuthors(); len(names) > 0 {
		f := strings.Fields(names[0])
		if len(f) > 0 {
			last = f[len(f)-1]
		}
	}
	word := ""
	for _, w := range strings.Fields(p.Title) {
		w = asciiLetters(w)
		if len(w) > 3 || (word == "" && len(w) > 0 && len(strings.Fields(p.Title)) == 1) {
			word = w
			break
		}
	}
	year, _ := date(p)
	key := asciiLetters(last) + year + word
	if key == "" || key == year {
		key = "arxiv" + strings.NewReplacer(".", "_", "/", "_").Replace(p.ID)
	}
	return key
}

// suffix is the n-th of a, b, …, z, aa, ab, …: what tells apart keys that
// would be the same.
func suffix(n int) string {
	var b []byte
	for ; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('a' + (n-1)%26)}, b...)
	}
	return string(b)
}

// asciiLetters folds accents away and keeps lowercase ASCII letters and digits.
func asciiLetters(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, _ = transform.String(t, s)
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// bibTitle is bibEscape for a title, except that TeX math in it ($L_2$,
// $\mathcal{O}(n)$) is kept as math: a pair of unescaped dollars whose
// content balances its braces. A dollar without a partner is a dollar sign,
// and text that escapes a special already (\& in "Prefill \& Decode") is
// kept as it is.
func bibTitle(s string) string {
	s = termtext.Line(paper.CollapseSpace(s))
	var b strings.Builder
	for s != "" {
		open := dollar(s, 0)
		if open < 0 {
			b.WriteString(escapeText(s))
			break
		}
		end := dollar(s, open+1)
		if end < 0 || !mathOK(s[open+1:end]) {
			b.WriteString(escapeText(s[:open+1]))
			s = s[open+1:]
			continue
		}
		b.WriteString(escapeText(s[:open]))
		b.WriteByte('$')
		b.WriteString(escapeMath(s[open+1 : end]))
		b.WriteByte('$')
		s = s[end+1:]
	}
	return b.String()
}

// dollar returns the index of the first unescaped $ in s at or after i, or -1.
func dollar(s string, i int) int {
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '$':
			return i
		}
	}
	return -1
}

// mathOK reports whether m can go into a braced field as it is: not empty,
// braces balanced (escaped ones aside), no backslash at its end.
func mathOK(m string) bool {
	depth := 0
	for i := 0; i < len(m); i++ {
		switch m[i] {
		case '\\':
			if i+1 == len(m) {
				return false
			}
			i++
		case '{':
			depth++
		case '}':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0 && strings.TrimSpace(m) != ""
}

// bibEscape makes untrusted text safe inside a braced BibTeX field: specials
// are escaped and braces balanced, so no field can end early or swallow the
// next. A special the text escapes already (\&, \%, \$, \#, \_) is kept.
func bibEscape(s string) string { return escapeText(termtext.Line(paper.CollapseSpace(s))) }

// escapeText is bibEscape without collapsing white space.
func escapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && strings.IndexByte(escaped, s[i+1]) >= 0 {
			b.WriteString(s[i : i+2])
			i++
			continue
		}
		switch c {
		case '\\':
			b.WriteString(`\textbackslash{}`)
		case '{':
			b.WriteString(`\{`)
		case '}':
			b.WriteString(`\}`)
		case '&', '%', '$', '#', '_':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '~':
			b.WriteString(`\textasciitilde{}`)
		case '^':
			b.WriteString(`\textasciicircum{}`)
		default:
			b.WriteByte(c) // bytes of other runes go through whole
		}
	}
	return b.String()
}

// escaped are the specials a backslash makes plain characters in text.
const escaped = "&%$#_"

// escapeMath escapes in math what TeX would read as an alignment, a
// comment or a parameter, leaving escapes and commands as they are.
func escapeMath(m string) string {
	var b strings.Builder
	for i := 0; i < len(m); i++ {
		switch c := m[i]; c {
		case '\\':
			b.WriteString(m[i : i+2]) // mathOK: never last
			i++
		case '%', '#', '&':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
