package export

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// parseBib is a small BibTeX reader for what BibTeX writes: entries
// @type{key, name = value, …} whose values are {braced}, "quoted", or a
// macro or number. It fails the test on anything else: a brace that does
// not balance, a backslash that escapes nothing, a duplicate key or field,
// text after the last entry, or a field TeX would misread (a raw %, #, &,
// _ or ^ outside math, an odd $). It returns key → fields, braced values
// without their outer braces.
func parseBib(t testing.TB, s string) map[string]map[string]string {
	t.Helper()
	entries := map[string]map[string]string{}
	i := 0
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("bibtex at byte %d (%q): %s", i, s[i:min(len(s), i+40)], fmt.Sprintf(format, args...))
	}
	space := func() {
		for i < len(s) && strings.IndexByte(" \t\n\r", s[i]) >= 0 {
			i++
		}
	}
	word := func() string {
		j := i
		for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9' || s[i] == '_' || s[i] == '-') {
			i++
		}
		return s[j:i]
	}
	expect := func(c byte) {
		t.Helper()
		if i >= len(s) || s[i] != c {
			fail("want %q", c)
		}
		i++
	}
	for space(); i < len(s); space() {
		expect('@')
		if typ := word(); typ == "" {
			fail("no entry type")
		}
		expect('{')
		key := word()
		if key == "" {
			fail("no key")
		}
		if _, dup := entries[key]; dup {
			t.Errorf("duplicate key %q", key)
		}
		expect(',')
		fields := map[string]string{}
		for {
			space()
			if i < len(s) && s[i] == '}' {
				i++
				break
			}
			name := word()
			if name == "" {
				fail("no field name in entry %s", key)
			}
			space()
			expect('=')
			space()
			var value string
			switch {
			case i < len(s) && s[i] == '{':
				start, depth := i+1, 0
				for ; i < len(s); i++ {
					if s[i] == '\\' {
						if i+1 >= len(s) || s[i+1] == '\n' {
							fail("a backslash that escapes nothing in %s.%s", key, name)
						}
						i++
						continue
					}
					if s[i] == '{' {
						depth++
					} else if s[i] == '}' {
						if depth--; depth == 0 {
							break
						}
					}
				}
				if depth != 0 {
					fail("unbalanced braces in %s.%s", key, name)
				}
				value = s[start:i]
				i++
				texSafe(t, key+"."+name, value)
			case i < len(s) && s[i] == '"':
				start := i + 1
				i = start + strings.IndexByte(s[start:], '"')
				if i < start {
					fail("unterminated quote")
				}
				value = s[start:i]
				i++
			default:
				if value = word(); value == "" {
					fail("no value for %s.%s", key, name)
				}
			}
			if _, dup := fields[name]; dup {
				t.Errorf("entry %s: field %s twice", key, name)
			}
			fields[name] = value
			space()
			if i < len(s) && s[i] == ',' {
				i++
			}
		}
		entries[key] = fields
	}
	return entries
}

// texSafe checks that LaTeX reads a field value as the text it means: no
// raw %, # or & anywhere, no raw _ or ^ outside math, math delimited by
// pairs of unescaped $.
func texSafe(t testing.TB, where, v string) {
	t.Helper()
	math := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\\':
			i++
		case '$':
			math = !math
		case '%', '#', '&':
			t.Errorf("%s: raw %q in %q", where, c, v)
		case '_', '^':
			if !math {
				t.Errorf("%s: raw %q outside math in %q", where, c, v)
			}
		}
	}
	if math {
		t.Errorf("%s: unclosed math in %q", where, v)
	}
}

func TestBibTeXEscapesUntrustedText(t *testing.T) {
	ps := []paper.Paper{
		{ID: "2410.17243", Title: "VideoLLaMA 2: Advancing Spatial-Temporal Modeling", PublishedAt: "2024-10-22",
			Authors: []paper.Author{{Name: "Zesen Cheng"}, {Name: "Secret", Hidden: true}, {Name: "Hang Zhang"}}},
		{ID: "2410.17244", Title: "Video & Audio: 100% {braces} $x^2$ #1 under_score \\cmd ~tilde", PublishedAt: "2024-10-22",
			Authors: []paper.Author{{Name: "Zesen Cheng"}}},
		{ID: "2410.17245", Title: "Vidéo Über Ünïcödé }{ unbalanced", PublishedAt: "2024-10-22",
			Authors: []paper.Author{{Name: "Jürgen Müller"}}},
		{ID: "2410.17246", Title: "}", Authors: nil},
	}
	var buf bytes.Buffer
	if err := BibTeX(&buf, ps); err != nil {
		t.Fatal(err)
	}
	got := parseBib(t, buf.String())
	if len(got) != len(ps) {
		t.Fatalf("parsed %d entries, want %d:\n%s", len(got), len(ps), buf.String())
	}
	first := got["cheng2024videollama"]
	if first == nil {
		t.Fatalf("no entry keyed cheng2024videollama:\n%s", buf.String())
	}
	if first["author"] != "Zesen Cheng and Hang Zhang" {
		t.Errorf("author = %q (hidden authors must be left out)", first["author"])
	}
	if first["eprint"] != "2410.17243" || first["archivePrefix"] != "arXiv" || first["year"] != "2024" {
		t.Errorf("fields = %v", first)
	}
	second := got["cheng2024video"]
	if second == nil || !strings.Contains(second["title"], `\&`) || !strings.Contains(second["title"], `100\%`) ||
		!strings.Contains(second["title"], `\{braces\}`) || !strings.Contains(second["title"], ` $x^2$ `) {
		t.Errorf("special characters not escaped: %q", second["title"])
	}
	if third := got["muller2024video"]; third == nil || !strings.Contains(third["title"], "Über") {
		t.Errorf("unicode entry: %v", got)
	}
}

func TestBibTeXDateFromArXivID(t *testing.T) {
	tests := []struct {
		id, published, day string
		year, month        string
	}{
		// Hugging Face's publishedAt can be years off; the id is not.
		{"2405.13729", "2026-01-15", "2026-01-16", "2024", "may"},
		{"2410.17243", "2024-10-22", "", "2024", "oct"},
		{"2512.00001", "", "", "2025", "dec"},
		{"0704.0001", "", "", "2007", "apr"},
		{"hep-th/9901001", "", "", "1999", "jan"},
		{"math.GT/0309136", "", "", "2003", "sep"},
		{"cs/0112017", "", "", "2001", "dec"},
		// Not an arXiv id: the year of publishedAt, else of the day.
		{"weird", "2023-02-01", "", "2023", ""},
		{"weird", "", "2022-03-04", "2022", ""},
		{"2413.00001", "2025-01-01", "", "2025", ""}, // no month 13
	}
	for _, tt := range tests {
		p := paper.Paper{ID: tt.id, PublishedAt: tt.published, Day: tt.day, Title: "T", Authors: []paper.Author{{Name: "A B"}}}
		e := parseBib(t, BibTeXEntry(p))
		for _, f := range e {
			if f["year"] != tt.year || f["month"] != tt.month {
				t.Errorf("%s: year %q month %q, want %q %q", tt.id, f["year"], f["month"], tt.year, tt.month)
			}
		}
	}
}

func TestBibTeXTitleKeepsMath(t *testing.T) {
	tests := []struct{ title, want string }{
		{`A Simple and Effective $L_2$ Norm-Based Strategy`, `{A Simple and Effective $L_2$ Norm-Based Strategy}`},
		{`Complexity $\mathcal{O}(n \log n)$ with $\alpha < \beta$ & "quotes"`, `{Complexity $\mathcal{O}(n \log n)$ with $\alpha < \beta$ \& "quotes"}`},
		{`$\textit{Trans-LoRA}$: towards`, `{$\textit{Trans-LoRA}$: towards}`},
		{`Top-$nσ$: Not All Logits`, `{Top-$nσ$: Not All Logits}`},
		{`Reaching $50%$ & $\#1$`, `{Reaching $50\%$ \& $\#1$}`},
		// Dollars that are money, and specials escaped already.
		{`Can Frontier LLMs Earn $1 Million?`, `{Can Frontier LLMs Earn \$1 Million?}`},
		{`\$OneMillion-Bench: How Far`, `{\$OneMillion-Bench: How Far}`},
		{`Prefill \& Decode Inference`, `{Prefill \& Decode Inference}`},
		{`Fixing 7,400 Bugs for 1$: Cheap`, `{Fixing 7,400 Bugs for 1\$: Cheap}`},
		// Math that would end the field early is text.
		{`Evil $}$, note = {x$ title`, `{Evil \$\}\$, note = \{x\$ title}`},
		{`Trailing $x\$ and $`, `{Trailing $x\$ and $}`}, // math holding an escaped dollar
		{`Ends in math $x\`, `{Ends in math \$x\textbackslash{}}`},
		{`Network\ for Time Series`, `{Network\textbackslash{} for Time Series}`},
		{"Line\n  wrapped   $x$", `{Line wrapped $x$}`},
	}
	for _, tt := range tests {
		p := paper.Paper{ID: "2406.11430", Title: tt.title, Authors: []paper.Author{{Name: "Zesen Cheng"}}}
		for _, f := range parseBib(t, BibTeXEntry(p)) {
			if f["title"] != tt.want {
				t.Errorf("title of %q = %s, want %s", tt.title, f["title"], tt.want)
			}
		}
	}
}

func TestBibTeXKeysStayUnique(t *testing.T) {
	// 60 papers with the same key, and ones whose own key is what a suffix
	// would make of it.
	var ps []paper.Paper
	for i := range 60 {
		ps = append(ps, paper.Paper{ID: fmt.Sprintf("2405.%05d", i), Title: "Towards Everything", Authors: []paper.Author{{Name: "Lei Wang"}}})
	}
	ps = append(ps, paper.Paper{ID: "2405.99999", Title: "Towardsa Nothing", Authors: []paper.Author{{Name: "Lei Wang"}}})
	var buf bytes.Buffer
	if err := BibTeX(&buf, ps); err != nil {
		t.Fatal(err)
	}
	if got := parseBib(t, buf.String()); len(got) != len(ps) {
		t.Errorf("%d keys for %d papers", len(got), len(ps))
	}
}
