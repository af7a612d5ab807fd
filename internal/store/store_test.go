package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

var t0 = time.Date(2024, 10, 25, 12, 0, 0, 0, time.UTC)

func TestRoundTrip(t *testing.T) {
	db := mustOpen(t)
	want := genPaper("2410.17243", 1)
	want.Raw = json.RawMessage(`{"paper":{"id":"2410.17243","newField":[1,2,{"x":"<&>"}]},"title":"T"}`)
	want.Authors = append(want.Authors, paper.Author{Name: "Zoë 😀", User: "zoe"})
	if _, err := db.PutDay("2024-10-25", []paper.Paper{want}, true, t0); err != nil {
		t.Fatal(err)
	}
	want.Day = "2024-10-25"
	got, err := db.Paper(want.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Paper() =\n%+v\nwant\n%+v", got, want)
	}
	if string(got.Raw) != string(want.Raw) {
		t.Errorf("Raw = %s, want %s", got.Raw, want.Raw)
	}

	// Reopening reads the same thing from disk.
	dir := db.Dir()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenDir(t, dir, Options{})
	got, err = db.Paper(want.ID)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("after reopen: Paper() = %+v, %v", got.ID, err)
	}
}

func TestPaperNotFound(t *testing.T) {
	db := mustOpen(t)
	_, err := db.Paper("2401.00001")
	if got := paper.ErrorCode(err); got != paper.ENOTFOUND {
		t.Errorf("code = %q (%v), want %q", got, err, paper.ENOTFOUND)
	}
}

func TestPapersKeepsOrderSkipsMissing(t *testing.T) {
	db := mustOpen(t)
	if err := db.PutPapers([]paper.Paper{genPaper("2401.00001", 1), genPaper("2401.00002", 2), genPaper("2401.00003", 3)}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Papers([]string{"2401.00003", "2401.09999", "2401.00001"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"2401.00003", "2401.00001"}; !slices.Equal(ids(got), want) {
		t.Errorf("Papers() ids = %v, want %v", ids(got), want)
	}
}

func TestDayPapersSorted(t *testing.T) {
	tests := []struct {
		name    string
		upvotes map[string]int
		want    []string
	}{
		{"by upvotes", map[string]int{"2401.00001": 3, "2401.00002": 10, "2401.00003": 7}, []string{"2401.00002", "2401.00003", "2401.00001"}},
		{"ties by id", map[string]int{"2401.00009": 5, "2401.00002": 5, "2401.00005": 6}, []string{"2401.00005", "2401.00002", "2401.00009"}},
		{"zero upvotes", map[string]int{"2401.00002": 0, "2401.00001": 0}, []string{"2401.00001", "2401.00002"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpen(t)
			var ps []paper.Paper
			for id, up := range tt.upvotes {
				p := genPaper(id, 1)
				p.Upvotes = up
				ps = append(ps, p)
			}
			if _, err := db.PutDay("2024-10-25", ps, true, t0); err != nil {
				t.Fatal(err)
			}
			got, err := db.DayPapers("2024-10-25")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), tt.want) {
				t.Errorf("DayPapers() = %v, want %v", ids(got), tt.want)
			}
		})
	}
}

func TestDayPapersUnknownAndInvalidDate(t *testing.T) {
	db := mustOpen(t)
	got, err := db.DayPapers("2024-10-26")
	if err != nil || len(got) != 0 {
		t.Errorf("DayPapers(unknown) = %v, %v; want empty, nil", ids(got), err)
	}
	for _, date := range []string{"", "2024-13-01", "2024-10-25/x", "../../"} {
		if _, err := db.DayPapers(date); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("DayPapers(%q) err = %v, want %s", date, err, paper.EINVALID)
		}
		if _, err := db.PutDay(date, nil, true, t0); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("PutDay(%q) err = %v, want %s", date, err, paper.EINVALID)
		}
	}
}

func TestPaperOnTwoDays(t *testing.T) {
	db := mustOpen(t)
	shared := genPaper("2401.00001", 1)
	mustPutDay(t, db, "2024-10-24", shared, genPaper("2401.00002", 2))
	mustPutDay(t, db, "2024-10-25", shared, genPaper("2401.00003", 3))
	// A later re-fetch of the older day must not move the paper back.
	mustPutDay(t, db, "2024-10-24", shared)

	tests := []struct {
		date string
		want []string
	}{
		{"2024-10-24", []string{"2401.00001", "2401.00002"}},
		{"2024-10-25", []string{"2401.00001", "2401.00003"}},
	}
	for _, tt := range tests {
		got, err := db.DayPapers(tt.date)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(tt.want)
		gotIDs := ids(got)
		slices.Sort(gotIDs)
		if !slices.Equal(gotIDs, tt.want) {
			t.Errorf("DayPapers(%s) = %v, want %v", tt.date, gotIDs, tt.want)
		}
		d, ok, err := db.DayRecord(tt.date)
		if err != nil || !ok || d.Count != len(tt.want) {
			t.Errorf("DayRecord(%s) = %+v, %v, %v; want count %d", tt.date, d, ok, err, len(tt.want))
		}
	}
	p, err := db.Paper("2401.00001")
	if err != nil {
		t.Fatal(err)
	}
	if p.Day != "2024-10-25" {
		t.Errorf("Day = %q, want the latest day 2024-10-25", p.Day)
	}
}

func TestPutDayResultAndMembershipGrows(t *testing.T) {
	db := mustOpen(t)
	a, b, c := genPaper("2401.00001", 1), genPaper("2401.00002", 2), genPaper("2401.00003", 3)
	res, err := db.PutDay("2024-10-25", []paper.Paper{a, b}, false, t0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"2401.00001", "2401.00002"}; !slices.Equal(res.New, want) || res.Updated != 0 {
		t.Errorf("first PutDay = %+v, want New %v", res, want)
	}
	b.Upvotes++
	res, err = db.PutDay("2024-10-25", []paper.Paper{b, c}, true, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"2401.00003"}; !slices.Equal(res.New, want) || res.Updated != 1 {
		t.Errorf("second PutDay = %+v, want New %v, Updated 1", res, want)
	}
	got, _ := db.DayPapers("2024-10-25")
	if len(got) != 3 {
		t.Errorf("DayPapers() = %v, want all 3 (membership only grows)", ids(got))
	}
	d, ok, err := db.DayRecord("2024-10-25")
	want := paper.Day{Date: "2024-10-25", Count: 3, Complete: true, FetchedAt: t0.Add(time.Hour)}
	if err != nil || !ok || d != want {
		t.Errorf("DayRecord() = %+v, %v, %v; want %+v", d, ok, err, want)
	}
	// Unchanged papers are not rewritten.
	res, err = db.PutDay("2024-10-25", []paper.Paper{a}, true, t0.Add(2*time.Hour))
	if err != nil || len(res.New) != 0 || res.Updated != 0 {
		t.Errorf("unchanged PutDay = %+v, %v; want nothing new or updated", res, err)
	}
}

func TestPutPapersKeepsDay(t *testing.T) {
	db := mustOpen(t)
	mustPutDay(t, db, "2024-10-25", genPaper("2401.00001", 1))
	fromSearch := genPaper("2401.00001", 1)
	fromSearch.Upvotes = 99
	if err := db.PutPapers([]paper.Paper{fromSearch, genPaper("2401.00002", 2)}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id, wantDay string
		wantUp      int
	}{
		{"2401.00001", "2024-10-25", 99},
		{"2401.00002", "", 2},
	}
	for _, tt := range tests {
		p, err := db.Paper(tt.id)
		if err != nil || p.Day != tt.wantDay || p.Upvotes != tt.wantUp {
			t.Errorf("Paper(%s) = day %q upvotes %d, %v; want %q, %d", tt.id, p.Day, p.Upvotes, err, tt.wantDay, tt.wantUp)
		}
	}
	if days, _ := db.Days(); len(days) != 1 {
		t.Errorf("Days() = %v, want only the one PutDay wrote", days)
	}
}

func TestHistoryOnlyOnChange(t *testing.T) {
	db := mustOpen(t)
	p := genPaper("2401.00001", 1)
	put := func(up, stars int, at time.Time) {
		t.Helper()
		p.Upvotes, p.GithubStars = up, stars
		if _, err := db.PutDay("2024-10-25", []paper.Paper{p}, true, at); err != nil {
			t.Fatal(err)
		}
	}
	put(1, 0, t0)                   // first sight
	put(1, 0, t0.Add(time.Hour))    // no change
	put(4, 0, t0.Add(2*time.Hour))  // upvotes
	put(4, 10, t0.Add(3*time.Hour)) // stars
	put(4, 10, t0.Add(4*time.Hour)) // no change
	p.Title = "A new title"         // content change only
	put(4, 10, t0.Add(5*time.Hour))
	got, err := db.History(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []paper.Point{
		{At: t0, Upvotes: 1},
		{At: t0.Add(2 * time.Hour), Upvotes: 4},
		{At: t0.Add(3 * time.Hour), Upvotes: 4, GithubStars: 10},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("History() =\n%v\nwant\n%v", got, want)
	}
	if got, _ := db.History("2401.00002"); len(got) != 0 {
		t.Errorf("History(unknown) = %v, want none", got)
	}
}

func TestDaysNewestFirst(t *testing.T) {
	db := mustOpen(t)
	for _, d := range []string{"2024-10-24", "2023-05-04", "2024-10-25", "2024-01-31", "2024-10-24"} {
		mustPutDay(t, db, d, genPaper("2401.00001", 1))
	}
	days, err := db.Days()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range days {
		got = append(got, d.Date)
	}
	want := []string{"2024-10-25", "2024-10-24", "2024-01-31", "2023-05-04"}
	if !slices.Equal(got, want) {
		t.Errorf("Days() = %v, want %v", got, want)
	}
	latest, ok, err := db.LatestDay()
	if err != nil || !ok || latest != days[0] {
		t.Errorf("LatestDay() = %+v, %v, %v; want %+v", latest, ok, err, days[0])
	}
	if _, ok, _ := db.DayRecord("2024-10-23"); ok {
		t.Error("DayRecord(unfetched) found")
	}
}

func TestLatestDayEmpty(t *testing.T) {
	db := mustOpen(t)
	if _, ok, err := db.LatestDay(); ok || err != nil {
		t.Errorf("LatestDay() on an empty store = %v, %v", ok, err)
	}
}

func TestStatesAndSettings(t *testing.T) {
	db := mustOpen(t)
	const a, b = "2401.00001", "hep-th/9901001"
	if s, err := db.State(a); err != nil || s != (paper.State{}) {
		t.Errorf("State(new) = %+v, %v; want zero", s, err)
	}
	steps := []struct {
		name string
		do   func() (paper.State, error)
		want paper.State
	}{
		{"read", func() (paper.State, error) { return db.SetRead(a, true, t0) }, paper.State{Read: true, ReadAt: t0}},
		{"saved", func() (paper.State, error) { return db.SetSaved(a, true, t0.Add(time.Hour)) },
			paper.State{Read: true, ReadAt: t0, Saved: true, SavedAt: t0.Add(time.Hour)}},
		{"unread", func() (paper.State, error) { return db.SetRead(a, false, t0) },
			paper.State{Saved: true, SavedAt: t0.Add(time.Hour)}},
		{"other paper saved", func() (paper.State, error) { return db.SetSaved(b, true, t0) }, paper.State{Saved: true, SavedAt: t0}},
	}
	for _, st := range steps {
		got, err := st.do()
		if err != nil || got != st.want {
			t.Errorf("%s: = %+v, %v; want %+v", st.name, got, err, st.want)
		}
		if stored, _ := db.State(a); st.name != "other paper saved" && stored != st.want {
			t.Errorf("%s: State() = %+v, want %+v", st.name, stored, st.want)
		}
	}
	states, err := db.States([]string{a, b, "2401.09999"})
	if err != nil || len(states) != 2 || !states[b].Saved || !states[a].Saved {
		t.Errorf("States() = %+v, %v", states, err)
	}
	all, err := db.AllStates()
	if err != nil || !reflect.DeepEqual(all, states) {
		t.Errorf("AllStates() = %+v, %v; want %+v", all, err, states)
	}
	// Back to the zero state: the record goes away.
	if _, err := db.SetSaved(b, false, t0); err != nil {
		t.Fatal(err)
	}
	if all, _ := db.AllStates(); len(all) != 1 {
		t.Errorf("AllStates() after unsave = %v, want only %s", all, a)
	}

	type theme struct{ Name string }
	var th theme
	if ok, err := db.Setting("theme", &th); ok || err != nil {
		t.Errorf("Setting(unset) = %v, %v", ok, err)
	}
	if err := db.PutSetting("theme", theme{"dark"}); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.Setting("theme", &th); !ok || err != nil || th.Name != "dark" {
		t.Errorf("Setting() = %v, %v, %+v", ok, err, th)
	}
}

func TestClearCacheKeepsUserData(t *testing.T) {
	db := mustOpen(t)
	mustPutDay(t, db, "2024-10-25", genPaper("2401.00001", 1), genPaper("2401.00002", 2))
	if _, err := db.SetSaved("2401.00001", true, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.PutSetting("k", 42); err != nil {
		t.Fatal(err)
	}
	if err := db.ClearCache(); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats()
	if err != nil || st.Papers != 0 || st.Days != 0 {
		t.Errorf("Stats() after ClearCache = %+v, %v; want no papers or days", st, err)
	}
	if h, _ := db.History("2401.00001"); len(h) != 0 {
		t.Errorf("History() after ClearCache = %v", h)
	}
	if s, _ := db.State("2401.00001"); !s.Saved {
		t.Errorf("State() after ClearCache = %+v, want saved", s)
	}
	var k int
	if ok, _ := db.Setting("k", &k); !ok || k != 42 {
		t.Errorf("Setting() after ClearCache = %v, %d", ok, k)
	}
	// The cache can be filled again.
	res, err := db.PutDay("2024-10-25", []paper.Paper{genPaper("2401.00001", 1)}, true, t0)
	if err != nil || len(res.New) != 1 {
		t.Errorf("PutDay after ClearCache = %+v, %v", res, err)
	}
}

func TestForEachPaperAndStats(t *testing.T) {
	db := mustOpen(t)
	mustPutDay(t, db, "2024-10-24", genPaper("2401.00002", 2), genPaper("2401.00001", 1))
	mustPutDay(t, db, "2024-10-25", genPaper("2401.00003", 3))
	var got []string
	err := db.ForEachPaper(func(p paper.Paper) error { got = append(got, p.ID); return nil })
	if want := []string{"2401.00001", "2401.00002", "2401.00003"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("ForEachPaper() = %v, %v; want %v", got, err, want)
	}
	stop := errors.New("stop")
	n := 0
	err = db.ForEachPaper(func(paper.Paper) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("ForEachPaper() with an error = %v after %d calls; want stop after 1", err, n)
	}
	st, err := db.Stats()
	if err != nil || st.Papers != 3 || st.Days != 2 {
		t.Errorf("Stats() = %+v, %v; want 3 papers, 2 days", st, err)
	}
}

func TestFreeSpaceGuard(t *testing.T) {
	dir := t.TempDir()
	var free atomic.Uint64
	free.Store(10 << 30)
	opt := Options{MinFreeBytes: 300 << 20, FreeSpace: func(string) (uint64, error) { return free.Load(), nil }}
	db := mustOpenDir(t, dir, opt)
	mustPutDay(t, db, "2024-10-25", genPaper("2401.00001", 1))

	free.Store(120 << 20)
	_, err := db.PutDay("2024-10-25", []paper.Paper{genPaper("2401.00002", 2)}, true, t0)
	if paper.ErrorCode(err) != paper.EDISKFULL {
		t.Fatalf("PutDay on a full disk: err = %v, want %s", err, paper.EDISKFULL)
	}
	wantMsg := "only 125 MB free on " + dir + "; Paperboy needs at least 314 MB to write safely — free some space and retry"
	if got := paper.ErrorMessage(err); got != wantMsg {
		t.Errorf("message = %q\nwant      %q", got, wantMsg)
	}
	if err := db.PutPapers([]paper.Paper{genPaper("2401.00003", 3)}); paper.ErrorCode(err) != paper.EDISKFULL {
		t.Errorf("PutPapers on a full disk: err = %v, want %s", err, paper.EDISKFULL)
	}
	// Reading and small user writes still work; nothing was lost or half-written.
	got, err := db.DayPapers("2024-10-25")
	if err != nil || !slices.Equal(ids(got), []string{"2401.00001"}) {
		t.Errorf("DayPapers() after refusal = %v, %v", ids(got), err)
	}
	if _, err := db.SetRead("2401.00001", true, t0); err != nil {
		t.Errorf("SetRead on a full disk: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Opened on a full disk, the store reads but refuses every write with
	// the same coded error, which names the cause.
	db, err = Open(dir, opt)
	if err != nil {
		t.Fatalf("Open on a full disk: %v, want a read-only store", err)
	}
	if code := paper.ErrorCode(db.ReadOnly()); code != paper.EDISKFULL {
		t.Errorf("ReadOnly() = %v, want %s", db.ReadOnly(), paper.EDISKFULL)
	}
	if msg := paper.ErrorMessage(db.ReadOnly()); !strings.Contains(msg, "only 125 MB free on "+dir) || !strings.Contains(msg, "read-only") {
		t.Errorf("ReadOnly() message = %q, want the free space and read-only", msg)
	}
	if n := db.Notices(); len(n) != 1 || n[0].Code != paper.EDISKFULL {
		t.Errorf("Notices() = %+v, want the read-only open", n)
	}
	if got, err := db.DayPapers("2024-10-25"); err != nil || len(got) != 1 {
		t.Errorf("DayPapers() on a full disk = %v, %v", ids(got), err)
	}
	if s, err := db.State("2401.00001"); err != nil || !s.Read {
		t.Errorf("State() on a full disk = %+v, %v", s, err)
	}
	if _, err := db.SetSaved("2401.00001", true, t0); paper.ErrorCode(err) != paper.EDISKFULL {
		t.Errorf("SetSaved() opened on a full disk: err = %v, want %s", err, paper.EDISKFULL)
	}
	if _, err := db.PutDay("2024-10-25", nil, true, t0); paper.ErrorCode(err) != paper.EDISKFULL {
		t.Errorf("PutDay() opened on a full disk: err = %v, want %s", err, paper.EDISKFULL)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	free.Store(10 << 30)
	db = mustOpenDir(t, dir, opt)
	if p, err := db.Paper("2401.00001"); err != nil || p.Title != genPaper("2401.00001", 1).Title {
		t.Errorf("after freeing space: Paper() = %v", err)
	}
	if db.ReadOnly() != nil {
		t.Errorf("after freeing space: ReadOnly() = %v", db.ReadOnly())
	}
}

// The floor is a fixed size, whatever the size of the disk.
func TestDefaultFloorIsFixed(t *testing.T) {
	dir := t.TempDir()
	free := func(string) (uint64, error) { return 300 << 20, nil } // 300 MB free, of a 2 TB disk or not
	db := mustOpenDirNoFloor(t, dir, Options{FreeSpace: free})
	if db.ReadOnly() != nil {
		t.Fatalf("ReadOnly() with 300 MB free = %v, want writable (floor %d MB)", db.ReadOnly(), DefaultMinFreeBytes>>20)
	}
	mustPutDay(t, db, "2024-10-25", genPaper("2401.00001", 1))
}

func TestSecondOpenIsLocked(t *testing.T) {
	dir := t.TempDir()
	db := mustOpenDir(t, dir, Options{})
	mustPutDay(t, db, "2024-10-25", genPaper("2401.00001", 1))
	_, err := Open(dir, Options{MinFreeBytes: 1 << 20})
	if paper.ErrorCode(err) != paper.ELOCKED {
		t.Fatalf("second Open: err = %v, want %s", err, paper.ELOCKED)
	}
	if got, want := paper.ErrorMessage(err), "Paperboy is already running with this data directory ("+dir+")"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	// The first one is unharmed.
	if _, err := db.Paper("2401.00001"); err != nil {
		t.Errorf("first DB after refused second Open: %v", err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	dir := t.TempDir()
	db := mustOpenDir(t, dir, Options{})
	if err := db.setSchema(schemaVersion + 1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := Open(dir, Options{MinFreeBytes: 1 << 20})
	if paper.ErrorCode(err) != paper.EINVALID || !strings.Contains(err.Error(), "newer Paperboy") {
		t.Errorf("Open(newer schema) err = %v, want %s about a newer Paperboy", err, paper.EINVALID)
	}
}

func TestInMemory(t *testing.T) {
	db, err := Open("", Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustPutDay(t, db, "2024-10-25", genPaper("2401.00001", 1))
	if got, err := db.DayPapers("2024-10-25"); err != nil || len(got) != 1 {
		t.Errorf("DayPapers() = %v, %v", ids(got), err)
	}
	db.RunGC(0.5) // must not block or panic in memory
}

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		in   uint64
		want string
	}{
		{0, "0 B"}, {999, "999 B"}, {1500, "1.5 kB"}, {200 << 20, "209 MB"}, {12_345_678_901, "12 GB"},
	}
	for _, tt := range tests {
		if got := formatBytes(tt.in); got != tt.want {
			t.Errorf("formatBytes(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func mustPutDay(t testing.TB, db *DB, date string, ps ...paper.Paper) {
	t.Helper()
	if _, err := db.PutDay(date, ps, true, t0); err != nil {
		t.Fatalf("PutDay(%s): %v", date, err)
	}
}

// Syncs write while the UI reads and marks papers; run with -race.
func TestConcurrentUse(t *testing.T) {
	db := mustOpen(t)
	done := make(chan error, 3)
	go func() {
		for i := range 20 {
			date := t0.AddDate(0, 0, -i).Format(time.DateOnly)
			if _, err := db.PutDay(date, []paper.Paper{genPaper("2401.00001", i), genPaper(fmt.Sprintf("2401.1%04d", i), i)}, true, t0); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	go func() {
		for i := range 50 {
			if _, err := db.SetRead("2401.00001", i%2 == 0, t0); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	go func() {
		for range 50 {
			if _, err := db.DayPapers("2024-10-25"); err != nil {
				done <- err
				return
			}
			if _, err := db.Days(); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range 3 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	d, ok, err := db.DayRecord("2024-10-25")
	if err != nil || !ok || d.Count != 2 {
		t.Errorf("DayRecord() = %+v, %v, %v; want 2 papers", d, ok, err)
	}
	if h, _ := db.History("2401.00001"); len(h) == 0 {
		t.Error("no history for a paper written 20 times with changing upvotes")
	}
}

func TestRunGCReturns(t *testing.T) {
	db := mustOpen(t)
	for i := range 30 {
		p := genPaper("2401.00001", i) // rewritten: garbage in the value log
		mustPutDay(t, db, "2024-10-25", p)
	}
	db.RunGC(0.01)
	if p, err := db.Paper("2401.00001"); err != nil || p.Upvotes != 29 {
		t.Errorf("after GC: Paper() = upvotes %d, %v; want 29", p.Upvotes, err)
	}
}

func TestOpenBadgerRetriesOnce(t *testing.T) {
	errNewFile := errors.New("while opening memtables error: while opening fid: 3 error: while updating skiplist error: mremap size mismatch: Create a new file")
	tests := []struct {
		name      string
		errs      []error // what each open returns; nil means success
		wantCalls int
		wantCode  string
	}{
		{"clean", []error{nil}, 1, ""},
		{"after kill -9", []error{errNewFile, nil}, 2, ""},
		{"twice", []error{errNewFile, errNewFile}, 2, paper.EINTERNAL},
		{"locked", []error{errors.New(`Cannot acquire directory lock on "/x".  Another process is using this Badger database.: resource temporarily unavailable`)}, 1, paper.ELOCKED},
		{"other", []error{errors.New("manifest has unsupported version")}, 1, paper.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			open := func() (*badger.DB, error) {
				err := tt.errs[calls]
				calls++
				if err != nil {
					return nil, err
				}
				return badger.Open(badger.DefaultOptions("").WithInMemory(true).WithLogger(nil))
			}
			bdb, err := openBadger(open, "/x", testLogger(t))
			if bdb != nil {
				bdb.Close()
			}
			if calls != tt.wantCalls || paper.ErrorCode(err) != tt.wantCode {
				t.Errorf("openBadger() = %v after %d calls; want code %q after %d", err, calls, tt.wantCode, tt.wantCalls)
			}
		})
	}
}
