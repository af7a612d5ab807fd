package search

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestBodyText(t *testing.T) {
	md := "# Attention Is All You Need\n\nAshish Vaswani\n\n## 3 Model *Architecture*\n\n" +
		"We use **multi-head** attention [12, 13] and `softmax` ([see](https://arxiv.org/abs/1706.03762)).\n" +
		"![Figure 1: The Transformer](https://arxiv.org/html/1706.03762v7/x1.png)\n\n" +
		"| Model | BLEU |\n|---|---:|\n| Big | 28.4 |\n\n" +
		"- first item\n12. numbered item\n> quoted line\n\n---\n\n" +
		"<script>alert(1)</script> a <b>bold</b> tag, $x_i < y$, snake_case_name and $W_{q}$.\n\n" +
		"[ref]: https://example.org/defined\n\n```python\ndef f(x):\n    return x\n```\n"
	got := BodyText(md)
	for _, want := range []string{"\x1dAttention Is All You Need", "\x1d3 Model Architecture", "We use multi-head attention 12, 13 and softmax (see).",
		"Figure 1: The Transformer", "  Model    BLEU  ", "first item", "numbered item", "quoted line",
		"alert(1) a bold tag, $x_i < y$, snake_case_name and $W_{q}$.", "def f(x):\nreturn x"} {
		if !strings.Contains(got, want) {
			t.Errorf("BodyText lacks %q:\n%s", want, got)
		}
	}
	for _, gone := range []string{"https://", "x1.png", "**", "`", "|---", "<script>", "<b>", "[ref]", "defined", "```", "- first", "12. ", "> quoted", "---"} {
		if strings.Contains(got, gone) {
			t.Errorf("BodyText keeps %q:\n%s", gone, got)
		}
	}
}

func bodyCorpus() []paper.Paper {
	return []paper.Paper{
		{ID: "2501.00001", Title: "Sparse attention for long documents", Abstract: "We study sparse attention.", Upvotes: 5, Day: "2025-01-02"},
		{ID: "2501.00002", Title: "A survey of optimizers", Abstract: "We compare zephyrine optimizers.", Upvotes: 1, Day: "2025-01-02"},
		{ID: "2501.00003", Title: "Zephyrine models", Abstract: "A model.", Upvotes: 1, Day: "2025-01-02"},
		{ID: "2501.00004", Title: "Unrelated work", Abstract: "Nothing here.", Upvotes: 50, Day: "2025-01-02"},
	}
}

func TestBodiesAreSearchedBelowOtherFields(t *testing.T) {
	ix := New()
	ix.Rebuild(bodyCorpus())
	ix.SetBodies(
		Body{ID: "2501.00001", Markdown: "# Method\n\nWe call it **zephyrine** calibration of the quokkalith.\n"},
		Body{ID: "2501.00004", Markdown: "# Appendix\n\nThe quokkalith appears once more.\n"},
	)
	if ix.Bodies() != 2 || !ix.HasBody("2501.00001") || ix.HasBody("2501.00002") {
		t.Fatalf("Bodies() = %d", ix.Bodies())
	}
	rs := ix.Search("zephyrine", 10)
	if got := ids(rs); !slices.Equal(got, []string{"2501.00003", "2501.00002", "2501.00001"}) {
		t.Fatalf("zephyrine: got %v, want the title, then the abstract, then the full text", got)
	}
	last := rs[2]
	if last.Field != "text" || !slices.Equal(last.BodyTerms, []string{"zephyrine"}) || len(last.Terms) != 0 {
		t.Errorf("full-text hit: %+v", last)
	}
	// a word only in bodies; typos as elsewhere
	if got := ids(ix.Search("quokkalith", 10)); !slices.Equal(got, []string{"2501.00004", "2501.00001"}) {
		t.Errorf("quokkalith: got %v, want both bodies (more upvotes first)", got)
	}
	if rs, _ := ix.Find("quokalith", 10); len(rs) != 2 {
		t.Errorf("a typo: got %v", ids(rs))
	}
	// in:text: only bodies, every word
	if got := ids(ix.Search("zephyrine in:text", 10)); !slices.Equal(got, []string{"2501.00001"}) {
		t.Errorf("zephyrine in:text: got %v, want only the paper whose body has it", got)
	}
	if got := ids(ix.Search("in:text zephyrine quokkalith", 10)); !slices.Equal(got, []string{"2501.00001"}) {
		t.Errorf("two words in:text: got %v", got)
	}
	if got := ids(ix.Search("in:text sparse", 10)); len(got) != 0 {
		t.Errorf("in:text sparse (a title word): got %v, want none", got)
	}
	if got := ids(ix.Search("in:text", 10)); len(got) != 2 {
		t.Errorf("in:text alone: got %v, want the two papers with a full text", got)
	}
	if got := ids(ix.Search("in:text 2501.00002", 10)); len(got) != 0 {
		t.Errorf("in:text with an id no text cites: got %v", got)
	}
}

func TestBodiesFollowTheirPapers(t *testing.T) {
	ix := New()
	ix.Rebuild(bodyCorpus())
	ix.SetBodies(Body{ID: "2501.00002", Markdown: "the quokkalith", Version: 7})
	if v := ix.BodyVersions(); len(v) != 1 || v["2501.00002"] != 7 {
		t.Errorf("BodyVersions() = %v", v)
	}
	find := func(q string) []string { return ids(ix.Search(q, 10)) }
	// a sync changes the paper: it is indexed again, under a new doc
	ps := bodyCorpus()
	ps[1].Title = "A survey of optimizers, revised"
	ix.Upsert(ps[1])
	if got := find("quokkalith"); !slices.Equal(got, []string{"2501.00002"}) {
		t.Errorf("after an upsert: %v", got)
	}
	// the whole index rebuilt from the store
	ix.Rebuild(bodyCorpus())
	if got := find("quokkalith"); !slices.Equal(got, []string{"2501.00002"}) {
		t.Errorf("after a rebuild: %v", got)
	}
	// a snapshot holds the bodies: a new index read from it has them
	var buf bytes.Buffer
	if err := ix.WriteSnapshot(&buf); err != nil {
		t.Fatal(err)
	}
	fresh := New()
	if err := fresh.ReadSnapshot(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	if got := ids(fresh.Search("quokkalith", 10)); !slices.Equal(got, []string{"2501.00002"}) {
		t.Errorf("after a snapshot: %v", got)
	}
	if v := fresh.BodyVersions(); v["2501.00002"] != 7 {
		t.Errorf("versions after a snapshot: %v", v)
	}
	if err := ix.ReadSnapshot(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	// a body set before its paper is indexed joins it
	ix.SetBodies(Body{ID: "2501.00009", Markdown: "the quokkalith again"})
	ix.Upsert(paper.Paper{ID: "2501.00009", Title: "Late paper", Day: "2025-01-03"})
	if got := find("quokkalith"); len(got) != 2 {
		t.Errorf("a body before its paper: %v", got)
	}
	// an older text does not replace a newer one
	ix.SetBodies(Body{ID: "2501.00002", Markdown: "an old text about wombats", Version: 3})
	if got := find("wombats"); len(got) != 0 {
		t.Errorf("an older version replaced the text: %v", got)
	}
	// replaced text
	ix.SetBodies(Body{ID: "2501.00002", Markdown: "now about marmosets", Version: 8})
	if got := find("quokkalith"); !slices.Equal(got, []string{"2501.00009"}) {
		t.Errorf("after replacing a body: %v", got)
	}
	if got := find("marmosets"); !slices.Equal(got, []string{"2501.00002"}) {
		t.Errorf("the new body: %v", got)
	}
	ix.RemoveBodies("2501.00002")
	if got := find("marmosets"); len(got) != 0 || ix.HasBody("2501.00002") {
		t.Errorf("after RemoveBodies: %v", got)
	}
	if got := find("in:text"); !slices.Equal(got, []string{"2501.00009"}) {
		t.Errorf("in:text after RemoveBodies: %v", got)
	}
	ix.ClearBodies()
	if got := find("quokkalith"); len(got) != 0 || ix.Bodies() != 0 {
		t.Errorf("after ClearBodies: %v", got)
	}
}

func TestBodySnippet(t *testing.T) {
	md := "# Title\n\n## 1 Introduction\n\n" + strings.Repeat("Filler words about nothing much. ", 2000) +
		"\n\n## 4 Experiments\n\nWe measure the **quokkalith** effect on $L_2$ norms, then again.\n\n" + strings.Repeat("More filler. ", 100)
	text := BodyText(md)
	snip, hl, heading := BodySnippet(text, []string{"quokkalith"}, 120)
	if heading != "4 Experiments" {
		t.Errorf("heading %q", heading)
	}
	if len(hl) != 1 || snip[hl[0][0]:hl[0][1]] != "quokkalith" {
		t.Fatalf("snippet %q, highlights %v", snip, hl)
	}
	if !strings.HasPrefix(snip, "…") || !strings.HasSuffix(snip, "…") || len(snip) > 200 || strings.ContainsRune(snip, '\x1d') {
		t.Errorf("snippet %q: want a clipped passage without heading marks", snip)
	}
	if s, _, _ := BodySnippet(text, []string{"absent"}, 120); s != "" {
		t.Errorf("no match: %q", s)
	}
	if _, hl, _ := BodySnippet(text, []string{"quokalith"}, 120); len(hl) != 1 {
		t.Errorf("a typo: %v", hl)
	}
}

func TestInTextQuery(t *testing.T) {
	for _, s := range []string{"in:text diffusion", "diffusion in:fulltext", "IN:TEXT diffusion"} {
		q := ParseQuery(s)
		if !q.InText || !slices.Equal(q.Words, []string{"diffusion"}) {
			t.Errorf("%q: %+v", s, q)
		}
		if again := ParseQuery(q.String()); !again.InText || !slices.Equal(again.Words, q.Words) {
			t.Errorf("%q: String %q parses to %+v", s, q.String(), again)
		}
	}
	if q := ParseQuery("in:"); len(q.Words) != 0 {
		t.Errorf("in: being typed is a word: %+v", q)
	}
}

func TestSnapshotVersion3HasNoBodies(t *testing.T) {
	ix := New()
	ix.Rebuild(bodyCorpus())
	var buf bytes.Buffer
	if err := ix.WriteSnapshot(&buf); err != nil {
		t.Fatal(err)
	}
	// version 3: the same bytes without the (empty) full-text part
	b := buf.Bytes()
	v3 := append([]byte(nil), b[:len(b)-4-2]...)
	if v3[len(snapMagic)] != snapVersion || b[len(b)-6] != 0 || b[len(b)-5] != 0 {
		t.Fatalf("unexpected layout")
	}
	v3[len(snapMagic)] = 3
	v3 = binary.LittleEndian.AppendUint32(v3, crc32Sum(v3))
	old := New()
	old.SetBodies(Body{ID: "2501.00001", Markdown: "kept in memory: quokkalith"})
	if err := old.ReadSnapshot(bytes.NewReader(v3)); err != nil {
		t.Fatalf("a version 3 snapshot: %v", err)
	}
	if old.Len() != 4 || len(ids(old.Search("quokkalith", 5))) != 1 {
		t.Errorf("read a version 3 snapshot: %d papers, bodies %v", old.Len(), old.BodyVersions())
	}
}
