package store

import (
	"sync"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// paperCacheSize bounds the decoded papers kept in memory: ~40 days of cards,
// ~15 MB with their Raw. Decoding (S2 + binary, papercodec.go) costs ~8-15 µs
// a paper, which makes a day ~0.5-0.8 ms cold; warm, they are copies.
const paperCacheSize = 2048

// paperCache keeps decoded papers by id. Papers handed out share their
// slices (Authors, Raw…) with it: callers treat papers as read-only.
//
// A reader takes the generation before its Badger snapshot and may only add
// what it read if no write happened since; otherwise a read that started
// before a write could cache the old paper after the write's invalidation.
type paperCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]paper.Paper
}

func newPaperCache() *paperCache { return &paperCache{m: map[string]paper.Paper{}} }

func (c *paperCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *paperCache) get(id string) (paper.Paper, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.m[id]
	return p, ok
}

// add caches papers read from a snapshot taken at generation gen.
func (c *paperCache) add(gen uint64, ps []paper.Paper) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	for _, p := range ps {
		if len(c.m) >= paperCacheSize {
			// Evict an arbitrary quarter: map order is random enough, and
			// an LRU list is not worth its bookkeeping here.
			n := paperCacheSize / 4
			for id := range c.m {
				delete(c.m, id)
				if n--; n == 0 {
					break
				}
			}
		}
		c.m[p.ID] = p
	}
}

// invalidate forgets ids (all papers when ids is nil) after a write.
func (c *paperCache) invalidate(ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if ids == nil {
		clear(c.m)
	}
	for _, id := range ids {
		delete(c.m, id)
	}
}
