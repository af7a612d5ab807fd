package store

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// chmodReadOnly takes write permission away from dir and everything in it,
// and gives it back when the test ends.
func chmodReadOnly(t *testing.T, dir string) string {
	t.Helper()
	walk := func(dirMode, fileMode fs.FileMode) {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			mode := fileMode
			if d.IsDir() {
				mode = dirMode
			}
			return os.Chmod(path, mode)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	walk(0o500, 0o400)
	t.Cleanup(func() { walk(0o700, 0o600) })
	return "permission denied"
}

// listing describes every file under dir, to show nothing was written.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s %d %s", path, info.Size(), info.ModTime().Format(time.RFC3339Nano)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadOnlyDataDir(t *testing.T) {
	dir, want := syncedDir(t)
	cause := makeReadOnly(t, dir)
	before := listing(t, dir)
	db, logs := openCapture(t, dir)

	ro := db.ReadOnly()
	if paper.ErrorCode(ro) != paper.EREADONLY || !strings.Contains(paper.ErrorMessage(ro), cause) || !strings.Contains(paper.ErrorMessage(ro), dir) {
		t.Fatalf("ReadOnly() = %v, want %s naming %s and %q\nlog: %s", ro, paper.EREADONLY, dir, cause, logs)
	}
	if n := db.Notices(); len(n) != 1 || n[0].Message != paper.ErrorMessage(ro) {
		t.Errorf("Notices() = %+v, want the read-only open", n)
	}

	// Every read works.
	if got := snapshotUser(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("user data read-only =\n%+v\nwant\n%+v", got, want)
	}
	days, err := db.Days()
	if err != nil || len(days) != damageDays {
		t.Fatalf("Days() = %d, %v", len(days), err)
	}
	ps, err := db.DayPapers(days[0].Date)
	if err != nil || len(ps) != benchPerDay {
		t.Fatalf("DayPapers() = %d, %v", len(ps), err)
	}
	reads := map[string]func() error{
		"Paper":        func() error { _, err := db.Paper(ps[0].ID); return err },
		"Papers":       func() error { _, err := db.Papers(ids(ps)); return err },
		"ForEachPaper": func() error { return db.ForEachPaper(func(paper.Paper) error { return nil }) },
		"History": func() error {
			h, err := db.History(ps[0].ID)
			if err == nil && len(h) == 0 {
				err = errors.New("no history")
			}
			return err
		},
		"Stats": func() error {
			s, err := db.Stats()
			if err == nil && s.Papers != damageDays*benchPerDay {
				err = fmt.Errorf("%d papers", s.Papers)
			}
			return err
		},
		"States":     func() error { _, err := db.States(ids(ps)); return err },
		"DayRecord":  func() error { _, _, err := db.DayRecord(days[0].Date); return err },
		"FirstSeen":  func() error { _, err := db.FirstSeen(ids(ps)); return err },
		"Version":    func() error { _, err := db.Version(); return err },
		"LatestDay":  func() error { _, _, err := db.LatestDay(); return err },
		"DayIDs":     func() error { _, err := db.DayIDs(days[0].Date); return err },
		"AllStates":  func() error { _, err := db.AllStates(); return err },
		"Histories":  func() error { _, err := db.Histories(ids(ps)); return err },
		"TopicMatch": func() error { _, err := db.TopicMatches("agents"); return err },
	}
	for name, read := range reads {
		if err := read(); err != nil {
			t.Errorf("%s on a read-only data directory: %v", name, err)
		}
	}
	// Every write says why it cannot.
	writes := map[string]func() error{
		"SetRead":         func() error { _, err := db.SetRead(ps[0].ID, true, t0); return err },
		"SetSaved":        func() error { _, err := db.SetSaved(ps[0].ID, true, t0); return err },
		"PutSetting":      func() error { return db.PutSetting("theme", "light") },
		"AddSetting":      func() error { _, err := db.AddSetting("new", []byte(`1`)); return err },
		"PutTopic":        func() error { return db.PutTopic(Topic{ID: "x", Name: "x", Query: "x"}) },
		"DeleteTopic":     func() error { return db.DeleteTopic("agents") },
		"AddTopicMatches": func() error { _, err := db.AddTopicMatches("agents", []string{ps[5].ID}, t0); return err },
		"PutDayLook":      func() error { return db.PutDayLook(days[0].Date, Look{At: t0}) },
		"PutDay":          func() error { _, err := db.PutDay(days[0].Date, ps, true, t0); return err },
		"PutPapers":       func() error { return db.PutPapers(ps[:1]) },
		"AddPapers":       func() error { _, err := db.AddPapers(ps[:1]); return err },
		"AddHistory":      func() error { _, err := db.AddHistory(ps[0].ID, []paper.Point{{At: t0}}); return err },
		"AddDayListing":   func() error { _, err := db.AddDayListing(paper.Day{Date: "2020-01-01"}, ids(ps)); return err },
		"MergeState":      func() error { _, err := db.MergeState(ps[0].ID, paper.State{Read: true}); return err },
		"ClearCache":      func() error { return db.ClearCache() },
	}
	for name, write := range writes {
		if err := write(); paper.ErrorCode(err) != paper.EREADONLY || !strings.Contains(paper.ErrorMessage(err), cause) {
			t.Errorf("%s on a read-only data directory: err = %v, want %s naming %q", name, err, paper.EREADONLY, cause)
		}
	}
	db.RunGC(0.5) // nothing to do, nothing to break
	if err := db.Close(); err != nil {
		t.Errorf("Close() = %v", err)
	}
	if after := listing(t, dir); !slices.Equal(after, before) {
		t.Errorf("the read-only data directory changed:\nbefore %v\nafter  %v", before, after)
	}
}

// An open failure names its cause.
func TestOpenErrorNamesCause(t *testing.T) {
	parent := t.TempDir()
	notDir := filepath.Join(parent, "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(filepath.Join(notDir, "data"), Options{MinFreeBytes: 1 << 20})
	if msg := paper.ErrorMessage(err); err == nil || !strings.Contains(msg, syscall.ENOTDIR.Error()) {
		t.Errorf("Open under a file: %v, want the message to say %q", err, syscall.ENOTDIR.Error())
	}
	ro := filepath.Join(parent, "ro")
	if err := os.Mkdir(ro, 0o700); err != nil {
		t.Fatal(err)
	}
	cause := makeReadOnly(t, ro)
	_, err = Open(filepath.Join(ro, "data"), Options{MinFreeBytes: 1 << 20})
	if msg := paper.ErrorMessage(err); paper.ErrorCode(err) != paper.EREADONLY || !strings.Contains(msg, cause) {
		t.Errorf("Open in a read-only folder: %v (code %s), want %s saying %q", err, paper.ErrorCode(err), paper.EREADONLY, cause)
	}
}

const uncleanEnv = "PAPERBOY_STORE_UNCLEAN_DIR"

// uncleanChild opens the data directory, writes a day and some clicks, says
// "ready" and waits to be killed, leaving its last writes in memtable logs.
func uncleanChild(dir string) {
	db, err := Open(dir, Options{MinFreeBytes: 1 << 20, Logger: slogTo(os.Stderr)})
	if err == nil {
		_, err = db.PutDay(uncleanDay, []paper.Paper{genPaper("2999.00001", 1)}, true, t0)
	}
	if err == nil {
		_, err = db.SetSaved("2999.00001", true, t0)
	}
	if err == nil {
		err = db.PutSetting("theme", "light")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("ready")
	time.Sleep(time.Minute) // killed long before
	os.Exit(2)
}

const uncleanDay = "2029-01-01"

func TestReadOnlyAfterUncleanShutdown(t *testing.T) {
	if dir := os.Getenv(uncleanEnv); dir != "" {
		uncleanChild(dir)
		return
	}
	dir, _ := syncedDir(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestReadOnlyAfterUncleanShutdown$")
	cmd.Env = append(os.Environ(), uncleanEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() && sc.Text() != "ready" {
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if mems, _ := filepath.Glob(filepath.Join(dir, "*", "*.mem")); len(mems) == 0 {
		t.Fatal("the killed process left no memtable log: nothing to test")
	}

	cause := makeReadOnly(t, dir)
	db, logs := openCapture(t, dir)
	if paper.ErrorCode(db.ReadOnly()) != paper.EREADONLY {
		t.Fatalf("ReadOnly() = %v\nlog: %s", db.ReadOnly(), logs)
	}
	// The user's data is whole, its last writes included.
	if s, err := db.State("2999.00001"); err != nil || !s.Saved {
		t.Errorf("State() of the last click = %+v, %v; want saved", s, err)
	}
	var theme string
	if _, err := db.Setting("theme", &theme); err != nil || theme != "light" {
		t.Errorf("Setting(theme) = %q, %v; want the last write", theme, err)
	}
	// The cache shows what its tables hold and says what is missing.
	days, err := db.Days()
	if err != nil || len(days) != damageDays {
		t.Errorf("Days() = %d, %v; want the %d days of the tables", len(days), err, damageDays)
	}
	notices := db.Notices()
	if len(notices) != 2 || !strings.Contains(notices[1].Message, "not shut down cleanly") || !strings.Contains(notices[0].Message, cause) {
		t.Errorf("Notices() = %+v, want the read-only open and what the unclean shutdown hides", notices)
	}
	db.Close()

	// Writable again, everything is back.
	makeWritable(t, dir)
	db, _ = openCapture(t, dir)
	if db.ReadOnly() != nil || len(db.Notices()) != 0 {
		t.Errorf("writable again: ReadOnly() = %v, Notices() = %+v", db.ReadOnly(), db.Notices())
	}
	if ps, err := db.DayPapers(uncleanDay); err != nil || len(ps) != 1 {
		t.Errorf("DayPapers(%s) = %d, %v; want the day written before the kill", uncleanDay, len(ps), err)
	}
}

func chmodWritable(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.Chmod(path, 0o700)
		}
		return os.Chmod(path, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A v3 data directory, the user's data still in the cache, reads on a
// read-only file system without being upgraded.
func TestReadOnlyV3DataDir(t *testing.T) {
	dir := restore(t, v3Fixture)
	makeReadOnly(t, dir)
	db, logs := openCapture(t, dir)
	if paper.ErrorCode(db.ReadOnly()) != paper.EREADONLY {
		t.Fatalf("ReadOnly() = %v\nlog: %s", db.ReadOnly(), logs)
	}
	ps := v2Papers(t)
	if st, err := db.States([]string{ps[0].ID, ps[12].ID}); err != nil || !st[ps[0].ID].Read || !st[ps[12].ID].Saved {
		t.Errorf("States() = %+v, %v", st, err)
	}
	if ts, err := db.Topics(); err != nil || len(ts) != 1 {
		t.Errorf("Topics() = %+v, %v", ts, err)
	}
	if days, err := db.Days(); err != nil || len(days) != 2 {
		t.Errorf("Days() = %+v, %v", days, err)
	}
	if v, _, _ := db.schema(); v != 3 {
		t.Errorf("schema = %d, want 3 left as it was", v)
	}
}
