package store

import (
	"bytes"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Version is the store's current version: every write committed so far is
// at or below it, every later one above. Versions only grow, across
// restarts too (they are Badger's commit timestamps), so a reader can
// remember one and later ask for what changed since (PapersSince).
func (db *DB) Version() (uint64, error) {
	var v uint64
	err := db.bdb.View(func(txn *badger.Txn) error {
		v = txn.ReadTs()
		return nil
	})
	if err != nil {
		return 0, paper.Wrap(paper.EINTERNAL, err, "cannot read the cache")
	}
	return v, nil
}

// PapersSince calls fn with every cached paper whose record was written
// after version v (a paper whose record did not change is not rewritten),
// in id order, and returns how many papers the cache holds in all. Only the
// keys are read for the others, so it costs a key scan plus the changed
// papers: it lets the search index catch up with the store from a snapshot
// instead of decoding every paper again. fn's error stops it and is returned.
func (db *DB) PapersSince(v uint64, fn func(paper.Paper) error) (total int, err error) {
	const batch = 512
	var fnErr error
	vals := make([][]byte, 0, batch)
	ps := make([]paper.Paper, 0, batch)
	flush := func() error {
		var err error
		if ps, err = decodePapers(vals, ps[:0]); err != nil {
			return err
		}
		vals = vals[:0]
		for _, p := range ps {
			if err := fn(p); err != nil {
				fnErr = err
				return err
			}
		}
		return nil
	}
	err = db.bdb.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(prefixPaper)
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			total++
			item := it.Item()
			if item.Version() <= v {
				continue
			}
			err := item.Value(func(b []byte) error {
				vals = append(vals, bytes.Clone(b))
				return nil
			})
			if err != nil {
				return err
			}
			if len(vals) == batch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return flush()
	})
	if fnErr != nil {
		return total, fnErr
	}
	if err != nil {
		return total, paper.Wrap(paper.EINTERNAL, err, "cannot read the cache")
	}
	return total, nil
}
