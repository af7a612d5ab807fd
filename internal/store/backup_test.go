package store

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"
)

// Clicks are backed up once, backupDelay after the first change; a quiet
// store writes no backups; Close writes the last changes; the newest
// backupsKept are kept.
func TestBackupsAfterChanges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		db, err := Open(dir, Options{MinFreeBytes: 1 << 20, Logger: testLogger(t)})
		if err != nil {
			t.Fatal(err)
		}
		backups := func() []string { return userBackups(filepath.Join(dir, "backups")) }

		for i := range 3 {
			if _, err := db.SetRead(fmt.Sprintf("2401.0000%d", i), true, t0); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Second)
		}
		time.Sleep(backupDelay - 4*time.Second)
		synctest.Wait()
		if b := backups(); len(b) != 0 {
			t.Fatalf("backups %v before backupDelay after the first click; want none yet", b)
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		b := backups()
		if len(b) != 1 {
			t.Fatalf("backups %v a little after backupDelay, want one for the three clicks", b)
		}
		bk, err := readUserBackup(b[0])
		if err != nil {
			t.Fatal(err)
		}
		var rec struct {
			Data struct{ Read bool } `json:"data"`
		}
		if len(bk.Records) != 3 || json.Unmarshal(bk.Records["user/state/2401.00002"], &rec) != nil || !rec.Data.Read {
			t.Errorf("backup records = %s, want the three read states", bk.Records)
		}

		time.Sleep(10 * backupDelay)
		synctest.Wait()
		if got := backups(); len(got) != 1 {
			t.Errorf("backups %v after a quiet while, want still one", got)
		}

		// More sessions of clicks: the newest backupsKept stay.
		for i := range backupsKept + 2 {
			if err := db.PutSetting("n", i); err != nil {
				t.Fatal(err)
			}
			time.Sleep(backupDelay + time.Second)
			synctest.Wait()
		}
		b = backups()
		if len(b) != backupsKept {
			t.Fatalf("%d backups, want the newest %d", len(b), backupsKept)
		}
		var n int
		if bk, err := readUserBackup(b[0]); err != nil || json.Unmarshal(bk.Records["user/setting/n"], &struct {
			Data *int `json:"data"`
		}{&n}) != nil || n != backupsKept+1 {
			t.Errorf("newest backup has n = %d, %v; want %d", n, err, backupsKept+1)
		}

		// A change just before Close is in the backup Close writes.
		if err := db.PutSetting("theme", "dark"); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		bk, err = readUserBackup(backups()[0])
		if err != nil || bk.Records["user/setting/theme"] == nil {
			t.Errorf("backup written at Close: %v, records %s; want the last setting", err, bk.Records)
		}
		time.Sleep(2 * backupDelay) // the stopped timer must not fire into the closed store
		synctest.Wait()
	})
}

// A backup is whole or absent: no temporary file survives a write.
func TestBackupLeavesNoTemporaryFiles(t *testing.T) {
	dir, _ := syncedDir(t)
	entries, err := os.ReadDir(filepath.Join(dir, "backups"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".json" {
			t.Errorf("%s left in backups/", e.Name())
		}
	}
}
