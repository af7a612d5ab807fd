package paperboy

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store"
)

// ftPapers are three papers of one day, with generated full texts.
func ftPapers() []paper.Paper {
	return []paper.Paper{
		mk("2605.00001", "2026-05-27", "Sparse attention", 120),
		mk("2605.00002", "2026-05-27", "Dense retrieval", 40),
		mk("2605.00003", "2026-05-27", "Tiny models", 3),
	}
}

// newFTHarness is a synced harness whose fake serves full texts.
func newFTHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, ftPapers()...)
	h.fake.GenerateFullTexts = true
	h.syncOK("")
	return h
}

func (h *harness) fullText(id string) FullText {
	h.t.Helper()
	ft, err := h.svc.FullText(h.t.Context(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return ft
}

func TestDownloadFullTextOnDemand(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newFTHarness(t)
		ctx, s := t.Context(), h.svc
		if got := h.fullText("2605.00002"); got.State != FullTextNone || got.Markdown != "" {
			t.Fatalf("before: %+v", got)
		}
		if h.fake.FullTextRequests.Load() != 0 {
			t.Fatal("the window fetched a full text nobody asked for (no Run, no rules)")
		}
		got, err := s.DownloadFullText(ctx, "2605.00002v1")
		if err != nil || got.State != FullTextQueued && got.State != FullTextFetching && got.State != FullTextReady {
			t.Fatalf("download: %+v, %v", got, err)
		}
		h.svc.WaitFullTexts(t.Context())
		got = h.fullText("2605.00002")
		want := hftest.Markdown(mk("2605.00002", "2026-05-27", "Dense retrieval", 40))
		if got.State != FullTextReady || got.Markdown != want || got.Size != int64(len(want)) || got.FetchedAt == "" {
			t.Fatalf("after: state %s, %d bytes (want %d), fetched %q", got.State, len(got.Markdown), len(want), got.FetchedAt)
		}
		if h.rec.count(EventFullTextChanged) < 3 || h.rec.count(EventFullTextProgress) < 3 {
			t.Errorf("events %v", h.rec.names())
		}
		// searchable by a word only its body holds, with the passage
		page, err := s.Find(ctx, hftest.BodyWord("2605.00002"), 10)
		if err != nil || len(page.Hits) != 1 || page.Hits[0].Paper.ID != "2605.00002" {
			t.Fatalf("body word: %+v, %v", page, err)
		}
		hit := page.Hits[0]
		if hit.Field != "text" || !strings.HasSuffix(hit.Section, "Method") || !slices.ContainsFunc(hit.Snippet, func(s Seg) bool {
			return s.M && s.T == hftest.BodyWord("2605.00002")
		}) {
			t.Errorf("hit: field %q, section %q, snippet %+v", hit.Field, hit.Section, hit.Snippet)
		}
		if page, _ := s.Find(ctx, "in:text calibration", 10); len(page.Hits) != 1 {
			t.Errorf("in:text: %d hits, want the one paper with a full text", len(page.Hits))
		}
		// a second download is a no-op
		n := h.fake.FullTextRequests.Load()
		if got, _ := s.DownloadFullText(ctx, "2605.00002"); got.State != FullTextReady {
			t.Errorf("again: %+v", got.State)
		}
		h.svc.WaitFullTexts(t.Context())
		if h.fake.FullTextRequests.Load() != n {
			t.Error("a cached text was fetched again")
		}
	})
}

func TestFullTextsOfSavedPapers(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newFTHarness(t)
		ctx, s := t.Context(), h.svc
		// saved while nothing fetches by itself (a command, say)
		if _, err := s.SetSaved(ctx, "2605.00003", true); err != nil {
			t.Fatal(err)
		}
		h.svc.WaitFullTexts(t.Context())
		if h.fake.FullTextRequests.Load() != 0 {
			t.Fatal("fetched without Run")
		}
		s.autoFullTexts() // what Run does: catches up
		h.svc.WaitFullTexts(t.Context())
		if got := h.fullText("2605.00003"); got.State != FullTextReady {
			t.Fatalf("saved paper after catching up: %s", got.State)
		}
		// on save
		if _, err := s.SetSaved(ctx, "2605.00001", true); err != nil {
			t.Fatal(err)
		}
		h.svc.WaitFullTexts(t.Context())
		if got := h.fullText("2605.00001"); got.State != FullTextReady {
			t.Errorf("on save: %s", got.State)
		}
		if got := h.fullText("2605.00002"); got.State != FullTextNone {
			t.Errorf("an unsaved paper was fetched: %s", got.State)
		}
		// caught up after a sync: a paper saved while the text was missing
		h.fake.SetFullTextFault("2605.00002", hftest.FullText500)
		if _, err := s.SetSaved(ctx, "2605.00002", true); err != nil {
			t.Fatal(err)
		}
		h.svc.WaitFullTexts(t.Context())
		if got := h.fullText("2605.00002"); got.State != FullTextError || got.RetryAt == "" || got.Error == nil {
			t.Fatalf("after a 500: %+v", got)
		}
		h.fake.SetFullTextFault("2605.00002", hftest.FullTextOK)
		time.Sleep(2 * time.Hour) // past its retry time
		h.syncOK("")
		h.svc.WaitFullTexts(t.Context())
		if got := h.fullText("2605.00002"); got.State != FullTextReady {
			t.Errorf("after the sync: %s", got.State)
		}
		// the rule can be turned off
		if _, err := s.SetFullTextRules(ctx, FullTextRules{Saved: false}); err != nil {
			t.Fatal(err)
		}
		s.store.EvictFullTexts([]string{"2605.00003"}, s.now())
		h.syncOK("")
		h.svc.WaitFullTexts(t.Context())
		if got := h.fullText("2605.00003"); got.State != FullTextNone {
			t.Errorf("with the saved rule off: %s", got.State)
		}
	})
}

func TestFullTextRulesTopicsAndUpvotes(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newFTHarness(t)
		ctx, s := t.Context(), h.svc
		tp, err := s.CreateTopic(ctx, "Retrieval", "retrieval")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetFullTextRules(ctx, FullTextRules{Saved: true, Topics: []string{"nope"}}); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("an unknown topic: %v, want EINVALID", err)
		}
		if _, err := s.SetFullTextRules(ctx, FullTextRules{Saved: true, MinUpvotes: -1}); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("negative upvotes: %v", err)
		}
		set, err := s.SetFullTextRules(ctx, FullTextRules{Saved: true, Topics: []string{tp.ID}, MinUpvotes: 100})
		if err != nil || set.Rules.MinUpvotes != 100 || !slices.Equal(set.Rules.Topics, []string{tp.ID}) {
			t.Fatalf("rules: %+v, %v", set.Rules, err)
		}
		rep, err := s.SyncFullTexts(ctx, nil)
		if err != nil || rep.Fetched != 2 {
			t.Fatalf("run: %+v, %v", rep, err)
		}
		for id, want := range map[string]string{"2605.00001": FullTextReady, "2605.00002": FullTextReady, "2605.00003": FullTextNone} {
			if got := h.fullText(id); got.State != want {
				t.Errorf("%s: %s, want %s", id, got.State, want)
			}
		}
		// a text the budget dropped is not fetched again by the rules
		if err := s.store.EvictFullTexts([]string{"2605.00001"}, s.now()); err != nil {
			t.Fatal(err)
		}
		n := h.fake.FullTextRequests.Load()
		if rep, err := s.SyncFullTexts(ctx, nil); err != nil || rep.Tried != 0 || h.fake.FullTextRequests.Load() != n {
			t.Errorf("second run: %+v, %v, %d requests", rep, err, h.fake.FullTextRequests.Load()-n)
		}
		if got := h.fullText("2605.00001"); !strings.Contains(got.Message, "budget") {
			t.Errorf("dropped: %+v", got)
		}
	})
}

func TestMissingFullTextIsNotAskedAgainEverySync(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newFTHarness(t)
		ctx, s := t.Context(), h.svc
		h.fake.SetFullTextFault("2605.00001", hftest.FullTextNotFound)
		s.SetSaved(ctx, "2605.00001", true)
		var lines []FullTextProgress
		rep, err := s.SyncFullTexts(ctx, func(p FullTextProgress) { lines = append(lines, p) })
		if err != nil || rep.Failed != 1 || rep.Fetched != 0 {
			t.Fatalf("run: %+v, %v", rep, err)
		}
		got := h.fullText("2605.00001")
		if got.State != FullTextMissing || !strings.Contains(got.Message, "no full text on Hugging Face") || got.Error.Code != paper.ENOTFOUND {
			t.Fatalf("missing: %+v", got)
		}
		if at, _ := time.Parse(time.RFC3339, got.RetryAt); time.Until(at) < 6*24*time.Hour {
			t.Errorf("retry at %s: want about a week", got.RetryAt)
		}
		if last := lines[len(lines)-1]; last.Running || last.Failed != 1 {
			t.Errorf("last progress %+v", last)
		}
		n := h.fake.FullTextRequests.Load()
		for range 3 {
			time.Sleep(time.Hour)
			h.syncOK("")
			if rep, _ := s.SyncFullTexts(ctx, nil); rep.Tried != 0 {
				t.Errorf("asked again at the next sync: %+v", rep)
			}
		}
		if h.fake.FullTextRequests.Load() != n {
			t.Errorf("%d more requests for a missing text", h.fake.FullTextRequests.Load()-n)
		}
		// on demand asks at once
		h.fake.SetFullTextFault("2605.00001", hftest.FullTextOK)
		s.DownloadFullText(ctx, "2605.00001")
		h.svc.WaitFullTexts(t.Context())
		if got := h.fullText("2605.00001"); got.State != FullTextReady {
			t.Errorf("on demand after a 404: %s", got.State)
		}
	})
}

func TestFullTextRunStopsOfflineAndResumes(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newFTHarness(t)
		ctx, s := t.Context(), h.svc
		for _, p := range ftPapers() {
			s.SetSaved(ctx, p.ID, true)
		}
		h.fake.SetMode(hftest.ModeDown)
		rep, err := s.SyncFullTexts(ctx, nil)
		if paper.ErrorCode(err) != paper.EOFFLINE || rep.Fetched != 0 || rep.Failed != 0 || rep.Tried != 1 {
			t.Fatalf("offline: %+v, %v", rep, err)
		}
		if st := s.SyncStatus(); st.Online {
			t.Error("still online after a full text could not be fetched")
		}
		if got := h.fullText("2605.00002"); got.State != FullTextNone || got.Error != nil {
			t.Errorf("an offline failure was recorded against the paper: %+v", got)
		}
		if p := s.fullTextProgress(); p.Running || p.Error == nil || p.Error.Code != paper.EOFFLINE {
			t.Errorf("progress: %+v", p)
		}
		h.fake.SetMode(hftest.ModeOK)
		if rep, err := s.SyncFullTexts(ctx, nil); err != nil || rep.Fetched != 3 {
			t.Errorf("back online: %+v, %v", rep, err)
		}
	})
}

func TestFullTextRateLimit(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newFTHarness(t)
		ctx, s := t.Context(), h.svc
		s.SetSaved(ctx, "2605.00001", true)
		time.Sleep(time.Minute)
		s.SetSaved(ctx, "2605.00002", true)
		h.fake.SetFullTextFault("2605.00002", hftest.FullText429) // saved last: fetched first
		start := time.Now()
		rep, err := s.SyncFullTexts(ctx, nil)
		if paper.ErrorCode(err) != paper.ERATELIMIT || rep.Fetched != 0 {
			t.Fatalf("rate limited: %+v, %v", rep, err)
		}
		if took := time.Since(start); took < 2*hftest.FullText429Reset*time.Second {
			t.Errorf("gave up after %v: the waits the server asked for were not honoured", took)
		}
		waited := false
		h.rec.mu.Lock()
		for i, name := range h.rec.events {
			if p, ok := h.rec.data[i].(FullTextProgress); ok && name == EventFullTextProgress && p.Waiting != nil && p.Waiting.Reason == "rate_limit" {
				waited = true
			}
		}
		h.rec.mu.Unlock()
		if !waited {
			t.Error("no progress said the run waits for the rate limit")
		}
		if st := s.SyncStatus(); st.Waiting != nil {
			t.Errorf("the sync status shows the full text's wait: %+v", st.Waiting)
		}
		if got := h.fullText("2605.00002"); got.Error != nil {
			t.Errorf("a rate limit was recorded against the paper: %+v", got)
		}
		h.fake.SetFullTextFault("2605.00002", hftest.FullTextOK)
		if rep, err := s.SyncFullTexts(ctx, nil); paper.ErrorCode(err) != paper.ERATELIMIT || rep.Tried != 1 || h.fake.FullTextRequests.Load() != 3 {
			t.Errorf("before the limit's reset: %+v, %v, %d requests; want no request", rep, err, h.fake.FullTextRequests.Load())
		}
		time.Sleep((hftest.FullText429Reset + 1) * time.Second)
		if rep, err := s.SyncFullTexts(ctx, nil); err != nil || rep.Fetched != 2 {
			t.Errorf("after the limit: %+v, %v", rep, err)
		}
	})
}

func TestRetrySchedule(t *testing.T) {
	failed := func(code string, n int) store.FullTextInfo {
		return store.FullTextInfo{ErrCode: code, Failures: n, FailedAt: today}
	}
	day := 24 * time.Hour
	tests := []struct {
		info store.FullTextInfo
		want time.Duration
	}{
		{failed(paper.ENOTFOUND, 1), 7 * day},
		{failed(paper.ENOTFOUND, 2), 14 * day},
		{failed(paper.ENOTFOUND, 4), 56 * day},
		{failed(paper.ENOTFOUND, 40), 60 * day},
		{failed(paper.EUPSTREAM, 1), time.Hour},
		{failed(paper.EUPSTREAM, 3), 4 * time.Hour},
		{failed(paper.EUPSTREAM, 30), 7 * day},
	}
	for _, tt := range tests {
		if got := retryAt(tt.info).Sub(today); got != tt.want {
			t.Errorf("%s after %d failures: retry in %v, want %v", tt.info.ErrCode, tt.info.Failures, got, tt.want)
		}
	}
	if !retryAt(store.FullTextInfo{Size: 10}).IsZero() {
		t.Error("a text that did not fail has a retry time")
	}
}

func TestEvictionOrder(t *testing.T) {
	at := func(h int) time.Time { return today.Add(time.Duration(h) * time.Hour) }
	kept := func(stored int64, fetched, opened int) store.FullTextInfo {
		i := store.FullTextInfo{Size: stored * 3, Stored: stored, FetchedAt: at(fetched)}
		if opened > 0 {
			i.OpenedAt = at(opened)
		}
		return i
	}
	infos := map[string]store.FullTextInfo{
		"old-unopened":    kept(10, 1, 0),
		"old-opened-late": kept(10, 1, 50),
		"new-unopened":    kept(10, 20, 0),
		"saved-oldest":    kept(10, 0, 0),
		"asked":           kept(10, 0, 0),
		"tie-b":           kept(10, 5, 0),
		"tie-a":           kept(10, 5, 0),
		"missing":         {ErrCode: paper.ENOTFOUND},
	}
	saved, keep := map[string]bool{"saved-oldest": true}, map[string]bool{"asked": true}
	tests := []struct {
		budget int64
		want   []string
	}{
		{70, nil},
		{69, []string{"old-unopened"}},
		{45, []string{"old-unopened", "tie-a", "tie-b"}},
		{0, []string{"old-unopened", "tie-a", "tie-b", "new-unopened", "old-opened-late"}},
	}
	for _, tt := range tests {
		if got := evictions(infos, saved, keep, tt.budget); !slices.Equal(got, tt.want) {
			t.Errorf("budget %d: got %v, want %v", tt.budget, got, tt.want)
		}
	}
}

// incompressible is n bytes of text that zstd cannot shrink much.
func incompressible(n int) string {
	b := make([]byte, n*3/4)
	rand.Read(b)
	return "# Noise\n\n" + base64.StdEncoding.EncodeToString(b)
}

func TestBudgetDropsLeastRecentlyOpenedUnsaved(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newFTHarness(t)
		ctx, s := t.Context(), h.svc
		// 30 texts of ~2 MB: ~60 MB in a budget of 50
		var ids []string
		for i := range 30 {
			id := fmt.Sprintf("2605.1%04d", i)
			ids = append(ids, id)
			if _, err := s.store.PutFullText(id, incompressible(2_000_000), time.Now()); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Minute)
		}
		s.SetSaved(ctx, ids[0], true)                      // the oldest, saved: kept
		if _, err := s.FullText(ctx, ids[1]); err != nil { // the second oldest, opened now: kept
			t.Fatal(err)
		}
		before, _ := s.FullTextSettings(ctx)
		if before.BytesUsed < 55_000_000 || before.Texts != 30 {
			t.Fatalf("before: %+v", before)
		}
		after, err := s.SetFullTextBudget(ctx, 50)
		if err != nil {
			t.Fatal(err)
		}
		if after.BytesUsed > 50_000_000 || after.BudgetBytes != 50_000_000 || after.SavedBytes == 0 {
			t.Errorf("after: %+v", after)
		}
		dropped := 30 - after.Texts
		for i, id := range ids {
			want := FullTextReady
			if i >= 2 && i < 2+dropped {
				want = FullTextNone
			}
			if got, _ := s.fullTextState(id); got.State != want {
				t.Errorf("text %d: %s, want %s (%d dropped)", i, got.State, want, dropped)
			}
		}
		if _, err := s.SetFullTextBudget(ctx, 10); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("a budget under the minimum: %v", err)
		}
	})
}

func TestReadingPositionIsUserData(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newFTHarness(t)
		ctx, s := t.Context(), h.svc
		pos := ReadingPosition{Anchor: "4-experiments", Fraction: 0.42}
		if err := s.SetReadingPosition(ctx, "2605.00001", pos); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []ReadingPosition{{Fraction: 1.5}, {Fraction: -0.1}, {Anchor: "a\x1b[2J"}, {Anchor: strings.Repeat("a", 201)}} {
			if err := s.SetReadingPosition(ctx, "2605.00001", bad); paper.ErrorCode(err) != paper.EINVALID {
				t.Errorf("%+v: %v, want EINVALID", bad, err)
			}
		}
		if err := s.ClearCache(ctx); err != nil {
			t.Fatal(err)
		}
		h.reopen()
		got, err := h.svc.ReadingPosition(ctx, "2605.00001")
		if err != nil || got.Anchor != pos.Anchor || got.Fraction != pos.Fraction || got.UpdatedAt == "" {
			t.Errorf("after Clear cache and a restart: %+v, %v", got, err)
		}
	})
}

func TestClearCacheDropsFullTexts(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newFTHarness(t)
		ctx, s := t.Context(), h.svc
		if rep, err := s.ReadFullText(ctx, "2605.00001", true); err != nil || rep.State != FullTextReady {
			t.Fatalf("read: %+v, %v", rep.State, err)
		}
		if err := s.ClearCache(ctx); err != nil {
			t.Fatal(err)
		}
		if got := h.fullText("2605.00001"); got.State != FullTextNone {
			t.Errorf("after Clear cache: %s", got.State)
		}
		if n := s.index.Bodies(); n != 0 {
			t.Errorf("the index still holds %d full texts", n)
		}
	})
}

func TestFullTextsIndexedAtStart(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newFTHarness(t)
		ctx := t.Context()
		for _, id := range []string{"2605.00002", "2605.00003"} {
			if _, err := h.svc.ReadFullText(ctx, id, true); err != nil {
				t.Fatal(err)
			}
		}
		find := func(id string) int {
			t.Helper()
			page, err := h.svc.Find(ctx, hftest.BodyWord(id), 5)
			if err != nil {
				t.Fatal(err)
			}
			return len(page.Hits)
		}
		h.reopen() // from the snapshot
		synctest.Wait()
		if find("2605.00003") != 1 {
			t.Error("after a restart: the full text is not searchable")
		}
		// behind the index's back (another process): one dropped, one fetched
		h.svc.store.EvictFullTexts([]string{"2605.00002"}, time.Now())
		h.svc.store.PutFullText("2605.00001", "# Late\n\nThe marsupilami appears.", time.Now())
		h.reopen()
		synctest.Wait()
		if find("2605.00002") != 0 || find("2605.00003") != 1 {
			t.Error("the index holds a dropped text, or lost a kept one")
		}
		if page, _ := h.svc.Find(ctx, "marsupilami", 5); len(page.Hits) != 1 {
			t.Error("a text fetched by another process is not indexed")
		}
		// no snapshot at all: every text is read from the cache
		h.svc.Close()
		os.Remove(filepath.Join(h.dir, snapshotFile))
		h.svc = nil
		h.reopen()
		synctest.Wait()
		if find("2605.00003") != 1 || h.svc.index.Bodies() != 2 {
			t.Errorf("without a snapshot: %d texts indexed", h.svc.index.Bodies())
		}
	})
}
