package store

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// PutResult says what PutDay changed.
type PutResult struct {
	New     []string // ids that were not cached before
	Updated int      // cached papers whose record changed
}

// Stats describes the store's contents and size on disk.
type Stats struct {
	Papers    int   `json:"papers"`
	Days      int   `json:"days"`
	LSMBytes  int64 `json:"lsmBytes"`
	VlogBytes int64 `json:"vlogBytes"`
}

// PutDay caches the papers listed on date and records the fetch in one
// WriteBatch. A day's membership only grows: papers missing from this fetch
// stay listed (HF lists shrink only through errors). A paper listed on
// several days is a member of each, and its record keeps the values of the
// newest day's list: writing an older day's list (a backfill runs newest
// first) only adds the membership, so Day stays the newest date. A history
// point is added for every paper seen for the first time or whose upvotes or
// GitHub stars changed. A cached record that cannot be read is replaced.
//
// The batch commits as one Badger transaction, hence atomically, as long as
// it fits one (~1.2 MB of keys and inline values with 8 MB memtables; a day
// of 50 papers is ~60 KB since papers are value-log pointers). Papers whose
// record did not change are not rewritten, so re-fetching today is cheap.
func (db *DB) PutDay(date string, papers []paper.Paper, complete bool, fetchedAt time.Time) (res PutResult, err error) {
	defer db.recovered(&err, panicOnFault())
	if !paper.ValidDate(date) {
		return PutResult{}, paper.Errorf(paper.EINVALID, "%q is not a date (expected YYYY-MM-DD)", date)
	}
	if fetchedAt.IsZero() {
		fetchedAt = time.Now()
	}
	fetchedAt = fetchedAt.UTC()
	return db.put(date, papers, &paper.Day{Date: date, Complete: complete, FetchedAt: fetchedAt}, fetchedAt)
}

// PutPapers caches papers known from elsewhere (search, a single lookup)
// without listing them on any day. A cached paper keeps its Day.
func (db *DB) PutPapers(papers []paper.Paper) (err error) {
	defer db.recovered(&err, panicOnFault())
	_, err = db.put("", papers, nil, time.Now().UTC())
	return err
}

func (db *DB) put(date string, papers []paper.Paper, day *paper.Day, now time.Time) (PutResult, error) {
	var res PutResult
	for _, p := range papers {
		if err := validID(p.ID); err != nil {
			return res, err
		}
	}
	if err := db.checkFree(); err != nil {
		return res, err
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()

	type write struct{ key, val []byte }
	var writes []write
	written := []string{} // paper ids rewritten; never nil, which would mean all
	err := db.bdb.View(func(txn *badger.Txn) error {
		members := map[string]bool{}
		if day != nil {
			err := scanKeys(txn, dayPrefix(date), func(k []byte) error {
				members[idFromDayKey(k)] = true
				return nil
			})
			if err != nil {
				return err
			}
		}
		seen := make(map[string]bool, len(papers))
		// The last copy of a paper listed twice wins, as it would on a rewrite.
		for i := len(papers) - 1; i >= 0; i-- {
			p := papers[i]
			if seen[p.ID] {
				continue
			}
			seen[p.ID] = true
			oldVal, old, err := readPaper(txn, p.ID)
			exists := err == nil
			if err != nil && !notFound(err) {
				// A record that cannot be read is replaced, not fatal.
				db.log.Warn("store: replacing unreadable paper record", "id", p.ID, "err", err)
			}
			if day != nil && !members[p.ID] {
				members[p.ID] = true
				writes = append(writes, write{dayKey(date, p.ID), nil})
			}
			if day != nil && exists && old.Day > date {
				continue // an older list: the newer day's record stays (issue 13)
			}
			switch {
			case day == nil && exists:
				p.Day = old.Day
			case day != nil:
				p.Day = date
			}
			val, err := encodePaper(p)
			if err != nil {
				return err
			}
			switch {
			case !exists:
				res.New = append(res.New, p.ID)
				writes = append(writes, write{paperKey(p.ID), val})
				written = append(written, p.ID)
			case !bytes.Equal(oldVal, val):
				res.Updated++
				writes = append(writes, write{paperKey(p.ID), val})
				written = append(written, p.ID)
			}
			if !exists || old.Upvotes != p.Upvotes || old.GithubStars != p.GithubStars {
				pt, err := encode(point{Upvotes: p.Upvotes, GithubStars: p.GithubStars})
				if err != nil {
					return err
				}
				writes = append(writes, write{histKey(p.ID, now), pt})
			}
		}
		if day != nil {
			day.Count = len(members)
			// The day record goes last: should the batch ever be split, a day
			// record never claims papers that are not written yet.
			val, err := encode(*day)
			if err != nil {
				return err
			}
			writes = append(writes, write{dayMetaKey(date), val})
		}
		return nil
	})
	if err != nil {
		return PutResult{}, paper.Wrap(paper.EINTERNAL, err, "cannot read the cache")
	}
	slices.Reverse(res.New)
	if len(writes) == 0 {
		return res, nil
	}
	// Whatever happens to the batch, cached copies of these papers are stale.
	defer db.pc.invalidate(written)
	if day != nil {
		defer db.dc.invalidate()
	}
	wb := db.bdb.NewWriteBatch()
	defer wb.Cancel()
	for _, w := range writes {
		if err := wb.Set(w.key, w.val); err != nil {
			return PutResult{}, paper.Wrap(paper.EINTERNAL, err, "cannot write to the cache")
		}
	}
	if err := wb.Flush(); err != nil {
		return PutResult{}, paper.Wrap(paper.EINTERNAL, err, "cannot write to the cache")
	}
	db.repaired(written, date)
	if day != nil && !db.marked.Load() {
		db.marked.Store(true)
		db.setCacheMarker(1) // Close writes the real count
	}
	return res, nil
}

// readPaper reads and decodes one stored paper. A record that cannot be
// read (value checksum, decoding) gives an error other than not-found.
func readPaper(txn *badger.Txn, id string) (val []byte, p paper.Paper, err error) {
	item, err := txn.Get(paperKey(id))
	if err != nil {
		return nil, p, err
	}
	if val, err = valueCopy(item); err != nil {
		return nil, p, err
	}
	p, err = decodePaper(val)
	return val, p, err
}

// valueCopy is item.ValueCopy with a panic (damaged value-log bytes) as an error.
func valueCopy(item *badger.Item) (v []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("store: reading the value of %q panicked: %s", item.Key(), firstLine(r))
		}
	}()
	return item.ValueCopy(nil)
}

// point is the stored form of a paper.Point: its time is in the key.
type point struct {
	Upvotes     int `json:"upvotes"`
	GithubStars int `json:"githubStars,omitempty"`
}

// Paper returns one cached paper. A record that cannot be read is reported
// (Notices) and is not found.
func (db *DB) Paper(id string) (paper.Paper, error) {
	ps, err := db.Papers([]string{id})
	if err != nil {
		return paper.Paper{}, err
	}
	if len(ps) == 0 {
		return paper.Paper{}, paper.Errorf(paper.ENOTFOUND, "paper %s is not in the cache", id)
	}
	return ps[0], nil
}

// Papers returns the cached papers among ids, in the order of ids; ids not in
// the cache are skipped, and so are records that cannot be read (reported in
// Notices). Returned papers share memory with the store's read cache: treat
// them as read-only.
func (db *DB) Papers(ids []string) (out []paper.Paper, err error) {
	defer db.recovered(&err, panicOnFault())
	gen := db.pc.generation()
	var bad damage
	err = db.bdb.View(func(txn *badger.Txn) error {
		var err error
		out, bad, err = db.readPapers(txn, gen, ids)
		return err
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read papers")
	}
	bad.report(db, "")
	return out, nil
}

// damage collects the paper records a read could not read.
type damage struct {
	ids  []string
	errs []error
}

func (d *damage) add(id string, err error) {
	d.ids = append(d.ids, id)
	d.errs = append(d.errs, err)
}

// report tells db about the records, listed on date when it is known.
func (d damage) report(db *DB, date string) {
	if len(d.ids) > 0 {
		db.damaged(d.ids, date, d.errs)
	}
}

// readPapers reads ids in order, skipping missing and unreadable ones, from
// the read cache or else from txn, a snapshot taken at cache generation gen.
func (db *DB) readPapers(txn *badger.Txn, gen uint64, ids []string) ([]paper.Paper, damage, error) {
	var bad damage
	out := make([]paper.Paper, len(ids))
	found := make([]bool, len(ids))
	var vals [][]byte
	var slots []int
	for i, id := range ids {
		if p, ok := db.pc.get(id); ok {
			out[i], found[i] = p, true
			continue
		}
		item, err := txn.Get(paperKey(id))
		if notFound(err) {
			continue
		}
		if err != nil {
			return nil, bad, err
		}
		v, err := valueCopy(item)
		if err != nil {
			bad.add(id, err)
			continue
		}
		vals = append(vals, v)
		slots = append(slots, i)
	}
	decoded, errs := decodePapers(vals)
	var good []paper.Paper
	for j, p := range decoded {
		if errs[j] != nil {
			bad.add(ids[slots[j]], errs[j])
			continue
		}
		out[slots[j]], found[slots[j]] = p, true
		good = append(good, p)
	}
	db.pc.add(gen, good)
	n := 0
	for i := range out {
		if found[i] {
			out[n] = out[i]
			n++
		}
	}
	return out[:n], bad, nil
}

// decodePapers decodes vals in parallel, with the error of each. Decoding
// (S2 + a binary walk, see papercodec.go) is most of the cost of reading
// papers, and it parallelises perfectly.
func decodePapers(vals [][]byte) ([]paper.Paper, []error) {
	out := make([]paper.Paper, len(vals))
	errs := make([]error, len(vals))
	parallel(len(vals), func(i int) { out[i], errs[i] = decodePaper(vals[i]) })
	return out, errs
}

// parallel calls fn(0) … fn(n-1) on up to GOMAXPROCS goroutines, at least
// 8 calls each, and returns when all have returned.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+7)/8)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// DayPapers returns the papers listed on date, most upvoted first (ties by
// id). A date never fetched gives an empty list. Records that cannot be read
// are left out and reported (Notices), and the day is marked for the next
// sync to fetch again.
func (db *DB) DayPapers(date string) (out []paper.Paper, err error) {
	defer db.recovered(&err, panicOnFault())
	if !paper.ValidDate(date) {
		return nil, paper.Errorf(paper.EINVALID, "%q is not a date (expected YYYY-MM-DD)", date)
	}
	gen := db.pc.generation()
	var bad damage
	err = db.bdb.View(func(txn *badger.Txn) error {
		var ids []string
		err := scanKeys(txn, dayPrefix(date), func(k []byte) error {
			ids = append(ids, idFromDayKey(k))
			return nil
		})
		if err != nil {
			return err
		}
		out, bad, err = db.readPapers(txn, gen, ids)
		return err
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read the papers of %s", date)
	}
	bad.report(db, date)
	slices.SortFunc(out, func(a, b paper.Paper) int {
		if c := cmp.Compare(b.Upvotes, a.Upvotes); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}

// Days returns every fetched day, newest first. A day listing a paper found
// unreadable is not Complete.
func (db *DB) Days() (out []paper.Day, err error) {
	defer db.recovered(&err, panicOnFault())
	if days, ok := db.dc.get(); ok {
		return days, nil
	}
	gen := db.dc.generation() // before the snapshot, as for the paper cache
	err = db.bdb.View(func(txn *badger.Txn) error {
		err := scanValues(txn, []byte(prefixDayMeta), func(k, v []byte) error {
			d, err := decodeDay(v)
			if err != nil {
				return err
			}
			d.Date = dateFromDayMetaKey(k)
			d.Complete = d.Complete && !db.badDay(d.Date)
			out = append(out, d)
			return nil
		})
		if err != nil {
			return err
		}
		slices.Reverse(out)
		db.dc.put(gen, out)
		return nil
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read the list of days")
	}
	return out, nil
}

// LatestDay returns the newest fetched day without reading the others.
func (db *DB) LatestDay() (d paper.Day, found bool, err error) {
	defer db.recovered(&err, panicOnFault())
	err = db.bdb.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(prefixDayMeta)
		opt.Reverse = true
		it := txn.NewIterator(opt)
		defer it.Close()
		// In reverse, seek past every key of the prefix.
		it.Seek(append([]byte(prefixDayMeta), 0xff))
		if !it.Valid() {
			return nil
		}
		item := it.Item()
		return item.Value(func(v []byte) error {
			var err error
			if d, err = decode[paper.Day](v); err != nil {
				return err
			}
			d.Date = dateFromDayMetaKey(item.Key())
			d.Complete = d.Complete && !db.badDay(d.Date)
			found = true
			return nil
		})
	})
	if err != nil {
		return paper.Day{}, false, paper.Wrap(paper.EINTERNAL, err, "cannot read the list of days")
	}
	return d, found, nil
}

// DayRecord returns what is known about one day's fetch. A day listing a
// paper found unreadable is not Complete, so the syncer fetches it again.
func (db *DB) DayRecord(date string) (d paper.Day, found bool, err error) {
	defer db.recovered(&err, panicOnFault())
	err = db.bdb.View(func(txn *badger.Txn) error {
		v, err := getValue(txn, dayMetaKey(date))
		if err != nil {
			return err
		}
		d, err = decode[paper.Day](v)
		d.Date = date
		d.Complete = d.Complete && !db.badDay(date)
		return err
	})
	if notFound(err) {
		return paper.Day{}, false, nil
	}
	if err != nil {
		return paper.Day{}, false, paper.Wrap(paper.EINTERNAL, err, "cannot read day %s", date)
	}
	return d, true, nil
}

// ForEachPaper calls fn with every cached paper, in id order, stopping at the
// first error, which it returns. Papers are decoded in parallel batches.
// Records that cannot be read are skipped and reported (Notices).
func (db *DB) ForEachPaper(fn func(paper.Paper) error) error {
	_, err := db.PapersSince(0, fn) // every write is after version 0
	return err
}

// History returns a paper's popularity points, oldest first.
func (db *DB) History(id string) (out []paper.Point, err error) {
	defer db.recovered(&err, panicOnFault())
	err = db.bdb.View(func(txn *badger.Txn) error {
		return scanValues(txn, histPrefix(id), func(k, v []byte) error {
			pt, err := decode[point](v)
			if err != nil {
				return err
			}
			out = append(out, paper.Point{At: timeFromHistKey(k), Upvotes: pt.Upvotes, GithubStars: pt.GithubStars})
			return nil
		})
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read the history of %s", id)
	}
	return out, nil
}

// Stats counts papers and days and measures the files on disk.
func (db *DB) Stats() (s Stats, err error) {
	defer db.recovered(&err, panicOnFault())
	err = db.bdb.View(func(txn *badger.Txn) error {
		err := scanKeys(txn, []byte(prefixPaper), func([]byte) error { s.Papers++; return nil })
		if err != nil {
			return err
		}
		return scanKeys(txn, []byte(prefixDayMeta), func([]byte) error { s.Days++; return nil })
	})
	if err != nil {
		return Stats{}, paper.Wrap(paper.EINTERNAL, err, "cannot read the cache")
	}
	if db.dir != "" && !db.cacheMem {
		s.LSMBytes, s.VlogBytes = dirBytes(db.cacheDir())
	}
	return s, nil
}

// ClearCache drops every cached paper, day and history point. The user's
// data, in a database of its own, is not touched.
func (db *DB) ClearCache() (err error) {
	defer db.recovered(&err, panicOnFault())
	if err := db.writable(); err != nil {
		return err
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	prefixes := make([][]byte, len(cachePrefixes))
	for i, p := range cachePrefixes {
		prefixes[i] = []byte(p)
	}
	defer db.pc.invalidate(nil)
	defer db.dc.invalidate()
	if err := db.bdb.DropPrefix(prefixes...); err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "cannot clear the cache")
	}
	db.marked.Store(false)
	db.setCacheMarker(0)
	return nil
}

// RunGC reclaims value-log space left by rewritten papers. Call it now and
// then while the app runs; it rewrites files until Badger finds none with at
// least discardRatio of garbage.
func (db *DB) RunGC(discardRatio float64) {
	var err error
	defer func() {
		if err != nil {
			db.log.Error("store: value-log GC failed", "err", err)
		}
	}()
	defer db.recovered(&err, panicOnFault())
	if db.dir == "" || db.cacheMem || db.writable() != nil {
		return
	}
	for n := 0; ; n++ {
		err := db.bdb.RunValueLogGC(discardRatio)
		if err == nil {
			continue
		}
		if !errors.Is(err, badger.ErrNoRewrite) && !errors.Is(err, badger.ErrRejected) {
			db.log.Warn("store: value-log GC", "err", err)
		} else if n > 0 {
			db.log.Debug("store: value-log GC rewrote files", "files", n)
		}
		return
	}
}

// getValue returns a copy of key's value: Badger's buffers are only valid
// inside the transaction.
func getValue(txn *badger.Txn, key []byte) ([]byte, error) {
	item, err := txn.Get(key)
	if err != nil {
		return nil, err
	}
	return valueCopy(item)
}

// scanKeys calls fn with every key under prefix without reading values.
// The key is only valid during the call.
func scanKeys(txn *badger.Txn, prefix []byte, fn func(k []byte) error) error {
	opt := badger.DefaultIteratorOptions
	opt.Prefix = prefix
	opt.PrefetchValues = false
	it := txn.NewIterator(opt)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if err := fn(it.Item().Key()); err != nil {
			return err
		}
	}
	return nil
}

// scanValues calls fn with every key and value under prefix. Both are only
// valid during the call: decode, don't keep. Values are read on the
// caller's goroutine: Badger's prefetching reads them on goroutines of its
// own, where a panic over damaged bytes could not be recovered.
func scanValues(txn *badger.Txn, prefix []byte, fn func(k, v []byte) error) error {
	opt := badger.DefaultIteratorOptions
	opt.Prefix = prefix
	opt.PrefetchValues = false
	it := txn.NewIterator(opt)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		err := item.Value(func(v []byte) error { return fn(item.Key(), v) })
		if err != nil {
			return err
		}
	}
	return nil
}

func validID(id string) error {
	if id == "" || len(id) > 100 || strings.ContainsAny(id, "\x00\n") {
		return paper.Errorf(paper.EINVALID, "%q is not a paper id", id)
	}
	return nil
}

// DayIDs returns the ids listed on date, from the keys alone (no paper is read).
func (db *DB) DayIDs(date string) (ids []string, err error) {
	defer db.recovered(&err, panicOnFault())
	if !paper.ValidDate(date) {
		return nil, paper.Errorf(paper.EINVALID, "%q is not a date (expected YYYY-MM-DD)", date)
	}
	err = db.bdb.View(func(txn *badger.Txn) error {
		return scanKeys(txn, dayPrefix(date), func(k []byte) error {
			ids = append(ids, idFromDayKey(k))
			return nil
		})
	})
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot read the list of %s", date)
	}
	return ids, nil
}
