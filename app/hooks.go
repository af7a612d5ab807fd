package app

import "github.com/paperboy-reader/paperboy/internal/syncer"

// afterSync runs after a sync that stored something, before the UI is told.
// The watch-topics work replaces this with matching and notifications.
func (b *Backend) afterSync(rep syncer.Report) {}
