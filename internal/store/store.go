// Package store is Paperboy's Badger adapter: the paper cache, day lists,
// popularity history and the user's own data (reading state, settings,
// topics, looks). Callers never see Badger: its errors, and its panics, are
// translated into *paper.Error here.
//
// # Layout
//
// Open takes the data directory and keeps two Badger databases in it (the
// keys of each are in keys.go):
//
//	<dataDir>/db/       the cache: papers, day lists, popularity history.
//	                    Everything in it can be fetched from Hugging Face
//	                    again, so damage to it costs a sync, nothing more.
//	<dataDir>/user/     the user's own data: reading state, settings,
//	                    topics, topic matches, day looks. Never rebuilt.
//	<dataDir>/backups/  user-<time>.json, copies of the user's data (the
//	                    newest 10, see backup.go), and paperboy-backup-v<N>-
//	                    <time>.bak, full Badger backups written before a
//	                    migration (restorable with badger's Load).
//	<dataDir>/damaged/  damaged databases Open moved aside (db-<time>,
//	                    user-<time>; the newest 2 of each).
//
// The user's data has a database of its own, not a file, because its writes
// are clicks: a few bytes each that want the atomic, crash-safe updates the
// cache has (the kill -9 tests cover both), where rewriting a file holding
// tens of thousands of topic matches on every click would not do. Being
// separate, it shares no file with the cache: no torn table, flipped
// value-log byte or lost MANIFEST of the cache can reach it, and the cache
// can be moved aside and rebuilt without touching it. Its options are small
// (1 MB memtables, every value inline in the LSM); opened beside the cache,
// it adds a few ms to Open. The JSON backups cover damage to the user
// database itself.
//
// # Damage
//
// Open checks both databases before Badger reads them (verify.go), holding
// Badger's directory lock: the MANIFEST must be there when table files are,
// and every table it lists must be whole and pass its checksums (each table
// is read whole once, when it is new or changed). Badger itself would
// silently drop a table failing its checksum, panic in a goroutine of its
// own on a truncated one, and start empty without a MANIFEST. The user's
// database also remembers how many days the cache held, so that a cache
// deleted or emptied behind Paperboy's back is noticed. On damage Open moves
// the database to damaged/ and says so in one line (Notices):
//
//   - a damaged cache is replaced by an empty one; the next sync fetches
//     the papers again. The user's data is untouched.
//   - a damaged user database is rebuilt from the newest readable backup.
//
// Later, a paper record that cannot be read (value-log damage, caught by
// Badger's value checksums) is left out of what reads return, reported, and
// its days are marked incomplete so that the next sync fetches them again.
// A panic inside Badger (or a memory fault on its mapped files) becomes an
// EDAMAGED error, and the next Open reads every table again.
//
// # Read-only
//
// When the data directory cannot be written (a read-only file system, no
// permission) or has less than MinFreeBytes free, Open opens both databases
// read-only: reads work, writes fail with EREADONLY or EDISKFULL naming the
// cause. See readonly.go for what happens after an unclean shutdown.
//
// # Migrations
//
// The cache carries a schema version in meta/schema. Open migrates older
// layouts (migrate.go); before it does, it writes a full Badger backup of
// the cache to backups/.
package store

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// DefaultMinFreeBytes is the default Options.MinFreeBytes: 200 MB. Badger
// memory-maps its files and dies with SIGBUS when the disk fills up under
// it, so it is far better to refuse early with a clear message. 200 MB
// covers the worst case of one write: a fresh 64 MB value-log file mapped at
// twice its size plus the memtable write-ahead logs. It is a fixed size, not
// a share of the disk: what a write needs does not grow with the disk.
const DefaultMinFreeBytes = 200 << 20

// Options configures Open.
type Options struct {
	Logger *slog.Logger
	// MinFreeBytes is the free space below which the cache refuses writes
	// (PutDay, PutPapers, imports), and below which Open opens the data
	// directory read-only. Default: DefaultMinFreeBytes. Reads never
	// depend on it.
	MinFreeBytes uint64
	// InMemory keeps everything in memory (tests); the directory is ignored
	// and nothing is backed up.
	InMemory bool
	// FreeSpace reports the free bytes on the file system holding dir. Nil
	// means the operating system's answer; tests inject a fake.
	FreeSpace func(dir string) (uint64, error)
}

// DB is an open Paperboy store. It is safe for concurrent use.
type DB struct {
	bdb     *badger.DB // the cache
	ubdb    *badger.DB // the user's data
	dir     string     // the data directory; "" in memory
	log     *slog.Logger
	minFree uint64
	free    func(dir string) (uint64, error)
	guard   bool // check free space before cache writes
	// readOnly says why nothing can be written (EREADONLY or EDISKFULL);
	// nil when the store is writable. Set by Open only.
	readOnly   error
	cacheMem   bool        // the cache is an in-memory stand-in (read-only and damaged or absent)
	cacheReset bool        // Open replaced a damaged cache by an empty one
	marked     atomic.Bool // the cache marker says the cache holds days (user.go)
	temps      []string    // scratch directories to remove at Close
	tempMu     sync.Mutex
	pc         *paperCache
	dc         dayListCache
	health     health
	backups    backups

	// wmu serialises read-modify-write operations on the cache (PutDay's
	// membership count and history...), umu those on the user's data
	// (SetRead, AddTopicMatches...), which lets Badger run without
	// conflict detection.
	wmu sync.Mutex
	umu sync.Mutex
}

// Open opens (creating if needed) the store in the data directory dir,
// checks it, repairs what can be repaired (see the package doc) and
// migrates its layout to the current schema. What it found and did is in
// Notices.
func Open(dir string, opt Options) (*DB, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db := &DB{log: log, free: opt.FreeSpace, minFree: opt.MinFreeBytes, pc: newPaperCache()}
	if db.minFree == 0 {
		db.minFree = DefaultMinFreeBytes
	}
	if opt.InMemory {
		db.guard = db.free != nil
		if err := db.openInMemory(); err != nil {
			return nil, err
		}
		return db, nil
	}
	db.dir, db.guard = dir, true
	if db.free == nil {
		db.free = freeSpace
	}
	if err := db.open(); err != nil {
		db.closeAll()
		return nil, err
	}
	return db, nil
}

// open opens both databases of db.dir; on error the caller closes what it opened.
func (db *DB) open() (err error) {
	defer db.recovered(&err, panicOnFault())
	if err := os.MkdirAll(db.dir, 0o700); err != nil {
		if _, serr := os.Stat(db.dir); serr != nil {
			return paper.Wrap(codeOf(err), err, "cannot create the data directory %s (%s)", db.dir, cause(err))
		}
	}
	db.readOnly = db.checkWritable()
	if db.readOnly != nil {
		db.log.Warn("store: opening the data directory read-only", "dir", db.dir, "why", db.readOnly)
		db.notice(paper.ErrorCode(db.readOnly), "%s", paper.ErrorMessage(db.readOnly))
	}
	// The two databases open side by side (each takes ~5-10 ms).
	userExisted := hasBadgerFiles(db.userDir())
	var (
		userNotes, cacheNotes noticeList
		userIsNew             bool
		userErr, cacheErr     error
		wg                    sync.WaitGroup
	)
	wg.Go(func() {
		defer db.recovered(&userErr, panicOnFault())
		userIsNew, userErr = db.openUser(&userNotes)
	})
	wg.Go(func() {
		defer db.recovered(&cacheErr, panicOnFault())
		cacheErr = db.openCache(&cacheNotes, !userExisted)
	})
	wg.Wait()
	db.addNotices(userNotes)
	db.addNotices(cacheNotes)
	if err := cmp.Or(userErr, cacheErr); err != nil {
		return err
	}
	found, err := db.migrate()
	if err != nil {
		return err
	}
	if userIsNew && (found == 0 || found >= 4) {
		// No user database, and no cache of schema v3 or older holding the
		// user's data: if there are backups, it was lost (or this is a new
		// data directory given the backups of an old one).
		db.restoreLostUser()
	}
	db.checkCacheMarker()
	return nil
}

func (db *DB) openInMemory() error {
	var err error
	if db.ubdb, err = openBadger(inMemoryOpen(userOptions("", db.log)), "", db.log); err != nil {
		return err
	}
	if db.bdb, err = openBadger(inMemoryOpen(cacheOptions("", db.log)), "", db.log); err != nil {
		db.ubdb.Close()
		return err
	}
	if err := db.setUserSchema(); err != nil {
		db.closeAll()
		return err
	}
	if _, err := db.migrate(); err != nil {
		db.closeAll()
		return err
	}
	return nil
}

// cacheOptions sizes Badger for a desktop app holding ~100k papers
// (a few hundred MB of JSON) instead of a server: the defaults take ~500 MB of RSS.
func cacheOptions(dir string, log *slog.Logger) badger.Options {
	return withCommon(badger.DefaultOptions(dir).
		// Memtables hold keys, value pointers and small records (papers
		// are in the value log), a few KB per synced day, so 8 MB lasts
		// hundreds of days. Each one is a zeroed arena plus a WAL file set up
		// at every Open: 8 MB opens ~30% faster than 16 MB (measured), and
		// two of them (one filling, one flushing) replace the default five
		// of 64 MB (320 MB).
		WithMemTableSize(8<<20).
		WithNumMemtables(2).
		// Few L0 tables: L0 is read on every miss, and a desktop write load
		// never needs the burst absorption of 5 (stall at 15).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(4).
		// The block cache only speeds up LSM reads, which hold keys, small
		// records and value pointers; 16 MB holds all of that for 100k papers.
		// The default is 256 MB.
		WithBlockCacheSize(16<<20).
		// Bounds the memory for table indexes and bloom filters (default:
		// unbounded, kept in memory for every table).
		WithIndexCacheSize(8<<20).
		// Papers (abstract + raw API record, ~2 KB compressed on real
		// samples) go to the value log, so the LSM stays small (4.6 MB at
		// 100k papers) and key-only scans (day lists, counts, Days()) stay
		// fast; small records (day meta, history) stay inline.
		WithValueThreshold(1<<10).
		// 64 MB value-log files instead of 1 GB: a file is mmapped at twice
		// its size, GC rewrites whole files, and a fresh install should not
		// reserve a gigabyte.
		WithValueLogFileSize(64<<20).
		// A CRC over every value read from the value log (~0.1 µs per KB,
		// make bench): without it a flipped byte in a paper's S2 block
		// decodes into a wrong paper, as S2 blocks carry no checksum.
		// Tables are verified whole by Open (verify.go), so Badger's own
		// table checks stay off.
		WithVerifyValueChecksum(true), log)
}

// userOptions sizes the user's database: a few MB even for a heavy user,
// every value inline in the LSM (its value log stays empty).
func userOptions(dir string, log *slog.Logger) badger.Options {
	return withCommon(badger.DefaultOptions(dir).
		WithMemTableSize(1<<20).
		WithNumMemtables(1).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(4).
		WithBlockCacheSize(1<<20).
		WithIndexCacheSize(1<<20).
		// Under Badger's largest batch for 1 MB memtables (~150 KB).
		WithValueThreshold(64<<10).
		WithValueLogFileSize(1<<20), log)
}

// withCommon is what both databases share.
func withCommon(o badger.Options, log *slog.Logger) badger.Options {
	return o.
		// Two compactors (the minimum Badger allows with L0 priority) on
		// machines where the UI needs the other cores.
		WithNumCompactors(2).
		WithNumGoroutines(2).
		// Writes are serialised by DB.wmu and DB.umu; conflict tracking
		// would only cost memory.
		WithDetectConflicts(false).
		// Metrics live in process-global expvars; Stats measures files itself.
		WithMetricsEnabled(false).
		// Badger chats at INFO on every open and compaction.
		WithLogger(badgerLogger{log}).
		WithLoggingLevel(badger.WARNING)
}

// inMemoryOpen returns an opener of an in-memory database with o's sizes.
// Without a value log every value must fit the LSM.
func inMemoryOpen(o badger.Options) func() (*badger.DB, error) {
	o = o.WithDir("").WithValueDir("").WithInMemory(true).WithValueThreshold(min(1<<20, o.MemTableSize*15/100))
	return func() (*badger.DB, error) { return badger.Open(o) }
}

// Close writes a last backup of the user's data if it changed, then
// flushes and closes both databases.
func (db *DB) Close() (err error) {
	defer db.recovered(&err, panicOnFault())
	db.finalBackup()
	db.writeCacheMarker()
	return db.closeAll()
}

func (db *DB) closeAll() error {
	// Each Close flushes and syncs its memtables: side by side.
	var errs [2]error
	var wg sync.WaitGroup
	for i, b := range []*badger.DB{db.bdb, db.ubdb} {
		if b != nil {
			wg.Go(func() { errs[i] = b.Close() })
		}
	}
	wg.Wait() // Badger's Close may be called again: later calls return its "closed" errors
	for _, t := range db.temps {
		os.RemoveAll(t)
	}
	db.temps = nil
	if err := errors.Join(errs[:]...); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Dir returns the data directory ("" when in memory).
func (db *DB) Dir() string { return db.dir }

func (db *DB) cacheDir() string { return filepath.Join(db.dir, "db") }
func (db *DB) userDir() string  { return filepath.Join(db.dir, "user") }

// ReadOnly returns why the store cannot write (a *paper.Error with code
// EREADONLY or EDISKFULL and a message naming the cause and the next
// step), or nil when it can. It is decided by Open and does not change.
func (db *DB) ReadOnly() error { return db.readOnly }

// writable returns the ReadOnly error: every write checks it first.
func (db *DB) writable() error { return db.readOnly }

// checkFree refuses cache writes when the disk is nearly full.
func (db *DB) checkFree() error {
	if err := db.writable(); err != nil {
		return err
	}
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

// Errorf logs at Warn: Badger's errors reach the user as the store's own
// coded errors and notices; its log lines are for the log.
func (l badgerLogger) Errorf(f string, a ...any)   { l.log.Warn(l.msg(f, a)) }
func (l badgerLogger) Warningf(f string, a ...any) { l.log.Warn(l.msg(f, a)) }
func (l badgerLogger) Infof(f string, a ...any)    { l.log.Debug(l.msg(f, a)) }
func (l badgerLogger) Debugf(f string, a ...any)   { l.log.Debug(l.msg(f, a)) }

func (badgerLogger) msg(f string, a []any) string {
	return "badger: " + strings.TrimSpace(fmt.Sprintf(f, a...))
}

// notFound reports whether err is Badger's key-not-found. Badger returns the
// sentinel itself from Txn.Get, so errors.Is works here.
func notFound(err error) bool { return errors.Is(err, badger.ErrKeyNotFound) }
