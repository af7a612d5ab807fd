package watch

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
	"github.com/paperboy-reader/paperboy/internal/store"
	"github.com/paperboy-reader/paperboy/internal/store/storetest"
)

func mk(id, day, title string, upvotes int) paper.Paper {
	return paper.Paper{ID: id, Day: day, Title: title, Abstract: "An abstract about " + title + ".",
		Authors: []paper.Author{{Name: "Ada Lovelace"}}, Upvotes: upvotes}
}

// clock is a settable now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock(s string) *clock           { t, _ := time.Parse(time.RFC3339, s); return &clock{t} }
func ids(items []Item) (out []string) {
	for _, it := range items {
		out = append(out, it.Paper.ID)
	}
	return out
}
func foundIDs(fs []Found) map[string][]string {
	m := map[string][]string{}
	for _, f := range fs {
		m[f.Topic.Name] = f.IDs
	}
	return m
}

func TestCreateValidates(t *testing.T) {
	w := &Watch{Store: storetest.OpenTemp(t), Index: search.New()}
	for _, tc := range []struct{ name, query, wantCode, wantName string }{
		{"named", "diffusion transformers", "", "diffusion transformers"},
		{"custom name", "diffusion", "", "Diffusion!"},
		{"filter only", "upvotes:>20", "", "upvotes:>20"},
		{"empty", "   ", paper.EINVALID, ""},
		{"too long", string(make([]byte, MaxQuery+1)), paper.EINVALID, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := ""
			if tc.name == "custom name" {
				name = "  Diffusion! "
			}
			got, err := w.Create(name, tc.query)
			if code := paper.ErrorCode(err); code != tc.wantCode {
				t.Fatalf("Create(%q) error %v, want code %q", tc.query, err, tc.wantCode)
			}
			if err == nil && (got.Name != tc.wantName || !store.ValidTopicID(got.ID)) {
				t.Errorf("Create(%q) = %+v, want name %q", tc.query, got, tc.wantName)
			}
		})
	}
}

func TestMatchFeedAndSeen(t *testing.T) {
	db := storetest.OpenTemp(t)
	ix := search.New()
	c := newClock("2026-05-26T08:00:00Z")
	w := &Watch{Store: db, Index: ix, Now: c.now}
	put := func(date string, ps ...paper.Paper) []paper.Paper {
		t.Helper()
		res, err := db.PutDay(date, ps, true, c.now())
		if err != nil {
			t.Fatal(err)
		}
		ix.Upsert(ps...)
		fresh, err := db.Papers(res.New)
		if err != nil {
			t.Fatal(err)
		}
		return fresh
	}
	old := mk("2605.00001", "2026-05-25", "Diffusion Transformers at Scale", 50)
	put("2026-05-25", old, mk("2605.00002", "2026-05-25", "Protein folding", 3))

	c.advance(time.Hour)
	diff, err := w.Create("", "diffusion transformers")
	if err != nil {
		t.Fatal(err)
	}
	c.advance(time.Second)
	popular, err := w.Create("Popular", "upvotes:>20")
	if err != nil {
		t.Fatal(err)
	}

	c.advance(time.Hour)
	fresh := put("2026-05-26",
		mk("2605.00003", "2026-05-26", "Diffusion transformers for video", 30),
		mk("2605.00004", "2026-05-26", "Scaling diffusion transformer models", 5),
		mk("2605.00005", "2026-05-26", "Graph networks", 1),
	)
	found, err := w.Match(fresh)
	if err != nil {
		t.Fatal(err)
	}
	got := foundIDs(found)
	for name, want := range map[string][]string{
		"diffusion transformers": {"2605.00003", "2605.00004"},
		"Popular":                {"2605.00003"},
	} {
		g := slices.Sorted(slices.Values(got[name]))
		if !slices.Equal(g, want) {
			t.Errorf("new matches of %s = %v, want %v", name, g, want)
		}
	}
	title, body, total := Summary(found)
	if total != 2 || title != "2 new papers on 2 topics" || body == "" {
		t.Errorf("Summary = %q, %q, %d", title, body, total)
	}
	// the same papers again (a re-fetch) are nothing new
	if again, err := w.Match(fresh); err != nil || len(again) != 0 {
		t.Errorf("second Match = %v, %v; want nothing", again, err)
	}
	// a backfilled old day is not news either
	backfill := put("2026-05-01", mk("2605.00006", "2026-05-01", "Diffusion transformers, revisited", 40))
	if late, err := w.Match(backfill); err != nil || len(late) != 0 {
		t.Errorf("Match(backfill) = %v, %v; want nothing", late, err)
	}

	items, newCount, err := w.Feed(diff.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantOrder := []string{"2605.00003", "2605.00004", "2605.00001", "2605.00006"} // new first, then by day
	if !slices.Equal(ids(items), wantOrder) || newCount != 2 {
		t.Errorf("Feed = %v (new %d), want %v (new 2)", ids(items), newCount, wantOrder)
	}
	if !items[0].New || items[2].New {
		t.Errorf("new flags wrong: %+v", items)
	}
	list, err := w.List()
	if err != nil || len(list) != 2 || list[0].New != 2 || list[0].Total != 4 || list[1].New != 1 {
		t.Errorf("List = %+v, %v", list, err)
	}

	all, newAll, err := w.Feed("")
	if err != nil || newAll != 2 {
		t.Fatalf("Feed(all) new = %d, %v", newAll, err)
	}
	if it := all[0]; it.Paper.ID != "2605.00003" || len(it.Topics) != 2 {
		t.Errorf("first item of For you = %+v, want 2605.00003 with both topics", it)
	}

	c.advance(time.Minute)
	if err := w.MarkSeen(diff.ID); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := w.Feed(diff.ID); n != 0 {
		t.Errorf("after MarkSeen: %d new, want 0", n)
	}
	if _, n, _ := w.Feed(""); n != 1 {
		t.Errorf("after MarkSeen of one topic, For you has %d new, want 1 (Popular's)", n)
	}
	if err := w.MarkSeen("nope"); paper.ErrorCode(err) != paper.ENOTFOUND {
		t.Errorf("MarkSeen(unknown) = %v", err)
	}

	// a new search forgets what the old one recorded
	up, err := w.Update(popular.ID, "Hot", "upvotes:>45")
	if err != nil || up.Name != "Hot" {
		t.Fatalf("Update = %+v, %v", up, err)
	}
	if items, n, _ := w.Feed(up.ID); n != 0 || !slices.Equal(ids(items), []string{"2605.00001"}) {
		t.Errorf("feed after Update = %v (new %d)", ids(items), n)
	}
	if err := w.Delete(diff.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.Delete(diff.ID); paper.ErrorCode(err) != paper.ENOTFOUND {
		t.Errorf("second Delete = %v", err)
	}
}

func TestSummary(t *testing.T) {
	tp := func(name string) store.Topic { return store.Topic{Name: name} }
	for _, tc := range []struct {
		name      string
		found     []Found
		wantTitle string
		wantTotal int
	}{
		{"none", nil, "", 0},
		{"one paper", []Found{{tp("world models"), []string{"a"}}}, "1 new paper on world models", 1},
		{"one topic", []Found{{tp("diffusion transformers"), []string{"a", "b", "c"}}}, "3 new papers on diffusion transformers", 3},
		{"shared papers", []Found{{tp("x"), []string{"a", "b"}}, {tp("y"), []string{"b", "c"}}}, "3 new papers on 2 topics", 3},
		{"markup", []Found{{tp("<b>x</b> & y"), []string{"a"}}}, "1 new paper on ‹b›x‹/b› + y", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			title, _, total := Summary(tc.found)
			if title != tc.wantTitle || total != tc.wantTotal {
				t.Errorf("Summary = %q, %d; want %q, %d", title, total, tc.wantTitle, tc.wantTotal)
			}
		})
	}
}

// TestTopicWordsAreFinished: a topic's words all match whole words, the
// last one too, where the same words typed in the search box still match a
// word being typed.
func TestTopicWordsAreFinished(t *testing.T) {
	db := storetest.OpenTemp(t)
	ix := search.New()
	c := newClock("2026-05-26T08:00:00Z")
	w := &Watch{Store: db, Index: ix, Now: c.now}
	tp, err := w.Create("", "agents reward")
	if err != nil {
		t.Fatal(err)
	}
	ps := []paper.Paper{
		mk("2605.00011", "2026-05-26", "Reward Shaping for Agents", 10),
		mk("2605.00012", "2026-05-26", "Agents Regarded as Tools", 9),
		mk("2605.00013", "2026-05-26", "Rewards of Agentic Search", 8),
	}
	if _, err := db.PutDay("2026-05-26", ps, true, c.now()); err != nil {
		t.Fatal(err)
	}
	ix.Upsert(ps...)
	found, err := w.Match(ps)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2605.00011", "2605.00013"}
	if got := foundIDs(found)[tp.Name]; !slices.Equal(slices.Sorted(slices.Values(got)), want) {
		t.Errorf("Match = %v, want %v (not the paper that only has \"regarded\")", got, want)
	}
	items, _, err := w.Feed(tp.ID)
	if err != nil || !slices.Equal(slices.Sorted(slices.Values(ids(items))), want) {
		t.Errorf("Feed = %v, %v; want %v", ids(items), err, want)
	}
	// Typed in the search box, the last word may still be growing.
	if got := len(ix.Search("agents reward", 10)); got != 3 {
		t.Errorf("Search(agents reward) = %d results, want 3", got)
	}
}

// TestTotalAndMatchesHaveNoCap: a topic that matches more papers than a
// feed shows says how many, and Matches returns all of them.
func TestTotalAndMatchesHaveNoCap(t *testing.T) {
	db := storetest.OpenTemp(t)
	ix := search.New()
	c := newClock("2026-01-01T08:00:00Z")
	w := &Watch{Store: db, Index: ix, Now: c.now}
	tp, err := w.Create("", "robot")
	if err != nil {
		t.Fatal(err)
	}
	const days, perDay = 24, 50 // 1,200 papers
	start, _ := time.Parse(time.DateOnly, "2026-01-01")
	for d := range days {
		date := start.AddDate(0, 0, d).Format(time.DateOnly)
		ps := make([]paper.Paper, perDay)
		for i := range ps {
			ps[i] = mk(fmt.Sprintf("2601.%05d", d*perDay+i), date, fmt.Sprintf("Robot study %d", d*perDay+i), i)
		}
		if _, err := db.PutDay(date, ps, true, c.now()); err != nil {
			t.Fatal(err)
		}
		ix.Upsert(ps...)
	}
	list, err := w.List()
	if err != nil || len(list) != 1 || list[0].Total != days*perDay {
		t.Fatalf("List = %+v, %v; want a total of %d", list, err, days*perDay)
	}
	items, _, err := w.Feed(tp.ID)
	if err != nil || len(items) != FeedLimit {
		t.Errorf("Feed = %d items, %v; want %d", len(items), err, FeedLimit)
	}
	all, err := w.Matches(tp.ID)
	if err != nil || len(all) != days*perDay {
		t.Fatalf("Matches = %d papers, %v; want %d", len(all), err, days*perDay)
	}
	if all[0].Day != "2026-01-24" || all[len(all)-1].Day != "2026-01-01" {
		t.Errorf("Matches runs from %s to %s, want newest first", all[0].Day, all[len(all)-1].Day)
	}
	if _, err := w.Matches("nope"); paper.ErrorCode(err) != paper.ENOTFOUND {
		t.Errorf("Matches(unknown) = %v, want ENOTFOUND", err)
	}
}
