package search

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/corpus"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

func ids(rs []Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func fixtureIndex(t testing.TB) *Index {
	ix := New()
	ix.Rebuild(fixtureCorpus(t))
	ix.SetStates(map[string]paper.State{
		"2212.09748": {Read: true, Saved: true},
		"2404.55555": {Read: true},
		"2407.21783": {Saved: true},
	})
	return ix
}

func TestSearchQuality(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		name  string
		q     string
		top   []string // the first results, in order
		none  []string // must not be among the results
		all   []string // exactly these results, in order (when set)
		field string   // Field of the first result
	}{
		{name: "exact title words", q: "diffusion transformer", top: []string{"2212.09748", "2405.01234"}, field: "title"},
		{name: "typos", q: "difusion transfomer", top: []string{"2212.09748", "2405.01234"}, field: "title"},
		{name: "swapped order", q: "transformers diffusion", top: []string{"2212.09748", "2405.01234"}},
		{name: "prefix while typing", q: "diffusion transf", top: []string{"2212.09748"}},
		{name: "author reversed", q: "cheng zesen", top: []string{"2410.17243"}, field: "authors"},
		{name: "author mixed case", q: "ZeSeN", top: []string{"2410.17243"}, field: "authors"},
		{name: "author with accent typed plain", q: "muller", top: []string{"2402.11111"}, field: "authors"},
		{name: "author typed with accent", q: "Müller", top: []string{"2402.11111"}},
		{name: "accent folded l-stroke", q: "lukasz kaiser", top: []string{"2402.22222"}},
		{name: "accented query on plain text", q: "Transfórmer Survéy", top: []string{"2401.04321"}},
		{name: "hidden author not searchable", q: "zhanchao", none: []string{"2410.17897"}},
		{name: "id", q: "2410.17243", all: []string{"2410.17243"}, field: "id"},
		{name: "id with version", q: "2410.17243v2", all: []string{"2410.17243"}, field: "id"},
		{name: "arxiv url", q: "https://arxiv.org/abs/2407.21783v1", all: []string{"2407.21783"}},
		{name: "id prefix", q: "2410.17", top: []string{"2410.17243"}, field: "id"},
		{name: "abstract only word", q: "chlorophyll", all: []string{"2403.33333"}, field: "abstract"},
		{name: "abstract word with typo", q: "chlorophyl absorbtion", all: []string{"2403.33333"}},
		{name: "keyword only", q: "speculative decoding", top: []string{"2403.44444"}, field: "keywords"},
		{name: "organization", q: "nazarbayev", none: []string{"2212.09748"}},
		{name: "organization accent", q: "universite montreal", top: []string{"2402.22222"}, field: "organization"},
		{name: "kazakh papers by upvotes", q: "kazakh", top: []string{"2503.01493"}},
		{name: "llama herd", q: "llama 3 herd", top: []string{"2407.21783"}},
		{name: "value residual", q: "value residual learning", top: []string{"2410.17897"}},
		{name: "every word must match", q: "diffusion kazakh", all: []string{}},
		{name: "upvote filter", q: "llm agents >20", all: []string{"2404.55555"}},
		{name: "upvotes: filter", q: "agents upvotes:>=5", top: []string{"2404.55555", "2404.66666"}},
		{name: "below filter", q: "agents <10", top: []string{"2404.66666"}, none: []string{"2404.55555"}},
		{name: "filters only by upvotes", q: ">90", all: []string{"2212.09748", "2407.21783", "2505.88888"}},
		{name: "date month", q: "date:2025-05", all: []string{"2505.88888", "2505.99999", "2405.77777"}},
		{name: "date day", q: "date:2025-05-26", all: []string{"2505.88888"}},
		{name: "date falls back to publishedAt", q: "protein date:2025-05-17", all: []string{"2405.77777"}},
		{name: "saved", q: "saved", all: []string{"2212.09748", "2407.21783"}},
		{name: "saved with words", q: "llama saved", all: []string{"2407.21783"}},
		{name: "unread", q: "agents unread", top: []string{"2404.66666"}, none: []string{"2404.55555"}},
		{name: "author filter", q: "author:yeshpanov", top: []string{"2404.04487"}, none: []string{"2503.01493"}},
		{name: "author filter quoted", q: `author:"zesen cheng"`, all: []string{"2410.17243"}},
		{name: "author filter fuzzy", q: "author:yeshpanof", top: []string{"2404.04487"}},
		{name: "author filter does not match titles", q: "author:diffusion", all: []string{}},
		{name: "nothing", q: "zzzzqqq", all: []string{}},
		{name: "one letter", q: "z", top: []string{"2402.22222"}, none: []string{"2212.09748", "2405.01234"}},
		{name: "one letter after a word", q: "kazakh z", none: []string{"2404.04487", "2403.19399"}},
		{name: "empty", q: "   ", all: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := ix.Search(tt.q, 20)
			got := ids(rs)
			if tt.all != nil && !slices.Equal(got, tt.all) {
				t.Fatalf("Search(%q) = %v, want %v", tt.q, got, tt.all)
			}
			if len(got) < len(tt.top) || !slices.Equal(got[:len(tt.top)], tt.top) {
				t.Fatalf("Search(%q) = %v, want it to start with %v", tt.q, got, tt.top)
			}
			for _, id := range tt.none {
				if slices.Contains(got, id) {
					t.Errorf("Search(%q) = %v, want no %s", tt.q, got, id)
				}
			}
			if tt.field != "" && rs[0].Field != tt.field {
				t.Errorf("Search(%q)[0].Field = %q, want %q", tt.q, rs[0].Field, tt.field)
			}
		})
	}
}

func TestSearchHighlights(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		name    string
		q       string
		title   []int
		authors map[int][]int
		terms   []string
	}{
		{name: "title prefix", q: "scala", title: []int{0, 1, 2, 3, 4}},
		{name: "two words", q: "models diffusion", title: []int{9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 24}, terms: []string{"models", "diffusion"}},
		{name: "accented author", q: "muller", authors: map[int][]int{0: {8, 9, 11, 12, 13, 14}}},
		{name: "abstract terms", q: "chlorophyll", terms: []string{"chlorophyll"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := ix.Search(tt.q, 1)
			if len(rs) == 0 {
				t.Fatalf("Search(%q): no results", tt.q)
			}
			r := rs[0]
			if !reflect.DeepEqual(r.TitleMatches, tt.title) {
				t.Errorf("TitleMatches = %v, want %v", r.TitleMatches, tt.title)
			}
			if !reflect.DeepEqual(r.AuthorMatches, tt.authors) {
				t.Errorf("AuthorMatches = %v, want %v", r.AuthorMatches, tt.authors)
			}
			if !reflect.DeepEqual(r.Terms, tt.terms) {
				t.Errorf("Terms = %v, want %v", r.Terms, tt.terms)
			}
		})
	}
}

func TestUpsert(t *testing.T) {
	ix := New()
	ix.Upsert(handPapers...)
	if got, want := ix.Len(), len(handPapers); got != want {
		t.Fatalf("Len = %d, want %d", got, want)
	}
	// Replace a paper: the old title no longer matches, the new one does.
	p := handPapers[0]
	p.Title = "Quokka Networks"
	ix.Upsert(p)
	if got := ids(ix.Search("quokka", 5)); !slices.Equal(got, []string{p.ID}) {
		t.Errorf("after replace, Search(quokka) = %v", got)
	}
	if got := ids(ix.Search("scalable diffusion", 5)); slices.Contains(got, p.ID) {
		t.Errorf("after replace, old title still matches: %v", got)
	}
	// Only the upvotes changed: the doc is kept, the filter sees the new count.
	p.Upvotes = 1000
	ix.Upsert(p)
	if got := ids(ix.Search(">999", 5)); !slices.Equal(got, []string{p.ID}) {
		t.Errorf("after upvote change, Search(>999) = %v", got)
	}
	if got, want := ix.Len(), len(handPapers); got != want {
		t.Errorf("Len = %d, want %d", got, want)
	}
	// State set before a paper is indexed applies once it is.
	ix.SetState("2407.21783", paper.State{Saved: true})
	ix.Upsert(hfPapers(t)...)
	if got := ids(ix.Search("saved", 5)); !slices.Equal(got, []string{"2407.21783"}) {
		t.Errorf("Search(saved) = %v", got)
	}
	// The same paper twice in one call keeps the last.
	a, b := handPapers[1], handPapers[1]
	a.Title, b.Title = "Wombat One", "Wombat Two"
	ix.Upsert(a, b)
	if got := ids(ix.Search("wombat two", 5)); !slices.Equal(got, []string{a.ID}) {
		t.Errorf("Search(wombat two) = %v", got)
	}
	if got := ids(ix.Search("wombat one", 5)); len(got) != 0 {
		t.Errorf("Search(wombat one) = %v, want none", got)
	}
}

// TestUpsertMatchesRebuild checks that an index grown by Upserts answers
// like one built in one go.
func TestUpsertMatchesRebuild(t *testing.T) {
	ps := corpus.Generate(7, 600, time.Date(2026, 5, 26, 0, 0, 0, 0, time.UTC))
	whole := New()
	whole.Rebuild(ps)
	grown := New()
	for _, d := range corpus.Days(ps) {
		grown.Upsert(d.Papers...)
	}
	for _, q := range []string{"diffusion transformer", "zesen", "müller", "efficient agents >10", "date:2026-05", "reinforcment", "2605"} {
		if got, want := grown.Search(q, 30), whole.Search(q, 30); !reflect.DeepEqual(got, want) {
			t.Errorf("Search(%q): grown %v, rebuilt %v", q, ids(got), ids(want))
		}
	}
}

// TestIndexMatchesTerms checks the postings of a build against the fields
// of every paper split with terms, the query side's tokenizer.
func TestIndexMatchesTerms(t *testing.T) {
	ps := append(fixtureCorpus(t), corpus.Generate(17, 500, time.Date(2026, 5, 26, 0, 0, 0, 0, time.UTC))...)
	ps = append(ps, texPapers...)
	ix := New()
	ix.Rebuild(ps)
	type posting struct {
		doc  uint32
		mask uint8
	}
	wantShort, wantAbs := map[string][]posting{}, map[string][]posting{}
	put := func(m map[string][]posting, tok string, doc uint32, mask uint8) {
		l := m[tok]
		if len(l) > 0 && l[len(l)-1].doc == doc {
			l[len(l)-1].mask |= mask
			return
		}
		m[tok] = append(l, posting{doc, mask})
	}
	for i, p := range ps {
		d := uint32(i)
		fields := [][]string{{p.Title}, p.VisibleAuthors(), p.AIKeywords, {p.Organization}}
		for f, items := range fields {
			for _, s := range items {
				for _, tok := range terms(plainText(s)) {
					put(wantShort, tok, d, 1<<f)
				}
			}
		}
		for _, tok := range terms(plainText(p.Abstract)) {
			if len(tok) >= 2 && !slices.Contains(stopwords, tok) {
				put(wantAbs, tok, d, 0)
			}
		}
	}
	s := ix.cur.Load()
	for name, c := range map[string]struct {
		iv   *inverted
		want map[string][]posting
	}{"short": {s.short, wantShort}, "abstract": {s.abs, wantAbs}} {
		got := map[string][]posting{}
		for i, tok := range c.iv.toks {
			c.iv.each(i, func(doc uint32, m uint8) { got[tok] = append(got[tok], posting{doc, m}) })
			if int(c.iv.df[i]) != len(got[tok]) {
				t.Errorf("%s: df[%q] = %d, want %d", name, tok, c.iv.df[i], len(got[tok]))
			}
		}
		if !reflect.DeepEqual(got, c.want) {
			for tok, l := range c.want {
				if !reflect.DeepEqual(got[tok], l) {
					t.Errorf("%s: postings of %q = %v, want %v", name, tok, got[tok], l)
					break
				}
			}
			t.Errorf("%s: %d tokens, want %d", name, len(got), len(c.want))
		}
	}
}

// TestParallelBuildMatchesSerial checks that the postings built in chunks
// by several workers, each with its own dictionaries, and concatenated are
// those of one indexer fed every paper in order, whether the builder is
// fed a slice or one paper at a time, with a paper added twice.
func TestParallelBuildMatchesSerial(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	ps := corpus.Generate(13, 2*chunkSize+100, time.Date(2026, 5, 26, 0, 0, 0, 0, time.UTC))
	again := ps[5]
	again.Title = "Quokka Networks"
	ps = append(ps, again)

	x := newIndexer(0)
	for i := range ps {
		x.add(&ps[i], uint32(i))
	}
	want := map[string]*inverted{
		"short": merge(true, []*dict{x.short}, []part{{0, x.short.take()}}),
		"abs":   merge(false, []*dict{x.abs}, []part{{0, x.abs.take()}}),
	}
	sliced := New()
	sliced.Rebuild(ps)
	fed := New()
	b := fed.NewBuilder()
	for i := range ps {
		b.Add(&ps[i])
	}
	fed.Swap(b)
	for name, ix := range map[string]*Index{"Rebuild": sliced, "Add": fed} {
		s := ix.cur.Load()
		for field, got := range map[string]*inverted{"short": s.short, "abs": s.abs} {
			w := want[field]
			if !slices.Equal(got.toks, w.toks) || !reflect.DeepEqual(got.post, w.post) ||
				!slices.Equal(got.df, w.df) || !slices.Equal(got.last, w.last) {
				t.Errorf("%s: %s index differs from a serial build (%d tokens, want %d)", name, field, len(got.toks), len(w.toks))
			}
		}
		if got, want := ix.Len(), len(ps)-1; got != want {
			t.Errorf("%s: Len = %d, want %d", name, got, want)
		}
		if d, ok := s.lookupID(again.ID); !ok || !strings.HasPrefix(s.docs[d].text, again.Title) {
			t.Errorf("%s: %s is not the paper added last", name, again.ID)
		}
		for _, q := range []string{"quokka networks", "diffusion transformer", "müller", "agents >10"} {
			if got, want := ix.Search(q, 30), sliced.Search(q, 30); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: Search(%q) = %v, want %v", name, q, ids(got), ids(want))
			}
		}
	}
}

func TestUpsertDuringRebuild(t *testing.T) {
	ix := New()
	b := ix.NewBuilder()
	for i := range handPapers {
		b.Add(&handPapers[i])
	}
	// A sync lands while the rebuild is being fed.
	late := paper.Paper{ID: "2605.00001", Title: "Axolotl Regeneration Models", Day: "2026-05-26"}
	ix.Upsert(late)
	ix.Swap(b)
	if got := ids(ix.Search("axolotl", 5)); !slices.Equal(got, []string{late.ID}) {
		t.Errorf("Search(axolotl) after swap = %v, want the paper upserted during the rebuild", got)
	}
	if got, want := ix.Len(), len(handPapers)+1; got != want {
		t.Errorf("Len = %d, want %d", got, want)
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	ix := fixtureIndex(t)
	ix.Upsert(corpus.Generate(3, 300, time.Date(2026, 5, 26, 0, 0, 0, 0, time.UTC))...)
	p := handPapers[2]
	p.Title = "Replaced Title"
	ix.Upsert(p) // leaves a dead doc in the snapshot
	var buf bytes.Buffer
	if err := ix.WriteSnapshot(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	loaded := New()
	loaded.SetStates(map[string]paper.State{"2212.09748": {Read: true, Saved: true}, "2404.55555": {Read: true}, "2407.21783": {Saved: true}})
	if err := loaded.ReadSnapshot(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	if loaded.Len() != ix.Len() {
		t.Errorf("Len = %d, want %d", loaded.Len(), ix.Len())
	}
	for _, q := range []string{"diffusion transformer", "cheng zesen", "2410.17243", "chlorophyll", "saved", "agents unread", "replaced", "survey", "date:2026", "muller"} {
		if got, want := loaded.Search(q, 20), ix.Search(q, 20); !reflect.DeepEqual(got, want) {
			t.Errorf("Search(%q) after load = %v, want %v", q, ids(got), ids(want))
		}
	}
	// The loaded index keeps working with upserts.
	loaded.Upsert(paper.Paper{ID: "2601.00001", Title: "Platypus Learning"})
	if got := ids(loaded.Search("platypus", 5)); !slices.Equal(got, []string{"2601.00001"}) {
		t.Errorf("Search(platypus) after upsert = %v", got)
	}

	bad := map[string][]byte{
		"empty":     nil,
		"truncated": data[:len(data)/2],
		"flipped":   flip(data, len(data)/3),
		"garbage":   []byte("PBSEARCH not really"),
		"version":   withVersion(data, 99),
	}
	for name, b := range bad {
		t.Run(name, func(t *testing.T) {
			before := loaded.Len()
			err := loaded.ReadSnapshot(bytes.NewReader(b))
			if !errors.Is(err, ErrSnapshot) {
				t.Errorf("ReadSnapshot = %v, want ErrSnapshot", err)
			}
			if loaded.Len() != before {
				t.Errorf("a bad snapshot changed the index")
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x40
	return c
}

// withVersion rewrites the version and fixes the checksum, as an older or
// newer build would have written it.
func withVersion(b []byte, v byte) []byte {
	c := bytes.Clone(b[:len(b)-4])
	c[len(snapMagic)] = v
	sum := crc32Sum(c)
	return append(c, byte(sum), byte(sum>>8), byte(sum>>16), byte(sum>>24))
}

func TestConcurrentSearchAndUpsert(t *testing.T) {
	ps := corpus.Generate(5, 1500, time.Date(2026, 5, 26, 0, 0, 0, 0, time.UTC))
	ix := New()
	ix.Rebuild(ps[:500])
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := range 3 {
		wg.Go(func() {
			qs := []string{"diffusion", "zesen cheng", "efficient agents >5", "saved", "date:2026-0", "transfomer"}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				for _, r := range ix.Search(qs[(i+g)%len(qs)], 10) {
					if r.ID == "" {
						t.Error("empty result id")
					}
				}
			}
		})
	}
	for i := 500; i < len(ps); i += 50 {
		ix.Upsert(ps[i : i+50]...)
		ix.SetState(ps[i].ID, paper.State{Saved: true})
	}
	ix.Rebuild(ps)
	close(stop)
	wg.Wait()
	if got, want := ix.Len(), len(ps); got != want {
		t.Errorf("Len = %d, want %d", got, want)
	}
	if got := len(ix.Search("saved", 100)); got != 20 {
		t.Errorf("saved = %d, want 20", got)
	}
}

func TestSnippet(t *testing.T) {
	abs := "Sparse autoencoders recover interpretable features.\n  Surprisingly, features resembling chlorophyll absorption spectra emerge in models trained on plant imagery."
	tests := []struct {
		name  string
		terms []string
		width int
		want  string
		hl    []string
	}{
		{name: "no terms", width: 40, want: "Sparse autoencoders recover interpretable…"},
		{name: "match near start", terms: []string{"sparse"}, width: 60, want: "Sparse autoencoders recover interpretable features. Surprisingly,…", hl: []string{"Sparse"}},
		{name: "match further in", terms: []string{"chlorophyll"}, width: 60, want: "…features resembling chlorophyll absorption spectra emerge in…", hl: []string{"chlorophyll"}},
		{name: "prefix and typo", terms: []string{"absorbtion", "spec"}, width: 60, want: "…resembling chlorophyll absorption spectra emerge in models trained…", hl: []string{"absorption", "spec"}},
		{name: "whole", terms: []string{"plant"}, width: 500, want: paper.CollapseSpace(abs), hl: []string{"plant"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, hl := Snippet(abs, tt.terms, tt.width)
			if got != tt.want {
				t.Errorf("Snippet = %q, want %q", got, tt.want)
			}
			var marked []string
			for _, h := range hl {
				marked = append(marked, got[h[0]:h[1]])
			}
			if !slices.Equal(marked, tt.hl) {
				t.Errorf("highlights = %q, want %q", marked, tt.hl)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Müller", "muller"}, {"Łukasz", "lukasz"}, {"Søren", "soren"}, {"Straße", "strasse"},
		{"Nguyễn", "nguyen"}, {"Çağrı", "cagri"}, {"e\u0301te\u0301", "ete"}, {"ΑΘΗΝΑ", "alphathetaetanualpha"}, {"μP", "mup"}, {"µm", "mum"}, {"Ψ-Sampler", "psi-sampler"}, {"ά", "alpha"}, {"Dvořák", "dvorak"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
		f, offs := foldMap(tt.in)
		if f != tt.want || len(offs) != len(f) {
			t.Errorf("foldMap(%q) = %q, %v", tt.in, f, offs)
		}
	}
}

func TestDist(t *testing.T) {
	tests := []struct {
		w, tok string
		k      int
		want   int
	}{
		{"diff", "diffusion", 0, 0},
		{"difusion", "diffusion", 1, 1},
		{"transfomer", "transformers", 2, 1},
		{"tarnsformer", "transformer", 2, 1}, // transposition
		{"difusio", "diffusion", 1, 1},       // a typo in a prefix
		{"quantum", "diffusion", 1, -1},
		{"abc", "abd", 0, -1},
	}
	for _, tt := range tests {
		if got := dist(tt.w, tt.tok, tt.k); got != tt.want {
			t.Errorf("dist(%q, %q, %d) = %d, want %d", tt.w, tt.tok, tt.k, got, tt.want)
		}
	}
}

// TestExpandMatchesDist checks the dictionary walk, which skips whole
// prefixes, against plain distances on every token, for every mode.
func TestExpandMatchesDist(t *testing.T) {
	ix := New()
	ix.Rebuild(corpus.Generate(11, 400, time.Date(2026, 5, 26, 0, 0, 0, 0, time.UTC)))
	iv := ix.cur.Load().abs
	matches := map[mode]func(w, tok string, k int) bool{
		typing: func(w, tok string, k int) bool { return dist(w, tok, k) >= 0 },
		finished: func(w, tok string, k int) bool {
			st := stemOf(w)
			return strings.HasPrefix(tok, w) || st != "" && strings.HasPrefix(tok, st) || tok[0] == w[0] && osa(w, tok) <= k
		},
		name: func(w, tok string, k int) bool { return tok == w || tok[0] == w[0] && osa(w, tok) <= k },
	}
	for _, w := range []string{"difusion", "transformr", "eficient", "reinforcment", "gradeint", "benchmarks", "kxzzy", "models", "agent", "tasks"} {
		for m, match := range matches {
			tm := newTerm(w, m, 0xff, true)
			var want []string
			for _, tok := range iv.toks {
				if match(w, tok, tm.k) {
					want = append(want, tok)
				}
			}
			var got []string
			for _, e := range expand(iv, &tm, false, nil) {
				got = append(got, iv.toks[e.tok])
			}
			if !slices.Equal(got, want) {
				t.Errorf("expand(%q, mode %d) = %v, want %v", w, m, got, want)
			}
		}
	}
}

// osa is the edit distance with adjacent transpositions between a and b.
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
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func ExampleSnippet() {
	text, hl := Snippet("Contrastive loss is a powerful approach for representation learning.", []string{"represent"}, 200)
	fmt.Println(text)
	fmt.Println(text[hl[0][0]:hl[0][1]])
	// Output:
	// Contrastive loss is a powerful approach for representation learning.
	// represent
}

// scanTerms returns the tokens scan finds in s, at least minLen bytes long.
func scanTerms(s string, minLen int) []string {
	var sc scanner
	d := newDict(true, 0)
	sc.scan(d, s, minLen)
	var out []string
	for _, id := range sc.ids {
		out = append(out, d.names[id])
	}
	return out
}

// wantTerms is what scanTerms should return: terms(s) of at least minLen bytes.
func wantTerms(s string, minLen int) []string {
	var out []string
	for _, t := range terms(s) {
		if len(t) >= minLen {
			out = append(out, t)
		}
	}
	return out
}

func TestScanMatchesTerms(t *testing.T) {
	long := strings.Repeat("Abcdefghij", 3)
	for _, s := range []string{
		"", "  ", "Hello, World!", "Müller—Łukasz’s CLIP-ViT-L/14 4M×12M", "e\u0301te\u0301 ΑΘΗΝΑ Straße",
		"…“quoted” ﬁne 数据集 ŞAHİN", strings.Repeat("Ünïcödé", 30) + " x", "a\u0301\u0301b c",
		"EIGHTCHR NINECHARS SIXTEENCHARACTER SEVENTEENCHARACTER " + long, long + " Ab",
		"x KELVIN: \u212a ok \u212aelvin", "Σ mixed MüllerMüllerMüllerMüller z9 Z9 9z",
	} {
		for _, minLen := range []int{1, 2} {
			if got, want := scanTerms(s, minLen), wantTerms(s, minLen); !slices.Equal(got, want) {
				t.Errorf("scan(%q, %d) = %q, want %q", s, minLen, got, want)
			}
		}
	}
}

// TestScanWordLengths runs words of every length up to past two loads,
// at every offset and next to every kind of byte, through the scanner's
// fast path and its byte-by-byte tail.
func TestScanWordLengths(t *testing.T) {
	const alnum = "aB3dEf7hIjKl0nOpQrStUvWxYz"
	for n := 1; n <= 20; n++ {
		for _, next := range []string{" ", "-", "é", "\u0301", "", "\x00", "@", "[", "`", "{", "/", ":"} {
			for pad := range 18 {
				s := strings.Repeat(".", pad) + alnum[:n] + next + strings.Repeat(" x9", 6)
				for _, minLen := range []int{1, 2} {
					if got, want := scanTerms(s, minLen), wantTerms(s, minLen); !slices.Equal(got, want) {
						t.Fatalf("scan(%q, %d) = %q, want %q", s, minLen, got, want)
					}
				}
			}
		}
	}
}

func TestWordBytes(t *testing.T) {
	for c := range 256 {
		for pos := range 8 {
			w := uint64('a')*ones&^(0xff<<(8*pos)) | uint64(c)<<(8*pos)
			got := wordBytes(w)>>(8*pos+7)&1 == 1
			if want := c < 128 && isWordByte(byte(c)); got != want {
				t.Fatalf("wordBytes: byte %#x at %d is a word byte: %v, want %v", c, pos, got, want)
			}
		}
	}
}

// TestScanSameIDs checks that a token gets one id however it is spelled:
// plain, capitalised, or folded from accents.
func TestScanSameIDs(t *testing.T) {
	var sc scanner
	d := newDict(false, 0)
	sc.scan(d, "muller Muller MÜLLER müller straße STRASSE strasse "+strings.Repeat("ü", 9)+" "+strings.Repeat("U", 9), 1)
	got := sc.ids
	want := []uint32{got[0], got[0], got[0], got[0], got[4], got[4], got[4], got[7], got[7]}
	if !slices.Equal(got, want) {
		t.Errorf("ids = %v, want %v (names %q)", got, want, d.names)
	}
}

// TestDictKeys interns tokens that share their first 8 or 12 bytes, of
// every length a packed key holds and longer, across table resizes.
func TestDictKeys(t *testing.T) {
	d := newDict(true, 0) // no stopwords
	var toks []string
	for n := 1; n <= 20; n++ {
		for _, c := range "abcxyz0" {
			toks = append(toks, strings.Repeat("q", max(0, n-1))+string(c))
			toks = append(toks, "abcdefghijkl"[:min(n, 12)]+strings.Repeat(string(c), max(0, n-12)))
		}
	}
	slices.Sort(toks)
	toks = slices.Compact(toks)
	ids := map[string]uint32{}
	for round := range 2 {
		for _, tok := range toks {
			id := d.idOf([]byte(tok))
			if got := d.names[id]; got != tok {
				t.Fatalf("round %d: idOf(%q) names %q", round, tok, got)
			}
			if prev, ok := ids[tok]; ok && prev != id {
				t.Fatalf("round %d: idOf(%q) = %d, was %d", round, tok, id, prev)
			}
			ids[tok] = id
		}
	}
	if got, want := len(d.names), len(toks); got != want {
		t.Errorf("%d tokens interned, want %d", got, want)
	}
}

func FuzzScan(f *testing.F) {
	f.Add("Müller—Łukasz’s CLIP-ViT-L/14")
	f.Add("SEVENTEENCHARACTER sixteencharacte")
	f.Fuzz(func(t *testing.T, s string) {
		for _, minLen := range []int{1, 2} {
			if got, want := scanTerms(s, minLen), wantTerms(s, minLen); !slices.Equal(got, want) {
				t.Errorf("scan(%q, %d) = %q, want %q", s, minLen, got, want)
			}
		}
	})
}
