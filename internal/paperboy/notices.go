package paperboy

import (
	"context"

	"github.com/paperboy-reader/paperboy/internal/store"
)

// Notice is something the user must hear about the data directory: damage
// found and repaired (what was kept, what to do), a read-only or full disk.
type Notice = store.Notice

// Notices returns every notice since Open, oldest first. The list only
// grows; EventNotices carries the new ones as they appear.
func (s *Service) Notices(ctx context.Context) []Notice { return s.store.Notices() }

// announce tells the front doors about the notices that appeared since it
// last did: Open's, or a damaged record a read came across.
func (s *Service) announce() {
	ns := s.store.Notices()
	s.mu.Lock()
	fresh := ns[min(s.announced, len(ns)):]
	s.announced = len(ns)
	s.mu.Unlock()
	if len(fresh) > 0 {
		s.emit(EventNotices, NoticesEvent{Notices: fresh})
	}
}
