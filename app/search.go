package app

import "github.com/paperboy-reader/paperboy/internal/paperboy"

// Search finds papers in the cache as the user types, and on Hugging Face on request.
type Search struct{ svc *paperboy.Service }

// Query searches the cache; limit is capped at paperboy.MaxResults, and the
// page says how many match in all.
func (s *Search) Query(q string, limit int) (paperboy.SearchPage, error) {
	return s.svc.Query(bg(), q, min(max(limit, 1), paperboy.MaxResults))
}

// Remote searches Hugging Face and caches what it finds.
func (s *Search) Remote(q string, limit int) ([]paperboy.Hit, error) {
	return s.svc.Remote(bg(), q, limit)
}

// Pending returns, once, a search asked for from outside while the UI loaded.
func (s *Search) Pending() (paperboy.Pending, error) { return s.svc.PendingSearch(bg()), nil }
