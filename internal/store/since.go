package store

import (
	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Version is the store's current version: every write committed so far is
// at or below it, every later one above. Versions only grow, across
// restarts too (they are Badger's commit timestamps), so a reader can
// remember one and later ask for what changed since (PapersSince).
func (db *DB) Version() (v uint64, err error) {
	defer db.recovered(&err, panicOnFault())
	err = db.bdb.View(func(txn *badger.Txn) error {
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
//
// A record that cannot be read is skipped, reported (Notices) and not
// counted in total; its days are marked for the next sync to fetch again.
func (db *DB) PapersSince(v uint64, fn func(paper.Paper) error) (total int, err error) {
	defer db.recovered(&err, panicOnFault())
	const batch = 512
	var (
		fnErr error
		bad   damage
	)
	vals := make([][]byte, 0, batch)
	keys := make([]string, 0, batch)
	flush := func() error {
		ps, errs := decodePapers(vals)
		for i, p := range ps {
			if errs[i] != nil {
				bad.add(keys[i], errs[i])
				continue
			}
			if err := fn(p); err != nil {
				fnErr = err
				return err
			}
		}
		vals, keys = vals[:0], keys[:0]
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
			b, err := valueCopy(item)
			if err != nil {
				bad.add(string(item.Key()[len(prefixPaper):]), err)
				continue
			}
			vals = append(vals, b)
			keys = append(keys, string(item.Key()[len(prefixPaper):]))
			if len(vals) == batch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return flush()
	})
	total -= len(bad.ids)
	bad.report(db, "")
	if fnErr != nil {
		return total, fnErr
	}
	if err != nil {
		return total, paper.Wrap(paper.EINTERNAL, err, "cannot read the cache")
	}
	return total, nil
}
