package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/hf"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/realcorpus"
)

// TestBibTeXRealCorpus writes the real Daily Papers out as BibTeX: every
// entry parses, keys are unique, dates come from the arXiv ids, and TeX
// math in titles is kept as math.
func TestBibTeXRealCorpus(t *testing.T) {
	dir := realcorpus.Locate(t)
	days, err := realcorpus.Days(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ps []paper.Paper
	byID := map[string]paper.Paper{}
	for _, d := range realcorpus.Sample(days) {
		body, err := realcorpus.ReadDay(dir, d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := hf.Decode(body, d)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		for _, p := range got {
			if _, dup := byID[p.ID]; !dup {
				byID[p.ID] = p
				ps = append(ps, p)
			}
		}
	}
	var buf bytes.Buffer
	if err := BibTeX(&buf, ps); err != nil {
		t.Fatal(err)
	}
	entries := parseBib(t, buf.String()) // fails on a duplicate key or an entry that does not parse
	if len(entries) != len(ps) {
		t.Fatalf("%d entries for %d papers", len(entries), len(ps))
	}
	months := strings.Fields("jan feb mar apr may jun jul aug sep oct nov dec")
	titles := map[string]string{}
	for key, f := range entries {
		id := f["eprint"]
		if _, ok := byID[id]; !ok {
			t.Fatalf("entry %s: eprint %q is none of the papers", key, id)
		}
		titles[id] = f["title"]
		// New-style ids: YYMM.NNNNN.
		mm := int(id[2]-'0')*10 + int(id[3]-'0')
		if f["year"] != "20"+id[:2] || f["month"] != months[mm-1] {
			t.Errorf("%s: year %s month %s, want 20%s %s", id, f["year"], f["month"], id[:2], months[mm-1])
		}
		if !strings.Contains(key, f["year"]) && !strings.HasPrefix(key, "arxiv") {
			t.Errorf("%s: key %q does not carry the year %s", id, key, f["year"])
		}
	}
	for id, want := range map[string]string{
		"2406.11430": `Effective $L_2$ Norm-Based`,
		"2406.00153": `{$μ$LO: Compute-Efficient`,
		"2411.07641": `Top-$nσ$: Not`,
		"2407.17453": `{$VILA^2$: VILA`,
		"2501.06252": `{$\text{Transformer}^2$: Self-adaptive`,
		"2410.13859": `{$γ-$MoD`,
		"2502.12115": `Earn \$1 Million`,
		"2603.07980": `{\$OneMillion-Bench`,
	} {
		if got, ok := titles[id]; !ok {
			t.Errorf("%s is not in the sample", id)
		} else if !strings.Contains(got, want) {
			t.Errorf("%s: title %s, want it to hold %s", id, got, want)
		}
	}
	t.Logf("%d real papers written as BibTeX", len(ps))
}
