package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/atomicfile"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Schema history:
//
//	v1  paper/<id> and user/* held bare JSON (no version envelope); a day's
//	    papers were one day/<date> key holding a JSON list of ids; there were
//	    no meta/day records, no history and Paper.Day was not kept.
//	v2  the layout of keys.go: versioned envelopes, one day/<date>/<id> key
//	    per membership, meta/day/<date> records, hist/ points.
//	v3  papers in a binary form (papercodec.go) instead of zstd-compressed
//	    JSON; the keys and every other record are as in v2.
//	v4  the user's data (the user/ keys) moved to a database of its own in
//	    <dataDir>/user (keys.go); the cache keeps the rest, as in v3.
var migrations = map[int]func(*DB) error{
	1: (*DB).migrateV1,
	2: (*DB).migrateV2,
	3: (*DB).migrateV3,
}

// migrate brings the cache's layout to schemaVersion, backing it up first,
// and returns the version it found: 0 for an empty cache.
func (db *DB) migrate() (int, error) {
	v, found, err := db.schema()
	if err != nil {
		return 0, paper.Wrap(paper.EINTERNAL, err, "cannot read the data directory's version")
	}
	if !found {
		empty, err := db.empty()
		if err != nil {
			return 0, paper.Wrap(paper.EINTERNAL, err, "cannot read the data directory")
		}
		if empty {
			if db.writable() != nil {
				return 0, nil
			}
			return 0, db.setSchema(schemaVersion)
		}
		v = 1 // v1 stores written before meta/schema existed
	}
	if v > schemaVersion {
		return v, paper.Errorf(paper.EINVALID,
			"the data directory %s was written by a newer Paperboy (format %d, this one reads up to %d); update Paperboy",
			db.dir, v, schemaVersion)
	}
	if v == schemaVersion {
		return v, nil
	}
	if db.writable() != nil {
		return v, db.migrateReadOnly(v)
	}
	backup, err := db.backup(v)
	if err != nil {
		return v, paper.Wrap(codeOf(err), err, "cannot back up the data directory before upgrading it (%s)", cause(err))
	}
	db.log.Info("store: upgrading the data directory", "dir", db.dir, "from", v, "to", schemaVersion, "backup", backup)
	for u := v; u < schemaVersion; u++ {
		if err := migrations[u](db); err != nil {
			return v, paper.Wrap(paper.EINTERNAL, err, "cannot upgrade the data directory from format %d (a backup is in %s)", u, backup)
		}
		if err := db.setSchema(u + 1); err != nil {
			return v, err
		}
	}
	if db.dir != "" {
		if _, err := db.writeUserBackup(); err != nil {
			db.log.Warn("store: cannot back up the user's data after the upgrade", "err", err)
		}
	}
	return v, nil
}

// migrateReadOnly makes an old cache readable without writing to it: a v3
// cache differs from v4 only by holding the user's data, which is copied
// into the (then in-memory) user database. Older ones need converting.
func (db *DB) migrateReadOnly(v int) error {
	if v < 3 {
		return paper.Errorf(paper.EREADONLY,
			"the data directory %s must be upgraded to this Paperboy's format, which needs writing to it: %s",
			db.dir, paper.ErrorMessage(db.readOnly))
	}
	empty := true
	err := db.ubdb.View(func(txn *badger.Txn) error {
		return scanKeys(txn, []byte(prefixUser), func([]byte) error { empty = false; return errStop })
	})
	if err != nil && !errors.Is(err, errStop) {
		return paper.Wrap(paper.EINTERNAL, err, "cannot read the user's data")
	}
	if !empty {
		return nil // an upgrade stopped half-way left them there already
	}
	if _, err := db.copyUserData(); err != nil {
		return paper.Wrap(paper.EREADONLY, err,
			"the data directory %s must be upgraded to this Paperboy's format, which needs writing to it: %s",
			db.dir, paper.ErrorMessage(db.readOnly))
	}
	return nil
}

var errStop = errors.New("stop")

// migrateV3 moves the user's data out of the cache: it copies every user/
// key to the user's database, syncs it, and only then drops them from the
// cache. Until the cache says v4 its user/ keys are the truth, so a run
// interrupted half-way simply runs again, overwriting the copies.
func (db *DB) migrateV3() error {
	n, err := db.copyUserData()
	if err != nil {
		return err
	}
	if err := db.ubdb.Sync(); err != nil {
		return err
	}
	days := 0
	err = db.bdb.View(func(txn *badger.Txn) error {
		return scanKeys(txn, []byte(prefixDayMeta), func([]byte) error { days++; return nil })
	})
	if err != nil {
		return err
	}
	db.setCacheMarker(days)
	db.log.Info("store: moved the user's data to its own database", "records", n, "dir", db.userDir())
	return db.bdb.DropPrefix([]byte(prefixUser))
}

// copyUserData copies the cache's user/ keys to the user's database.
func (db *DB) copyUserData() (int, error) {
	wb := db.ubdb.NewWriteBatch()
	defer wb.Cancel()
	n := 0
	err := db.bdb.View(func(txn *badger.Txn) error {
		return scanValues(txn, []byte(prefixUser), func(k, v []byte) error {
			n++
			return wb.Set(bytes.Clone(k), bytes.Clone(v))
		})
	})
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		return 0, fmt.Errorf("store: copy the user's data: %w", err)
	}
	return n, nil
}

func (db *DB) schema() (int, bool, error) {
	var v int
	err := db.bdb.View(func(txn *badger.Txn) error {
		b, err := getValue(txn, []byte(keySchema))
		if err != nil {
			return err
		}
		v, err = strconv.Atoi(string(b))
		return err
	})
	if notFound(err) {
		return 0, false, nil
	}
	return v, err == nil, err
}

func (db *DB) setSchema(v int) error {
	err := db.bdb.Update(func(txn *badger.Txn) error {
		return txn.Set([]byte(keySchema), []byte(strconv.Itoa(v)))
	})
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "cannot write the data directory's version")
	}
	return nil
}

func (db *DB) empty() (bool, error) {
	empty := true
	err := db.bdb.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		it.Rewind()
		empty = !it.Valid()
		return nil
	})
	return empty, err
}

// backup writes a full Badger backup of the cache to <dataDir>/backups and
// returns its path. In-memory stores have nowhere to put one and are not
// backed up.
func (db *DB) backup(oldVersion int) (string, error) {
	if db.dir == "" {
		return "", nil
	}
	dir := db.backupDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	name := fmt.Sprintf("paperboy-backup-v%d-%s.bak", oldVersion, time.Now().UTC().Format("20060102T150405Z"))
	path := filepath.Join(dir, name)
	err := atomicfile.Write(path, 0o600, func(w io.Writer) error {
		_, err := db.bdb.Backup(w, 0)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("backup to %s: %w", path, err)
	}
	return path, nil
}

// migrateV1 rewrites a v1 store as v2 in one WriteBatch: envelopes around
// every value, day lists split into membership keys plus day records, and
// Paper.Day set to the latest day listing the paper. Records already in v2
// shape (a previous attempt died half-way) are left alone, and the v1 day
// lists are deleted last, so running it twice is harmless.
func (db *DB) migrateV1() error {
	wb := db.bdb.NewWriteBatch()
	defer wb.Cancel()
	latest := map[string]string{} // paper id → latest date
	var lists [][]byte
	err := db.bdb.View(func(txn *badger.Txn) error {
		err := scanValues(txn, []byte(prefixDay), func(k, v []byte) error {
			if len(k) != len(prefixDay)+dateLen {
				return nil // a v2 membership key
			}
			date := string(k[len(prefixDay):])
			var ids []string
			if err := json.Unmarshal(v, &ids); err != nil {
				return fmt.Errorf("day list %s: %w", date, err)
			}
			slices.Sort(ids)
			ids = slices.Compact(ids)
			for _, id := range ids {
				if err := wb.Set(dayKey(date, id), nil); err != nil {
					return err
				}
				latest[id] = max(latest[id], date)
			}
			rec, err := encode(paper.Day{Date: date, Count: len(ids)})
			if err != nil {
				return err
			}
			lists = append(lists, slices.Clone(k))
			return wb.Set(dayMetaKey(date), rec)
		})
		if err != nil {
			return err
		}
		err = scanValues(txn, []byte(prefixPaper), func(k, v []byte) error {
			if isEnvelope(v) || bytes.HasPrefix(v, zstdMagic) || bytes.HasPrefix(v, []byte{paperFormat}) {
				return nil // written by this migration or a later one
			}
			var p paper.Paper
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("paper %s: %w", k, err)
			}
			p.Day = latest[p.ID]
			rec, err := encodePaper(p)
			if err != nil {
				return err
			}
			return wb.Set(slices.Clone(k), rec)
		})
		if err != nil {
			return err
		}
		return scanValues(txn, []byte(prefixUser), func(k, v []byte) error {
			if isEnvelope(v) {
				return nil
			}
			rec, err := encode(json.RawMessage(slices.Clone(v)))
			if err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			return wb.Set(slices.Clone(k), rec)
		})
	})
	if err != nil {
		return err
	}
	for _, k := range lists {
		if err := wb.Delete(k); err != nil {
			return err
		}
	}
	return wb.Flush()
}

// migrateV2 rewrites every paper still in the v2 form (zstd + JSON) in the
// binary v3 form, converting batches on every core (100k papers: a few
// seconds, mostly the old JSON decoding). Papers already converted (an
// earlier attempt died half-way) are left alone, so running it twice is
// harmless. A paper that cannot be read is left as it was and logged: it is
// cache, and the next sync of its day replaces it, as PutDay replaces any
// unreadable record.
func (db *DB) migrateV2() error {
	const batch = 1024
	wb := db.bdb.NewWriteBatch()
	defer wb.Cancel()
	keys := make([][]byte, 0, batch)
	vals := make([][]byte, 0, batch)
	converted, skipped := 0, 0
	flush := func() error {
		out := make([][]byte, len(vals))
		errs := make([]error, len(vals))
		parallel(len(vals), func(i int) {
			p, err := decodePaperV2(vals[i])
			if err == nil {
				out[i], err = encodePaper(p)
			}
			errs[i] = err
		})
		for i, k := range keys {
			if errs[i] != nil {
				db.log.Warn("store: leaving an unreadable paper record as it is", "key", string(k), "err", errs[i])
				skipped++
				continue
			}
			if err := wb.Set(k, out[i]); err != nil {
				return err
			}
			converted++
		}
		keys, vals = keys[:0], vals[:0]
		return nil
	}
	err := db.bdb.View(func(txn *badger.Txn) error {
		err := scanValues(txn, []byte(prefixPaper), func(k, v []byte) error {
			if bytes.HasPrefix(v, []byte{paperFormat}) {
				return nil
			}
			keys = append(keys, bytes.Clone(k))
			vals = append(vals, bytes.Clone(v))
			if len(keys) == batch {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	})
	if err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	db.log.Info("store: papers converted to the v3 form", "papers", converted, "unreadable", skipped)
	return nil
}

// isEnvelope reports whether v is already a current record.
func isEnvelope(v []byte) bool {
	var r struct {
		V    int             `json:"v"`
		Data json.RawMessage `json:"data"`
	}
	return json.Unmarshal(v, &r) == nil && r.V == recordVersion && r.Data != nil
}
