package store

import "github.com/paperboy-reader/paperboy/internal/paper"

// decodeDay reads a day record. Days decodes every record at the first day
// view after launch (~3,100 at 100k papers); a hand-written parser of the
// exact bytes encode writes took that from ~10 to ~4 ms, which nobody could
// see in the window's first cards (make bench, 2026-12-01), so it is
// encoding/json again.
func decodeDay(b []byte) (paper.Day, error) { return decode[paper.Day](b) }
