package paperboy

import (
	"slices"
	"sync"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
)

// Full texts in search: the index holds every cached text (search.Body),
// fed when one is fetched. The snapshot (search.idx) holds them too; at
// start, once the papers are loaded, loadBodies brings them in line with
// the cache in the background: texts fetched or dropped by another process
// since (a command-line sync), or all of them when the snapshot was older. A hit found in a text gets a snippet of the
// passage (bodySnippets), from a few recently used texts kept as plain text.

// indexBodies adds texts to the index once it is being loaded (as
// loadedIndex does for papers).
func (s *Service) indexBodies(bs ...search.Body) {
	if s.indexStarted.Load() {
		s.index.SetBodies(bs...)
		s.indexDirty.Store(true)
		for _, b := range bs {
			s.ft.texts.forget(b.ID)
		}
	}
}

// bodyBatch is how many texts loadBodies decodes before indexing them:
// ~12 MB of Markdown at a time.
const bodyBatch = 100

// loadBodies brings the index's full texts in line with the cache: texts
// missing or older in the index are read and indexed, texts no longer
// cached are dropped. Called once the index holds the papers.
func (s *Service) loadBodies() {
	start := time.Now()
	infos, err := s.store.FullTextInfos()
	if err != nil {
		s.log.Warn("index full texts", "err", err)
		return
	}
	have := s.index.BodyVersions()
	var stale []string
	for id := range have {
		if !infos[id].Kept() {
			stale = append(stale, id)
		}
	}
	s.index.RemoveBodies(stale...)
	if len(stale) > 0 {
		s.indexDirty.Store(true)
	}
	var batch []search.Body
	n := 0
	flush := func() {
		if len(batch) > 0 {
			s.indexDirty.Store(true)
		}
		s.index.SetBodies(batch...)
		n += len(batch)
		batch = batch[:0]
	}
	for id, info := range infos {
		if s.ft.ctx.Err() != nil {
			return
		}
		if !info.Kept() || have[id] >= info.FetchedAt.UnixNano() {
			continue
		}
		md, info, err := s.store.FullText(id)
		if err != nil {
			continue // not cached any more, or damaged: Notices say
		}
		batch = append(batch, search.Body{ID: id, Markdown: md, Version: info.FetchedAt.UnixNano()})
		if len(batch) == bodyBatch {
			flush()
		}
	}
	flush()
	s.log.Info("full texts indexed", "texts", n, "dropped", len(stale), "took", time.Since(start).Round(time.Millisecond))
}

// maxBodySnippets is how many hits of a search get a snippet from their
// full text: each costs a read of the text (~0.5 ms) unless it is among
// the recent ones; the rest show their abstract.
const maxBodySnippets = 8

// bodySnippets gives the hits found in a full text (and not in the
// abstract) the passage that matched, and the heading of its section.
func (s *Service) bodySnippets(hits []Hit, rs []search.Result) {
	byID := make(map[string]search.Result, len(rs))
	for _, r := range rs {
		byID[r.ID] = r
	}
	n := 0
	for i := range hits {
		r := byID[hits[i].Paper.ID]
		if len(r.BodyTerms) == 0 || len(r.Terms) > 0 && r.Field != "text" {
			continue
		}
		if n++; n > maxBodySnippets {
			return
		}
		text, ok := s.bodyText(r.ID)
		if !ok {
			continue
		}
		snip, hl, heading := search.BodySnippet(text, r.BodyTerms, snippetWidth)
		if snip == "" {
			continue
		}
		hits[i].Snippet, hits[i].Section = rangeSegments(snip, hl), heading
	}
}

// bodyText is the plain text of id's full text, from the cache of recent ones.
func (s *Service) bodyText(id string) (string, bool) {
	if t, ok := s.ft.texts.get(id); ok {
		return t, true
	}
	md, _, err := s.store.FullText(id)
	if err != nil {
		if paper.ErrorCode(err) != paper.ENOTFOUND {
			s.log.Debug("full text for a snippet", "id", id, "err", err)
		}
		return "", false
	}
	t := search.BodyText(md)
	s.ft.texts.put(id, t)
	return t, true
}

// textCache keeps the plain text of the few full texts searched last: while
// a query is typed, the same papers come back keystroke after keystroke.
type textCache struct {
	mu    sync.Mutex
	order []string
	texts map[string]string
}

const textCacheSize = 32

func (c *textCache) get(id string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.texts[id]
	return t, ok
}

func (c *textCache) put(id, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.texts == nil {
		c.texts = map[string]string{}
	}
	if _, ok := c.texts[id]; !ok {
		c.order = append(c.order, id)
	}
	c.texts[id] = text
	for len(c.order) > textCacheSize {
		delete(c.texts, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *textCache) forget(ids ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		delete(c.texts, id)
	}
	c.order = slices.DeleteFunc(c.order, func(id string) bool { _, ok := c.texts[id]; return !ok })
}

// clear forgets every text (Clear cache).
func (c *textCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.texts, c.order = nil, nil
}
