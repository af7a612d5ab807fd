package store

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestTopicsAndMatchesAreUserData(t *testing.T) {
	db := mustOpen(t)
	t0 := time.Date(2026, 5, 26, 8, 0, 0, 0, time.UTC)
	for i, id := range []string{"b2", "a1"} {
		if err := db.PutTopic(Topic{ID: id, Name: "n" + id, Query: "q " + id, Created: t0.Add(time.Duration(i) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.PutTopic(Topic{ID: "bad/id"}); paper.ErrorCode(err) != paper.EINVALID {
		t.Errorf("PutTopic(bad id) = %v, want invalid", err)
	}
	added, err := db.AddTopicMatches("a1", []string{"2401.00001", "2401.00002", "2401.00001"}, t0)
	if err != nil || len(added) != 2 {
		t.Fatalf("AddTopicMatches = %v, %v", added, err)
	}
	added, err = db.AddTopicMatches("a1", []string{"2401.00002", "2401.00003"}, t0.Add(time.Hour))
	if err != nil || !slices.Equal(added, []string{"2401.00003"}) {
		t.Fatalf("second AddTopicMatches = %v, %v; want only the unrecorded id", added, err)
	}
	if total, after, err := db.CountTopicMatches("a1", t0); err != nil || total != 3 || after != 1 {
		t.Errorf("CountTopicMatches = %d, %d, %v; want 3, 1", total, after, err)
	}
	if err := db.ClearCache(); err != nil {
		t.Fatal(err)
	}
	ts, err := db.Topics()
	if err != nil || len(ts) != 2 || ts[0].ID != "b2" || ts[1].ID != "a1" {
		t.Fatalf("Topics after ClearCache = %+v, %v; want both, oldest first", ts, err)
	}
	if ms, _ := db.TopicMatches("a1"); len(ms) != 3 || !ms["2401.00002"].Equal(t0) {
		t.Errorf("matches after ClearCache = %v", ms)
	}
	if err := db.DeleteTopic("a1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Topic("a1"); paper.ErrorCode(err) != paper.ENOTFOUND {
		t.Errorf("Topic(deleted) = %v, want not_found", err)
	}
	if ms, _ := db.TopicMatches("a1"); len(ms) != 0 {
		t.Errorf("matches of a deleted topic remain: %v", ms)
	}
}

func TestFirstSeenAndHistories(t *testing.T) {
	db := mustOpen(t)
	t0 := time.Date(2026, 5, 26, 8, 0, 0, 0, time.UTC)
	a, b := genPaper("2605.00001", 1), genPaper("2605.00002", 2)
	if _, err := db.PutDay("2026-05-26", []paper.Paper{a}, true, t0); err != nil {
		t.Fatal(err)
	}
	a.Upvotes += 5
	if _, err := db.PutDay("2026-05-26", []paper.Paper{a, b}, true, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	seen, err := db.FirstSeen([]string{a.ID, b.ID, "2605.99999"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{a.ID: t0, b.ID: t0.Add(time.Hour)}
	if len(seen) != 2 || !seen[a.ID].Equal(want[a.ID]) || !seen[b.ID].Equal(want[b.ID]) {
		t.Errorf("FirstSeen = %v, want %v", seen, want)
	}
	hs, err := db.Histories([]string{b.ID, a.ID, a.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got := hs[a.ID]; len(got) != 2 || got[1].Upvotes-got[0].Upvotes != 5 {
		t.Errorf("history of a = %+v", got)
	}
	if got := hs[b.ID]; len(got) != 1 {
		t.Errorf("history of b = %+v", got)
	}
}

func TestAddOnlyMerges(t *testing.T) {
	db := mustOpen(t)
	t0 := time.Date(2026, 5, 26, 8, 0, 0, 0, time.UTC)
	cached := genPaper("2605.00001", 1)
	cached.Day = "2026-05-26"
	if _, err := db.PutDay("2026-05-26", []paper.Paper{cached}, false, t0); err != nil {
		t.Fatal(err)
	}
	other := cached
	other.Title = "imported copy"
	fresh := genPaper("2605.00002", 2)
	fresh.Day = "2026-05-25"
	n, err := db.AddPapers([]paper.Paper{other, fresh})
	if err != nil || n != 1 {
		t.Fatalf("AddPapers = %d, %v; want 1", n, err)
	}
	if p, _ := db.Paper(cached.ID); p.Title != cached.Title {
		t.Errorf("AddPapers overwrote a cached paper: %q", p.Title)
	}
	if p, _ := db.Paper(fresh.ID); p.Day != "2026-05-25" {
		t.Errorf("imported paper Day = %q", p.Day)
	}
	for round := range 2 {
		n, err = db.AddDayListing(paper.Day{Date: "2026-05-25", Complete: true, FetchedAt: t0}, []string{fresh.ID})
		if want := 1 - round; err != nil || n != want {
			t.Fatalf("round %d: AddDayListing = %d, %v; want %d", round, n, err, want)
		}
	}
	if ids, _ := db.DayIDs("2026-05-25"); !slices.Equal(ids, []string{fresh.ID}) {
		t.Errorf("DayIDs = %v", ids)
	}
	if _, err := db.AddDayListing(paper.Day{Date: "2026-05-26", Complete: true, FetchedAt: t0.Add(time.Hour)}, []string{fresh.ID}); err != nil {
		t.Fatal(err)
	}
	if d, _, _ := db.DayRecord("2026-05-26"); d.Count != 2 || d.Complete || !d.FetchedAt.Equal(t0) {
		t.Errorf("known day record = %+v; want its own record with count 2", d)
	}
	pts := []paper.Point{{At: t0.Add(-time.Hour), Upvotes: 1}, {At: t0, Upvotes: 99}}
	if n, err := db.AddHistory(cached.ID, pts); err != nil || n != 1 {
		t.Errorf("AddHistory = %d, %v; want 1 (the point at t0 exists)", n, err)
	}

	if _, err := db.SetSaved(cached.ID, true, t0); err != nil {
		t.Fatal(err)
	}
	changed, err := db.MergeState(cached.ID, paper.State{Read: true, ReadAt: t0.Add(time.Hour), Saved: true, SavedAt: t0.Add(time.Hour)})
	if err != nil || !changed {
		t.Fatalf("MergeState = %v, %v", changed, err)
	}
	s, _ := db.State(cached.ID)
	if !s.Read || !s.Saved || !s.SavedAt.Equal(t0) || !s.ReadAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("merged state = %+v; want read added and the stored save time kept", s)
	}
	if changed, _ := db.MergeState(cached.ID, paper.State{}); changed {
		t.Error("merging an empty state changed something")
	}

	if err := db.PutSetting("syncInterval", 10); err != nil {
		t.Fatal(err)
	}
	if added, _ := db.AddSetting("syncInterval", json.RawMessage(`60`)); added {
		t.Error("AddSetting overwrote a stored setting")
	}
	if added, _ := db.AddSetting("theme", json.RawMessage(`"dark"`)); !added {
		t.Error("AddSetting did not add a new setting")
	}
	all, err := db.AllSettings()
	if err != nil || string(all["syncInterval"]) != "10" || string(all["theme"]) != `"dark"` {
		t.Errorf("AllSettings = %s, %v", all, err)
	}
}
