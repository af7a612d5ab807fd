package store

import (
	"encoding/json"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// State returns the user's reading state of a paper; the zero State if none.
func (db *DB) State(id string) (paper.State, error) {
	var s paper.State
	err := db.bdb.View(func(txn *badger.Txn) error {
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
func (db *DB) States(ids []string) (map[string]paper.State, error) {
	out := make(map[string]paper.State, len(ids))
	err := db.bdb.View(func(txn *badger.Txn) error {
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
func (db *DB) AllStates() (map[string]paper.State, error) {
	out := map[string]paper.State{}
	err := db.bdb.View(func(txn *badger.Txn) error {
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
func (db *DB) updateState(id string, change func(*paper.State)) (paper.State, error) {
	if err := validID(id); err != nil {
		return paper.State{}, err
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	var s paper.State
	err := db.bdb.Update(func(txn *badger.Txn) error {
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
func (db *DB) Setting(key string, v any) (bool, error) {
	var raw []byte
	err := db.bdb.View(func(txn *badger.Txn) error {
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
func (db *DB) PutSetting(key string, v any) error {
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
	err = db.bdb.Update(func(txn *badger.Txn) error { return txn.Set(settingKey(key), b) })
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "cannot save setting %s", key)
	}
	return nil
}
