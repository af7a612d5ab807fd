package app

import (
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store"
	"github.com/paperboy-reader/paperboy/internal/watch"
)

// Topics are the user's watched searches: they run after every sync, and what
// they find shows in "For you".
type Topics struct{ b *Backend }

// EventTopicsNew is sent after a sync brought new matches.
const EventTopicsNew = "topics:new"

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

func (b *Backend) watcher() *watch.Watch {
	return &watch.Watch{Store: b.Store, Index: b.Index, Now: b.now}
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func topicOut(s watch.Status) Topic {
	return Topic{ID: s.ID, Name: s.Name, Query: s.Query, Created: rfc3339(s.Created), LastSeen: rfc3339(s.LastSeen),
		NewCount: s.New, Total: s.Total}
}

// List returns the topics, oldest first, with their counts.
func (t *Topics) List() ([]Topic, error) {
	ts, err := t.b.topics()
	return ts, t.b.fail("topics", err)
}

func (b *Backend) topics() ([]Topic, error) {
	ss, err := b.watcher().List()
	if err != nil {
		return nil, err
	}
	out := make([]Topic, len(ss))
	for i, s := range ss {
		out[i] = topicOut(s)
	}
	return out, nil
}

// topic returns one topic with its counts.
func (b *Backend) topic(id string) (Topic, error) {
	ts, err := b.topics()
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

// Create watches a search; name defaults to the query.
func (t *Topics) Create(name, query string) (Topic, error) {
	tp, err := t.b.watcher().Create(name, query)
	if err != nil {
		return Topic{}, t.b.fail("create topic", err)
	}
	out, err := t.b.topic(tp.ID)
	return out, t.b.fail("create topic", err)
}

// Update renames a topic or changes its search.
func (t *Topics) Update(id, name, query string) (Topic, error) {
	if _, err := t.b.watcher().Update(id, name, query); err != nil {
		return Topic{}, t.b.fail("update topic", err)
	}
	out, err := t.b.topic(id)
	return out, t.b.fail("update topic", err)
}

// Delete stops watching a topic.
func (t *Topics) Delete(id string) error {
	return t.b.fail("delete topic", t.b.watcher().Delete(id))
}

// MarkSeen records that the user has seen a topic's matches ("" = all topics).
func (t *Topics) MarkSeen(id string) error {
	return t.b.fail("mark topic seen", t.b.watcher().MarkSeen(id))
}

// ForYou returns the matches of every topic: new ones first, then by day
// and upvotes.
func (t *Topics) ForYou() (ForYouView, error) {
	items, n, err := t.b.feed("")
	return ForYouView{Items: items, NewCount: n}, t.b.fail("for you", err)
}

// Feed returns the matches of one topic.
func (t *Topics) Feed(id string) (TopicFeed, error) {
	tp, err := t.b.topic(id)
	if err != nil {
		return TopicFeed{}, t.b.fail("topic feed", err)
	}
	items, _, err := t.b.feed(id)
	return TopicFeed{Topic: tp, Items: items}, t.b.fail("topic feed", err)
}

func (b *Backend) feed(id string) ([]ForYouItem, int, error) {
	items, n, err := b.watcher().Feed(id)
	if err != nil {
		return []ForYouItem{}, 0, err
	}
	ps := make([]paper.Paper, len(items))
	for i, it := range items {
		ps[i] = it.Paper
	}
	vs, err := b.views(ps)
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
func (b *Backend) matchTopics(newIDs []string) {
	if len(newIDs) == 0 {
		return
	}
	if ts, err := b.Store.Topics(); err != nil || len(ts) == 0 {
		return // nothing watched: don't read the new papers
	}
	ps, err := b.Store.Papers(newIDs)
	if err != nil {
		b.log().Warn("topics: read new papers", "err", err)
		return
	}
	found, err := b.watcher().Match(ps)
	if err != nil {
		b.log().Warn("topics: match", "err", err)
	}
	if len(found) == 0 {
		return
	}
	title, body, total := watch.Summary(found)
	topics := make([]map[string]any, len(found))
	for i, f := range found {
		topics[i] = map[string]any{"id": f.Topic.ID, "name": f.Topic.Name, "count": len(f.IDs)}
	}
	b.emit(EventTopicsNew, map[string]any{"topics": topics, "total": total})
	if b.Notify != nil {
		b.Notify(title, body, RouteForYou)
	}
}

// visitGap: looks at a day closer together than this are one visit, during
// which the papers new at its start stay marked new.
const visitGap = 10 * time.Minute

// lookSince is the time after which a paper of date counts as new: the last
// look, or during a visit the look before it. Zero for a day never looked
// at: all of it is new, which its unread count already says.
func (b *Backend) lookSince(date string, now time.Time) (time.Time, error) {
	last, ok, err := b.Store.DayLook(date)
	if err != nil || !ok {
		return time.Time{}, err
	}
	if now.Sub(last.At) < visitGap {
		return last.Prev, nil
	}
	return last.At, nil
}

// markNew marks the papers that arrived since the user last looked at the day.
func (b *Backend) markNew(v *DayView) error {
	if v.Date == "" || v.Count == 0 {
		return nil
	}
	since, err := b.lookSince(v.Date, b.now().UTC())
	if err != nil || since.IsZero() {
		return err
	}
	seen, err := b.Store.FirstSeen(viewIDs(v.Papers))
	if err != nil {
		return err
	}
	for i := range v.Papers {
		v.Papers[i].IsNew = seen[v.Papers[i].ID].After(since)
	}
	return nil
}

// markLooked records a look at date now.
func (b *Backend) markLooked(date string) error {
	if !paper.ValidDate(date) {
		return paper.Errorf(paper.EINVALID, "%q is not a date like 2026-05-26", date)
	}
	now := b.now().UTC()
	since, err := b.lookSince(date, now)
	if err != nil {
		return err
	}
	return b.Store.PutDayLook(date, store.Look{At: now, Prev: since})
}
