package realcorpus

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/hf"
	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
	"github.com/paperboy-reader/paperboy/internal/store"
	"github.com/paperboy-reader/paperboy/internal/store/storetest"
	"github.com/paperboy-reader/paperboy/internal/syncer"
	"github.com/paperboy-reader/paperboy/internal/watch"
)

// synced is the archive's sample synced into a real store through the fake
// API, with the index the sync fed and the topics it matched.
type synced struct {
	dir    string
	days   []string // synced, in order
	today  time.Time
	client *hf.Client
	db     *store.DB
	ix     *search.Index
	w      *watch.Watch
	topics map[string]store.Topic // by query
	// want[id] is the paper an entry must become, per day it is listed on.
	want map[string]map[string]paper.Paper
	ids  map[string][]string // day → ids listed, in the archive's order
	// words[id] is a paper's text split by the topic oracle, once.
	words map[string][]string
}

// topicQueries are watched before the sync; TestTopicsMatchTheirWords
// checks what they matched.
var topicQueries = []string{
	"neural operator", "world models", "reward models", "kv cache", "video generation",
	"mixture of experts", "speculative decoding", "diffusion >50", "agents date:2026-05",
	"author:bing", `author:"lidong bing"`,
}

func syncSample(t *testing.T) *synced {
	t.Helper()
	dir := Locate(t)
	all, err := Days(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := &synced{dir: dir, days: Sample(all), want: map[string]map[string]paper.Paper{}, ids: map[string][]string{}, words: map[string][]string{}}
	last, _ := time.Parse(time.DateOnly, all[len(all)-1])
	s.today = last.AddDate(0, 0, 1).Add(12 * time.Hour)
	for _, d := range s.days {
		body, err := ReadDay(dir, d)
		if err != nil {
			t.Fatal(err)
		}
		es, err := entries(body)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		for _, e := range es {
			p := expected(e, d)
			if s.want[p.ID] == nil {
				s.want[p.ID] = map[string]paper.Paper{}
			}
			if _, dup := s.want[p.ID][d]; !dup {
				s.want[p.ID][d] = p
				s.ids[d] = append(s.ids[d], p.ID)
			}
		}
	}

	fake := hftest.New()
	fake.Today = func() time.Time { return s.today }
	if err := fake.AddDir(dir); err != nil {
		t.Fatal(err)
	}
	srv := fake.Start(t)
	s.client = hf.New(srv.URL, "realcorpus-test")
	s.client.Now = func() time.Time { return s.today }
	s.db = storetest.OpenTemp(t)
	s.ix = search.New()

	// Topics watched since before the first day, so that every match the
	// sync brings is news to them.
	s.w = &watch.Watch{Store: s.db, Index: s.ix, Now: func() time.Time { return time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC) }}
	s.topics = map[string]store.Topic{}
	for _, q := range topicQueries {
		tp, err := s.w.Create("", q)
		if err != nil {
			t.Fatal(err)
		}
		s.topics[q] = tp
	}

	// The index is built from the store once synced, as at a launch; the
	// sync feeds only the store (topics match with an index of their own).
	sy := &syncer.Syncer{Fetcher: s.client, Store: s.db, Now: func() time.Time { return s.today }}
	rep, err := sy.Sync(context.Background(), s.days, true, nil)
	if err != nil {
		t.Fatalf("sync of %d real days: %v", len(s.days), err)
	}
	if rep.Failed != 0 || len(rep.New) != len(s.want) {
		t.Fatalf("sync: %d failed, %d new papers; want 0 and %d", rep.Failed, len(rep.New), len(s.want))
	}
	b := s.ix.NewBuilder()
	if err := s.db.ForEachPaper(func(p paper.Paper) error { b.Add(&p); return nil }); err != nil {
		b.Discard()
		t.Fatal(err)
	}
	s.ix.Swap(b)
	if s.ix.Len() != len(s.want) {
		t.Fatalf("index of %d papers, want %d", s.ix.Len(), len(s.want))
	}
	fresh, err := s.db.Papers(rep.New)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Match(fresh); err != nil {
		t.Fatal(err)
	}
	t.Logf("synced %d of %d real days (%d papers) from %s", len(s.days), len(all), len(s.want), dir)
	return s
}

// newest returns the day a paper was last listed on among those synced.
func (s *synced) newest(id string) string {
	var last string
	for d := range s.want[id] {
		last = max(last, d)
	}
	return last
}

// TestRealCorpus syncs the real days through the fake API into a store
// and checks what the store returns, field by field, against the raw JSON.
func TestRealCorpus(t *testing.T) {
	s := syncSample(t)

	t.Run("every day lists its papers", func(t *testing.T) {
		for _, d := range s.days {
			ps, err := s.db.DayPapers(d)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]string, len(ps))
			for i, p := range ps {
				got[i] = p.ID
			}
			if want := s.ids[d]; !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
				t.Errorf("%s lists %d papers %v, want the archive's %d %v", d, len(got), got, len(want), want)
			}
			if !slices.IsSortedFunc(ps, func(a, b paper.Paper) int { return b.Upvotes - a.Upvotes }) {
				t.Errorf("%s is not listed by upvotes", d)
			}
			rec, ok, err := s.db.DayRecord(d)
			if err != nil || !ok || rec.Count != len(s.ids[d]) || !rec.Complete {
				t.Errorf("%s: day record %+v, %v, %v; want %d papers, complete", d, rec, ok, err, len(s.ids[d]))
			}
		}
	})

	t.Run("every paper has the archive's values", func(t *testing.T) {
		bad := 0
		for id, byDay := range s.want {
			if len(byDay) > 1 {
				continue // below
			}
			got, err := s.db.Paper(id)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range byDay {
				if d := diff(got, want, false); len(d) > 0 {
					bad++
					if bad <= 10 {
						t.Errorf("%s (%s): %v", id, want.Day, d)
					}
				}
				v := paper.NewView(got, paper.State{})
				if !slices.Equal(v.Authors, want.VisibleAuthors()) || v.AuthorCount != want.AuthorCount() {
					t.Errorf("%s: view authors %v (%d), want %v without the hidden ones", id, v.Authors, v.AuthorCount, want.VisibleAuthors())
				}
			}
		}
		if bad > 0 {
			t.Errorf("%d of %d papers differ from the archive", bad, len(s.want))
		}
	})

	t.Run("a paper on two days", func(t *testing.T) {
		var twice []string
		for id, byDay := range s.want {
			if len(byDay) > 1 {
				twice = append(twice, id)
			}
		}
		slices.Sort(twice)
		if !All() && len(twice) != 4 {
			t.Fatalf("papers on two sampled days: %v, want the archive's 4", twice)
		}
		for _, id := range twice {
			got, err := s.db.Paper(id)
			if err != nil {
				t.Fatal(err)
			}
			newest := s.newest(id)
			if got.Day != newest {
				t.Errorf("%s: Day %s, want the newest day it is listed on, %s", id, got.Day, newest)
			}
			if d := diff(got, s.want[id][newest], true); len(d) > 0 {
				t.Errorf("%s keeps values other than its newest day's (%s): %v", id, newest, d)
			}
		}
	})

	t.Run("days without a file and the future", func(t *testing.T) {
		ctx := context.Background()
		// 2024-06-01 is a Saturday, 2024-12-11 a weekday the archive lacks.
		for _, d := range []string{"2024-06-01", "2024-12-11"} {
			ps, err := s.client.DailyPapers(ctx, d)
			if err != nil || len(ps) != 0 {
				t.Errorf("DailyPapers(%s) = %d papers, %v; want none", d, len(ps), err)
			}
		}
		future := s.today.AddDate(0, 0, 1).Format(time.DateOnly)
		if _, err := s.client.DailyPapers(ctx, future); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("DailyPapers(%s) = %v, want EINVALID", future, err)
		}
	})

	t.Run("search", func(t *testing.T) { checkSearch(t, s) })
	t.Run("topics match their words", func(t *testing.T) { checkTopics(t, s) })

	t.Run("search bodies", func(t *testing.T) {
		for _, q := range []string{"kazakh", "llama 3 herd"} {
			body, err := ReadSearch(s.dir, searchFile(q))
			if err != nil {
				t.Fatal(err)
			}
			es, err := entries(body)
			if err != nil {
				t.Fatal(err)
			}
			ps, err := s.client.Search(context.Background(), q, 50)
			if err != nil {
				t.Fatalf("Search(%q): %v", q, err)
			}
			if len(ps) != len(es) {
				t.Fatalf("Search(%q) = %d papers, want the archive's %d", q, len(ps), len(es))
			}
			for i, e := range es {
				if d := diff(ps[i], expected(e, ""), false); len(d) > 0 {
					t.Errorf("Search(%q)[%d] %s: %v", q, i, ps[i].ID, d)
				}
			}
		}
	})
}

func searchFile(q string) string {
	out := []byte(q)
	for i, c := range out {
		if c == ' ' {
			out[i] = '-'
		}
	}
	return string(out)
}
