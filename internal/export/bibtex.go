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
)

// BibTeX writes arXiv-style @misc entries built from cached metadata, so it
// works offline. Keys are unique within one call.
func BibTeX(w io.Writer, ps []paper.Paper) error {
	seen := map[string]int{}
	for i, p := range ps {
		if i > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		key := bibKey(p)
		if n := seen[key]; n > 0 {
			seen[key]++
			key = fmt.Sprintf("%s%c", key, 'a'+rune(n-1)%26)
		} else {
			seen[key] = 1
		}
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
	field("title", "{"+bibEscape(p.Title)+"}") // double braces keep the capitalisation
	field("author", bibEscape(strings.Join(p.VisibleAuthors(), " and ")))
	field("year", year(p))
	field("eprint", p.ID)
	field("archivePrefix", "arXiv")
	field("url", "https://arxiv.org/abs/"+p.ID)
	b.WriteString("}\n")
	return b.String()
}

func year(p paper.Paper) string {
	for _, d := range []string{p.PublishedAt, p.Day} {
		if len(d) >= 4 {
			return d[:4]
		}
	}
	if len(p.ID) >= 2 && p.ID[0] >= '0' && p.ID[0] <= '9' {
		return "20" + p.ID[:2]
	}
	return ""
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
	key := asciiLetters(last) + year(p) + word
	if key == "" || key == year(p) {
		key = "arxiv" + strings.NewReplacer(".", "_", "/", "_").Replace(p.ID)
	}
	return key
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

// bibEscape makes untrusted text safe inside a braced BibTeX field: specials
// are escaped and braces balanced, so no field can end early or swallow the next.
func bibEscape(s string) string {
	var b strings.Builder
	for _, r := range paper.CollapseSpace(s) {
		switch r {
		case '\\':
			b.WriteString(`\textbackslash{}`)
		case '{':
			b.WriteString(`\{`)
		case '}':
			b.WriteString(`\}`)
		case '&', '%', '$', '#', '_':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '~':
			b.WriteString(`\textasciitilde{}`)
		case '^':
			b.WriteString(`\textasciicircum{}`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
