package paperboy

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/export"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/syncer"
)

// DayView is one Daily Papers date with its papers.
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

// Calendar is what the date picker shows: the dates Daily Papers has (First
// to Today, in UTC) and the days fetched so far.
type Calendar struct {
	First string      `json:"first"`
	Today string      `json:"today"`
	Days  []paper.Day `json:"days"` // every fetched day, papers or not, newest first
}

// Link is one outside page of a paper.
type Link struct {
	Kind  string `json:"kind" ts:"'hf' | 'arxiv' | 'pdf' | 'github' | 'project'"`
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

// Sorts of a day's or a range's papers.
const (
	SortUpvotes   = "upvotes"   // most upvoted first, as on the website
	SortPublished = "published" // by arXiv date, newest first
)

// unreadDays is how many recent days get an unread count: the sidebar shows
// a few, and counting reads every listed id of each day.
const unreadDays = 62

// Days lists the cached days that have papers, newest first, with unread
// counts for the recent ones (older ones count all their papers as unread).
func (s *Service) Days(ctx context.Context) ([]DayInfo, error) {
	days, err := s.daysWithPapers()
	if err != nil {
		return nil, err
	}
	states, err := s.store.AllStates()
	if err != nil {
		return nil, err
	}
	out := make([]DayInfo, len(days))
	for i, d := range days {
		out[i] = DayInfo{Day: d, Unread: d.Count}
		if i >= unreadDays || len(states) == 0 {
			continue
		}
		ids, err := s.store.DayIDs(d.Date)
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

func (s *Service) daysWithPapers() ([]paper.Day, error) {
	all, err := s.store.Days()
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

// Day returns one day's papers; date "" is the latest cached day with
// papers. sortBy is SortUpvotes (the default) or SortPublished. It only
// reads: papers that arrived since the user's last look are marked IsNew,
// and the look is recorded by MarkLooked once the UI has shown them.
func (s *Service) Day(ctx context.Context, date, sortBy string) (DayView, error) {
	defer s.announce() // a damaged record is skipped, and said
	defer s.trim.read()
	days, err := s.daysWithPapers()
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
	rec, ok, err := s.store.DayRecord(date)
	if err != nil {
		return v, err
	}
	if ok {
		v.Fetched, v.Complete = true, rec.Complete
		if !rec.FetchedAt.IsZero() {
			v.FetchedAt = rec.FetchedAt.UTC().Format(time.RFC3339)
		}
	}
	ps, err := s.store.DayPapers(date)
	if err != nil {
		return v, err
	}
	sortPapers(ps, sortBy)
	if v.Papers, err = s.views(ps); err != nil {
		return v, err
	}
	v.Count, v.Unread = len(v.Papers), unread(v.Papers)
	for _, d := range days { // newest first
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
	return v, s.markNew(&v)
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

// sortPapers orders papers by upvotes (most first) or, for SortPublished
// (and its old name "newest"), by the arXiv date the cards show, newest first.
func sortPapers(ps []paper.Paper, by string) {
	if by == SortPublished || by == "newest" {
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

// Range returns the cached papers of the days from..to (a week or a month).
func (s *Service) Range(ctx context.Context, from, to, sortBy string) (RangeView, error) {
	defer s.announce()
	defer s.trim.read()
	if !paper.ValidDate(from) || !paper.ValidDate(to) {
		return RangeView{}, paper.Errorf(paper.EINVALID, "dates must look like 2026-05-26 (got %q and %q)", from, to)
	}
	if from > to {
		from, to = to, from
	}
	days, err := s.daysWithPapers()
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
		dps, err := s.store.DayPapers(d.Date)
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
	vs, err := s.views(ps)
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
func (s *Service) Calendar(ctx context.Context) (Calendar, error) {
	days, err := s.store.Days()
	if err != nil {
		return Calendar{}, err
	}
	if days == nil {
		days = []paper.Day{}
	}
	return Calendar{First: syncer.FirstDay, Today: s.syncer.Today(), Days: days}, nil
}

// Paper returns one cached paper with its links and upvote history.
func (s *Service) Paper(ctx context.Context, raw string) (PaperDetail, error) {
	defer s.trim.read()
	id, err := paper.ParseID(raw)
	if err != nil {
		return PaperDetail{}, err
	}
	p, err := s.store.Paper(id)
	if err != nil {
		return PaperDetail{}, err
	}
	st, err := s.store.State(id)
	if err != nil {
		return PaperDetail{}, err
	}
	hist, err := s.store.History(id)
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

// OpenLink opens one of a paper's links in the system browser (where there
// is one) and returns the URL: the only way anything outside the app is
// opened.
func (s *Service) OpenLink(ctx context.Context, id, kind string) (string, error) {
	d, err := s.Paper(ctx, id)
	if err != nil {
		return "", err
	}
	for _, l := range d.Links {
		if l.Kind != kind {
			continue
		}
		if s.opener != nil {
			if err := s.opener.OpenURL(l.URL); err != nil {
				return "", paper.Wrap(paper.EINTERNAL, err, "could not open the browser for %s — copy the link instead", l.URL)
			}
		}
		return l.URL, nil
	}
	return "", paper.Errorf(paper.ENOTFOUND, "this paper has no %s link", kind)
}

// SetRead marks a paper read or unread.
func (s *Service) SetRead(ctx context.Context, id string, read bool) (paper.State, error) {
	st, err := s.store.SetRead(id, read, s.now())
	s.indexState(id, st, err)
	return st, err
}

// SetSaved saves or unsaves a paper.
func (s *Service) SetSaved(ctx context.Context, id string, saved bool) (paper.State, error) {
	st, err := s.store.SetSaved(id, saved, s.now())
	s.indexState(id, st, err)
	if err == nil {
		s.fullTextSaved(id, saved)
	}
	return st, err
}

func (s *Service) indexState(id string, st paper.State, err error) {
	if err == nil {
		s.index.SetState(id, st)
	}
}

// Saved lists the saved papers, most recently saved first.
func (s *Service) Saved(ctx context.Context) ([]paper.View, error) {
	ids, err := s.savedIDs()
	if err != nil {
		return nil, err
	}
	ps, err := s.store.Papers(ids)
	if err != nil {
		return nil, err
	}
	vs, err := s.views(ps)
	if vs == nil {
		vs = []paper.View{}
	}
	return vs, err
}

// savedIDs lists the saved papers, most recently saved first.
func (s *Service) savedIDs() ([]string, error) {
	states, err := s.store.AllStates()
	if err != nil {
		return nil, err
	}
	var ids []string
	for id, st := range states {
		if st.Saved {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, c string) int {
		return cmp.Or(states[c].SavedAt.Compare(states[a].SavedAt), strings.Compare(a, c))
	})
	return ids, nil
}

// BibTeX returns an arXiv-style BibTeX entry for a cached paper.
func (s *Service) BibTeX(ctx context.Context, raw string) (string, error) {
	id, err := paper.ParseID(raw)
	if err != nil {
		return "", err
	}
	p, err := s.store.Paper(id)
	if err != nil {
		return "", err
	}
	return export.BibTeXEntry(p), nil
}
