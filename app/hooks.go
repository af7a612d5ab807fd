package app

import (
	"context"

	"github.com/paperboy-reader/paperboy/internal/syncer"
)

// afterSync runs after a sync that stored something, before the UI is told.
// The watch-topics work replaces this with matching and notifications.
func (b *Backend) afterSync(rep syncer.Report) {}

// StartAutoSync is replaced by the watch-topics work: periodic syncs of today
// and yesterday while the app runs.
func (b *Backend) StartAutoSync(ctx context.Context) {}
