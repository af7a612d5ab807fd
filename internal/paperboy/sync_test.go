package paperboy

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/syncer"
)

func TestSyncStatusTellsTheTruth(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t, mk("2605.00001", "2026-05-27", "Wednesday", 3))
		h.fake.SetMode(hftest.ModeDown)
		st := h.sync("")
		if st.LastSynced != "" || st.LastResult != ResultFailed || st.Online || st.Error == nil || st.Error.Code != paper.EOFFLINE {
			t.Errorf("after a failed sync: %+v", st)
		}
		h.fake.SetMode(hftest.ModeOK)
		st = h.sync("")
		if st.LastSynced == "" || st.LastResult != ResultOK || !st.Online || st.Error != nil || st.Papers != 1 || st.Kind != SyncRecent {
			t.Errorf("after a good sync: %+v", st)
		}
		st = h.sync("2026-05-18..2026-05-27")
		if st.Kind != SyncRange || st.Total != 10 || st.Done != 10 || st.LastResult != ResultOK || st.ETASeconds != -1 {
			t.Errorf("after a backfill: %+v", st)
		}
		h.fake.SetMode(hftest.Mode500)
		last := st.LastSynced
		time.Sleep(time.Hour)
		st = h.sync("")
		if st.LastSynced != last || st.LastResult != ResultFailed || !st.Online || st.Error.Code != paper.EUPSTREAM {
			t.Errorf("after Hugging Face failed: %+v (last good sync %s)", st, last)
		}
		for _, bad := range []string{"2026-05-27..", "yesterday", "2026-05-20..2026-13-01", "2030-01-01..2030-01-02"} {
			if err := h.svc.StartSync(SyncRequest{Scope: bad}); paper.ErrorCode(err) != paper.EINVALID {
				t.Errorf("StartSync(%q) = %v, want invalid", bad, err)
			}
		}
	})
}

func TestCancelAndOneSyncAtATime(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t, mk("2605.00001", "2026-05-27", "Wednesday", 3))
		release := make(chan struct{})
		h.delay = func() { <-release }
		h.svc.StartSync(SyncRequest{Scope: "2026-05-01..2026-05-27"})
		synctest.Wait()
		if st := h.svc.SyncStatus(); !st.Running || st.Kind != SyncRange || st.Message != "Syncing…" {
			t.Fatalf("running: %+v", st)
		}
		// a second start while one runs changes nothing
		if err := h.svc.StartSync(SyncRequest{}); err != nil {
			t.Fatal(err)
		}
		// a blocking sync (the command line's) waits its turn
		var cliRep syncer.Report
		var cliErr error
		cliDone := make(chan struct{})
		go func() {
			defer close(cliDone)
			cliRep, cliErr = h.svc.Sync(context.Background(), SyncRequest{Scope: "2026-05-27"}, nil)
		}()
		synctest.Wait()
		select {
		case <-cliDone:
			t.Fatal("a second sync ran while the first was running")
		default:
		}
		h.svc.CancelSync()
		close(release)
		st := h.svc.Wait(t.Context())
		<-cliDone
		if cliErr != nil || len(cliRep.Days) != 1 {
			t.Errorf("the waiting sync: %+v, %v", cliRep, cliErr)
		}
		if st = h.svc.SyncStatus(); st.LastResult != ResultOK || st.Kind != SyncDay {
			t.Errorf("after the waiting sync: %+v", st)
		}
		var stopped *SyncStatus
		names, data := h.rec.sent()
		for i, name := range names {
			if name == EventSyncDone {
				s := data[i].(SyncStatus)
				stopped = &s
				break
			}
		}
		if stopped == nil || stopped.LastResult != ResultCanceled || stopped.Message == "" || stopped.LastSynced != "" {
			t.Errorf("the canceled sync ended as %+v", stopped)
		}
	})
}

func TestCommandLineSyncStopsWithItsContext(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t)
		h.delay = func() { time.Sleep(time.Minute) }
		ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
		defer cancel()
		rep, err := h.svc.Sync(ctx, SyncRequest{Scope: "2026-05-01..2026-05-27"}, nil)
		if paper.ErrorCode(err) != paper.ECANCELED || rep.Failed == 0 {
			t.Errorf("Sync after its context ended = %v (%d failed)", err, rep.Failed)
		}
		if st := h.svc.SyncStatus(); st.Running || st.LastResult != ResultCanceled {
			t.Errorf("status %+v", st)
		}
	})
}

// TestEventsWhileSubscribersComeAndGo runs under -race: front doors subscribe
// and leave (a browser tab, the window) while a sync notifies and emits.
func TestEventsWhileSubscribersComeAndGo(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t, mk("2605.00001", "2026-05-27", "Diffusion", 3))
		if _, err := h.svc.CreateTopic(t.Context(), "", "diffusion"); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 50 {
					off := h.svc.Subscribe(func(string, any) {})
					off()
				}
			})
		}
		h.syncOK("")
		wg.Wait()
		if n := len(h.rec.notifications()); n != 1 {
			t.Errorf("%d notifications, want 1", n)
		}
	})
}

// TestAStoppedBackfillCanBeResumedAfterARestart: the last sync's scope and
// result outlive the process, so the UI can offer Resume.
func TestAStoppedBackfillCanBeResumedAfterARestart(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t)
		release := make(chan struct{})
		h.delay = func() { <-release }
		if err := h.svc.StartSync(SyncRequest{Scope: "2026-04-01..2026-05-27"}); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		h.svc.CancelSync()
		close(release)
		if st := h.svc.Wait(t.Context()); st.LastResult != ResultCanceled || st.Scope != "2026-04-01..2026-05-27" {
			t.Fatalf("stopped: %+v", st)
		}
		h.delay = nil
		st := h.reopen().SyncStatus()
		if st.Running || st.LastResult != ResultCanceled || st.Scope != "2026-04-01..2026-05-27" || st.Kind != SyncRange || st.Message == "" {
			t.Errorf("after a restart: %+v", st)
		}
	})
}

// A sync asked for while the last one has said it is over but still holds
// the slot (it is recording its result) starts once the slot is free.
func TestStartSyncRightAfterOneEndsIsNotLost(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t, mk("2605.00001", "2026-05-27", "Wednesday", 3))
		h.syncOK("2026-05-27")
		h.svc.syncSlot <- struct{}{} // the last sync, between its status and freeing the slot
		go func() {
			time.Sleep(50 * time.Millisecond)
			<-h.svc.syncSlot
		}()
		before := h.rec.count(EventSyncDone)
		if err := h.svc.StartSync(SyncRequest{Scope: "2026-05-26"}); err != nil {
			t.Fatal(err)
		}
		st := h.svc.Wait(t.Context())
		if n := h.rec.count(EventSyncDone); n != before+1 || st.Scope != "2026-05-26" {
			t.Fatalf("sync:done %d times after the request (want 1), last scope %q (want 2026-05-26)", n-before, st.Scope)
		}
	})
}
