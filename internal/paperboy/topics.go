package paperboy

import (
	"context"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store"
	"github.com/paperboy-reader/paperboy/internal/watch"
)

// RouteForYou is where a topics notification leads.
const RouteForYou = "#/foryou"

// Topic is a watched search with its counts.
type Topic struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Query    string `json:"query"`
	Created  string `json:"created"`  // RFC 3339
	LastSeen string `json:"lastSeen"` // RFC 3339 or ""
	NewCount int    `json:"newCount"`
	Total    int    `json:"total"`
}

// ForYouItem is a paper some topics matched.
type ForYouItem struct {
	Paper  paper.View `json:"paper"`
	Topics []string   `json:"topics"` // names of the topics it matched
	IsNew  bool       `json:"isNew"`
}

// ForYouView is the matches of every topic, new ones first.
type ForYouView struct {
	Items    []ForYouItem `json:"items"`
	NewCount int          `json:"newCount"`
}

// TopicFeed is the matches of one topic.
type TopicFeed struct {
	Topic Topic        `json:"topic"`
	Items []ForYouItem `json:"items"`
}

func (s *Service) watcher() *watch.Watch {
	return &watch.Watch{Store: s.store, Index: s.index, Now: s.now}
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func topicOut(st watch.Status) Topic {
	return Topic{ID: st.ID, Name: st.Name, Query: st.Query, Created: rfc3339(st.Created), LastSeen: rfc3339(st.LastSeen),
		NewCount: st.New, Total: st.Total}
}

// Topics returns the watched topics, oldest first, with their counts.
func (s *Service) Topics(ctx context.Context) ([]Topic, error) {
	ss, err := s.watcher().List()
	if err != nil {
		return nil, err
	}
	out := make([]Topic, len(ss))
	for i, st := range ss {
		out[i] = topicOut(st)
	}
	return out, nil
}

// Topic returns one topic with its counts.
func (s *Service) Topic(ctx context.Context, id string) (Topic, error) {
	ts, err := s.Topics(ctx)
	if err != nil {
		return Topic{}, err
	}
	for _, t := range ts {
		if t.ID == id {
			return t, nil
		}
	}
	return Topic{}, paper.Errorf(paper.ENOTFOUND, "there is no watched topic %q", id)
}

// CreateTopic watches a search; name defaults to the query.
func (s *Service) CreateTopic(ctx context.Context, name, query string) (Topic, error) {
	tp, err := s.watcher().Create(name, query)
	if err != nil {
		return Topic{}, err
	}
	return s.Topic(ctx, tp.ID)
}

// UpdateTopic renames a topic or changes its search.
func (s *Service) UpdateTopic(ctx context.Context, id, name, query string) (Topic, error) {
	if _, err := s.watcher().Update(id, name, query); err != nil {
		return Topic{}, err
	}
	return s.Topic(ctx, id)
}

// DeleteTopic stops watching a topic.
func (s *Service) DeleteTopic(ctx context.Context, id string) error { return s.watcher().Delete(id) }

// MarkTopicSeen records that the user has seen a topic's matches ("" = all topics).
func (s *Service) MarkTopicSeen(ctx context.Context, id string) error {
	return s.watcher().MarkSeen(id)
}

// ForYou returns the matches of every topic: new ones first, then by day
// and upvotes.
func (s *Service) ForYou(ctx context.Context) (ForYouView, error) {
	items, n, err := s.feed("")
	return ForYouView{Items: items, NewCount: n}, err
}

// TopicFeed returns the matches of one topic.
func (s *Service) TopicFeed(ctx context.Context, id string) (TopicFeed, error) {
	tp, err := s.Topic(ctx, id)
	if err != nil {
		return TopicFeed{}, err
	}
	items, _, err := s.feed(id)
	return TopicFeed{Topic: tp, Items: items}, err
}

func (s *Service) feed(id string) ([]ForYouItem, int, error) {
	items, n, err := s.watcher().Feed(id)
	if err != nil {
		return []ForYouItem{}, 0, err
	}
	ps := make([]paper.Paper, len(items))
	for i, it := range items {
		ps[i] = it.Paper
	}
	vs, err := s.views(ps)
	if err != nil {
		return []ForYouItem{}, 0, err
	}
	out := make([]ForYouItem, len(items))
	for i, it := range items {
		vs[i].IsNew = it.New
		out[i] = ForYouItem{Paper: vs[i], Topics: it.Topics, IsNew: it.New}
	}
	return out, n, nil
}

// matchTopics runs the topics over the papers a sync cached for the first
// time; when they found something it tells the UI and shows one notification.
func (s *Service) matchTopics(newIDs []string) {
	if len(newIDs) == 0 {
		return
	}
	if ts, err := s.store.Topics(); err != nil || len(ts) == 0 {
		return // nothing watched: don't read the new papers
	}
	ps, err := s.store.Papers(newIDs)
	if err != nil {
		s.log.Warn("topics: read new papers", "err", err)
		return
	}
	found, err := s.watcher().Match(ps)
	if err != nil {
		s.log.Warn("topics: match", "err", err)
	}
	if len(found) == 0 {
		return
	}
	title, body, total := watch.Summary(found)
	ev := TopicsNew{Total: total, Topics: make([]TopicCount, len(found))}
	for i, f := range found {
		ev.Topics[i] = TopicCount{ID: f.Topic.ID, Name: f.Topic.Name, Count: len(f.IDs)}
	}
	s.emit(EventTopicsNew, ev)
	if s.notifier != nil {
		s.notifier.Notify(title, body, RouteForYou)
	}
}

// visitGap: looks at a day closer together than this are one visit, during
// which the papers new at its start stay marked new.
const visitGap = 10 * time.Minute

// lookSince is the time after which a paper of date counts as new: the last
// look, or during a visit the look before it. Zero for a day never looked
// at: all of it is new, which its unread count already says.
func (s *Service) lookSince(date string, now time.Time) (time.Time, error) {
	last, ok, err := s.store.DayLook(date)
	if err != nil || !ok {
		return time.Time{}, err
	}
	if now.Sub(last.At) < visitGap {
		return last.Prev, nil
	}
	return last.At, nil
}

// markNew marks the papers that arrived since the user last looked at the day.
func (s *Service) markNew(v *DayView) error {
	if v.Date == "" || v.Count == 0 {
		return nil
	}
	since, err := s.lookSince(v.Date, s.now().UTC())
	if err != nil || since.IsZero() {
		return err
	}
	seen, err := s.store.FirstSeen(viewIDs(v.Papers))
	if err != nil {
		return err
	}
	for i := range v.Papers {
		v.Papers[i].IsNew = seen[v.Papers[i].ID].After(since)
	}
	return nil
}

// MarkLooked records that the user has seen date's papers: those that
// arrive later are marked new on the next visit.
func (s *Service) MarkLooked(ctx context.Context, date string) error {
	if !paper.ValidDate(date) {
		return paper.Errorf(paper.EINVALID, "%q is not a date like 2026-05-26", date)
	}
	now := s.now().UTC()
	since, err := s.lookSince(date, now)
	if err != nil {
		return err
	}
	return s.store.PutDayLook(date, store.Look{At: now, Prev: since})
}

// RisingItem is a paper and the upvotes it gained in the window.
type RisingItem struct {
	Paper   paper.View    `json:"paper"`
	Gain    int           `json:"gain"`
	History []paper.Point `json:"history"`
}

// Rising lists the papers that gained the most upvotes over the last "day"
// or "week", from the upvote history syncs record.
func (s *Service) Rising(ctx context.Context, window string, limit int) ([]RisingItem, error) {
	d, ok := watch.Windows[window]
	if !ok {
		return []RisingItem{}, paper.Errorf(paper.EINVALID, "the window is day or week, not %q", window)
	}
	rs, err := watch.Rising(s.store, s.now().UTC(), d, min(max(limit, 1), MaxResults))
	if err != nil {
		return []RisingItem{}, err
	}
	ps := make([]paper.Paper, len(rs))
	for i, r := range rs {
		ps[i] = r.Paper
	}
	vs, err := s.views(ps)
	if err != nil {
		return []RisingItem{}, err
	}
	out := make([]RisingItem, len(rs))
	for i, r := range rs {
		out[i] = RisingItem{Paper: vs[i], Gain: r.Gain, History: r.History}
	}
	return out, nil
}
