package store

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Topic is a search the user watches. It is user data: ClearCache keeps it.
type Topic struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Query    string    `json:"query"`
	Created  time.Time `json:"created"`
	LastSeen time.Time `json:"lastSeen,omitzero"`
}

// Look records when the user looked at a day. Prev is the look before the
// current visit: what "new since last look" compares with.
type Look struct {
	At   time.Time `json:"at"`
	Prev time.Time `json:"prev,omitzero"`
}

// ValidTopicID reports whether id can key a topic: short, no separators.
func ValidTopicID(id string) bool {
	if id == "" || len(id) > 40 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Topics returns every topic, oldest first.
func (db *DB) Topics() (out []Topic, err error) {
	defer db.recovered(&err, panicOnFault())
	err = db.ubdb.View(func(txn *badger.Txn) error {
		return scanValues(txn, []byte(prefixTopic), func(_, v []byte) error {
			t, err := decode[Topic](v)
			if err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read the watched topics")
	}
	slices.SortFunc(out, func(a, b Topic) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// Topic returns one topic, ENOTFOUND if there is none with id.
func (db *DB) Topic(id string) (t Topic, err error) {
	defer db.recovered(&err, panicOnFault())
	err = db.ubdb.View(func(txn *badger.Txn) error {
		v, err := getValue(txn, topicKey(id))
		if err != nil {
			return err
		}
		t, err = decode[Topic](v)
		return err
	})
	if notFound(err) || !ValidTopicID(id) {
		return Topic{}, paper.Errorf(paper.ENOTFOUND, "there is no watched topic %q", id)
	}
	if err != nil {
		return Topic{}, paper.Wrap(paper.EINTERNAL, err, "cannot read topic %s", id)
	}
	return t, nil
}

// PutTopic creates or replaces a topic.
func (db *DB) PutTopic(t Topic) (err error) {
	defer db.recovered(&err, panicOnFault())
	if !ValidTopicID(t.ID) {
		return paper.Errorf(paper.EINVALID, "%q is not a topic id", t.ID)
	}
	if err := db.writable(); err != nil {
		return err
	}
	v, err := encode(t)
	if err == nil {
		err = db.ubdb.Update(func(txn *badger.Txn) error { return txn.Set(topicKey(t.ID), v) })
	}
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "cannot save topic %s", t.ID)
	}
	db.userChanged()
	return nil
}

// DeleteTopic removes a topic and its recorded matches.
func (db *DB) DeleteTopic(id string) (err error) {
	defer db.recovered(&err, panicOnFault())
	if !ValidTopicID(id) {
		return paper.Errorf(paper.ENOTFOUND, "there is no watched topic %q", id)
	}
	if err := db.ClearTopicMatches(id); err != nil {
		return err
	}
	err = db.ubdb.Update(func(txn *badger.Txn) error { return txn.Delete(topicKey(id)) })
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "cannot delete topic %s", id)
	}
	db.userChanged()
	return nil
}

// TopicMatches returns when each paper first matched the topic.
func (db *DB) TopicMatches(topic string) (out map[string]time.Time, err error) {
	defer db.recovered(&err, panicOnFault())
	out = map[string]time.Time{}
	p := matchPrefix(topic)
	err = db.ubdb.View(func(txn *badger.Txn) error {
		return scanValues(txn, p, func(k, v []byte) error {
			at, err := decode[time.Time](v)
			if err != nil {
				return err
			}
			out[string(k[len(p):])] = at
			return nil
		})
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read the matches of topic %s", topic)
	}
	return out, nil
}

// CountTopicMatches counts a topic's recorded matches, and those recorded
// after since, from one scan.
func (db *DB) CountTopicMatches(topic string, since time.Time) (total, after int, err error) {
	ms, err := db.TopicMatches(topic)
	for _, at := range ms {
		total++
		if at.After(since) {
			after++
		}
	}
	return total, after, err
}

// AddTopicMatches records ids as matches of topic at time at, keeping the
// time of those already recorded, and returns the ids that were not.
func (db *DB) AddTopicMatches(topic string, ids []string, at time.Time) (added []string, err error) {
	defer db.recovered(&err, panicOnFault())
	if !ValidTopicID(topic) {
		return nil, paper.Errorf(paper.EINVALID, "%q is not a topic id", topic)
	}
	if err := db.writable(); err != nil {
		return nil, err
	}
	v, err := encode(at.UTC())
	if err != nil {
		return nil, err
	}
	db.umu.Lock()
	defer db.umu.Unlock()
	seen := map[string]bool{}
	err = db.ubdb.View(func(txn *badger.Txn) error {
		for _, id := range ids {
			if seen[id] || validID(id) != nil {
				continue
			}
			seen[id] = true
			_, err := txn.Get(matchKey(topic, id))
			if notFound(err) {
				added = append(added, id)
				continue
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && len(added) > 0 {
		wb := db.ubdb.NewWriteBatch()
		defer wb.Cancel()
		for _, id := range added {
			if err = wb.Set(matchKey(topic, id), v); err != nil {
				break
			}
		}
		if err == nil {
			err = wb.Flush()
		}
		db.userChanged()
	}
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot record the matches of topic %s", topic)
	}
	return added, nil
}

// ClearTopicMatches forgets every recorded match of topic.
func (db *DB) ClearTopicMatches(topic string) (err error) {
	defer db.recovered(&err, panicOnFault())
	if err := db.writable(); err != nil {
		return err
	}
	db.umu.Lock()
	defer db.umu.Unlock()
	var keys [][]byte
	err = db.ubdb.View(func(txn *badger.Txn) error {
		return scanKeys(txn, matchPrefix(topic), func(k []byte) error {
			keys = append(keys, bytes.Clone(k))
			return nil
		})
	})
	if err == nil && len(keys) > 0 {
		wb := db.ubdb.NewWriteBatch()
		defer wb.Cancel()
		for _, k := range keys {
			if err = wb.Delete(k); err != nil {
				break
			}
		}
		if err == nil {
			err = wb.Flush()
		}
		db.userChanged()
	}
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "cannot clear the matches of topic %s", topic)
	}
	return nil
}

// DayLook returns the last look at date, if any.
func (db *DB) DayLook(date string) (l Look, found bool, err error) {
	defer db.recovered(&err, panicOnFault())
	err = db.ubdb.View(func(txn *badger.Txn) error {
		v, err := getValue(txn, lookKey(date))
		if err != nil {
			return err
		}
		l, err = decode[Look](v)
		return err
	})
	if notFound(err) {
		return Look{}, false, nil
	}
	if err != nil {
		return Look{}, false, paper.Wrap(paper.EINTERNAL, err, "cannot read the last look at %s", date)
	}
	return l, true, nil
}

// PutDayLook records a look at date.
func (db *DB) PutDayLook(date string, l Look) (err error) {
	defer db.recovered(&err, panicOnFault())
	if !paper.ValidDate(date) {
		return paper.Errorf(paper.EINVALID, "%q is not a date (expected YYYY-MM-DD)", date)
	}
	if err := db.writable(); err != nil {
		return err
	}
	v, err := encode(l)
	if err == nil {
		err = db.ubdb.Update(func(txn *badger.Txn) error { return txn.Set(lookKey(date), v) })
	}
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "cannot record the look at %s", date)
	}
	db.userChanged()
	return nil
}

// FirstSeen returns when each of ids entered the cache: the time of its
// first history point. Ids without one are absent.
func (db *DB) FirstSeen(ids []string) (out map[string]time.Time, err error) {
	defer db.recovered(&err, panicOnFault())
	out = make(map[string]time.Time, len(ids))
	err = db.bdb.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		for _, id := range ids {
			p := histPrefix(id)
			it.Seek(p)
			if it.ValidForPrefix(p) {
				out[id] = timeFromHistKey(it.Item().Key())
			}
		}
		return nil
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read when papers were cached")
	}
	return out, nil
}

// Histories returns the popularity points of ids, oldest first, from one
// read transaction. Ids without points are absent.
func (db *DB) Histories(ids []string) (out map[string][]paper.Point, err error) {
	defer db.recovered(&err, panicOnFault())
	out = make(map[string][]paper.Point, len(ids))
	err = db.bdb.View(func(txn *badger.Txn) error {
		// No prefetching: it would read ahead ~100 values after every Seek.
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		for _, id := range ids {
			if _, done := out[id]; done {
				continue
			}
			p := histPrefix(id)
			for it.Seek(p); it.ValidForPrefix(p); it.Next() {
				item := it.Item()
				err := item.Value(func(v []byte) error {
					pt, err := decode[point](v)
					if err == nil {
						out[id] = append(out[id], paper.Point{At: timeFromHistKey(item.Key()), Upvotes: pt.Upvotes, GithubStars: pt.GithubStars})
					}
					return err
				})
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read popularity history")
	}
	return out, nil
}

// AllSettings returns every stored setting as JSON.
func (db *DB) AllSettings() (out map[string]json.RawMessage, err error) {
	defer db.recovered(&err, panicOnFault())
	out = map[string]json.RawMessage{}
	err = db.ubdb.View(func(txn *badger.Txn) error {
		return scanValues(txn, []byte(prefixSetting), func(k, v []byte) error {
			r, err := decode[json.RawMessage](v)
			if err != nil {
				return err
			}
			out[string(k[len(prefixSetting):])] = bytes.Clone(r)
			return nil
		})
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read settings")
	}
	return out, nil
}

// The Add* methods below merge an imported library: each only adds what is
// missing and never overwrites or deletes. They report what they added.

// AddPapers caches the papers not cached yet, as they are (Day included),
// without a history point: AddHistory brings the imported ones.
func (db *DB) AddPapers(ps []paper.Paper) (n int, err error) {
	defer db.recovered(&err, panicOnFault())
	for _, p := range ps {
		if err := validID(p.ID); err != nil {
			return 0, err
		}
	}
	if err := db.checkFree(); err != nil {
		return 0, err
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	var missing []paper.Paper
	seen := map[string]bool{}
	err = db.bdb.View(func(txn *badger.Txn) error {
		for _, p := range ps {
			if seen[p.ID] {
				continue
			}
			seen[p.ID] = true
			_, err := txn.Get(paperKey(p.ID))
			if notFound(err) {
				missing = append(missing, p)
			} else if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(missing) == 0 {
		return 0, wrapImport(err)
	}
	ids := make([]string, len(missing))
	for i, p := range missing {
		ids[i] = p.ID
	}
	defer db.pc.invalidate(ids)
	wb := db.bdb.NewWriteBatch()
	defer wb.Cancel()
	for _, p := range missing {
		v, err := encodePaper(p)
		if err != nil {
			return 0, paper.Wrap(paper.EINVALID, err, "paper %s cannot be stored", p.ID)
		}
		if err := wb.Set(paperKey(p.ID), v); err != nil {
			return 0, wrapImport(err)
		}
	}
	return len(missing), wrapImport(wb.Flush())
}

// AddHistory adds the points of id that are not stored yet (same time).
func (db *DB) AddHistory(id string, pts []paper.Point) (n int, err error) {
	defer db.recovered(&err, panicOnFault())
	if err := validID(id); err != nil {
		return 0, err
	}
	if err := db.checkFree(); err != nil {
		return 0, err
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	var writes []paper.Point
	err = db.bdb.View(func(txn *badger.Txn) error {
		for _, pt := range pts {
			_, err := txn.Get(histKey(id, pt.At))
			if notFound(err) {
				writes = append(writes, pt)
			} else if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(writes) == 0 {
		return 0, wrapImport(err)
	}
	wb := db.bdb.NewWriteBatch()
	defer wb.Cancel()
	for _, pt := range writes {
		v, err := encode(point{Upvotes: pt.Upvotes, GithubStars: pt.GithubStars})
		if err == nil {
			err = wb.Set(histKey(id, pt.At), v)
		}
		if err != nil {
			return 0, wrapImport(err)
		}
	}
	return len(writes), wrapImport(wb.Flush())
}

// AddDayListing lists ids on d.Date. A day not fetched yet takes d's record;
// a known one keeps its own and only gains members.
func (db *DB) AddDayListing(d paper.Day, ids []string) (n int, err error) {
	defer db.recovered(&err, panicOnFault())
	if !paper.ValidDate(d.Date) {
		return 0, paper.Errorf(paper.EINVALID, "%q is not a date (expected YYYY-MM-DD)", d.Date)
	}
	for _, id := range ids {
		if err := validID(id); err != nil {
			return 0, err
		}
	}
	if err := db.checkFree(); err != nil {
		return 0, err
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	members := map[string]bool{}
	var added []string
	rec, known := d, false
	err = db.bdb.View(func(txn *badger.Txn) error {
		v, err := getValue(txn, dayMetaKey(d.Date))
		switch {
		case err == nil:
			known = true
			if rec, err = decode[paper.Day](v); err != nil {
				return err
			}
		case !notFound(err):
			return err
		}
		if err := scanKeys(txn, dayPrefix(d.Date), func(k []byte) error {
			members[idFromDayKey(k)] = true
			return nil
		}); err != nil {
			return err
		}
		for _, id := range ids {
			if !members[id] {
				members[id] = true
				added = append(added, id)
			}
		}
		return nil
	})
	if err != nil || (known && len(added) == 0) {
		return 0, wrapImport(err)
	}
	rec.Date, rec.Count = d.Date, len(members)
	defer db.dc.invalidate() // after the commit: see dayListCache
	wb := db.bdb.NewWriteBatch()
	defer wb.Cancel()
	for _, id := range added {
		if err := wb.Set(dayKey(d.Date, id), nil); err != nil {
			return 0, wrapImport(err)
		}
	}
	v, err := encode(rec)
	if err == nil {
		err = wb.Set(dayMetaKey(d.Date), v) // last, as in PutDay
	}
	if err == nil {
		err = wb.Flush()
	}
	return len(added), wrapImport(err)
}

// MergeState merges an imported reading state into the stored one: a paper
// read or saved in either is read or saved after, and stored times win.
func (db *DB) MergeState(id string, in paper.State) (bool, error) {
	changed := false
	_, err := db.updateState(id, func(s *paper.State) {
		if in.Read && !s.Read {
			s.Read, s.ReadAt, changed = true, in.ReadAt.UTC(), true
		}
		if in.Saved && !s.Saved {
			s.Saved, s.SavedAt, changed = true, in.SavedAt.UTC(), true
		}
	})
	return changed, err
}

// AddSetting stores a setting given as JSON unless it is set already.
func (db *DB) AddSetting(key string, raw json.RawMessage) (added bool, err error) {
	defer db.recovered(&err, panicOnFault())
	if key == "" || !json.Valid(raw) {
		return false, paper.Errorf(paper.EINVALID, "setting %q is not valid JSON", key)
	}
	if err := db.writable(); err != nil {
		return false, err
	}
	db.umu.Lock()
	defer db.umu.Unlock()
	err = db.ubdb.Update(func(txn *badger.Txn) error {
		_, err := txn.Get(settingKey(key))
		if !notFound(err) {
			return err
		}
		v, err := encode(raw)
		if err != nil {
			return err
		}
		added = true
		return txn.Set(settingKey(key), v)
	})
	if err != nil {
		return false, paper.Wrap(paper.EINTERNAL, err, "cannot save setting %s", key)
	}
	if added {
		db.userChanged()
	}
	return added, nil
}

func wrapImport(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*paper.Error](err); ok {
		return err
	}
	return paper.Wrap(paper.EINTERNAL, err, "cannot write the imported library")
}
