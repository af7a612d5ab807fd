package app

import "github.com/paperboy-reader/paperboy/internal/paperboy"

// Sync fetches new papers in the background; progress arrives as events.
type Sync struct{ svc *paperboy.Service }

// Start begins a sync: scope "" is the recent days, a date that day, and
// "FROM..TO" a backfill of every day between.
func (s *Sync) Start(scope string, force bool) error {
	return s.svc.StartSync(paperboy.SyncRequest{Scope: scope, Force: force})
}

// Status returns the state of the current or last sync.
func (s *Sync) Status() (paperboy.SyncStatus, error) { return s.svc.SyncStatus(), nil }

// Cancel stops a running sync; what was fetched so far stays.
func (s *Sync) Cancel() error {
	s.svc.CancelSync()
	return nil
}
