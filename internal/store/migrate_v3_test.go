package store

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

//go:generate go test -run TestWriteV3Fixture -write-v3-fixture

var writeV3Fixture = flag.Bool("write-v3-fixture", false, "regenerate testdata/v3.bak")

const v3Fixture = "testdata/v3.bak"

// v3At is when the fixture's user acted.
var v3At = time.Date(2024, 10, 26, 8, 0, 0, 0, time.UTC)

// fillV3 writes the fixture's library through the API.
func fillV3(t *testing.T, db *DB) []paper.Paper {
	ps := v2Papers(t)
	mustPutDay(t, db, "2024-10-24", ps[:10]...)
	if _, err := db.PutDay("2024-10-25", ps[5:len(ps)-1], true, v3At); err != nil {
		t.Fatal(err)
	}
	if err := db.PutPapers(ps[len(ps)-1:]); err != nil {
		t.Fatal(err)
	}
	steps := []func() error{
		func() error { _, err := db.SetRead(ps[0].ID, true, v3At); return err },
		func() error { _, err := db.SetSaved(ps[12].ID, true, v3At); return err },
		func() error { _, err := db.SetSaved(ps[len(ps)-1].ID, true, v3At.Add(time.Minute)); return err },
		func() error { return db.PutSetting("theme", "dark") },
		func() error { return db.PutSetting("syncInterval", 3600) },
		func() error {
			return db.PutTopic(Topic{ID: "kazakh-llm", Name: "Kazakh LLMs", Query: "kazakh language model", Created: v3At, LastSeen: v3At.Add(time.Hour)})
		},
		func() error {
			_, err := db.AddTopicMatches("kazakh-llm", []string{ps[0].ID, ps[1].ID}, v3At)
			return err
		},
		func() error { return db.PutDayLook("2024-10-25", Look{At: v3At.Add(2 * time.Hour), Prev: v3At}) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	return ps
}

// TestWriteV3Fixture regenerates testdata/v3.bak (go generate ./internal/store):
// a backup of a cache in the v3 layout, the user's data among its keys. The
// committed fixture was written by the v3 code itself (commit 4347ced,
// fillV3 then a backup of the store); this writes the same library through
// the v4 code and moves the user's data back into the cache.
func TestWriteV3Fixture(t *testing.T) {
	if !*writeV3Fixture {
		t.Skip("run with -write-v3-fixture to regenerate " + v3Fixture)
	}
	db := mustOpen(t)
	fillV3(t, db)
	userDataIntoCache(t, db)
	if err := db.setSchema(3); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(v3Fixture)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.bdb.Backup(f, 0); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// userDataIntoCache copies the user's data into the cache, where schemas
// before v4 kept it, for the generators of old fixtures.
func userDataIntoCache(t *testing.T, db *DB) {
	t.Helper()
	wb := db.bdb.NewWriteBatch()
	defer wb.Cancel()
	err := db.ubdb.View(func(txn *badger.Txn) error {
		return scanValues(txn, []byte(prefixUser), func(k, v []byte) error {
			return wb.Set(append([]byte{}, k...), append([]byte{}, v...))
		})
	})
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		t.Fatal(err)
	}
}

// userKeys counts the user/ keys of a Badger database.
func userKeys(t *testing.T, bdb *badger.DB) int {
	t.Helper()
	n := 0
	err := bdb.View(func(txn *badger.Txn) error {
		return scanKeys(txn, []byte(prefixUser), func([]byte) error { n++; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMigrateV3(t *testing.T) {
	dir := restore(t, v3Fixture)
	db := mustOpenDir(t, dir, Options{})
	if v, _, err := db.schema(); err != nil || v != schemaVersion {
		t.Errorf("schema = %d, %v; want %d", v, err, schemaVersion)
	}
	if n := db.Notices(); len(n) != 0 {
		t.Errorf("Notices() = %+v, want none for an upgrade", n)
	}
	if bs, _ := filepath.Glob(filepath.Join(dir, "backups", "paperboy-backup-v3-*.bak")); len(bs) != 1 {
		t.Errorf("backups = %v, want one paperboy-backup-v3-*.bak", bs)
	}
	if bs := userBackups(filepath.Join(dir, "backups")); len(bs) != 1 {
		t.Errorf("user backups = %v, want one written after the upgrade", bs)
	}

	ps := v2Papers(t)
	wantStates := map[string]paper.State{
		ps[0].ID:         {Read: true, ReadAt: v3At},
		ps[12].ID:        {Saved: true, SavedAt: v3At},
		ps[len(ps)-1].ID: {Saved: true, SavedAt: v3At.Add(time.Minute)},
	}
	if got, err := db.AllStates(); err != nil || !reflect.DeepEqual(got, wantStates) {
		t.Errorf("AllStates() = %+v, %v; want %+v", got, err, wantStates)
	}
	var theme string
	var interval int
	if ok, err := db.Setting("theme", &theme); !ok || err != nil || theme != "dark" {
		t.Errorf("Setting(theme) = %q, %v, %v", theme, ok, err)
	}
	if ok, err := db.Setting("syncInterval", &interval); !ok || err != nil || interval != 3600 {
		t.Errorf("Setting(syncInterval) = %d, %v, %v", interval, ok, err)
	}
	wantTopic := Topic{ID: "kazakh-llm", Name: "Kazakh LLMs", Query: "kazakh language model", Created: v3At, LastSeen: v3At.Add(time.Hour)}
	if ts, err := db.Topics(); err != nil || len(ts) != 1 || !reflect.DeepEqual(ts[0], wantTopic) {
		t.Errorf("Topics() = %+v, %v; want %+v", ts, err, wantTopic)
	}
	wantMatches := map[string]time.Time{ps[0].ID: v3At, ps[1].ID: v3At}
	if ms, err := db.TopicMatches("kazakh-llm"); err != nil || !reflect.DeepEqual(ms, wantMatches) {
		t.Errorf("TopicMatches() = %v, %v; want %v", ms, err, wantMatches)
	}
	wantLook := Look{At: v3At.Add(2 * time.Hour), Prev: v3At}
	if l, ok, err := db.DayLook("2024-10-25"); !ok || err != nil || !l.At.Equal(wantLook.At) || !l.Prev.Equal(wantLook.Prev) {
		t.Errorf("DayLook() = %+v, %v, %v; want %+v", l, ok, err, wantLook)
	}
	// The cache is as it was, without the user's keys.
	days, err := db.Days()
	if err != nil || len(days) != 2 || days[1].Count != 10 {
		t.Errorf("Days() = %+v, %v", days, err)
	}
	for _, p := range uniquePapers(ps) {
		if _, err := db.Paper(p.ID); err != nil {
			t.Errorf("Paper(%s) after the upgrade: %v", p.ID, err)
		}
	}
	if n := userKeys(t, db.bdb); n != 0 {
		t.Errorf("the cache still holds %d user keys", n)
	}
	if n := userKeys(t, db.ubdb); n != 3+2+1+2+1 {
		t.Errorf("the user database holds %d keys, want 9", n)
	}
	// The user's data now survives a cleared cache, and the upgrade is done once.
	if err := db.ClearCache(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpenDir(t, dir, Options{})
	if got, _ := db.AllStates(); !reflect.DeepEqual(got, wantStates) {
		t.Errorf("AllStates() after ClearCache and reopening = %+v", got)
	}
	if again, _ := filepath.Glob(filepath.Join(dir, "backups", "*.bak")); len(again) != 1 {
		t.Errorf("backups after reopening = %v, want still one", again)
	}
}

// An upgrade that died after copying the user's data (the cache still says
// v3 and holds them) runs again and ends the same.
func TestMigrateV3Twice(t *testing.T) {
	dir := restore(t, v3Fixture)
	db := mustOpenDir(t, dir, Options{})
	want, _ := db.AllStates()
	db.Close()

	dir = restore(t, v3Fixture)
	db = &DB{dir: dir, log: testLogger(t), pc: newPaperCache()}
	var err error
	if db.ubdb, err = badger.Open(userOptions(db.userDir(), db.log)); err != nil {
		t.Fatal(err)
	}
	if db.bdb, err = badger.Open(cacheOptions(db.cacheDir(), db.log)); err != nil {
		t.Fatal(err)
	}
	if err := db.setUserSchema(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.copyUserData(); err != nil {
		t.Fatal(err)
	}
	db.closeAll()

	db = mustOpenDir(t, dir, Options{})
	if v, _, _ := db.schema(); v != schemaVersion {
		t.Errorf("schema = %d, want %d", v, schemaVersion)
	}
	if got, _ := db.AllStates(); !reflect.DeepEqual(got, want) {
		t.Errorf("AllStates() after the second run = %+v, want %+v", got, want)
	}
	if n := userKeys(t, db.bdb); n != 0 {
		t.Errorf("the cache still holds %d user keys", n)
	}
}
