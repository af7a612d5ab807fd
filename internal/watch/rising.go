package watch

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// HistoryStore is what Rising reads.
type HistoryStore interface {
	DayIDs(date string) ([]string, error)
	Histories(ids []string) (map[string][]paper.Point, error)
	Papers(ids []string) ([]paper.Paper, error)
}

// Rise is a paper and the upvotes it gained in a window.
type Rise struct {
	Paper   paper.Paper
	Gain    int
	History []paper.Point
}

// Windows Rising knows.
var Windows = map[string]time.Duration{"day": 24 * time.Hour, "week": 7 * 24 * time.Hour}

// candidateSlack is how many days before the window a paper may have been
// listed and still gain upvotes in it: HF lists grow for a day or two, and
// papers keep collecting votes for a few days after.
const candidateSlack = 5

// Gain is the upvotes gained since start: the latest point minus the last one
// at or before start, or minus the first one when the paper was first seen
// after start. pts are oldest first.
func Gain(pts []paper.Point, start time.Time) int {
	if len(pts) == 0 {
		return 0
	}
	base := pts[0]
	for _, p := range pts {
		if p.At.After(start) {
			break
		}
		base = p
	}
	return pts[len(pts)-1].Upvotes - base.Upvotes
}

// Rising ranks the papers that gained the most upvotes in the window ending
// at now, at most limit. Only papers listed on the window's days (and a few
// before) are read, so its cost does not grow with the cache.
func Rising(st HistoryStore, now time.Time, window time.Duration, limit int) ([]Rise, error) {
	start := now.Add(-window)
	var ids []string
	seen := map[string]bool{}
	for d := start.AddDate(0, 0, -candidateSlack); !d.After(now); d = d.AddDate(0, 0, 1) {
		dayIDs, err := st.DayIDs(d.UTC().Format(time.DateOnly))
		if err != nil {
			return nil, err
		}
		for _, id := range dayIDs {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	hs, err := st.Histories(ids)
	if err != nil {
		return nil, err
	}
	var rs []Rise
	for _, id := range ids {
		pts := hs[id]
		// points after now (clock skew, tests) do not count
		for len(pts) > 0 && pts[len(pts)-1].At.After(now) {
			pts = pts[:len(pts)-1]
		}
		if len(pts) == 0 || pts[len(pts)-1].At.Before(start) {
			continue // nothing observed in the window
		}
		if g := Gain(pts, start); g > 0 {
			rs = append(rs, Rise{Gain: g, History: pts, Paper: paper.Paper{ID: id, Upvotes: pts[len(pts)-1].Upvotes}})
		}
	}
	slices.SortFunc(rs, func(a, b Rise) int {
		return cmp.Or(b.Gain-a.Gain, b.Paper.Upvotes-a.Paper.Upvotes, strings.Compare(a.Paper.ID, b.Paper.ID))
	})
	rs = rs[:min(len(rs), max(limit, 0))]
	top := make([]string, len(rs))
	for i, r := range rs {
		top[i] = r.Paper.ID
	}
	ps, err := st.Papers(top)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]paper.Paper, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	out := rs[:0]
	for _, r := range rs {
		if p, ok := byID[r.Paper.ID]; ok {
			r.Paper = p
			out = append(out, r)
		}
	}
	return out, nil
}
