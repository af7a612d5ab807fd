package paperboy

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/paperboy-reader/paperboy/internal/hftest"
)

func TestRunSyncsAtStartThenOnItsInterval(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t, mk("2605.00001", "2026-05-27", "Wednesday", 3))
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() { h.svc.Run(ctx, RunOptions{SyncAtStart: true}); close(done) }()
		synctest.Wait()
		if n := h.rec.count(EventSyncDone); n != 1 {
			t.Fatalf("%d syncs at start, want 1", n)
		}
		time.Sleep(29 * time.Minute)
		synctest.Wait()
		if n := h.rec.count(EventSyncDone); n != 1 {
			t.Errorf("%d syncs before the 30-minute interval", n)
		}
		time.Sleep(time.Minute + schedulePoll)
		synctest.Wait()
		if n := h.rec.count(EventSyncDone); n != 2 {
			t.Errorf("%d syncs after 30 minutes, want 2", n)
		}
		// the interval is read at every poll: off stops it at once
		if err := h.svc.SetSyncInterval(t.Context(), 0); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Hour)
		synctest.Wait()
		if n := h.rec.count(EventSyncDone); n != 2 {
			t.Errorf("%d syncs with auto-sync off, want still 2", n)
		}
		// on again: the last sync was an hour ago, so one runs at the next poll
		if err := h.svc.SetSyncInterval(t.Context(), 5); err != nil {
			t.Fatal(err)
		}
		time.Sleep(schedulePoll)
		synctest.Wait()
		if n := h.rec.count(EventSyncDone); n != 3 {
			t.Errorf("%d syncs after turning a 5-minute interval on, want 3", n)
		}
		// a sync the user starts counts too: the next one is 5 minutes after it
		time.Sleep(3 * time.Minute)
		h.syncOK("")
		time.Sleep(3 * time.Minute)
		synctest.Wait()
		if n := h.rec.count(EventSyncDone); n != 4 {
			t.Errorf("%d syncs 3 minutes after a manual one, want 4", n)
		}
		time.Sleep(2*time.Minute + schedulePoll)
		synctest.Wait()
		if n := h.rec.count(EventSyncDone); n != 5 {
			t.Errorf("%d syncs 5 minutes after the manual one, want 5", n)
		}
		cancel()
		<-done
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		if n := h.rec.count(EventSyncDone); n != 5 {
			t.Errorf("%d syncs after Run ended, want still 5", n)
		}
	})
}

func TestRunHoldsTheIndexUntilAskedOrTimedOut(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t)
		h.svc.Close()
		s := openDir(t, h.dir)
		defer s.Close()
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go s.Run(ctx, RunOptions{IndexAfter: 3 * time.Second})
		time.Sleep(time.Second)
		synctest.Wait()
		if s.indexStarted.Load() {
			t.Fatal("the index loaded before the window's first cards")
		}
		s.FrontendLog("paperboy: first-render cards=12")
		synctest.Wait()
		select {
		case <-s.indexReady:
		default:
			t.Fatal("the first render did not start the index")
		}
		s2 := openDir(t, t.TempDir())
		defer s2.Close()
		go s2.Run(ctx, RunOptions{IndexAfter: 3 * time.Second})
		time.Sleep(3 * time.Second)
		synctest.Wait()
		if !s2.indexStarted.Load() {
			t.Error("the index did not load after its hold")
		}
	})
}

func TestRunProbesWhileOffline(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t)
		h.fake.SetMode(hftest.ModeDown)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go h.svc.Run(ctx, RunOptions{SyncAtStart: true})
		synctest.Wait()
		if st := h.svc.Wait(ctx); st.Online {
			t.Fatalf("online after a failed sync: %+v", st)
		}
		syncs := h.rec.count(EventSyncDone)
		h.fake.SetMode(hftest.ModeOK) // the network is back
		time.Sleep(probeEvery + schedulePoll)
		synctest.Wait()
		st := h.svc.SyncStatus()
		if !st.Online {
			t.Errorf("still offline a probe after the network came back: %+v", st)
		}
		if n := h.rec.count(EventSyncDone); n != syncs {
			t.Errorf("the probe ran %d syncs", n-syncs)
		}
		if st.LastResult != ResultFailed || st.LastSynced != "" {
			t.Errorf("the probe changed the last sync's result: %+v", st)
		}
	})
}
