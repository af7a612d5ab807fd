package store

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// The tests here damage a real data directory the way issue 11 did (truncate
// -s 50% of a table, 64 flipped bytes in a table or a value log, rm MANIFEST),
// in the cache and in the user's database, and check that Open says so in
// one line, keeps (or restores) the user's data and leaves the cache for the
// next sync to fill again.

const damageDays = 6

// syncedDir writes a data directory as a user leaves it after a few syncs
// and clicks, closed cleanly, and returns it with the user's data.
func syncedDir(t *testing.T) (string, userData) {
	t.Helper()
	dir := t.TempDir()
	db := mustOpenDir(t, dir, Options{})
	fill(t, db, damageDays)
	_, ps := benchDay(benchPool(t), 0)
	at := time.Date(2026, 5, 26, 8, 0, 0, 0, time.UTC)
	steps := []error{
		db.PutSetting("theme", "dark"),
		db.PutTopic(Topic{ID: "agents", Name: "Agents", Query: "agent", Created: at}),
		db.PutDayLook("2023-05-04", Look{At: at, Prev: at.Add(-time.Hour)}),
	}
	_, err := db.SetRead(ps[0].ID, true, at)
	steps = append(steps, err)
	_, err = db.SetSaved(ps[1].ID, true, at)
	steps = append(steps, err)
	_, err = db.AddTopicMatches("agents", []string{ps[0].ID, ps[2].ID}, at)
	steps = append(steps, err)
	if err := errors.Join(steps...); err != nil {
		t.Fatal(err)
	}
	want := snapshotUser(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Once more, as the next launch: its Open verifies the tables the
	// first session wrote, so damage done now is to known tables.
	db = mustOpenDir(t, dir, Options{})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"db", "user"} {
		if len(readVerified(filepath.Join(dir, d))) == 0 {
			t.Fatalf("no verified tables recorded in %s", d)
		}
	}
	return dir, want
}

// userData is everything the user's database holds, as the API returns it.
type userData struct {
	States   map[string]paper.State
	Settings map[string]json.RawMessage
	Topics   []Topic
	Matches  map[string]time.Time
	Look     Look
}

func snapshotUser(t *testing.T, db *DB) userData {
	t.Helper()
	var u userData
	var errs [5]error
	u.States, errs[0] = db.AllStates()
	u.Settings, errs[1] = db.AllSettings()
	u.Topics, errs[2] = db.Topics()
	u.Matches, errs[3] = db.TopicMatches("agents")
	u.Look, _, errs[4] = db.DayLook("2023-05-04")
	if err := errors.Join(errs[:]...); err != nil {
		t.Fatalf("reading the user's data: %v", err)
	}
	return u
}

// largest returns the largest file of dir with the extension ext.
func largest(t *testing.T, dir, ext string) string {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
	if len(paths) == 0 {
		t.Fatalf("no %s file in %s", ext, dir)
	}
	size := func(p string) int64 {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	return slices.MaxFunc(paths, func(a, b string) int { return int(size(a) - size(b)) })
}

// truncateHalf is `truncate -s 50% path`.
func truncateHalf(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
}

// flip inverts up to n bytes in the middle of path.
func flip(t *testing.T, path string, n int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	start := max(0, len(b)/2-n/2)
	for i := start; i < min(len(b), start+n); i++ {
		b[i] ^= 0xff
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func removeFile(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

// openCapture opens dir and returns the store and its log.
func openCapture(t *testing.T, dir string) (*DB, *strings.Builder) {
	t.Helper()
	var logs strings.Builder
	db, err := Open(dir, Options{MinFreeBytes: 1 << 20, Logger: slogTo(&logs)})
	if err != nil {
		t.Fatalf("Open: %v\n%s", err, logs.String())
	}
	t.Cleanup(func() { db.Close() })
	return db, &logs
}

func TestDamagedCacheIsResetUserDataKept(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, cache string)
	}{
		{"truncated table", func(t *testing.T, cache string) { truncateHalf(t, largest(t, cache, ".sst")) }},
		{"flipped table bytes", func(t *testing.T, cache string) { flip(t, largest(t, cache, ".sst"), 64) }},
		{"no MANIFEST", func(t *testing.T, cache string) { removeFile(t, filepath.Join(cache, "MANIFEST")) }},
		{"garbage MANIFEST", func(t *testing.T, cache string) { flip(t, filepath.Join(cache, "MANIFEST"), 8) }},
		{"cache deleted", func(t *testing.T, cache string) {
			if err := os.RemoveAll(cache); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, want := syncedDir(t)
			tt.damage(t, filepath.Join(dir, "db"))
			db, logs := openCapture(t, dir)

			notices := db.Notices()
			if len(notices) != 1 || notices[0].Code != paper.EDAMAGED {
				t.Fatalf("Notices() = %+v, want one %s notice\nlog: %s", notices, paper.EDAMAGED, logs)
			}
			msg := notices[0].Message
			for _, s := range []string{"paper cache", "your saved papers, reading state and topics are kept", "paperboy sync"} {
				if !strings.Contains(strings.ToLower(msg), strings.ToLower(s)) {
					t.Errorf("notice %q does not say %q", msg, s)
				}
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("notice %q is more than one line", msg)
			}
			if got := snapshotUser(t, db); !reflect.DeepEqual(got, want) {
				t.Errorf("user data after the cache was reset =\n%+v\nwant\n%+v", got, want)
			}
			// The cache is empty and works: a sync fills it again.
			if days, err := db.Days(); err != nil || len(days) != 0 {
				t.Errorf("Days() after reset = %d days, %v; want none", len(days), err)
			}
			date, ps := benchDay(benchPool(t), 0)
			if _, err := db.PutDay(date, ps, true, t0); err != nil {
				t.Fatalf("PutDay after reset: %v", err)
			}
			if got, err := db.DayPapers(date); err != nil || len(got) != len(ps) {
				t.Errorf("DayPapers after re-sync = %d, %v; want %d", len(got), err, len(ps))
			}
			if tt.name != "cache deleted" {
				if moved, _ := filepath.Glob(filepath.Join(dir, "damaged", "db-*")); len(moved) != 1 {
					t.Errorf("damaged copies = %v, want the damaged cache moved aside", moved)
				}
			}
			// Reopening finds nothing more to say.
			db.Close()
			db, _ = openCapture(t, dir)
			if n := db.Notices(); len(n) != 0 {
				t.Errorf("Notices() after reopening = %+v, want none", n)
			}
			if got, err := db.DayPapers(date); err != nil || len(got) != len(ps) {
				t.Errorf("DayPapers after reopening = %d, %v; want %d", len(got), err, len(ps))
			}
		})
	}
}

func TestDamagedUserDataIsRestoredFromBackup(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, user string)
	}{
		{"truncated table", func(t *testing.T, user string) { truncateHalf(t, largest(t, user, ".sst")) }},
		{"flipped table bytes", func(t *testing.T, user string) { flip(t, largest(t, user, ".sst"), 64) }},
		{"flipped value-log bytes", func(t *testing.T, user string) { flip(t, largest(t, user, ".vlog"), 64) }},
		{"no MANIFEST", func(t *testing.T, user string) { removeFile(t, filepath.Join(user, "MANIFEST")) }},
		{"deleted", func(t *testing.T, user string) {
			if err := os.RemoveAll(user); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, want := syncedDir(t)
			if bs := userBackups(filepath.Join(dir, "backups")); len(bs) != 1 {
				t.Fatalf("backups after a session = %v, want the one Close writes", bs)
			}
			tt.damage(t, filepath.Join(dir, "user"))
			db, logs := openCapture(t, dir)

			notices := db.Notices()
			if len(notices) != 1 || notices[0].Code != paper.EDAMAGED || !strings.Contains(notices[0].Message, "restored from the backup of") {
				t.Fatalf("Notices() = %+v, want one saying the data was restored\nlog: %s", notices, logs)
			}
			if got := snapshotUser(t, db); !reflect.DeepEqual(got, want) {
				t.Errorf("user data after restore =\n%+v\nwant\n%+v", got, want)
			}
			if days, err := db.Days(); err != nil || len(days) != damageDays {
				t.Errorf("Days() = %d, %v; want the cache untouched (%d days)", len(days), err, damageDays)
			}
			// The restored data is the store's again: it changes and reopens.
			if _, err := db.SetSaved("2401.00001", true, t0); err != nil {
				t.Fatal(err)
			}
			db.Close()
			db, _ = openCapture(t, dir)
			if n := db.Notices(); len(n) != 0 {
				t.Errorf("Notices() after reopening = %+v, want none", n)
			}
			if s, _ := db.State("2401.00001"); !s.Saved {
				t.Errorf("a change after the restore was lost: %+v", s)
			}
		})
	}
}

func TestDamagedUserDataWithoutBackupSaysSo(t *testing.T) {
	dir, _ := syncedDir(t)
	if err := os.RemoveAll(filepath.Join(dir, "backups")); err != nil {
		t.Fatal(err)
	}
	truncateHalf(t, largest(t, filepath.Join(dir, "user"), ".sst"))
	db, _ := openCapture(t, dir)
	n := db.Notices()
	if len(n) != 1 || !strings.Contains(n[0].Message, "no backup") || !strings.Contains(n[0].Message, filepath.Join(dir, "damaged")) {
		t.Errorf("Notices() = %+v, want one saying there is no backup and where the damaged copy is", n)
	}
}

// A newer backup that cannot be read gives way to an older one.
func TestRestoreSkipsBadBackup(t *testing.T) {
	dir, want := syncedDir(t)
	bad := filepath.Join(dir, "backups", "user-29991231T235959.999Z.json")
	if err := os.WriteFile(bad, []byte(`{"format":"paperboy-user-data","version":1,"records":{`), 0o600); err != nil {
		t.Fatal(err)
	}
	flip(t, largest(t, filepath.Join(dir, "user"), ".sst"), 64)
	db, _ := openCapture(t, dir)
	if got := snapshotUser(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("user data after restore =\n%+v\nwant\n%+v", got, want)
	}
}

// 64 flipped bytes in the cache's value log damage a paper record or two:
// everything else reads, and the days listing them are fetched again.
func TestDamagedPaperRecordIsSkipped(t *testing.T) {
	dir, _ := syncedDir(t)
	flip(t, largest(t, filepath.Join(dir, "db"), ".vlog"), 64)
	db, logs := openCapture(t, dir)
	if n := db.Notices(); len(n) != 0 {
		t.Fatalf("Notices() after open = %+v; value-log damage is found by reads", n)
	}

	all := damageDays * benchPerDay
	seen := 0
	err := db.ForEachPaper(func(paper.Paper) error { seen++; return nil })
	if err != nil || seen == 0 || seen == all {
		t.Fatalf("ForEachPaper() = %d of %d papers, %v; want all but the damaged ones\nlog: %s", seen, all, err, logs)
	}
	lost := all - seen
	notices := db.Notices()
	if len(notices) != 1 || notices[0].Code != paper.EDAMAGED || !strings.Contains(notices[0].Message, "paperboy sync") {
		t.Fatalf("Notices() = %+v, want one naming the damaged records and the fix", notices)
	}

	var bad []string // days with a damaged paper
	read := 0
	days, err := db.Days()
	if err != nil || len(days) != damageDays {
		t.Fatalf("Days() = %d, %v", len(days), err)
	}
	for _, d := range days {
		ps, err := db.DayPapers(d.Date)
		if err != nil {
			t.Fatalf("DayPapers(%s) = %v; a damaged record must not fail the day", d.Date, err)
		}
		read += len(ps)
		rec, _, err := db.DayRecord(d.Date)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) < benchPerDay {
			bad = append(bad, d.Date)
			if rec.Complete || d.Complete {
				t.Errorf("day %s lost %d papers but is still complete; the syncer would not fetch it again", d.Date, benchPerDay-len(ps))
			}
		} else if !rec.Complete {
			t.Errorf("day %s is whole but not complete", d.Date)
		}
	}
	if read != seen || len(bad) == 0 {
		t.Errorf("day lists read %d papers (%d days short), ForEachPaper %d", read, len(bad), seen)
	}
	if got := len(db.Notices()); got != 1 {
		t.Errorf("%d notices after reading the same damage again, want still 1", got)
	}

	// The mark is in the cache too: another process's sync sees it.
	db.Close()
	db, _ = openCapture(t, dir)
	for _, date := range bad {
		if rec, _, _ := db.DayRecord(date); rec.Complete {
			t.Errorf("after reopening, day %s is complete again", date)
		}
	}
	// A sync of those days repairs them.
	pool := benchPool(t)
	for i := range damageDays {
		date, ps := benchDay(pool, i)
		if !slices.Contains(bad, date) {
			continue
		}
		if _, err := db.PutDay(date, ps, true, t0); err != nil {
			t.Fatalf("re-sync of %s: %v", date, err)
		}
	}
	seen = 0
	if err := db.ForEachPaper(func(paper.Paper) error { seen++; return nil }); err != nil || seen != all {
		t.Errorf("after re-sync ForEachPaper() = %d, %v; want %d (%d were lost)", seen, err, all, lost)
	}
	for _, date := range bad {
		if rec, _, _ := db.DayRecord(date); !rec.Complete {
			t.Errorf("after re-sync, day %s is still incomplete", date)
		}
	}
}

// Damage that appears while the store is open (a table truncated under it,
// as by a failing disk) makes Badger fault or panic in the reading
// goroutine: every method returns an EDAMAGED error instead, and the next
// Open repairs the cache.
func TestPanicInBadgerBecomesError(t *testing.T) {
	dir, want := syncedDir(t)
	db, _ := openCapture(t, dir)
	for _, path := range must(filepath.Glob(filepath.Join(dir, "db", "*.sst"))) {
		truncateHalf(t, path) // pages Badger has mapped
	}
	calls := map[string]func() error{
		"ForEachPaper": func() error { return db.ForEachPaper(func(paper.Paper) error { return nil }) },
		"Papers":       func() error { _, err := db.Papers([]string{"2305.00001"}); return err },
		"Stats":        func() error { _, err := db.Stats(); return err },
		"History":      func() error { _, err := db.History("2305.00001"); return err },
	}
	for name, call := range calls {
		if err := call(); paper.ErrorCode(err) != paper.EDAMAGED {
			t.Errorf("%s on a table truncated under it: err = %v, want %s", name, err, paper.EDAMAGED)
		}
	}
	if err := db.Close(); err != nil && paper.ErrorCode(err) != paper.EDAMAGED {
		t.Errorf("Close() = %v", err)
	}
	if v := readVerified(filepath.Join(dir, "db")); v != nil {
		t.Errorf("verified tables after a panic = %v, want none: the next Open reads them all again", v)
	}
	db, _ = openCapture(t, dir)
	if n := db.Notices(); len(n) != 1 || n[0].Code != paper.EDAMAGED {
		t.Errorf("Notices() at the next Open = %+v, want the cache reset", n)
	}
	if got := snapshotUser(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("user data = %+v, want %+v", got, want)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// A second Open while another holds the data directory says so and
// touches nothing, even when the database looks damaged, as it can while
// its owner compacts (a table the MANIFEST lists is deleted).
func TestOpenLeavesALockedDatabaseAlone(t *testing.T) {
	dir, _ := syncedDir(t)
	db, _ := openCapture(t, dir)
	for _, d := range []string{"db", "user"} {
		removeFile(t, largest(t, filepath.Join(dir, d), ".sst"))
	}
	_, err := Open(dir, Options{MinFreeBytes: 1 << 20, Logger: testLogger(t)})
	if paper.ErrorCode(err) != paper.ELOCKED {
		t.Errorf("second Open = %v, want %s", err, paper.ELOCKED)
	}
	if moved, _ := filepath.Glob(filepath.Join(dir, "damaged", "*")); len(moved) != 0 {
		t.Errorf("the second Open moved %v aside", moved)
	}
	if _, err := db.State("2401.00001"); err != nil {
		t.Errorf("the first store after the second Open: %v", err)
	}
}
