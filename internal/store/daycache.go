package store

import (
	"slices"
	"sync"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// dayListCache keeps the last result of Days. Every day view asks for the
// whole list (to find the newest day, the previous and the next), and
// decoding the ~3,000 day records of a 100k-paper cache took ~15 ms of each
// view (make bench, pprof: encoding/json under store.Days).
//
// Every write of a meta/day/ record (PutDay, AddDayListing, ClearCache) must
// call invalidate after its commit, as the paper cache's writers do: a reader
// takes the generation before its snapshot and keeps what it read only if no
// such write happened since. It cannot key on Badger's read timestamp: day
// views themselves commit (the "last look" of a day), so that would miss
// every time.
type dayListCache struct {
	mu   sync.Mutex
	gen  uint64
	ok   bool
	days []paper.Day
}

func (c *dayListCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *dayListCache) get() ([]paper.Day, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ok {
		return nil, false
	}
	return slices.Clone(c.days), true
}

// put keeps days read from a snapshot taken at generation gen.
func (c *dayListCache) put(gen uint64, days []paper.Day) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen == c.gen {
		c.ok, c.days = true, slices.Clone(days)
	}
}

func (c *dayListCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.ok, c.days = false, nil
}
