package app

import "github.com/paperboy-reader/paperboy/internal/paperboy"

// Topics are the user's watched searches: they run after every sync, and what
// they find shows in "For you".
type Topics struct{ svc *paperboy.Service }

// List returns the topics, oldest first, with their counts.
func (t *Topics) List() ([]paperboy.Topic, error) { return t.svc.Topics(bg()) }

// Create watches a search; name defaults to the query.
func (t *Topics) Create(name, query string) (paperboy.Topic, error) {
	return t.svc.CreateTopic(bg(), name, query)
}

// Update renames a topic or changes its search.
func (t *Topics) Update(id, name, query string) (paperboy.Topic, error) {
	return t.svc.UpdateTopic(bg(), id, name, query)
}

// Delete stops watching a topic.
func (t *Topics) Delete(id string) error { return t.svc.DeleteTopic(bg(), id) }

// MarkSeen records that the user has seen a topic's matches ("" = all).
func (t *Topics) MarkSeen(id string) error { return t.svc.MarkTopicSeen(bg(), id) }

// ForYou returns the matches of every topic, new ones first.
func (t *Topics) ForYou() (paperboy.ForYouView, error) { return t.svc.ForYou(bg()) }

// Feed returns the matches of one topic.
func (t *Topics) Feed(id string) (paperboy.TopicFeed, error) { return t.svc.TopicFeed(bg(), id) }
