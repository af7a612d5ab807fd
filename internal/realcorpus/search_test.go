package realcorpus

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
	"github.com/paperboy-reader/paperboy/internal/watch"
)

// realQueries are searches a reader of these papers types, with the papers
// they must find. The papers' days are in every sample (Special).
var realQueries = []struct {
	q     string
	first string   // the best result
	has   []string // among the results
}{
	{q: "L2 norm KV cache compression", first: "2406.11430"}, // "$L_2$ Norm-Based"
	{q: "$L_2$ norm-based strategy", first: "2406.11430"},
	{q: "μLO learned optimizers", first: "2406.00153"}, // "$μ$LO"
	{q: "muLO", first: "2406.00153"},
	{q: "muP", has: []string{"2505.15270", "2603.00541"}}, // "via μP", "for μP under"
	{q: "μP", has: []string{"2505.15270", "2603.00541"}},
	{q: "tau-bench", has: []string{"2406.12045", "2508.20931"}}, // "$τ$-bench", "τ-bench"
	{q: "γ-MoD", first: "2410.13859"},                           // "$γ-$MoD"
	{q: "gamma MoD mixture of depth", first: "2410.13859"},
	{q: "top-nσ", first: "2411.07641"}, // "Top-$nσ$"
	{q: "top nsigma logits", first: "2411.07641"},
	{q: "Transformer2 self-adaptive", first: "2501.06252"}, // "$\text{Transformer}^2$"
	{q: "VILA2", first: "2407.17453"},                      // "$VILA^2$"
	{q: "psi sampler", has: []string{"2506.01320", "2602.21185"}},
	{q: "Ψ-Sampler", has: []string{"2506.01320", "2602.21185"}},
	{q: "pi rl flow-based", first: "2510.25889"}, // "π_RL"
	{q: "earn $1 million", first: "2502.12115"},
	{q: "OneMillion-Bench", first: "2603.07980"}, // "\$OneMillion-Bench"
	{q: "2406.11430", first: "2406.11430"},
	{q: `author:"Lidong Bing" longvt`, first: "2511.20785"},
}

func checkSearch(t *testing.T, s *synced) {
	// A second index, fed the store's papers one at a time as a sync
	// would, must answer like the one built in one go.
	grown := search.New()
	for _, d := range s.days {
		ps, err := s.db.DayPapers(d)
		if err != nil {
			t.Fatal(err)
		}
		grown.Upsert(ps...)
	}
	for _, tt := range realQueries {
		t.Run(tt.q, func(t *testing.T) {
			rs, total := s.ix.Find(tt.q, 20)
			got := make([]string, len(rs))
			for i, r := range rs {
				got[i] = r.ID
			}
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("Find(%q) = %v, want %s first", tt.q, got, tt.first)
			}
			for _, id := range tt.has {
				if !slices.Contains(got, id) {
					t.Errorf("Find(%q) = %v, want %s among them", tt.q, got, id)
				}
			}
			if total < len(rs) {
				t.Errorf("Find(%q): total %d < %d results", tt.q, total, len(rs))
			}
			if g := grown.Search(tt.q, 20); !reflect.DeepEqual(g, rs) {
				t.Errorf("Search(%q) on the index grown by upserts differs from the built one", tt.q)
			}
		})
	}
	// Every result of author:bing has an author named Bing: not Bin, Jing,
	// Ying or Bingbing.
	rs, total := s.ix.Find("author:bing", 0)
	if total == 0 || len(rs) != total {
		t.Fatalf("Find(author:bing) = %d of %d", len(rs), total)
	}
	for _, r := range rs {
		p, err := s.db.Paper(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(p.VisibleAuthors(), func(a string) bool { return slices.Contains(words(a), "bing") }) {
			t.Errorf("author:bing finds %s by %v", r.ID, p.VisibleAuthors())
		}
	}
}

// words splits text into lowercase words without accents, TeX markup read
// loosely: an oracle for the index, independent of its tokenizer.
func words(s string) []string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, _ = transform.String(t, strings.ToLower(s))
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// contains reports whether a paper's words hold w as search promises for
// a finished word: a word it begins, its singular beginning one, or a whole
// word within the typos its length allows, with the same first letter.
func contains(ws []string, w string) bool {
	stem := ""
	if n := len(w); n >= 4 && w[n-1] == 's' && w[n-2] != 's' {
		stem = w[:n-1]
	}
	k := 0
	switch {
	case len(w) >= 9:
		k = 2
	case len(w) >= 5:
		k = 1
	}
	for _, x := range ws {
		if strings.HasPrefix(x, w) || stem != "" && strings.HasPrefix(x, stem) ||
			k > 0 && x[0] == w[0] && abs(len(x)-len(w)) <= k && osa(w, x) <= k {
			return true
		}
	}
	return false
}

func abs(n int) int { return max(n, -n) }

// osa is the edit distance with adjacent transpositions.
func osa(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// topicWants is what each watched topic means: its words (stopwords left
// out), the authors' name words and the filters it carries.
var topicWants = map[string]struct {
	words   []string
	author  []string // every word of one author's name
	minUp   int
	dayFrom string
}{
	"neural operator":      {words: []string{"neural", "operator"}},
	"world models":         {words: []string{"world", "models"}},
	"reward models":        {words: []string{"reward", "models"}},
	"kv cache":             {words: []string{"kv", "cache"}},
	"video generation":     {words: []string{"video", "generation"}},
	"mixture of experts":   {words: []string{"mixture", "experts"}},
	"speculative decoding": {words: []string{"speculative", "decoding"}},
	"diffusion >50":        {words: []string{"diffusion"}, minUp: 51},
	"agents date:2026-05":  {words: []string{"agents"}, dayFrom: "2026-05"},
	"author:bing":          {author: []string{"bing"}},
	`author:"lidong bing"`: {author: []string{"lidong", "bing"}},
}

// matches reports whether p is what the topic asks for, by the oracle.
func (s *synced) oracle(q string, p paper.Paper) bool {
	want := topicWants[q]
	if p.Upvotes < want.minUp || want.dayFrom != "" && !strings.HasPrefix(p.Day, want.dayFrom) {
		return false
	}
	if len(want.author) > 0 {
		return slices.ContainsFunc(p.VisibleAuthors(), func(a string) bool {
			ws := words(a)
			for _, w := range want.author {
				if !slices.Contains(ws, w) {
					return false
				}
			}
			return true
		})
	}
	ws := s.words[p.ID]
	if ws == nil {
		text := strings.Join(append([]string{p.Title, p.Abstract, p.Organization}, append(p.VisibleAuthors(), p.AIKeywords...)...), " ")
		ws = words(text)
		s.words[p.ID] = ws
	}
	for _, w := range want.words {
		if !contains(ws, w) {
			return false
		}
	}
	return true
}

func checkTopics(t *testing.T, s *synced) {
	var ps []paper.Paper
	if err := s.db.ForEachPaper(func(p paper.Paper) error { ps = append(ps, p); return nil }); err != nil {
		t.Fatal(err)
	}
	list, err := s.w.List()
	if err != nil {
		t.Fatal(err)
	}
	totals := map[string]int{}
	for _, st := range list {
		totals[st.Query] = st.Total
	}
	for _, q := range topicQueries {
		t.Run(q, func(t *testing.T) {
			tp := s.topics[q]
			got, err := s.w.Matches(tp.ID)
			if err != nil {
				t.Fatal(err)
			}
			recorded, err := s.db.TopicMatches(tp.ID)
			if err != nil {
				t.Fatal(err)
			}
			matched := map[string]bool{}
			for _, p := range got {
				matched[p.ID] = true
				// Precision: every match holds every word of the topic.
				if !s.oracle(q, p) {
					t.Errorf("topic %q matches %s %q, which lacks its words or filters", q, p.ID, p.Title)
				}
			}
			// Recall: every paper that holds them is a match, recorded by
			// the sync.
			want := 0
			for _, p := range ps {
				if !s.oracle(q, p) {
					continue
				}
				want++
				if !matched[p.ID] {
					t.Errorf("topic %q misses %s %q", q, p.ID, p.Title)
				}
				if _, ok := recorded[p.ID]; !ok {
					t.Errorf("topic %q: the sync did not record %s", q, p.ID)
				}
			}
			if want == 0 || len(got) != want || totals[q] != want {
				t.Errorf("topic %q: %d matches, total %d; want %d, and some", q, len(got), totals[q], want)
			}
			// The topic runs like the same search with its last word finished.
			if ids := s.ix.IDs(watch.Query(q)); len(ids) != want {
				t.Errorf("IDs(%q) = %d papers, want %d", q, len(ids), want)
			}
			t.Logf("topic %q: %d papers", q, want)
		})
	}
}
