package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Badger's read-only mode and an unclean shutdown
//
// A database closed cleanly keeps everything in its tables. One left by a
// kill -9 or a crash also has memtable logs (*.mem) holding its last
// writes, which the next read-write open replays into tables. A read-only
// open cannot replay them, and Badger refuses it ("Log truncate required to
// run DB", ErrTruncateNeeded) rather than ignore them. So, when Open must
// stay read-only:
//
//   - the user's database, a few MB, is copied to a temporary directory and
//     opened read-write there: all of it is read, nothing of the data
//     directory is written;
//   - the cache, possibly hundreds of MB, is opened read-only through a
//     temporary directory of links to all its files but the memtable logs:
//     what its tables hold (everything but the last writes before the
//     shutdown, usually the last days synced) is read, and a notice says
//     what is missing and what to do.
//
// Both temporary directories are removed by Close. Where no temporary
// directory can be made (or no links, as on Windows without the right to
// create them), Open fails with an EREADONLY error saying so.

// openUserCopy opens a read-write copy of the user's database in dir.
func (db *DB) openUserCopy(dir string) (*badger.DB, error) {
	tmp, err := db.tempDir("user")
	if err == nil {
		err = copyFiles(dir, tmp)
	}
	if err != nil {
		return nil, db.uncleanError(err)
	}
	db.log.Warn("store: reading a copy of the user's database left by an unclean shutdown", "dir", dir, "copy", tmp)
	return openBadger(func() (*badger.DB, error) { return badger.Open(userOptions(tmp, db.log)) }, dir, db.log)
}

// openCacheWithoutLogs opens the cache in dir read-only, without its
// memtable logs.
func (db *DB) openCacheWithoutLogs(notes *noticeList, dir string) (*badger.DB, error) {
	tmp, err := db.tempDir("db")
	if err == nil {
		err = linkFiles(dir, tmp, func(name string) bool { return !strings.HasSuffix(name, ".mem") && name != "LOCK" })
	}
	if err != nil {
		return nil, db.uncleanError(err)
	}
	db.log.Warn("store: reading the cache without the memtable logs of an unclean shutdown", "dir", dir, "view", tmp)
	bdb, err := openBadger(func() (*badger.DB, error) { return badger.Open(cacheOptions(tmp, db.log).WithReadOnly(true)) }, dir, db.log)
	if err != nil {
		return nil, err
	}
	notes.add(paper.EREADONLY, "Paperboy was not shut down cleanly last time, and as the data directory cannot be written now, "+
		"the papers it stored last (usually the last days synced) are not shown. Open Paperboy once with the data directory writable to bring them back")
	return bdb, nil
}

func (db *DB) uncleanError(err error) error {
	return paper.Wrap(paper.EREADONLY, err,
		"Paperboy was not shut down cleanly last time, and cannot read its data directory %s without writing to it (%s). "+
			"Open Paperboy once with the data directory writable", db.dir, paper.ErrorMessage(db.readOnly))
}

func (db *DB) tempDir(kind string) (string, error) {
	tmp, err := os.MkdirTemp("", "paperboy-"+kind+"-*")
	if err != nil {
		return "", err
	}
	db.tempMu.Lock()
	defer db.tempMu.Unlock()
	db.temps = append(db.temps, tmp)
	return tmp, nil
}

// copyFiles copies the regular files of src but its lock into dst.
func copyFiles(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || e.Name() == "LOCK" {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// linkFiles makes symbolic links in dst to the regular files of src that keep accepts.
func linkFiles(src, dst string, keep func(name string) bool) error {
	abs, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !keep(e.Name()) {
			continue
		}
		if err := os.Symlink(filepath.Join(abs, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return fmt.Errorf("link %s: %w", e.Name(), err)
		}
	}
	return nil
}
