package store

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// userSchemaVersion is the layout version of the user's database.
const userSchemaVersion = 1

// damagedKept is how many moved-aside databases of each kind Open keeps.
const damagedKept = 2

// errUnclean is openBadger's answer to a read-only open of a database whose
// memtable logs were left unflushed (Badger's ErrTruncateNeeded).
var errUnclean = errors.New("store: unflushed memtable logs in a read-only open")

// errPanicked marks a panic recovered from badger.Open.
var errPanicked = errors.New("store: badger panicked")

// damageError says what is wrong with a database.
type damageError struct {
	dir    string
	reason string
	err    error
}

func (e *damageError) Error() string {
	if e.err != nil {
		return fmt.Sprintf("%s: %s: %v", e.dir, e.reason, e.err)
	}
	return e.dir + ": " + e.reason
}

func (e *damageError) Unwrap() error { return e.err }

// openUser opens the user's database, restoring it from the newest backup
// when it is damaged. isNew reports that it did not exist before.
func (db *DB) openUser(notes *noticeList) (isNew bool, err error) {
	dir := db.userDir()
	isNew = !hasBadgerFiles(dir)
	if isNew && db.readOnly != nil {
		// Nothing to open and nowhere to create it: an in-memory stand-in,
		// filled by the v3 migration or from a backup.
		db.ubdb, err = openBadger(inMemoryOpen(userOptions("", db.log)), dir, db.log)
		return true, err
	}
	bdb, damage, err := db.openDir("user", userOptions(dir, db.log))
	if errors.Is(err, errUnclean) {
		bdb, err = db.openUserCopy(dir)
	}
	if err != nil {
		return false, err
	}
	if damage != nil {
		if bdb == nil { // read-only: restore into memory
			if bdb, err = openBadger(inMemoryOpen(userOptions("", db.log)), dir, db.log); err != nil {
				return false, err
			}
		}
		db.ubdb = bdb
		db.restoreDamagedUser(notes)
		return false, nil
	}
	db.ubdb = bdb
	if isNew {
		if err := db.setUserSchema(); err != nil {
			return false, err
		}
	}
	return isNew, nil
}

// openCache opens the cache, replacing it by an empty one when it is
// damaged. userIsNew says the user's database did not exist before this
// Open: a cache of schema v3 or older held the user's data itself.
func (db *DB) openCache(notes *noticeList, userIsNew bool) error {
	dir := db.cacheDir()
	if db.readOnly != nil && !hasBadgerFiles(dir) {
		db.cacheMem = true
		bdb, err := openBadger(inMemoryOpen(cacheOptions("", db.log)), dir, db.log)
		db.bdb = bdb
		return err
	}
	bdb, damage, err := db.openDir("db", cacheOptions(dir, db.log))
	if errors.Is(err, errUnclean) {
		bdb, err = db.openCacheWithoutLogs(notes, dir)
	}
	if err != nil {
		return err
	}
	if damage != nil && bdb == nil {
		db.cacheMem = true
		if bdb, err = openBadger(inMemoryOpen(cacheOptions("", db.log)), dir, db.log); err != nil {
			return err
		}
		notes.add(paper.EDAMAGED, "The paper cache is damaged and the data directory cannot be written, so it cannot be repaired now; "+
			"your saved papers, reading state and topics are kept. Make the data directory writable and open Paperboy again, then sync")
	} else if damage != nil && userIsNew {
		notes.add(paper.EDAMAGED, "The paper cache was damaged and has been reset. It also held your reading state, topics and settings "+
			"(Paperboy kept them there before it gave them a database of their own), which could not be read; the damaged copy is in %s. "+
			"Run `paperboy sync` (or Sync in the app) to fetch the papers again", filepath.Join(db.dir, "damaged"))
		db.cacheReset = true
	} else if damage != nil {
		notes.add(paper.EDAMAGED, "The paper cache was damaged and has been reset; your saved papers, reading state and topics are kept. "+
			"Run `paperboy sync` (or Sync in the app) to fetch the papers again")
		db.cacheReset = true
	}
	db.bdb = bdb
	return nil
}

// openDir opens the Badger database of opts.Dir after checking it. damage is
// non-nil when it was damaged: then, with write access, the database was
// moved to damaged/ and bdb is an empty one in its place; without, bdb is nil.
func (db *DB) openDir(kind string, opts badger.Options) (bdb *badger.DB, damage error, err error) {
	dir := opts.Dir
	if db.readOnly != nil {
		opts = opts.WithReadOnly(true)
	}
	unlock, err := db.lockDir(dir)
	if err != nil {
		return nil, nil, err
	}
	verified, damage := checkDir(dir)
	if damage == nil {
		unlock()
		bdb, err = openBadger(func() (*badger.DB, error) { return badger.Open(opts) }, dir, db.log)
		if err == nil && db.readOnly == nil {
			if err := writeVerified(dir, verified); err != nil {
				db.log.Warn("store: cannot record the verified tables", "dir", dir, "err", err)
			}
		}
		var de *damageError
		if !errors.As(err, &de) {
			return bdb, nil, err
		}
		damage = err
		if unlock, err = db.lockDir(dir); err != nil {
			return nil, nil, err
		}
	}
	defer unlock()
	db.log.Warn("store: damaged database", "dir", dir, "err", damage)
	if db.readOnly != nil {
		return nil, damage, nil
	}
	moved, err := db.moveAside(kind, dir)
	if err != nil {
		return nil, damage, paper.Wrap(paper.EDAMAGED, err,
			"the %s database in %s is damaged and cannot be moved aside (%s); move it away by hand and open Paperboy again", kind, dir, cause(err))
	}
	db.log.Warn("store: moved a damaged database aside", "from", dir, "to", moved)
	unlock() // the moved database's; the new one is Badger's to lock
	bdb, err = openBadger(func() (*badger.DB, error) { return badger.Open(opts) }, dir, db.log)
	return bdb, damage, err
}

// errLocked is lockDir's answer when another process holds the directory.
var errLocked = errors.New("store: the directory is locked by another process")

// lockDir is lockDir with errLocked as ELOCKED.
func (db *DB) lockDir(dir string) (unlock func(), err error) {
	unlock, err = lockDir(dir, db.readOnly != nil)
	if errors.Is(err, errLocked) {
		return nil, paper.Wrap(paper.ELOCKED, err, "Paperboy is already running with this data directory (%s)", db.dir)
	}
	return unlock, err
}

// moveAside renames dir to damaged/<kind>-<time> and forgets older copies
// beyond the newest damagedKept.
func (db *DB) moveAside(kind, dir string) (string, error) {
	parent := filepath.Join(db.dir, "damaged")
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return "", err
	}
	to := filepath.Join(parent, kind+"-"+time.Now().UTC().Format("20060102T150405.000Z"))
	if err := os.Rename(dir, to); err != nil {
		return "", err
	}
	old, _ := filepath.Glob(filepath.Join(parent, kind+"-*"))
	slices.Sort(old)
	for _, o := range old[:max(0, len(old)-damagedKept)] {
		if err := os.RemoveAll(o); err != nil {
			db.log.Warn("store: cannot remove an old damaged copy", "dir", o, "err", err)
		}
	}
	return to, nil
}

// openBadger opens Badger, once more after the error of an unclean
// shutdown, and sorts its failures: ELOCKED when another process holds
// the directory, errUnclean, a *damageError for damage (a panic included),
// or a *paper.Error naming the cause. Badger's errors are flattened
// strings: only their text can be matched.
func openBadger(open func() (*badger.DB, error), dir string, log *slog.Logger) (*badger.DB, error) {
	safeOpen := func() (bdb *badger.DB, err error) {
		defer func() {
			if r := recover(); r != nil {
				log.Warn("store: badger panicked while opening", "dir", dir, "panic", r)
				bdb, err = nil, fmt.Errorf("%w: %v", errPanicked, r)
			}
		}()
		return open()
	}
	bdb, err := safeOpen()
	if err != nil && strings.Contains(err.Error(), "Create a new file") {
		// After a kill -9 the first open can trip over a half-created
		// file (badger issue #2207); the second one succeeds.
		log.Warn("store: retrying open after an unclean shutdown", "dir", dir, "err", err)
		bdb, err = safeOpen()
	}
	switch {
	case err == nil:
		return bdb, nil
	case strings.Contains(err.Error(), "Another process is using this Badger database"): // both Unix's and Windows' words
		// Never remove the lock: the other process is real.
		return nil, paper.Wrap(paper.ELOCKED, err, "Paperboy is already running with this data directory (%s)", filepath.Dir(dir))
	case errors.Is(err, badger.ErrTruncateNeeded) || strings.Contains(err.Error(), badger.ErrTruncateNeeded.Error()):
		return nil, fmt.Errorf("%w: %w", errUnclean, err)
	case looksDamaged(err):
		return nil, &damageError{dir: dir, reason: "Badger cannot read it", err: err}
	}
	return nil, paper.Wrap(codeOf(err), err, "cannot open the data directory %s (%s)", filepath.Dir(dir), cause(err))
}

// looksDamaged reports whether an error of badger.Open means damaged files
// rather than a cause outside them (permissions, a full disk, a newer format).
func looksDamaged(err error) bool {
	if errors.Is(err, errPanicked) {
		return true
	}
	if _, ok := errors.AsType[syscall.Errno](err); ok {
		return false
	}
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"checksum", "bad magic", "corrupt", "file does not exist for table", "invalid read",
		"unexpected eof", "invalid datakey", "failed to read index", "mremap size mismatch"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// hasBadgerFiles reports whether dir holds any file of a Badger database.
func hasBadgerFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist) // unreadable: let Badger say why
	}
	for _, e := range entries {
		n := e.Name()
		if n == "MANIFEST" || strings.HasSuffix(n, ".sst") || strings.HasSuffix(n, ".vlog") || strings.HasSuffix(n, ".mem") {
			return true
		}
	}
	return false
}

// checkWritable returns why db.dir cannot be written, as a coded error
// meant for the user, or nil: it creates and removes a file in the data
// directory and in each database directory that exists, and compares the
// free space with the floor.
func (db *DB) checkWritable() error {
	for _, d := range []string{db.dir, db.cacheDir(), db.userDir()} {
		f, err := os.CreateTemp(d, ".paperboy-probe-*")
		if errors.Is(err, fs.ErrNotExist) && d != db.dir {
			continue
		}
		if err != nil {
			return paper.Wrap(paper.EREADONLY, err,
				"Paperboy cannot write to its data directory %s (%s), so it opened it read-only: you can read and search what is cached, "+
					"but not sync or change anything. Make the directory writable and open Paperboy again", db.dir, cause(err))
		}
		f.Close()
		os.Remove(f.Name())
	}
	free, err := db.free(db.dir)
	if err != nil {
		db.log.Warn("store: cannot read free disk space", "dir", db.dir, "err", err)
		return nil
	}
	if free < db.minFree {
		return paper.Errorf(paper.EDISKFULL,
			"only %s free on %s; Paperboy needs at least %s to write safely, so it opened the data directory read-only: "+
				"you can read and search what is cached. Free some space and open Paperboy again",
			formatBytes(free), db.dir, formatBytes(db.minFree))
	}
	return nil
}

// cause names, in plain words, why an operation on a file failed. Badger
// flattens the errors it wraps into text, so the text is searched too.
func cause(err error) string {
	for _, c := range []struct {
		err   error
		words string
	}{
		{syscall.EROFS, "read-only file system"},
		{fs.ErrPermission, "permission denied"},
		{syscall.EACCES, "permission denied"},
		{syscall.ENOSPC, "no space left on the disk"},
		{fs.ErrNotExist, "a file or folder is missing"},
	} {
		if errors.Is(err, c.err) || strings.Contains(err.Error(), c.err.Error()) {
			return c.words
		}
	}
	if errno, ok := errors.AsType[syscall.Errno](err); ok {
		return errno.Error()
	}
	return err.Error()
}

// codeOf is the error code for a failure to open or create files.
func codeOf(err error) string {
	switch cause(err) {
	case "read-only file system", "permission denied":
		return paper.EREADONLY
	case "no space left on the disk":
		return paper.EDISKFULL
	}
	return paper.EINTERNAL
}
