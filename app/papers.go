package app

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/export"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/syncer"
)

// Papers reads the cache and the user's reading state.
type Papers struct{ b *Backend }

// DayView is one Daily Papers date with its cards.
type DayView struct {
	Date      string       `json:"date"`
	Papers    []paper.View `json:"papers"`
	Count     int          `json:"count"`
	Unread    int          `json:"unread"`
	Prev      string       `json:"prev"`    // previous cached day with papers
	Next      string       `json:"next"`    // next cached day with papers
	Nearest   string       `json:"nearest"` // when this day has no papers: the closest that has
	Fetched   bool         `json:"fetched"` // this date was fetched at least once
	Complete  bool         `json:"complete"`
	FetchedAt string       `json:"fetchedAt"`
}

// RangeView is a week or a month of cached days: Papers holds each paper
// once, Groups the days in it, newest first, each with its own papers (a
// paper listed on two days is in both).
type RangeView struct {
	From   string       `json:"from"`
	To     string       `json:"to"`
	Papers []paper.View `json:"papers"`
	Groups []DayGroup   `json:"groups"`
	Count  int          `json:"count"`
	Unread int          `json:"unread"`
}

// DayGroup is one day of a RangeView.
type DayGroup struct {
	Date   string       `json:"date"`
	Papers []paper.View `json:"papers"`
}

// Calendar is what the date picker shows: the dates Daily Papers has (first
// to today, in UTC) and the days fetched so far.
type Calendar struct {
	First string      `json:"first"`
	Today string      `json:"today"`
	Days  []paper.Day `json:"days"` // every fetched day, papers or not, newest first
}

// Link is one outside page of a paper.
type Link struct {
	Kind  string `json:"kind"` // hf, arxiv, pdf, github, project
	Label string `json:"label"`
	URL   string `json:"url"`
}

// PaperDetail is everything the paper view shows.
type PaperDetail struct {
	Paper       paper.View    `json:"paper"`
	Links       []Link        `json:"links"`
	History     []paper.Point `json:"history"`
	SubmittedBy string        `json:"submittedBy"`
}

// DayInfo is a cached day with papers, as the day list shows it.
type DayInfo struct {
	paper.Day
	Unread int `json:"unread"`
}

// unreadDays is how many recent days get an unread count: the sidebar shows
// a few, and counting reads every listed id of each day.
const unreadDays = 62

// Days lists the cached days that have papers, newest first, with unread
// counts for the recent ones (older ones count all their papers as unread).
func (p *Papers) Days() ([]DayInfo, error) {
	days, err := p.b.dayInfos()
	return days, p.b.fail("days", err)
}

func (b *Backend) dayInfos() ([]DayInfo, error) {
	days, err := b.daysWithPapers()
	if err != nil {
		return nil, err
	}
	states, err := b.Store.AllStates()
	if err != nil {
		return nil, err
	}
	out := make([]DayInfo, len(days))
	for i, d := range days {
		out[i] = DayInfo{Day: d, Unread: d.Count}
		if i >= unreadDays || len(states) == 0 {
			continue
		}
		ids, err := b.Store.DayIDs(d.Date)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if states[id].Read {
				out[i].Unread--
			}
		}
	}
	return out, nil
}

func (b *Backend) daysWithPapers() ([]paper.Day, error) {
	all, err := b.Store.Days()
	if err != nil {
		return nil, err
	}
	days := all[:0:0]
	for _, d := range all {
		if d.Count > 0 {
			days = append(days, d)
		}
	}
	return days, nil
}

// Day returns one day's cards; date "" is the latest cached day with papers.
// sort is "upvotes" (default, as on the website) or "published" (the arXiv
// date, newest first). It only reads: papers new since the last look are
// marked, and the UI records the look with MarkLooked once it has shown them.
func (p *Papers) Day(date, sort string) (DayView, error) {
	v, err := p.b.day(date, sort)
	if err == nil {
		err = p.b.markNew(&v) // issue 6: new since the last look
	}
	return v, p.b.fail("day", err)
}

// MarkLooked records that the user has seen date's papers: those that arrive
// later are marked new on the next visit.
func (p *Papers) MarkLooked(date string) error {
	return p.b.fail("mark looked", p.b.markLooked(date))
}

func (b *Backend) day(date, sortBy string) (DayView, error) {
	days, err := b.daysWithPapers()
	if err != nil {
		return DayView{}, err
	}
	if date == "" {
		if len(days) == 0 {
			return DayView{Papers: []paper.View{}}, nil
		}
		date = days[0].Date
	}
	if !paper.ValidDate(date) {
		return DayView{}, paper.Errorf(paper.EINVALID, "%q is not a date like 2026-05-26", date)
	}
	v := DayView{Date: date}
	rec, ok, err := b.Store.DayRecord(date)
	if err != nil {
		return v, err
	}
	if ok {
		v.Fetched, v.Complete = true, rec.Complete
		if !rec.FetchedAt.IsZero() {
			v.FetchedAt = rec.FetchedAt.UTC().Format(time.RFC3339)
		}
	}
	ps, err := b.Store.DayPapers(date)
	if err != nil {
		return v, err
	}
	sortPapers(ps, sortBy)
	if v.Papers, err = b.views(ps); err != nil {
		return v, err
	}
	v.Count, v.Unread = len(v.Papers), unread(v.Papers)
	// days is newest first
	for _, d := range days {
		if d.Date < date {
			v.Prev = d.Date
			break
		}
	}
	for i := len(days) - 1; i >= 0; i-- {
		if days[i].Date > date {
			v.Next = days[i].Date
			break
		}
	}
	if v.Count == 0 {
		v.Nearest = nearest(date, v.Prev, v.Next)
	}
	return v, nil
}

func nearest(date, prev, next string) string {
	if prev == "" || next == "" {
		return prev + next
	}
	d, _ := time.Parse(time.DateOnly, date)
	p, _ := time.Parse(time.DateOnly, prev)
	n, _ := time.Parse(time.DateOnly, next)
	if n.Sub(d) < d.Sub(p) {
		return next
	}
	return prev
}

// sortPapers orders papers by upvotes (most first) or, for "published" (and
// its old name "newest"), by the arXiv date the cards show, newest first.
func sortPapers(ps []paper.Paper, by string) {
	if by == "published" || by == "newest" {
		slices.SortStableFunc(ps, func(a, b paper.Paper) int {
			return cmp.Or(-strings.Compare(a.PublishedAt, b.PublishedAt), -strings.Compare(a.ID, b.ID))
		})
		return
	}
	slices.SortStableFunc(ps, func(a, b paper.Paper) int {
		return cmp.Or(b.Upvotes-a.Upvotes, strings.Compare(a.ID, b.ID))
	})
}

func unread(vs []paper.View) int {
	n := 0
	for _, v := range vs {
		if !v.Read {
			n++
		}
	}
	return n
}

// Range returns the cached papers of the days from..to (a week or a month),
// each paper once.
func (p *Papers) Range(from, to, sort string) (RangeView, error) {
	v, err := p.b.rangeView(from, to, sort)
	return v, p.b.fail("range", err)
}

func (b *Backend) rangeView(from, to, sortBy string) (RangeView, error) {
	if !paper.ValidDate(from) || !paper.ValidDate(to) {
		return RangeView{}, paper.Errorf(paper.EINVALID, "dates must look like 2026-05-26 (got %q and %q)", from, to)
	}
	if from > to {
		from, to = to, from
	}
	days, err := b.daysWithPapers()
	if err != nil {
		return RangeView{}, err
	}
	seen := map[string]bool{}
	var ps []paper.Paper
	type group struct {
		date   string
		papers []paper.Paper
	}
	var groups []group
	for _, d := range days { // newest first
		if d.Date < from || d.Date > to {
			continue
		}
		dps, err := b.Store.DayPapers(d.Date)
		if err != nil {
			return RangeView{}, err
		}
		for _, p := range dps {
			if !seen[p.ID] {
				seen[p.ID] = true
				ps = append(ps, p)
			}
		}
		sortPapers(dps, sortBy)
		groups = append(groups, group{d.Date, dps})
	}
	sortPapers(ps, sortBy)
	vs, err := b.views(ps)
	if err != nil {
		return RangeView{}, err
	}
	byID := make(map[string]paper.View, len(vs))
	for _, v := range vs {
		byID[v.ID] = v
	}
	out := RangeView{From: from, To: to, Papers: vs, Groups: make([]DayGroup, len(groups)), Count: len(vs), Unread: unread(vs)}
	for i, g := range groups {
		gv := make([]paper.View, len(g.papers))
		for j, p := range g.papers {
			gv[j] = byID[p.ID]
		}
		out.Groups[i] = DayGroup{Date: g.date, Papers: gv}
	}
	return out, nil
}

// Calendar lists every fetched day for the date picker, with the span of
// dates Daily Papers has.
func (p *Papers) Calendar() (Calendar, error) {
	days, err := p.b.Store.Days()
	if err != nil {
		return Calendar{}, p.b.fail("calendar", err)
	}
	if days == nil {
		days = []paper.Day{}
	}
	return Calendar{First: syncer.FirstDay, Today: p.b.Syncer.Today(), Days: days}, nil
}

// Paper returns one paper with its links and upvote history.
func (p *Papers) Paper(id string) (PaperDetail, error) {
	d, err := p.b.paper(id)
	return d, p.b.fail("paper", err)
}

func (b *Backend) paper(raw string) (PaperDetail, error) {
	id, err := paper.ParseID(raw)
	if err != nil {
		return PaperDetail{}, err
	}
	p, err := b.Store.Paper(id)
	if err != nil {
		return PaperDetail{}, err
	}
	st, err := b.Store.State(id)
	if err != nil {
		return PaperDetail{}, err
	}
	hist, err := b.Store.History(id)
	if err != nil {
		return PaperDetail{}, err
	}
	if hist == nil {
		hist = []paper.Point{}
	}
	return PaperDetail{Paper: paper.NewView(p, st), Links: links(p), History: hist, SubmittedBy: p.SubmittedBy}, nil
}

// links are built from the id, or taken from the record only when they are
// plain https URLs: the record comes from the internet.
func links(p paper.Paper) []Link {
	var ls []Link
	if paper.IsID(p.ID) {
		ls = append(ls,
			Link{"hf", "Hugging Face", "https://huggingface.co/papers/" + p.ID},
			Link{"arxiv", "arXiv", "https://arxiv.org/abs/" + p.ID},
			Link{"pdf", "PDF", "https://arxiv.org/pdf/" + p.ID},
		)
	}
	if u, ok := SafeURL(p.GithubRepo); ok {
		ls = append(ls, Link{"github", "GitHub", u})
	}
	if u, ok := SafeURL(p.ProjectPage); ok {
		ls = append(ls, Link{"project", "Project page", u})
	}
	if ls == nil {
		ls = []Link{}
	}
	return ls
}

// SafeURL accepts only absolute https URLs with a host and no credentials.
func SafeURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > 2048 || strings.ContainsAny(raw, " \t\r\n\\\"<>") {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.Opaque != "" {
		return "", false
	}
	return u.String(), true
}

// OpenLink opens one of a paper's links in the system browser and returns the
// URL. It is the only way the UI opens anything outside the app.
func (p *Papers) OpenLink(id, kind string) (string, error) {
	u, err := p.b.openLink(id, kind)
	return u, p.b.fail("open link", err)
}

func (b *Backend) openLink(id, kind string) (string, error) {
	d, err := b.paper(id)
	if err != nil {
		return "", err
	}
	for _, l := range d.Links {
		if l.Kind == kind {
			if b.OpenURL != nil {
				if err := b.OpenURL(l.URL); err != nil {
					return "", paper.Wrap(paper.EINTERNAL, err, "could not open the browser")
				}
			}
			return l.URL, nil
		}
	}
	return "", paper.Errorf(paper.ENOTFOUND, "this paper has no %s link", kind)
}

// SetRead marks a paper read or unread.
func (p *Papers) SetRead(id string, read bool) (paper.State, error) {
	s, err := p.b.Store.SetRead(id, read, p.b.now())
	p.b.indexState(id, s, err)
	return s, p.b.fail("set read", err)
}

// SetSaved saves or unsaves a paper.
func (p *Papers) SetSaved(id string, saved bool) (paper.State, error) {
	s, err := p.b.Store.SetSaved(id, saved, p.b.now())
	p.b.indexState(id, s, err)
	return s, p.b.fail("set saved", err)
}

func (b *Backend) indexState(id string, s paper.State, err error) {
	if err == nil && b.Index != nil {
		b.Index.SetState(id, s)
	}
}

// Saved lists the saved papers, most recently saved first.
func (p *Papers) Saved() ([]paper.View, error) {
	vs, err := p.b.saved()
	return vs, p.b.fail("saved", err)
}

func (b *Backend) saved() ([]paper.View, error) {
	ids, err := b.savedIDs()
	if err != nil {
		return nil, err
	}
	ps, err := b.Store.Papers(ids)
	if err != nil {
		return nil, err
	}
	vs, err := b.views(ps)
	if vs == nil {
		vs = []paper.View{}
	}
	return vs, err
}

// BibTeX returns an arXiv-style BibTeX entry for a paper, from the cache.
func (p *Papers) BibTeX(id string) (string, error) {
	s, err := p.b.bibtex(id)
	return s, p.b.fail("bibtex", err)
}

func (b *Backend) bibtex(raw string) (string, error) {
	id, err := paper.ParseID(raw)
	if err != nil {
		return "", err
	}
	p, err := b.Store.Paper(id)
	if err != nil {
		return "", err
	}
	return export.BibTeXEntry(p), nil
}
