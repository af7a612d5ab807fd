package export

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// parseBib is a small BibTeX reader: it checks that braces balance, that
// escapes are complete, and returns key → fields.
func parseBib(t *testing.T, s string) map[string]map[string]string {
	t.Helper()
	entries := map[string]map[string]string{}
	head := regexp.MustCompile(`(?m)^@misc\{([^,\s]+),\n`)
	locs := head.FindAllStringSubmatchIndex(s, -1)
	for i, loc := range locs {
		key := s[loc[2]:loc[3]]
		if _, dup := entries[key]; dup {
			t.Errorf("duplicate key %q", key)
		}
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := s[loc[1]:end]
		fields := map[string]string{}
		for len(strings.TrimSpace(body)) > 1 {
			body = strings.TrimLeft(body, " \n")
			if strings.HasPrefix(body, "}") {
				break
			}
			name, rest, ok := strings.Cut(body, " = {")
			if !ok {
				t.Fatalf("entry %s: malformed field at %q", key, body[:min(len(body), 40)])
			}
			depth, j := 1, 0
			for ; j < len(rest) && depth > 0; j++ {
				switch rest[j] {
				case '\\':
					j++ // an escaped character never opens or closes a group
				case '{':
					depth++
				case '}':
					depth--
				}
			}
			if depth != 0 {
				t.Fatalf("entry %s field %s: unbalanced braces", key, name)
			}
			fields[name] = rest[:j-1]
			body = strings.TrimPrefix(rest[j:], ",")
		}
		entries[key] = fields
	}
	return entries
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
		!strings.Contains(second["title"], `\{braces\}`) || !strings.Contains(second["title"], `\$x\textasciicircum{}2\$`) {
		t.Errorf("special characters not escaped: %q", second["title"])
	}
	if third := got["muller2024video"]; third == nil || !strings.Contains(third["title"], "Über") {
		t.Errorf("unicode entry: %v", got)
	}
}
