package store

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

//go:generate go test -run TestWriteV1Fixture -write-v1-fixture

var writeV1Fixture = flag.Bool("write-v1-fixture", false, "regenerate testdata/v1.bak")

const v1Fixture = "testdata/v1.bak"

// v1Keys is a small store in the v1 layout (see migrate.go).
var v1Keys = map[string]string{
	"meta/schema":           `1`,
	"paper/2410.17243":      `{"id":"2410.17243","title":"Unleashing Reasoning","abstract":"An abstract.","authors":[{"name":"Zesen Cheng"},{"name":"Anon","hidden":true}],"upvotes":64,"numComments":3,"raw":{"paper":{"id":"2410.17243","upvotes":64}}}`,
	"paper/2410.18000":      `{"id":"2410.18000","title":"Second","abstract":"B.","authors":[],"upvotes":5,"numComments":0}`,
	"paper/2410.18001":      `{"id":"2410.18001","title":"Third","abstract":"C.","authors":[],"upvotes":9,"numComments":1}`,
	"paper/hep-th/9901001":  `{"id":"hep-th/9901001","title":"From search","abstract":"D.","authors":[],"upvotes":1,"numComments":0}`,
	"day/2024-10-24":        `["2410.17243","2410.18000"]`,
	"day/2024-10-25":        `["2410.18001","2410.17243","2410.18001"]`,
	"user/state/2410.17243": `{"read":true,"saved":false,"readAt":"2024-10-26T08:00:00Z"}`,
	"user/state/2410.18000": `{"read":false,"saved":true,"savedAt":"2024-10-27T09:30:00Z"}`,
	"user/setting/theme":    `"dark"`,
}

// TestWriteV1Fixture regenerates testdata/v1.bak (go generate ./internal/store).
func TestWriteV1Fixture(t *testing.T) {
	if !*writeV1Fixture {
		t.Skip("run with -write-v1-fixture to regenerate " + v1Fixture)
	}
	bdb, err := badger.Open(badger.DefaultOptions("").WithInMemory(true).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(txn *badger.Txn) error {
		for k, v := range v1Keys {
			if err := txn.Set([]byte(k), []byte(v)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(v1Fixture)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bdb.Backup(f, 0); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// restore loads a Badger backup of a cache into the db/ folder of a fresh
// data directory, which it returns.
func restore(t *testing.T, backup string) string {
	t.Helper()
	dir := t.TempDir()
	restoreInto(t, backup, filepath.Join(dir, "db"))
	return dir
}

// restoreInto loads a Badger backup into the new Badger directory db.
func restoreInto(t *testing.T, backup, db string) {
	t.Helper()
	bdb, err := badger.Open(badger.DefaultOptions(db).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(backup)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := bdb.Load(f, 16); err != nil {
		t.Fatal(err)
	}
	if err := bdb.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestMigrateV1(t *testing.T) {
	dir := restore(t, v1Fixture)
	db := mustOpenDir(t, dir, Options{})

	if v, _, err := db.schema(); err != nil || v != schemaVersion {
		t.Errorf("schema = %d, %v; want %d", v, err, schemaVersion)
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "backups", "paperboy-backup-v1-*.bak"))
	if len(backups) != 1 {
		t.Fatalf("backups = %v, want one paperboy-backup-v1-*.bak", backups)
	}
	if fi, err := os.Stat(backups[0]); err != nil || fi.Size() == 0 {
		t.Errorf("backup %s: %v, size %d", backups[0], err, fi.Size())
	}

	papers := []struct {
		id, day string
		upvotes int
	}{
		{"2410.17243", "2024-10-25", 64},
		{"2410.18000", "2024-10-24", 5},
		{"2410.18001", "2024-10-25", 9},
		{"hep-th/9901001", "", 1},
	}
	for _, tt := range papers {
		p, err := db.Paper(tt.id)
		if err != nil || p.Day != tt.day || p.Upvotes != tt.upvotes {
			t.Errorf("Paper(%s) = day %q upvotes %d, %v; want %q, %d", tt.id, p.Day, p.Upvotes, err, tt.day, tt.upvotes)
		}
	}
	p, _ := db.Paper("2410.17243")
	if want := `{"paper":{"id":"2410.17243","upvotes":64}}`; string(p.Raw) != want || p.AuthorCount() != 1 {
		t.Errorf("migrated paper: Raw %s, %d authors; want %s, 1", p.Raw, p.AuthorCount(), want)
	}

	days, err := db.Days()
	if err != nil {
		t.Fatal(err)
	}
	wantDays := []paper.Day{{Date: "2024-10-25", Count: 2}, {Date: "2024-10-24", Count: 2}}
	if !reflect.DeepEqual(days, wantDays) {
		t.Errorf("Days() = %+v, want %+v", days, wantDays)
	}
	got, err := db.DayPapers("2024-10-25")
	if want := []string{"2410.17243", "2410.18001"}; err != nil || !slices.Equal(ids(got), want) {
		t.Errorf("DayPapers() = %v, %v; want %v", ids(got), err, want)
	}

	states, err := db.AllStates()
	wantStates := map[string]paper.State{
		"2410.17243": {Read: true, ReadAt: time.Date(2024, 10, 26, 8, 0, 0, 0, time.UTC)},
		"2410.18000": {Saved: true, SavedAt: time.Date(2024, 10, 27, 9, 30, 0, 0, time.UTC)},
	}
	if err != nil || !reflect.DeepEqual(states, wantStates) {
		t.Errorf("AllStates() = %+v, %v; want %+v", states, err, wantStates)
	}
	var theme string
	if ok, err := db.Setting("theme", &theme); !ok || err != nil || theme != "dark" {
		t.Errorf("Setting(theme) = %q, %v, %v", theme, ok, err)
	}

	// A second open has nothing to migrate and writes no second backup.
	db.Close()
	mustOpenDir(t, dir, Options{})
	if again, _ := filepath.Glob(filepath.Join(dir, "backups", "*.bak")); len(again) != 1 {
		t.Errorf("backups after reopening = %v, want still one", again)
	}
}

// A store written before meta/schema existed is treated as v1.
func TestMigrateV1WithoutSchemaKey(t *testing.T) {
	dir := t.TempDir()
	bdb, err := badger.Open(badger.DefaultOptions(filepath.Join(dir, "db")).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(txn *badger.Txn) error {
		if err := txn.Set([]byte("paper/2410.18000"), []byte(v1Keys["paper/2410.18000"])); err != nil {
			return err
		}
		return txn.Set([]byte("day/2024-10-24"), []byte(`["2410.18000"]`))
	})
	if err != nil {
		t.Fatal(err)
	}
	bdb.Close()
	db := mustOpenDir(t, dir, Options{})
	if p, err := db.Paper("2410.18000"); err != nil || p.Day != "2024-10-24" {
		t.Errorf("Paper() = day %q, %v; want 2024-10-24", p.Day, err)
	}
}
