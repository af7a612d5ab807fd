package app

import (
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
)

// Papers reads the cache and the user's reading state.
type Papers struct{ svc *paperboy.Service }

// Days lists the cached days with papers, newest first.
func (p *Papers) Days() ([]paperboy.DayInfo, error) { return p.svc.Days(bg()) }

// Day returns one day's papers ("" = the latest); sort is "upvotes" or
// "published". It does not record a look: MarkLooked does.
func (p *Papers) Day(date, sort string) (paperboy.DayView, error) { return p.svc.Day(bg(), date, sort) }

// MarkLooked records that the user has seen date's papers.
func (p *Papers) MarkLooked(date string) error { return p.svc.MarkLooked(bg(), date) }

// Range returns the papers of the days from..to, grouped by day.
func (p *Papers) Range(from, to, sort string) (paperboy.RangeView, error) {
	return p.svc.Range(bg(), from, to, sort)
}

// Calendar lists every fetched day, for the date picker.
func (p *Papers) Calendar() (paperboy.Calendar, error) { return p.svc.Calendar(bg()) }

// Paper returns one paper with its links and upvote history.
func (p *Papers) Paper(id string) (paperboy.PaperDetail, error) { return p.svc.Paper(bg(), id) }

// OpenLink opens one of a paper's links (kind: hf, arxiv, pdf, github,
// project) in the system browser and returns its URL.
func (p *Papers) OpenLink(id, kind string) (string, error) { return p.svc.OpenLink(bg(), id, kind) }

// SetRead marks a paper read or unread.
func (p *Papers) SetRead(id string, read bool) (paper.State, error) {
	return p.svc.SetRead(bg(), id, read)
}

// SetSaved saves or unsaves a paper.
func (p *Papers) SetSaved(id string, saved bool) (paper.State, error) {
	return p.svc.SetSaved(bg(), id, saved)
}

// Saved lists the saved papers, most recently saved first.
func (p *Papers) Saved() ([]paper.View, error) { return p.svc.Saved(bg()) }

// BibTeX returns a BibTeX entry for a paper.
func (p *Papers) BibTeX(id string) (string, error) { return p.svc.BibTeX(bg(), id) }

// Rising lists the papers that gained most upvotes over the last "day" or "week".
func (p *Papers) Rising(window string, limit int) ([]paperboy.RisingItem, error) {
	return p.svc.Rising(bg(), window, limit)
}
