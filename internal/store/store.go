// Package store is Paperboy's Badger adapter: the paper cache, day lists,
// popularity history and the user's own data (reading state, settings).
// Callers never see Badger: its errors are translated into *paper.Error here.
//
// The layout (see keys.go) carries a schema version in meta/schema. Open
// migrates older layouts; before it does, it writes a full backup
// (Badger's backup format, restorable with badger's Load or `badger restore`)
// to <dir>/backups/paperboy-backup-v<old>-<timestamp>.bak, a folder Badger
// itself never reads or cleans.
package store

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Options configures Open.
type Options struct {
	Logger *slog.Logger
	// MinFreeBytes is the free space below which Open, PutDay and PutPapers
	// refuse to write. Default: max(200 MB, 1% of the disk). Badger memory-maps
	// its files and dies with SIGBUS when the disk fills up under it, so it is
	// far better to refuse early with a clear message. 200 MB covers the
	// worst case of one write: a fresh 64 MB value-log file mapped at twice
	// its size plus the memtable write-ahead logs.
	MinFreeBytes uint64
	// InMemory keeps everything in memory (tests). dir is ignored.
	InMemory bool
	// FreeSpace reports the free bytes on the file system holding dir. Nil
	// means statfs(2); tests inject a fake.
	FreeSpace func(dir string) (uint64, error)
}

// DB is an open Paperboy store. It is safe for concurrent use.
type DB struct {
	bdb     *badger.DB
	dir     string
	log     *slog.Logger
	minFree uint64
	free    func(dir string) (uint64, error)
	guard   bool // check free space before writes
	pc      *paperCache
	dc      dayListCache

	// wmu serialises read-modify-write operations (PutDay's membership
	// count and history, SetRead...), which lets Badger run without
	// conflict detection.
	wmu sync.Mutex
}

const defaultMinFree = 200 << 20

// Open opens (creating if needed) the store in dir and migrates its layout to
// the current schema.
func Open(dir string, opt Options) (*DB, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db := &DB{dir: dir, log: log, free: opt.FreeSpace, minFree: opt.MinFreeBytes, pc: newPaperCache()}
	if !opt.InMemory {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, paper.Wrap(paper.EINTERNAL, err, "cannot create the data directory %s", dir)
		}
		db.guard = true
		if db.free == nil {
			db.free = statfsFree
		}
		if db.minFree == 0 {
			db.minFree = defaultMinFreeFor(dir)
		}
		if err := db.checkFree(); err != nil {
			return nil, err
		}
	} else if db.free != nil {
		db.guard = true
		if db.minFree == 0 {
			db.minFree = defaultMinFree
		}
	}

	bopt := badgerOptions(dir, opt.InMemory, log)
	bdb, err := openBadger(func() (*badger.DB, error) { return badger.Open(bopt) }, dir, log)
	if err != nil {
		return nil, err
	}
	db.bdb = bdb
	if err := db.migrate(); err != nil {
		bdb.Close()
		return nil, err
	}
	return db, nil
}

// openBadger opens Badger once more after the error of an unclean shutdown,
// and turns its lock failure into ELOCKED. Badger's errors are flattened
// strings: only their text can be matched.
func openBadger(open func() (*badger.DB, error), dir string, log *slog.Logger) (*badger.DB, error) {
	bdb, err := open()
	if err != nil && strings.Contains(err.Error(), "Create a new file") {
		// After a kill -9 the first open can trip over a half-created
		// file (badger issue #2207); the second one succeeds.
		log.Warn("store: retrying open after an unclean shutdown", "dir", dir, "err", err)
		bdb, err = open()
	}
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			// Never remove the lock: the other process is real.
			return nil, paper.Wrap(paper.ELOCKED, err, "Paperboy is already running with this data directory (%s)", dir)
		}
		return nil, paper.Wrap(paper.EINTERNAL, err, "cannot open the data directory %s", dir)
	}
	return bdb, nil
}

// badgerOptions sizes Badger for a desktop app holding ~100k papers
// (a few hundred MB of JSON) instead of a server: the defaults take ~500 MB of RSS.
func badgerOptions(dir string, inMemory bool, log *slog.Logger) badger.Options {
	threshold := int64(1 << 10)
	if inMemory {
		// Without a value log every value must fit the LSM.
		dir, threshold = "", 1<<20
	}
	return badger.DefaultOptions(dir).
		WithInMemory(inMemory).
		// Memtables hold keys, value pointers and small records (papers
		// are in the value log), a few KB per synced day, so 8 MB lasts
		// hundreds of days. Each one is a zeroed arena plus a WAL file set up
		// at every Open: 8 MB opens ~30% faster than 16 MB (measured), and
		// two of them (one filling, one flushing) replace the default five
		// of 64 MB (320 MB).
		WithMemTableSize(8 << 20).
		WithNumMemtables(2).
		// Few L0 tables: L0 is read on every miss, and a desktop write load
		// never needs the burst absorption of 5 (stall at 15).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(4).
		// The block cache only speeds up LSM reads, which hold keys, small
		// records and value pointers; 16 MB holds all of that for 100k papers.
		// The default is 256 MB.
		WithBlockCacheSize(16 << 20).
		// Bounds the memory for table indexes and bloom filters (default:
		// unbounded, kept in memory for every table).
		WithIndexCacheSize(8 << 20).
		// Papers (abstract + raw API record, ~2 KB compressed on real
		// samples) go to the value log, so the LSM stays small (4.6 MB at
		// 100k papers) and key-only scans (day lists, counts, Days()) stay
		// fast; small records (day meta, state, history) stay inline.
		WithValueThreshold(threshold).
		// 64 MB value-log files instead of 1 GB: a file is mmapped at twice
		// its size, GC rewrites whole files, and a fresh install should not
		// reserve a gigabyte.
		WithValueLogFileSize(64 << 20).
		// Two compactors (the minimum Badger allows with L0 priority) on
		// machines where the UI needs the other cores.
		WithNumCompactors(2).
		WithNumGoroutines(2).
		// Writes are serialised by DB.wmu; conflict tracking would only cost memory.
		WithDetectConflicts(false).
		// Metrics live in process-global expvars; Stats measures files itself.
		WithMetricsEnabled(false).
		// Badger chats at INFO on every open and compaction.
		WithLogger(badgerLogger{log}).
		WithLoggingLevel(badger.WARNING)
}

// Close flushes and closes the store.
func (db *DB) Close() error {
	if err := db.bdb.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Dir returns the data directory ("" when in memory).
func (db *DB) Dir() string { return db.dir }

// checkFree refuses writes when the disk is nearly full.
func (db *DB) checkFree() error {
	if !db.guard {
		return nil
	}
	free, err := db.free(db.dir)
	if err != nil {
		// A failing probe must not lock the user out of their data.
		db.log.Warn("store: cannot read free disk space", "dir", db.dir, "err", err)
		return nil
	}
	if free < db.minFree {
		return paper.Errorf(paper.EDISKFULL,
			"only %s free on %s; Paperboy needs at least %s to write safely — free some space and retry",
			formatBytes(free), db.dir, formatBytes(db.minFree))
	}
	return nil
}

func statfsFree(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", dir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// defaultMinFreeFor is max(200 MB, 1% of the disk holding dir).
func defaultMinFreeFor(dir string) uint64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return defaultMinFree
	}
	return max(defaultMinFree, st.Blocks*uint64(st.Bsize)/100)
}

func formatBytes(n uint64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	if v < 10 {
		return fmt.Sprintf("%.1f %cB", math.Floor(v*10)/10, "kMGTPE"[exp])
	}
	return fmt.Sprintf("%.0f %cB", math.Floor(v), "kMGTPE"[exp])
}

// dirBytes sums the sizes of Badger's table and value-log files.
func dirBytes(dir string) (lsm, vlog int64) {
	if dir == "" {
		return 0, 0
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, 0
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		switch filepath.Ext(e.Name()) {
		case ".sst":
			lsm += info.Size()
		case ".vlog":
			vlog += info.Size()
		}
	}
	return lsm, vlog
}

// badgerLogger routes Badger's log lines to slog.
type badgerLogger struct{ log *slog.Logger }

func (l badgerLogger) Errorf(f string, a ...any)   { l.log.Error(l.msg(f, a)) }
func (l badgerLogger) Warningf(f string, a ...any) { l.log.Warn(l.msg(f, a)) }
func (l badgerLogger) Infof(f string, a ...any)    { l.log.Debug(l.msg(f, a)) }
func (l badgerLogger) Debugf(f string, a ...any)   { l.log.Debug(l.msg(f, a)) }

func (badgerLogger) msg(f string, a []any) string {
	return "badger: " + strings.TrimSpace(fmt.Sprintf(f, a...))
}

// notFound reports whether err is Badger's key-not-found. Badger returns the
// sentinel itself from Txn.Get, so errors.Is works here.
func notFound(err error) bool { return errors.Is(err, badger.ErrKeyNotFound) }
