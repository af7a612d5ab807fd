package store

import (
	"encoding/json"
	"strconv"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// The user's own data lives in its database, db.ubdb (keys.go). Every write
// checks db.writable, holds db.umu when it reads before writing, and calls
// db.userChanged after it, which schedules a backup (backup.go).

// State returns the user's reading state of a paper; the zero State if none.
func (db *DB) State(id string) (s paper.State, err error) {
	defer db.recovered(&err, panicOnFault())
	err = db.ubdb.View(func(txn *badger.Txn) error {
		var err error
		s, err = getState(txn, id)
		return err
	})
	if err != nil {
		return paper.State{}, paper.Wrap(paper.EINTERNAL, err, "cannot read the state of %s", id)
	}
	return s, nil
}

// States returns the stored states of ids; ids without one are absent.
func (db *DB) States(ids []string) (out map[string]paper.State, err error) {
	defer db.recovered(&err, panicOnFault())
	out = make(map[string]paper.State, len(ids))
	err = db.ubdb.View(func(txn *badger.Txn) error {
		for _, id := range ids {
			v, err := getValue(txn, stateKey(id))
			if notFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			s, err := decode[paper.State](v)
			if err != nil {
				return err
			}
			out[id] = s
		}
		return nil
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read reading states")
	}
	return out, nil
}

// AllStates returns every stored reading state by paper id.
func (db *DB) AllStates() (out map[string]paper.State, err error) {
	defer db.recovered(&err, panicOnFault())
	out = map[string]paper.State{}
	err = db.ubdb.View(func(txn *badger.Txn) error {
		return scanValues(txn, []byte(prefixState), func(k, v []byte) error {
			s, err := decode[paper.State](v)
			if err != nil {
				return err
			}
			out[idFromStateKey(k)] = s
			return nil
		})
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read reading states")
	}
	return out, nil
}

// SetRead marks a paper read or unread and returns its new state.
func (db *DB) SetRead(id string, read bool, at time.Time) (paper.State, error) {
	return db.updateState(id, func(s *paper.State) {
		s.Read, s.ReadAt = read, time.Time{}
		if read {
			s.ReadAt = at.UTC()
		}
	})
}

// SetSaved saves or unsaves a paper and returns its new state.
func (db *DB) SetSaved(id string, saved bool, at time.Time) (paper.State, error) {
	return db.updateState(id, func(s *paper.State) {
		s.Saved, s.SavedAt = saved, time.Time{}
		if saved {
			s.SavedAt = at.UTC()
		}
	})
}

// updateState is deliberately not guarded by the free-space check: marking a
// paper read writes a few bytes, and refusing it would only confuse.
func (db *DB) updateState(id string, change func(*paper.State)) (s paper.State, err error) {
	defer db.recovered(&err, panicOnFault())
	if err := validID(id); err != nil {
		return paper.State{}, err
	}
	if err := db.writable(); err != nil {
		return paper.State{}, err
	}
	db.umu.Lock()
	defer db.umu.Unlock()
	err = db.ubdb.Update(func(txn *badger.Txn) error {
		var err error
		if s, err = getState(txn, id); err != nil {
			return err
		}
		change(&s)
		if s == (paper.State{}) {
			return txn.Delete(stateKey(id))
		}
		v, err := encode(s)
		if err != nil {
			return err
		}
		return txn.Set(stateKey(id), v)
	})
	if err != nil {
		return paper.State{}, paper.Wrap(paper.EINTERNAL, err, "cannot save the state of %s", id)
	}
	db.userChanged()
	return s, nil
}

func getState(txn *badger.Txn, id string) (paper.State, error) {
	v, err := getValue(txn, stateKey(id))
	if notFound(err) {
		return paper.State{}, nil
	}
	if err != nil {
		return paper.State{}, err
	}
	return decode[paper.State](v)
}

// Setting decodes the setting key into v and reports whether it was set.
func (db *DB) Setting(key string, v any) (found bool, err error) {
	defer db.recovered(&err, panicOnFault())
	var raw []byte
	err = db.ubdb.View(func(txn *badger.Txn) error {
		var err error
		raw, err = getValue(txn, settingKey(key))
		return err
	})
	if notFound(err) {
		return false, nil
	}
	if err == nil {
		var r json.RawMessage
		if r, err = decode[json.RawMessage](raw); err == nil {
			err = json.Unmarshal(r, v)
		}
	}
	if err != nil {
		return false, paper.Wrap(paper.EINTERNAL, err, "cannot read setting %s", key)
	}
	return true, nil
}

// PutSetting stores v, as JSON, under the setting key.
func (db *DB) PutSetting(key string, v any) (err error) {
	defer db.recovered(&err, panicOnFault())
	if key == "" {
		return paper.Errorf(paper.EINVALID, "empty setting name")
	}
	b, err := json.Marshal(v)
	if err == nil {
		b, err = encode(json.RawMessage(b))
	}
	if err != nil {
		return paper.Wrap(paper.EINVALID, err, "setting %s cannot be stored", key)
	}
	if err := db.writable(); err != nil {
		return err
	}
	err = db.ubdb.Update(func(txn *badger.Txn) error { return txn.Set(settingKey(key), b) })
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "cannot save setting %s", key)
	}
	db.userChanged()
	return nil
}

// setUserSchema writes the user database's layout version.
func (db *DB) setUserSchema() error {
	err := db.ubdb.Update(func(txn *badger.Txn) error {
		return txn.Set([]byte(keySchema), []byte(strconv.Itoa(userSchemaVersion)))
	})
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "cannot write the version of the user's data")
	}
	return nil
}

// The cache marker (meta/cache in the user's database) is how many days the
// cache held when Paperboy last saw it. Without it, a cache emptied behind
// Paperboy's back (its directory deleted, its files lost) would look like a
// new install: "No papers cached yet", and no word about it.

// cacheMarker reads the marker; 0 when absent.
func (db *DB) cacheMarker() int {
	var n int
	err := db.ubdb.View(func(txn *badger.Txn) error {
		v, err := getValue(txn, []byte(keyCacheMarker))
		if err != nil {
			return err
		}
		n, err = strconv.Atoi(string(v))
		return err
	})
	if err != nil && !notFound(err) {
		db.log.Warn("store: cannot read the cache marker", "err", err)
	}
	return n
}

func (db *DB) setCacheMarker(days int) {
	if db.writable() != nil || db.cacheMem {
		return
	}
	err := db.ubdb.Update(func(txn *badger.Txn) error {
		return txn.Set([]byte(keyCacheMarker), []byte(strconv.Itoa(days)))
	})
	if err != nil {
		db.log.Warn("store: cannot write the cache marker", "err", err)
	}
}

// checkCacheMarker tells the user when the cache is empty although it held
// days, unless Open already said it reset a damaged one.
func (db *DB) checkCacheMarker() {
	held := db.cacheMarker()
	db.marked.Store(held > 0)
	if held == 0 {
		return
	}
	if _, ok, err := db.LatestDay(); err != nil || ok {
		return
	}
	db.marked.Store(false)
	if !db.cacheReset {
		db.log.Warn("store: the cache is empty but held days", "days", held)
		db.notice(paper.EDAMAGED, "The paper cache is empty although it held %d days: its files were deleted or lost. "+
			"Your saved papers, reading state and topics are kept. Run `paperboy sync` (or Sync in the app) to fetch the papers again", held)
	}
	db.setCacheMarker(0)
}

// writeCacheMarker records how many days the cache holds, at Close.
func (db *DB) writeCacheMarker() {
	if db.bdb == nil || db.ubdb == nil || db.dir == "" || db.writable() != nil {
		return
	}
	days, err := db.Days()
	if err != nil {
		return
	}
	if len(days) != db.cacheMarker() {
		db.setCacheMarker(len(days))
	}
}
