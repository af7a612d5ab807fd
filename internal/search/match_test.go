package search

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/corpus"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// precisionPapers hold words that a loose typo match confuses: "words" for
// "world", "regarded" for "reward", "ideogram" for "video", and authors
// whose names differ by a letter.
var precisionPapers = []paper.Paper{
	{ID: "2501.00001", Title: "World Models for Embodied Agents", Day: "2025-01-06", Upvotes: 10,
		Authors: authors("Bing Yan", "Lucia Garcia"), Abstract: "We learn a world model of the environment."},
	{ID: "2501.00002", Title: "Counting Words in Long Documents", Day: "2025-01-06", Upvotes: 9,
		Authors: authors("Bin Wang", "Jing Li"), Abstract: "Models are regarded as strong counters of words."},
	{ID: "2501.00003", Title: "Ideogram Generation at Scale", Day: "2025-01-07", Upvotes: 8,
		Authors: authors("Ying Zhang", "Bingbing Ni"), Abstract: "We generate ideograms."},
	{ID: "2501.00004", Title: "Reward Modeling for Reasoning", Day: "2025-01-07", Upvotes: 7,
		Authors: authors("Lidong Bing", "Lucia Pérez", "Ana García"), Abstract: "Process reward modeling scores every step."},
	{ID: "2501.00005", Title: "Video Diffusion with Sparse Attention", Day: "2025-01-08", Upvotes: 6,
		Authors: authors("Lucía García"), Abstract: "Video generation is costly."},
	{ID: "2501.00006", Title: "MoE Routing: Experts in a Mixture", Day: "2025-01-08", Upvotes: 5,
		Authors: authors("Chen Wei"), Abstract: "A mixture of many experts routes each token."},
}

func precisionIndex(t *testing.T) *Index {
	ix := New()
	ix.Rebuild(precisionPapers)
	return ix
}

func TestFinishedWordsMatchWholeWords(t *testing.T) {
	ix := precisionIndex(t)
	tests := []struct {
		q    string
		want []string // exactly these, in any order
	}{
		// "world" finished (a word follows): not "words", though "word" is one
		// edit from it and starts "words".
		{q: "world models", want: []string{"2501.00001"}},
		// Being typed, the last word still matches a prefix with a typo.
		{q: "long documnt", want: []string{"2501.00002"}},
		{q: "long documnt ", want: []string{}},
		{q: "wrld", want: []string{}}, // four letters: no typos
		// A typo never falls on the first letter: "video" is not "ideo…".
		{q: "video", want: []string{"2501.00005"}},
		{q: "video ", want: []string{"2501.00005"}},
		// "reward" finished: not "regarded".
		{q: "reward models", want: []string{"2501.00004"}},
		// A finished plural matches what its singular begins ("modeling").
		{q: "reward models ", want: []string{"2501.00004"}},
		// A finished word within the typo budget of a whole token.
		{q: "rewrad modeling", want: []string{"2501.00004"}},
		// A stopword left out: "of" is not indexed in abstracts.
		{q: "mixture of experts", want: []string{"2501.00006"}},
		{q: "of", want: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got := ids(ix.Search(tt.q, 20))
			slices.Sort(got)
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("Search(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

func TestAuthorFilterMatchesNames(t *testing.T) {
	ix := precisionIndex(t)
	tests := []struct {
		q    string
		want []string
	}{
		// A name or surname, whole: Bing Yan and Lidong Bing, not Bin, Jing,
		// Ying or Bingbing.
		{q: "author:Bing", want: []string{"2501.00001", "2501.00004"}},
		{q: "author:bin", want: []string{"2501.00002"}},
		{q: "author:bign", want: nil}, // short: no typos
		// Diacritics folded both ways.
		{q: "author:garcia", want: []string{"2501.00001", "2501.00004", "2501.00005"}},
		{q: "author:García", want: []string{"2501.00001", "2501.00004", "2501.00005"}},
		// One person: Lucía García and Lucia Garcia, not Lucia Pérez with
		// Ana García.
		{q: `author:"Lucia Garcia"`, want: []string{"2501.00001", "2501.00005"}},
		{q: `author:"garcia lucia"`, want: []string{"2501.00001", "2501.00005"}},
		// Two filters may be two people.
		{q: "author:lucia author:garcia", want: []string{"2501.00001", "2501.00004", "2501.00005"}},
		// Longer names allow one typo.
		{q: "author:bingbin", want: []string{"2501.00003"}},
		{q: "author:bingb", want: nil},
		{q: "author:bing world", want: []string{"2501.00001"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			rs := ix.Search(tt.q, 20)
			got := ids(rs)
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
	// The highlight is the whole name token that matched.
	rs := ix.Search("author:bing", 20)
	for _, r := range rs {
		for ai, pos := range r.AuthorMatches {
			var p paper.Paper
			for _, q := range precisionPapers {
				if q.ID == r.ID {
					p = q
				}
			}
			if got := marked(p.VisibleAuthors()[ai], pos); !strings.EqualFold(got, "bing") {
				t.Errorf("%s: author %d marks %q, want Bing", r.ID, ai, got)
			}
		}
	}
}

func TestFindReportsTotalAndReturnsAll(t *testing.T) {
	ps := fixtureCorpus(t)
	ix := New()
	ix.Rebuild(ps)
	all, total := ix.Find("model", 0)
	if total != len(all) || total < 10 {
		t.Fatalf("Find(model, 0) = %d results, total %d; want every match", len(all), total)
	}
	top, total3 := ix.Find("model", 3)
	if len(top) != 3 || total3 != total {
		t.Errorf("Find(model, 3) = %d results, total %d; want 3 of %d", len(top), total3, total)
	}
	for i := range top {
		if top[i].ID != all[i].ID {
			t.Errorf("Find(model, 3)[%d] = %s, Find(model, 0)[%d] = %s: want the same order", i, top[i].ID, i, all[i].ID)
		}
	}
	idsAll := ix.IDs(ParseQuery("model"))
	if !slices.Equal(idsAll, ids(all)) {
		t.Errorf("IDs(model) = %v, want Find's order %v", idsAll, ids(all))
	}
	// Every paper, for a filter that keeps all of them.
	if rs, n := ix.Find("<1000000", 0); len(rs) != ix.Len() || n != ix.Len() {
		t.Errorf("Find(<1000000, 0) = %d results, total %d; want %d", len(rs), n, ix.Len())
	}
	// Search keeps its default of 50.
	more := New()
	more.Rebuild(append(ps, corpus.Generate(2, 100, time.Date(2026, 5, 26, 0, 0, 0, 0, time.UTC))...))
	if got := len(more.Search("<1000000", 0)); got != 50 {
		t.Errorf("Search(<1000000, 0) = %d results, want 50", got)
	}
	if rs, n := more.Find("<1000000", 0); len(rs) != more.Len() || n != more.Len() {
		t.Errorf("Find(<1000000, 0) = %d results, total %d; want %d", len(rs), n, more.Len())
	}
	if rs, n := ix.Find("zzzzqqq", 0); len(rs) != 0 || n != 0 {
		t.Errorf("Find(zzzzqqq) = %d, %d", len(rs), n)
	}
}
