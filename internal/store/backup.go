package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/atomicfile"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// The user's data is backed up to <dataDir>/backups/user-<time>.json:
//
//	{"format": "paperboy-user-data", "version": 1, "written": "<RFC 3339>",
//	 "records": {"user/state/2410.17243": {"v": 2, "data": {...}}, ...}}
//
// records holds every key under user/ of the user's database with its
// stored JSON record verbatim (keys.go), so restoring writes them back as
// they were, and a new kind of user data is backed up without a change
// here. A backup is written backupDelay after the first change not backed up
// yet (a burst of clicks makes one backup, not one each), at Close when
// something changed since, and after a migration. The newest backupsKept are
// kept. Each is written to a temporary file, synced and renamed, so a backup
// is whole or absent; Open restores the newest one that reads.
const (
	backupFormat  = "paperboy-user-data"
	backupVersion = 1
	backupDelay   = time.Minute
	backupsKept   = 10
	backupPrefix  = "user-"
)

type userBackup struct {
	Format  string                     `json:"format"`
	Version int                        `json:"version"`
	Written time.Time                  `json:"written"`
	Records map[string]json.RawMessage `json:"records"`
}

// backups schedules the backups of the user's data.
type backups struct {
	mu      sync.Mutex // guards the fields below
	dirty   bool       // changed since the last backup
	timer   *time.Timer
	closing bool
	write   sync.Mutex // held while a backup is written
}

// userChanged is called after every write of the user's data.
func (db *DB) userChanged() {
	if db.dir == "" || db.writable() != nil {
		return
	}
	b := &db.backups
	b.mu.Lock()
	defer b.mu.Unlock()
	b.dirty = true
	if b.timer == nil && !b.closing {
		b.timer = time.AfterFunc(backupDelay, db.scheduledBackup)
	}
}

func (db *DB) scheduledBackup() {
	b := &db.backups
	b.mu.Lock()
	b.timer = nil
	closing := b.closing
	b.mu.Unlock()
	if closing {
		return // Close writes the last one
	}
	if err := db.backupIfChanged(); err != nil {
		db.log.Warn("store: cannot back up the user's data", "err", err)
	}
}

// backupIfChanged writes a backup when the user's data changed since the last.
func (db *DB) backupIfChanged() error {
	b := &db.backups
	b.write.Lock()
	defer b.write.Unlock()
	b.mu.Lock()
	dirty := b.dirty
	b.dirty = false // changes from now on make the next backup
	b.mu.Unlock()
	if !dirty {
		return nil
	}
	if _, err := db.writeUserBackup(); err != nil {
		b.mu.Lock()
		b.dirty = true
		b.mu.Unlock()
		return err
	}
	return nil
}

// finalBackup stops the timer and writes the backup it was waiting for.
func (db *DB) finalBackup() {
	b := &db.backups
	b.mu.Lock()
	b.closing = true
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	b.mu.Unlock()
	if db.ubdb == nil || db.writable() != nil {
		return
	}
	if err := db.backupIfChanged(); err != nil {
		db.log.Warn("store: cannot back up the user's data at close", "err", err)
	}
}

func (db *DB) backupDir() string { return filepath.Join(db.dir, "backups") }

// writeUserBackup writes a backup of the user's data now and drops the
// oldest beyond backupsKept. It returns the backup's path.
func (db *DB) writeUserBackup() (string, error) {
	bk := userBackup{Format: backupFormat, Version: backupVersion, Written: time.Now().UTC(), Records: map[string]json.RawMessage{}}
	err := db.ubdb.View(func(txn *badger.Txn) error {
		return scanValues(txn, []byte(prefixUser), func(k, v []byte) error {
			if !json.Valid(v) {
				db.log.Warn("store: leaving an unreadable user record out of the backup", "key", string(k))
				return nil
			}
			bk.Records[string(k)] = bytes.Clone(v)
			return nil
		})
	})
	if err != nil {
		return "", fmt.Errorf("store: backup: read: %w", err)
	}
	b, err := json.Marshal(bk)
	if err != nil {
		return "", fmt.Errorf("store: backup: %w", err)
	}
	dir := db.backupDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("store: backup: %w", err)
	}
	name := backupPrefix + bk.Written.Format("20060102T150405.000Z") + ".json"
	path := filepath.Join(dir, name)
	if err := atomicfile.WriteBytes(path, 0o600, b); err != nil {
		return "", fmt.Errorf("store: backup: %w", err)
	}
	all := userBackups(dir)
	for _, old := range all[min(len(all), backupsKept):] {
		if err := os.Remove(old); err != nil {
			db.log.Warn("store: cannot remove an old backup", "path", old, "err", err)
		}
	}
	return path, nil
}

// userBackups lists the backups in dir, newest first.
func userBackups(dir string) []string {
	paths, _ := filepath.Glob(filepath.Join(dir, backupPrefix+"*.json"))
	slices.Sort(paths) // the times in the names sort as text
	slices.Reverse(paths)
	return paths
}

// readUserBackup reads and checks one backup.
func readUserBackup(path string) (userBackup, error) {
	var bk userBackup
	b, err := os.ReadFile(path)
	if err != nil {
		return bk, err
	}
	if err := json.Unmarshal(b, &bk); err != nil {
		return bk, err
	}
	if bk.Format != backupFormat || bk.Version != backupVersion {
		return bk, fmt.Errorf("not a version %d %s backup", backupVersion, backupFormat)
	}
	for k := range bk.Records {
		if !strings.HasPrefix(k, prefixUser) {
			return bk, fmt.Errorf("unexpected key %q", k)
		}
	}
	return bk, nil
}

// restoreNewestBackup writes the newest readable backup into the user's
// database and returns when it was written; found is false when there is
// none.
func (db *DB) restoreNewestBackup() (written time.Time, found bool, err error) {
	var errs []error
	for _, path := range userBackups(db.backupDir()) {
		bk, err := readUserBackup(path)
		if err != nil {
			db.log.Warn("store: skipping an unreadable backup", "path", path, "err", err)
			errs = append(errs, err)
			continue
		}
		wb := db.ubdb.NewWriteBatch()
		for k, v := range bk.Records {
			if err = wb.Set([]byte(k), v); err != nil {
				break
			}
		}
		if err == nil {
			err = wb.Flush()
		}
		wb.Cancel()
		if err != nil {
			return time.Time{}, false, fmt.Errorf("store: restore %s: %w", path, err)
		}
		db.log.Warn("store: restored the user's data from a backup", "path", path, "records", len(bk.Records))
		return bk.Written, true, nil
	}
	return time.Time{}, false, errors.Join(errs...)
}

// restoreDamagedUser fills the user's database, just replaced by an empty
// one because damage was found, from the newest backup, and says so.
func (db *DB) restoreDamagedUser(notes *noticeList) {
	if db.readOnly == nil {
		if err := db.setUserSchema(); err != nil {
			db.log.Error("store: cannot write the user database's version", "err", err)
		}
	}
	written, found, err := db.restoreNewestBackup()
	moved := "It was moved to " + filepath.Join(db.dir, "damaged") + "."
	if db.readOnly != nil {
		moved = "The data directory cannot be written, so this holds until it can."
	}
	switch {
	case err != nil:
		notes.add(paper.EDAMAGED, "Your reading state, topics and settings were damaged and could not be restored from a backup (%v). %s", err, moved)
	case !found:
		notes.add(paper.EDAMAGED, "Your reading state, topics and settings were damaged and there is no backup to restore them from. %s", moved)
	default:
		notes.add(paper.EDAMAGED, "Your reading state, topics and settings were damaged and have been restored from the backup of %s; "+
			"changes made after it are lost. %s", written.Local().Format("2006-01-02 15:04"), moved)
	}
}

// restoreLostUser refills a user database that vanished (a cache of schema
// v4 exists, so it did too) from the newest backup, if there is one.
func (db *DB) restoreLostUser() {
	written, found, err := db.restoreNewestBackup()
	switch {
	case err != nil:
		db.notice(paper.EDAMAGED, "Your reading state, topics and settings were missing from %s and could not be restored from a backup (%v)", db.userDir(), err)
	case found:
		db.notice(paper.EDAMAGED, "Your reading state, topics and settings were missing from %s and have been restored from the backup of %s; "+
			"changes made after it are lost", db.userDir(), written.Local().Format("2006-01-02 15:04"))
	}
}
