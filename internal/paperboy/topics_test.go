package paperboy

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestTopicsNotifyOncePerSyncWithNewMatches(t *testing.T) {
	bubble(t, fixtureStart, func(t *testing.T) {
		h := newHarness(t).withFixture()
		h.syncOK("2024-10-25")
		ctx, s := t.Context(), h.svc
		diff, err := s.CreateTopic(ctx, "", "diffusion transformers")
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Second)
		hot, err := s.CreateTopic(ctx, "Hot", "upvotes:>100")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateTopic(ctx, "x", "  "); err == nil {
			t.Error("an empty query was accepted")
		}
		if diff.Name != "diffusion transformers" || diff.NewCount != 0 {
			t.Errorf("created %+v", diff)
		}
		time.Sleep(visitGap + time.Minute)
		h.fake.AddPapers(
			synthetic("2410.90001", hToday, "Diffusion Transformers for Video Generation", 12),
			synthetic("2410.90002", hToday, "Scalable Diffusion Transformers", 150),
			synthetic("2410.90003", hToday, "Diffusion transformer distillation", 3),
			synthetic("2410.90004", hToday, "Protein Folding with Graph Networks", 7),
		)
		h.syncOK(hToday)
		notes := h.rec.notifications()
		if len(notes) != 1 {
			t.Fatalf("notifications = %v, want exactly one", notes)
		}
		// three distinct papers: 90001-90003 match the diffusion topic, 90002 also Hot
		if notes[0][0] != "3 new papers on 2 topics" || notes[0][2] != RouteForYou {
			t.Errorf("notification = %q", notes[0])
		}
		if n := h.rec.count(EventTopicsNew); n != 1 {
			t.Fatalf("topics:new sent %d times, want 1", n)
		}
		names, data := h.rec.sent()
		for i, name := range names {
			if ev, ok := data[i].(TopicsNew); name == EventTopicsNew && (!ok || ev.Total != 3 || len(ev.Topics) != 2) {
				t.Errorf("topics:new = %#v", data[i])
			}
		}
		fy, err := s.ForYou(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var newIDs []string
		for _, it := range fy.Items {
			if it.IsNew {
				newIDs = append(newIDs, it.Paper.ID)
			}
			if it.IsNew != it.Paper.IsNew {
				t.Errorf("%s: item isNew %v, view isNew %v", it.Paper.ID, it.IsNew, it.Paper.IsNew)
			}
		}
		slices.Sort(newIDs)
		if want := []string{"2410.90001", "2410.90002", "2410.90003"}; !slices.Equal(newIDs, want) || fy.NewCount != 3 {
			t.Errorf("For you new = %v (%d), want %v", newIDs, fy.NewCount, want)
		}
		if it := fy.Items[0]; it.Paper.ID != "2410.90002" || len(it.Topics) != 2 {
			t.Errorf("first item = %s %v; want the paper both topics matched, most upvoted", it.Paper.ID, it.Topics)
		}
		list, _ := s.Topics(ctx)
		if len(list) != 2 || list[0].NewCount != 3 || list[1].NewCount != 1 || list[0].Total < 3 || list[1].Name != "Hot" {
			t.Errorf("List = %+v", list)
		}
		// a second sync bringing nothing new: no notification, no event
		time.Sleep(visitGap + time.Minute)
		h.syncOK(hToday)
		if n := len(h.rec.notifications()); n != 1 {
			t.Errorf("after a sync with nothing new: %d notifications, want still 1", n)
		}
		if n := h.rec.count(EventTopicsNew); n != 1 {
			t.Errorf("after a sync with nothing new: topics:new sent %d times", n)
		}
		if err := s.MarkTopicSeen(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if fy, _ := s.ForYou(ctx); fy.NewCount != 0 {
			t.Errorf("after MarkSeen: %d new", fy.NewCount)
		}
		feed, err := s.TopicFeed(ctx, hot.ID)
		if err != nil || feed.Topic.ID != hot.ID || len(feed.Items) == 0 || feed.Items[0].Paper.ID != "2410.90002" {
			t.Errorf("Feed = %+v, %v", feed, err)
		}
		if _, err := s.TopicFeed(ctx, "nope"); paper.ErrorCode(err) != paper.ENOTFOUND {
			t.Errorf("Feed(unknown) = %v", err)
		}
		up, err := s.UpdateTopic(ctx, hot.ID, "Very hot", "upvotes:>140")
		if err != nil || up.Name != "Very hot" || up.Query != "upvotes:>140" {
			t.Errorf("Update = %+v, %v", up, err)
		}
		if err := s.DeleteTopic(ctx, diff.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.Topics(ctx); len(list) != 1 {
			t.Errorf("after Delete: %d topics", len(list))
		}
		// topics are user data
		if err := s.ClearCache(ctx); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.Topics(ctx); len(list) != 1 {
			t.Errorf("ClearCache dropped topics: %v", list)
		}
	})
}

func TestDayMarksPapersNewSinceLastLook(t *testing.T) {
	bubble(t, fixtureStart, func(t *testing.T) {
		h := newHarness(t)
		h.fake.AddPapers(synthetic("2410.90001", hToday, "First paper", 5))
		h.syncOK(hToday)
		ctx, s := t.Context(), h.svc
		newOnes := func() []string {
			t.Helper()
			v, err := s.Day(ctx, hToday, SortUpvotes)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range v.Papers {
				if p.IsNew {
					got = append(got, p.ID)
				}
			}
			if err := s.MarkLooked(ctx, hToday); err != nil { // the UI, once it has shown them
				t.Fatal(err)
			}
			return got
		}
		// reading is no look: without MarkLooked nothing becomes old
		for range 2 {
			if _, err := s.Day(ctx, hToday, SortUpvotes); err != nil {
				t.Fatal(err)
			}
		}
		if look, ok, _ := s.store.DayLook(hToday); ok {
			t.Fatalf("Day recorded a look: %+v", look)
		}
		if got := newOnes(); len(got) != 0 {
			t.Errorf("first look: new %v, want none", got)
		}
		time.Sleep(visitGap + time.Minute)
		h.fake.AddPapers(synthetic("2410.90002", hToday, "Second paper", 1), synthetic("2410.90003", hToday, "Third paper", 2))
		h.syncOK(hToday)
		time.Sleep(visitGap + time.Minute)
		want := []string{"2410.90003", "2410.90002"}
		for _, step := range []struct {
			name  string
			after time.Duration
			want  []string
		}{
			{"next look", 0, want},
			{"same visit", time.Minute, want},
			{"a later visit", visitGap + time.Minute, nil},
		} {
			time.Sleep(step.after)
			if got := newOnes(); !slices.Equal(got, step.want) {
				t.Errorf("%s: new = %v, want %v", step.name, got, step.want)
			}
		}
		// the palette's recent list reads the latest day too, but is no look
		time.Sleep(visitGap + time.Minute)
		h.fake.AddPapers(synthetic("2410.90005", hToday, "Fifth paper", 1))
		h.syncOK(hToday)
		time.Sleep(visitGap + time.Minute)
		if _, err := s.Query(ctx, "", 10); err != nil {
			t.Fatal(err)
		}
		if got := newOnes(); !slices.Equal(got, []string{"2410.90005"}) {
			t.Errorf("after a search: new = %v, want the fifth paper", got)
		}
		if err := s.MarkLooked(ctx, "yesterday"); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("MarkLooked(yesterday) = %v", err)
		}
	})
}

func TestRisingFromSyncHistory(t *testing.T) {
	bubble(t, fixtureStart, func(t *testing.T) {
		h := newHarness(t)
		for i, up := range []int{1, 2, 3} {
			h.fake.AddPapers(synthetic(fmt.Sprintf("2410.9000%d", i+1), hToday, fmt.Sprintf("Paper %d", i+1), up))
		}
		h.syncOK(hToday)
		time.Sleep(visitGap + time.Minute)
		// later, Hugging Face lists the day with new counts
		later := hftest.New()
		later.Today = h.fake.Today
		later.AddPapers(synthetic("2410.90001", hToday, "Paper 1", 41), synthetic("2410.90002", hToday, "Paper 2", 12),
			synthetic("2410.90003", hToday, "Paper 3", 3))
		h.fake = later
		h.syncOK(hToday)
		rs, err := h.svc.Rising(t.Context(), "day", 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rs {
			got = append(got, fmt.Sprintf("%s+%d", r.Paper.ID, r.Gain))
		}
		if want := []string{"2410.90001+40", "2410.90002+10"}; !slices.Equal(got, want) {
			t.Errorf("Rising = %v, want %v", got, want)
		}
		if _, err := h.svc.Rising(t.Context(), "year", 10); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("Rising(year) = %v", err)
		}
	})
}
