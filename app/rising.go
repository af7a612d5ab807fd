package app

import (
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/watch"
)

// RisingItem is a paper and the upvotes it gained in the window.
type RisingItem struct {
	Paper   paper.View    `json:"paper"`
	Gain    int           `json:"gain"`
	History []paper.Point `json:"history"`
}

// Rising lists the papers that gained the most upvotes over the last "day"
// or "week", from the upvote history syncs record.
func (p *Papers) Rising(window string, limit int) ([]RisingItem, error) {
	items, err := p.b.rising(window, limit)
	return items, p.b.fail("rising", err)
}

func (b *Backend) rising(window string, limit int) ([]RisingItem, error) {
	d, ok := watch.Windows[window]
	if !ok {
		return []RisingItem{}, paper.Errorf(paper.EINVALID, "the window is day or week, not %q", window)
	}
	rs, err := watch.Rising(b.Store, b.now().UTC(), d, min(max(limit, 1), maxLimit))
	if err != nil {
		return []RisingItem{}, err
	}
	ps := make([]paper.Paper, len(rs))
	for i, r := range rs {
		ps[i] = r.Paper
	}
	vs, err := b.views(ps)
	if err != nil {
		return []RisingItem{}, err
	}
	out := make([]RisingItem, len(rs))
	for i, r := range rs {
		out[i] = RisingItem{Paper: vs[i], Gain: r.Gain, History: r.History}
	}
	return out, nil
}
