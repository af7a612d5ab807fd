package paperboy

import (
	"runtime/debug"
	"sync"
	"time"
)

// trimAfter is how long the reads must have stopped before their garbage's
// memory goes back to the system.
const trimAfter = 2 * time.Second

// trimmer gives the heap's free memory back to the system once the reads a
// user makes (days, papers, searches) have paused for trimAfter. Between
// collections the Go runtime keeps up to twice the live heap, most of which
// is the search index: after an hour of use at 100k papers that was ~120 MB
// an idle window held for nothing (make bench, "an hour of use").
type trimmer struct {
	mu    sync.Mutex
	timer *time.Timer
	done  bool
	free  func() // debug.FreeOSMemory; tests count the calls
}

// read says that a read just ran: the trim waits until they pause.
func (t *trimmer) read() {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case t.done:
	case t.timer == nil:
		free := t.free
		if free == nil {
			free = debug.FreeOSMemory
		}
		t.timer = time.AfterFunc(trimAfter, free)
	default:
		t.timer.Reset(trimAfter)
	}
}

// stop cancels a trim not yet run; later reads start none.
func (t *trimmer) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.done = true
	if t.timer != nil {
		t.timer.Stop()
	}
}
