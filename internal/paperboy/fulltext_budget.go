package paperboy

import (
	"cmp"
	"slices"
	"strings"

	"github.com/paperboy-reader/paperboy/internal/store"
)

// evictions returns the full texts to drop so that those kept take at most
// budget bytes: unsaved ones only, least recently used first (opened, or
// else fetched: store.FullTextInfo.LastUse), oldest id first on a tie.
// Saved papers' texts are never dropped, nor those in keep (just fetched on
// demand), so what is kept may stay over budget.
func evictions(infos map[string]store.FullTextInfo, saved, keep map[string]bool, budget int64) []string {
	var used int64
	type cand struct {
		id   string
		info store.FullTextInfo
	}
	var cands []cand
	for id, info := range infos {
		if !info.Kept() {
			continue
		}
		used += info.Stored
		if !saved[id] && !keep[id] {
			cands = append(cands, cand{id, info})
		}
	}
	if used <= budget {
		return nil
	}
	slices.SortFunc(cands, func(a, b cand) int {
		return cmp.Or(a.info.LastUse().Compare(b.info.LastUse()), strings.Compare(a.id, b.id))
	})
	var out []string
	for _, c := range cands {
		if used <= budget {
			break
		}
		out = append(out, c.id)
		used -= c.info.Stored
	}
	return out
}

// enforceBudget drops full texts until those kept fit the budget (see
// evictions), and tells the index and the UI.
func (s *Service) enforceBudget() error {
	infos, err := s.store.FullTextInfos()
	if err != nil {
		return err
	}
	saved, err := s.savedSet()
	if err != nil {
		return err
	}
	_, budget := s.budgetBytes()
	s.ft.mu.Lock()
	keep := make(map[string]bool, len(s.ft.protect))
	for id := range s.ft.protect {
		keep[id] = true
	}
	s.ft.mu.Unlock()
	drop := evictions(infos, saved, keep, budget)
	if len(drop) == 0 {
		return nil
	}
	if err := s.store.EvictFullTexts(drop, s.now()); err != nil {
		return err
	}
	s.index.RemoveBodies(drop...)
	s.indexDirty.Store(true)
	s.ft.texts.forget(drop...)
	s.log.Info("full texts dropped to stay within the budget", "papers", len(drop), "budget", budget)
	for _, id := range drop {
		s.emit(EventFullTextChanged, FullTextChanged{ID: id, State: FullTextNone,
			Message: "Dropped from the cache to stay within the full-text budget"})
	}
	return nil
}
