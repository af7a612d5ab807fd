package export

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store"
	"github.com/paperboy-reader/paperboy/internal/store/storetest"
)

func hostile() []paper.Paper {
	return []paper.Paper{
		{ID: "2605.00001", Day: "2026-05-26", Upvotes: 42, PublishedAt: "2026-05-25",
			Title:   "**Bold** [click](javascript:alert(1)) <script>alert(1)</script> & `code` | $x_1$ ~~del~~ ![img](x)",
			Authors: []paper.Author{{Name: "Zoë <b>Ünïcödé</b>"}, {Name: "Hidden", Hidden: true}, {Name: "_Under_ Score"}},
			Raw:     json.RawMessage(`{"paper":{"id":"2605.00001","weird":"\u2028 </script>"}}`)},
		{ID: "2605.00002", Day: "2026-05-26", Upvotes: 1, Title: "Plain\ntitle\n# not a heading",
			Authors: []paper.Author{{Name: "A"}, {Name: "B"}, {Name: "C"}, {Name: "D"}, {Name: "E"}, {Name: "F"}, {Name: "G"}, {Name: "H"}}},
	}
}

func TestMarkdownEscapesUntrustedText(t *testing.T) {
	ps := hostile()
	var buf bytes.Buffer
	err := Markdown(&buf, "Saved [papers]", []Entry{{Paper: ps[0], State: paper.State{Read: true, Saved: true}}, {Paper: ps[1]}})
	if err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"# Saved \\[papers\\]\n",
		"2 papers.",
		"- [x] **[\\*\\*Bold\\*\\* \\[click\\]\\(javascript:alert\\(1\\)\\) \\<script\\>alert\\(1\\)\\</script\\> \\& \\`code\\` \\| \\$x\\_1\\$ \\~\\~del\\~\\~ \\!\\[img\\]\\(x\\)](https://huggingface.co/papers/2605.00001)** ★\n",
		"  Zoë \\<b\\>Ünïcödé\\</b\\>, \\_Under\\_ Score · arXiv [2605.00001](https://arxiv.org/abs/2605.00001) · 2026-05-26 · 42 upvotes · read · saved\n",
		"- [ ] **[Plain title \\# not a heading](https://huggingface.co/papers/2605.00002)**\n",
		"A, B, C, D, E, F +2 more · arXiv [2605.00002](https://arxiv.org/abs/2605.00002) · 2026-05-26 · 1 upvote\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "Hidden") {
		t.Error("hidden author listed")
	}
	// every line is a heading, a list item, its detail line, or blank: no
	// title broke out of its line
	for _, line := range strings.Split(strings.TrimSpace(md), "\n") {
		if line != "" && !strings.HasPrefix(line, "# ") && !strings.HasPrefix(line, "- [") && !strings.HasPrefix(line, "  ") && line != "2 papers." {
			t.Errorf("stray line %q", line)
		}
	}
}

func TestBibTeXKeysUniqueAndParse(t *testing.T) {
	ps := append(hostile(),
		paper.Paper{ID: "2605.00003", Title: "Plain title again", Authors: []paper.Author{{Name: "A"}}, Day: "2026-05-26"},
		paper.Paper{ID: "2605.00004", Title: "Plain title thrice", Authors: []paper.Author{{Name: "A"}}, Day: "2026-05-26"},
		paper.Paper{ID: "2605.00005", Title: "50% off: R&D {costs} in $ and € — naïve café", Authors: []paper.Author{{Name: "Øystein Ørsted"}}, Day: "2026-05-26"},
	)
	var buf bytes.Buffer
	if err := BibTeX(&buf, ps); err != nil {
		t.Fatal(err)
	}
	got := parseBib(t, buf.String()) // fails on duplicate keys and unbalanced braces
	if len(got) != len(ps) {
		t.Fatalf("parsed %d entries, want %d:\n%s", len(got), len(ps), buf.String())
	}
	var last map[string]string
	for _, f := range got {
		if f["eprint"] == "2605.00005" {
			last = f
		}
	}
	if last == nil || last["title"] != `{50\% off: R\&D \{costs\} in \$ and € — naïve café}` || last["author"] != "Øystein Ørsted" {
		t.Errorf("escaped entry = %v", last)
	}
}

func TestLibraryRoundTripAndMerge(t *testing.T) {
	t0 := time.Date(2026, 5, 26, 8, 0, 0, 0, time.UTC)
	ps := hostile()
	lib := Library{ExportedAt: t0, Scope: "all",
		Settings: map[string]json.RawMessage{"syncInterval": json.RawMessage(`15`), "hfToken": json.RawMessage(`"secret"`)},
		Topics:   []store.Topic{{ID: "t1", Name: "Diffusion", Query: "diffusion", Created: t0}},
		States:   map[string]paper.State{"2605.00001": {Saved: true, SavedAt: t0}, "2501.00009": {Read: true, ReadAt: t0}},
		Days:     []DayList{{Day: paper.Day{Date: "2026-05-26", Complete: true, FetchedAt: t0}, IDs: []string{"2605.00001", "2605.00002"}}},
		Papers:   []LibraryPaper{{Paper: ps[0], History: []paper.Point{{At: t0, Upvotes: 40}, {At: t0.Add(time.Hour), Upvotes: 42}}}, {Paper: ps[1]}},
	}
	var buf bytes.Buffer
	if err := WriteLibrary(&buf, lib, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), `{"format":"paperboy-library","version":1,`) {
		t.Errorf("head = %.60s", buf.String())
	}
	back, err := ReadLibrary(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Papers) != 2 || back.Papers[0].Title != ps[0].Title || len(back.Papers[0].History) != 2 ||
		string(back.Papers[0].Raw) != string(ps[0].Raw) || back.Topics[0].Query != "diffusion" {
		t.Fatalf("read back = %+v", back)
	}

	db := storetest.OpenTemp(t)
	want := ImportReport{Papers: 2, States: 2, Topics: 1, Settings: 1}
	for round, want := range []ImportReport{want, {}} {
		got, err := Merge(db, back, "hfToken")
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("round %d: Merge = %+v, %v; want %+v", round, got, err, want)
		}
	}
	if ids, _ := db.DayIDs("2026-05-26"); len(ids) != 2 {
		t.Errorf("day list = %v", ids)
	}
	if h, _ := db.History("2605.00001"); len(h) != 2 {
		t.Errorf("history = %v", h)
	}
	var tok string
	if ok, _ := db.Setting("hfToken", &tok); ok {
		t.Error("a skipped setting was imported")
	}
	// a topic with the same search under another id is not added twice
	back.Topics = []store.Topic{{ID: "other", Name: "x", Query: "Diffusion", Created: t0}}
	if got, _ := Merge(db, back); got.Topics != 0 {
		t.Errorf("duplicate search imported: %+v", got)
	}
}

func TestReadLibraryRejectsGarbage(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"empty", ""},
		{"not json", "hello"},
		{"html", "<html><body>502</body></html>"},
		{"other json", `{"papers":[]}`},
		{"array", `[1,2,3]`},
		{"newer version", `{"format":"paperboy-library","version":2}`},
		{"truncated", `{"format":"paperboy-library","version":1,"papers":[{"id":"2605.00001"`},
		{"bad id", `{"format":"paperboy-library","version":1,"papers":[{"id":"../../etc"}]}`},
		{"bad day", `{"format":"paperboy-library","version":1,"days":[{"date":"yesterday"}]}`},
		{"bad state", `{"format":"paperboy-library","version":1,"states":{"x/../y":{"read":true}}}`},
		{"bad topic", `{"format":"paperboy-library","version":1,"topics":[{"id":"a/b","query":"x"}]}`},
		{"trailing", `{"format":"paperboy-library","version":1} {"more":1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lib, err := ReadLibrary(strings.NewReader(tc.text))
			if paper.ErrorCode(err) != paper.EINVALID || lib != nil {
				t.Errorf("ReadLibrary = %v, %v; want an invalid error", lib, err)
			}
		})
	}
}
