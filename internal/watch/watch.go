// Package watch keeps the user's watched topics (saved searches run after
// every sync), finds the papers that are new to them, and ranks rising papers
// from the popularity history.
package watch

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
	"github.com/paperboy-reader/paperboy/internal/store"
)

// Store is what watching needs from the store.
type Store interface {
	Topics() ([]store.Topic, error)
	Topic(id string) (store.Topic, error)
	PutTopic(t store.Topic) error
	DeleteTopic(id string) error
	TopicMatches(topic string) (map[string]time.Time, error)
	AddTopicMatches(topic string, ids []string, at time.Time) ([]string, error)
	ClearTopicMatches(topic string) error
	Papers(ids []string) ([]paper.Paper, error)
	States(ids []string) (map[string]paper.State, error)
}

var _ Store = (*store.DB)(nil)

// Limits on what a topic holds and shows.
const (
	MaxQuery = 300 // bytes
	MaxName  = 80  // runes
	// FeedLimit bounds a topic's feed and the For-you view; Status.Total
	// says how many there are in all, and Matches returns every one.
	FeedLimit = 200
	// lateDays: a paper listed more than this many days before a topic was
	// created is not news to it, even when a sync caches it afterwards
	// (backfilling an old month must not notify).
	lateDays = 2
)

// Watch runs topics against the cache.
type Watch struct {
	Store Store
	Index *search.Index // the app's index over the whole cache
	Now   func() time.Time
}

func (w *Watch) now() time.Time {
	if w.Now != nil {
		return w.Now().UTC()
	}
	return time.Now().UTC()
}

// Status is a topic with its counts.
type Status struct {
	store.Topic
	New   int // matches recorded since the user last looked
	Total int // papers in the cache the topic matches or has recorded
}

// Item is a paper in a feed: the topics it matched, and whether it is new to one.
type Item struct {
	Paper  paper.Paper
	Topics []string // topic names
	New    bool
}

// Found is what one sync brought to a topic.
type Found struct {
	Topic store.Topic
	IDs   []string
}

// seenSince is the time after which a match is new: the last look, or the
// topic's creation.
func seenSince(t store.Topic) time.Time {
	if t.LastSeen.After(t.Created) {
		return t.LastSeen
	}
	return t.Created
}

func newID() string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

// clean checks and tidies a topic's name and query.
func clean(name, query string) (string, string, error) {
	query = paper.CollapseSpace(query)
	if query == "" {
		return "", "", paper.Errorf(paper.EINVALID, "a topic needs a search, like: diffusion transformers")
	}
	if len(query) > MaxQuery {
		return "", "", paper.Errorf(paper.EINVALID, "a topic's search can be at most %d characters", MaxQuery)
	}
	if search.ParseQuery(query).Empty() {
		return "", "", paper.Errorf(paper.EINVALID, "%q matches nothing in particular; add a word or a filter", query)
	}
	name = paper.CollapseSpace(name)
	if name == "" {
		name = query
	}
	if utf8.RuneCountInString(name) > MaxName {
		name = string([]rune(name)[:MaxName-1]) + "…"
	}
	return name, query, nil
}

// Create adds a topic. What already matches is in its feed but not new.
func (w *Watch) Create(name, query string) (store.Topic, error) {
	name, query, err := clean(name, query)
	if err != nil {
		return store.Topic{}, err
	}
	t := store.Topic{ID: newID(), Name: name, Query: query, Created: w.now()}
	return t, w.Store.PutTopic(t)
}

// Update renames a topic or changes its search. A new search starts afresh:
// earlier matches are forgotten and nothing counts as new yet.
func (w *Watch) Update(id, name, query string) (store.Topic, error) {
	t, err := w.Store.Topic(id)
	if err != nil {
		return t, err
	}
	name, query, err = clean(name, query)
	if err != nil {
		return t, err
	}
	if query != t.Query {
		if err := w.Store.ClearTopicMatches(id); err != nil {
			return t, err
		}
		t.LastSeen = w.now()
	}
	t.Name, t.Query = name, query
	return t, w.Store.PutTopic(t)
}

// Delete removes a topic and what it recorded.
func (w *Watch) Delete(id string) error {
	if _, err := w.Store.Topic(id); err != nil {
		return err
	}
	return w.Store.DeleteTopic(id)
}

// MarkSeen records that the user looked at a topic ("" = all of them).
func (w *Watch) MarkSeen(id string) error {
	ts, err := w.topics(id)
	if err != nil {
		return err
	}
	now := w.now()
	for _, t := range ts {
		t.LastSeen = now
		if err := w.Store.PutTopic(t); err != nil {
			return err
		}
	}
	return nil
}

func (w *Watch) topics(id string) ([]store.Topic, error) {
	if id == "" {
		return w.Store.Topics()
	}
	t, err := w.Store.Topic(id)
	if err != nil {
		return nil, err
	}
	return []store.Topic{t}, nil
}

// List returns every topic with its counts, oldest first.
func (w *Watch) List() ([]Status, error) {
	ts, err := w.Store.Topics()
	if err != nil {
		return nil, err
	}
	out := make([]Status, len(ts))
	for i, t := range ts {
		ms, err := w.Store.TopicMatches(t.ID)
		if err != nil {
			return nil, err
		}
		out[i] = Status{Topic: t}
		since := seenSince(t)
		all := make(map[string]bool, len(ms))
		for id, at := range ms {
			all[id] = true
			if at.After(since) {
				out[i].New++
			}
		}
		for _, id := range w.live(t) {
			all[id] = true
		}
		out[i].Total = len(all)
	}
	return out, nil
}

// Query is a topic's search as it runs: like the same words typed in the
// search box, except that the last word is finished too, so that every word
// of the topic matches whole words ("world models" does not match "words").
func Query(topic string) search.Query {
	q := search.ParseQuery(topic)
	q.Done = true
	return q
}

// live is every paper the topic's search finds in the whole cache now,
// best first.
func (w *Watch) live(t store.Topic) []string {
	if w.Index == nil {
		return nil
	}
	return w.Index.IDs(Query(t.Query))
}

// Match runs every topic over papers a sync has just cached and records the
// matches. It returns, per topic, the papers new to it.
func (w *Watch) Match(ps []paper.Paper) ([]Found, error) {
	ts, err := w.Store.Topics()
	if err != nil || len(ts) == 0 || len(ps) == 0 {
		return nil, err
	}
	// A small index of just these papers finds every match, however many
	// older papers the topic also matches.
	ids := make([]string, len(ps))
	docs := make([]paper.Paper, len(ps))
	for i, p := range ps {
		p.Raw = nil
		ids[i], docs[i] = p.ID, p
	}
	states, err := w.Store.States(ids)
	if err != nil {
		return nil, err
	}
	ix := search.New()
	ix.Rebuild(docs)
	ix.SetStates(states)
	byID := make(map[string]*paper.Paper, len(docs))
	for i := range docs {
		byID[docs[i].ID] = &docs[i]
	}
	now := w.now()
	var found []Found
	for _, t := range ts {
		oldest := t.Created.AddDate(0, 0, -lateDays).Format(time.DateOnly)
		var hits []string
		for _, id := range ix.IDs(Query(t.Query)) {
			if p := byID[id]; p != nil && (p.Day == "" || p.Day >= oldest) {
				hits = append(hits, id)
			}
		}
		if len(hits) == 0 {
			continue
		}
		added, err := w.Store.AddTopicMatches(t.ID, hits, now)
		if err != nil {
			return found, err
		}
		if len(added) > 0 {
			found = append(found, Found{Topic: t, IDs: added})
		}
	}
	return found, nil
}

// Feed returns the papers of topic id ("" = every topic): those recorded as
// new first, then by day and upvotes, at most FeedLimit, and how many are new.
func (w *Watch) Feed(id string) ([]Item, int, error) {
	ts, err := w.topics(id)
	if err != nil {
		return nil, 0, err
	}
	items := map[string]*Item{}
	var order []string
	add := func(pid, name string, isNew bool) {
		it := items[pid]
		if it == nil {
			it = &Item{}
			items[pid] = it
			order = append(order, pid)
		}
		if !slices.Contains(it.Topics, name) {
			it.Topics = append(it.Topics, name)
		}
		it.New = it.New || isNew
	}
	for _, t := range ts {
		ms, err := w.Store.TopicMatches(t.ID)
		if err != nil {
			return nil, 0, err
		}
		since := seenSince(t)
		recorded := make([]string, 0, len(ms))
		for pid := range ms {
			recorded = append(recorded, pid)
		}
		// the latest matches, when a topic has recorded many
		slices.SortFunc(recorded, func(a, b string) int { return cmp.Or(ms[b].Compare(ms[a]), strings.Compare(a, b)) })
		for _, pid := range recorded[:min(len(recorded), FeedLimit)] {
			add(pid, t.Name, ms[pid].After(since))
		}
		live := w.live(t)
		for _, pid := range live[:min(len(live), FeedLimit)] {
			add(pid, t.Name, false)
		}
	}
	ps, err := w.Store.Papers(order)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Item, 0, len(ps))
	for _, p := range ps {
		it := items[p.ID]
		it.Paper = p
		out = append(out, *it)
	}
	slices.SortFunc(out, func(a, b Item) int {
		if a.New != b.New {
			if a.New {
				return -1
			}
			return 1
		}
		return cmp.Or(strings.Compare(day(b.Paper), day(a.Paper)), b.Paper.Upvotes-a.Paper.Upvotes, strings.Compare(a.Paper.ID, b.Paper.ID))
	})
	newCount := 0
	for _, it := range out {
		if it.New {
			newCount++
		}
	}
	return out[:min(len(out), FeedLimit)], newCount, nil
}

func day(p paper.Paper) string { return cmp.Or(p.Day, p.PublishedAt) }

// Matches returns every paper of topic id, recorded or matching now,
// newest day first, then by upvotes: Feed without its limit, for an export.
func (w *Watch) Matches(id string) ([]paper.Paper, error) {
	t, err := w.Store.Topic(id)
	if err != nil {
		return nil, err
	}
	ms, err := w.Store.TopicMatches(t.ID)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(ms))
	var ids []string
	for _, pid := range append(slices.Sorted(maps.Keys(ms)), w.live(t)...) {
		if !seen[pid] {
			seen[pid] = true
			ids = append(ids, pid)
		}
	}
	ps, err := w.Store.Papers(ids)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ps, func(a, b paper.Paper) int {
		return cmp.Or(strings.Compare(day(b), day(a)), b.Upvotes-a.Upvotes, strings.Compare(a.ID, b.ID))
	})
	return ps, nil
}

// Summary is the notification for what a sync found: a title like "3 new
// papers on diffusion transformers" or "5 new papers on 2 topics", and a body
// listing the topics (the user's own words, never paper text).
func Summary(found []Found) (title, body string, total int) {
	seen := map[string]bool{}
	var parts []string
	for _, f := range found {
		for _, id := range f.IDs {
			seen[id] = true
		}
		parts = append(parts, fmt.Sprintf("%s: %d", f.Topic.Name, len(f.IDs)))
	}
	total = len(seen)
	papers := "papers"
	if total == 1 {
		papers = "paper"
	}
	switch len(found) {
	case 0:
		return "", "", 0
	case 1:
		title = fmt.Sprintf("%d new %s on %s", total, papers, found[0].Topic.Name)
	default:
		title = fmt.Sprintf("%d new %s on %d topics", total, papers, len(found))
	}
	body = strings.Join(parts, " · ")
	// Some notification daemons read a little HTML in the body.
	body = strings.NewReplacer("<", "‹", ">", "›", "&", "+").Replace(body)
	title = strings.NewReplacer("<", "‹", ">", "›", "&", "+").Replace(title)
	return title, body, total
}
