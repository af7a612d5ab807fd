package app

import (
	"context"
	"time"

	"github.com/paperboy-reader/paperboy/internal/syncer"
)

// afterSync runs after a sync that stored something, before the UI is told:
// the watched topics look at what it brought.
func (b *Backend) afterSync(rep syncer.Report) {
	b.matchTopics(rep.New)
}

// Auto-sync timing. The interval is read from the settings at every poll,
// so a change takes effect within a poll.
const (
	autoPoll    = 5 * time.Second
	autoGCEvery = 10 * time.Minute
	gcRatio     = 0.5
)

// StartAutoSync syncs the latest days every syncInterval minutes (setting;
// default 30, 0 = off) and reclaims value-log space every ten minutes, until
// ctx ends. Cancel ctx before Close.
func (b *Backend) StartAutoSync(ctx context.Context) {
	go b.autoSync(ctx, time.Minute, autoPoll, autoGCEvery)
}

// autoSync is StartAutoSync with its clock units injected: an interval of n
// is n*unit.
func (b *Backend) autoSync(ctx context.Context, unit, poll, gcEvery time.Duration) {
	pollT := time.NewTicker(poll)
	defer pollT.Stop()
	gcT := time.NewTicker(gcEvery)
	defer gcT.Stop()
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-gcT.C:
			b.Store.RunGC(gcRatio)
		case now := <-pollT.C:
			n := b.syncInterval()
			if n <= 0 || now.Sub(last) < time.Duration(n)*unit {
				continue
			}
			last = now
			// A plain sync: today and yesterday are always fetched, the
			// other recent days only while their lists are unsettled.
			if err := b.StartSync("", false); err != nil {
				b.log().Warn("auto-sync", "err", err)
			}
		}
	}
}
