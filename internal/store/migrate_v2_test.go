package store

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/klauspost/compress/zstd"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

//go:generate go test -run TestWriteV2Fixture -write-v2-fixture

var writeV2Fixture = flag.Bool("write-v2-fixture", false, "regenerate testdata/v2.bak")

const v2Fixture = "testdata/v2.bak"

// encodePaperV2 is how schema v2 stored a paper: the JSON envelope without
// Raw, a newline and Raw verbatim, the whole zstd-compressed. decodePaper
// still reads it; only tests write it.
func encodePaperV2(p paper.Paper) []byte {
	raw := p.Raw
	p.Raw = nil
	b, err := json.Marshal(record[paper.Paper]{V: 2, Data: p})
	if err != nil {
		panic(err)
	}
	if len(raw) > 0 {
		b = append(b, '\n')
		b = append(b, raw...)
	}
	return zstdEncoder().EncodeAll(b, nil)
}

var zstdEncoder = sync.OnceValue(func() *zstd.Encoder {
	e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))
	if err != nil {
		panic(err)
	}
	return e
})

// v2Papers is the fixture's cache: every real sample (the 533-author one
// too) and a few odd shapes.
func v2Papers(tb testing.TB) []paper.Paper {
	ps := realPapers(tb)
	odd := genPaper("2401.00001", 3)
	odd.Title = "Zoë’s 😀 “unicode” title — 日本語"
	odd.Authors = append(odd.Authors, paper.Author{Name: "Zoë 😀", User: "zoe"})
	odd.Organization, odd.ProjectPage = "Ünï Org", "https://example.org/p?a=1&b=<2>"
	odd.MediaURLs = []string{"https://cdn.example/a.mp4", "https://cdn.example/b.png"}
	odd.SubmittedAt = time.Date(2024, 10, 23, 3, 4, 5, 123456789, time.UTC)
	odd.Raw = json.RawMessage(`{"paper":{"id":"2401.00001","x":"\u00e9\n"},  "spaced" : [1, 2]}`)
	empty := paper.Paper{ID: "2401.00002", Authors: []paper.Author{}}
	bare := paper.Paper{ID: "hep-th/9901001", Title: "Known from search only"}
	return append(ps, odd, empty, bare)
}

// TestWriteV2Fixture regenerates testdata/v2.bak (go generate ./internal/store):
// a store filled through the API, its papers then rewritten in the v2 form
// and meta/schema set to 2. Nothing else changed between v2 and v3. The
// committed fixture was written by the v2 code itself (commit 3d80af8, this
// function minus rewriteV2 and userDataIntoCache).
func TestWriteV2Fixture(t *testing.T) {
	if !*writeV2Fixture {
		t.Skip("run with -write-v2-fixture to regenerate " + v2Fixture)
	}
	db := mustOpen(t)
	ps := v2Papers(t)
	at := time.Date(2024, 10, 26, 8, 0, 0, 0, time.UTC)
	mustPutDay(t, db, "2024-10-24", ps[:10]...)
	if _, err := db.PutDay("2024-10-25", ps[5:len(ps)-1], true, at); err != nil {
		t.Fatal(err)
	}
	if err := db.PutPapers(ps[len(ps)-1:]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetRead(ps[0].ID, true, at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetSaved(ps[12].ID, true, at); err != nil {
		t.Fatal(err)
	}
	if err := db.PutSetting("theme", "dark"); err != nil {
		t.Fatal(err)
	}
	rewriteV2(t, db)
	userDataIntoCache(t, db)
	if err := db.setSchema(2); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(v2Fixture)
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

// rewriteV2 rewrites every paper of db in the v2 form.
func rewriteV2(tb testing.TB, db *DB) {
	tb.Helper()
	wb := db.bdb.NewWriteBatch()
	defer wb.Cancel()
	err := db.ForEachPaper(func(p paper.Paper) error {
		return wb.Set(paperKey(p.ID), encodePaperV2(p))
	})
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		tb.Fatal(err)
	}
	db.pc.invalidate(nil)
}

// rawPapers reads every paper/ value of the cache of the data directory
// dir as stored.
func rawPapers(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	bdb, err := badger.Open(badger.DefaultOptions(filepath.Join(dir, "db")).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	out := map[string][]byte{}
	err = bdb.View(func(txn *badger.Txn) error {
		return scanValues(txn, []byte(prefixPaper), func(k, v []byte) error {
			out[string(k[len(prefixPaper):])] = bytes.Clone(v)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMigrateV2(t *testing.T) {
	dir := restore(t, v2Fixture)
	before := rawPapers(t, dir)
	if n := len(uniquePapers(v2Papers(t))); len(before) != n {
		t.Fatalf("fixture holds %d papers, want %d", len(before), n)
	}
	want := map[string]paper.Paper{}
	for id, v := range before {
		if v[0] == paperFormat {
			t.Fatalf("fixture paper %s is already in the new format", id)
		}
		p, err := decodePaper(v)
		if err != nil {
			t.Fatalf("decode fixture paper %s: %v", id, err)
		}
		want[id] = p
	}

	db := mustOpenDir(t, dir, Options{})
	if v, _, err := db.schema(); err != nil || v != schemaVersion {
		t.Errorf("schema = %d, %v; want %d", v, err, schemaVersion)
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "backups", "paperboy-backup-v2-*.bak"))
	if len(backups) != 1 {
		t.Fatalf("backups = %v, want one paperboy-backup-v2-*.bak", backups)
	}
	for id, w := range want {
		got, err := db.Paper(id)
		if err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("Paper(%s) after migration =\n%+v, %v\nwant\n%+v", id, got, err, w)
		}
	}
	if llama := want["2407.21783"]; len(llama.Authors) != 533 {
		t.Errorf("the Llama 3 paper has %d authors, want 533", len(llama.Authors))
	}

	ps := v2Papers(t)
	days, err := db.Days()
	if err != nil || len(days) != 2 || days[0].Count != len(uniquePapers(ps[5:len(ps)-1])) || days[1].Count != 10 || !days[0].Complete {
		t.Errorf("Days() = %+v, %v", days, err)
	}
	day, err := db.DayPapers("2024-10-24")
	if err != nil || len(day) != 10 {
		t.Errorf("DayPapers(2024-10-24) = %d papers, %v; want 10", len(day), err)
	}
	if st, err := db.States([]string{ps[0].ID, ps[12].ID}); err != nil || !st[ps[0].ID].Read || !st[ps[12].ID].Saved {
		t.Errorf("States() = %+v, %v", st, err)
	}
	var theme string
	if ok, err := db.Setting("theme", &theme); !ok || err != nil || theme != "dark" {
		t.Errorf("Setting(theme) = %q, %v, %v", theme, ok, err)
	}
	if h, err := db.History(ps[0].ID); err != nil || len(h) != 1 || h[0].Upvotes != ps[0].Upvotes {
		t.Errorf("History() = %+v, %v", h, err)
	}
	db.Close()

	after := rawPapers(t, dir)
	if len(after) != len(before) {
		t.Errorf("%d papers after migration, want %d", len(after), len(before))
	}
	for id, v := range after {
		if v[0] != paperFormat {
			t.Errorf("paper %s was not rewritten (first byte %#x)", id, v[0])
		}
	}
	// A second open has nothing to migrate and writes no second backup.
	mustOpenDir(t, dir, Options{})
	if again, _ := filepath.Glob(filepath.Join(dir, "backups", "*.bak")); len(again) != 1 {
		t.Errorf("backups after reopening = %v, want still one", again)
	}
}

// Running the migration again over a half-migrated store (a crash between
// its batches) converts the rest and leaves converted papers alone.
func TestMigrateV2Twice(t *testing.T) {
	db := mustOpen(t)
	ps := uniquePapers(v2Papers(t))
	mustPutDay(t, db, "2024-10-24", ps...)
	rewriteV2(t, db)
	// Half the papers are already converted.
	if err := db.PutPapers(ps[:len(ps)/2]); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := db.migrateV2(); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]paper.Paper{}
	err := db.ForEachPaper(func(p paper.Paper) error { got[p.ID] = p; return nil })
	if err != nil || len(got) != len(ps) {
		t.Fatalf("ForEachPaper() = %d papers, %v; want %d", len(got), err, len(ps))
	}
	for _, p := range ps {
		p.Day = "2024-10-24"
		if !reflect.DeepEqual(got[p.ID], p) {
			t.Errorf("paper %s =\n%+v\nwant\n%+v", p.ID, got[p.ID], p)
		}
	}
	if n := len(rawPapers2(t, db)); n != len(ps) {
		t.Errorf("%d stored papers, want %d", n, len(ps))
	}
}

// uniquePapers keeps the last copy of each id (a sample is both in a search
// and on a day), as PutDay does.
func uniquePapers(ps []paper.Paper) []paper.Paper {
	seen := map[string]int{}
	var out []paper.Paper
	for _, p := range ps {
		if i, ok := seen[p.ID]; ok {
			out[i] = p
			continue
		}
		seen[p.ID] = len(out)
		out = append(out, p)
	}
	return out
}

// rawPapers2 reads every paper/ value of an open store as stored.
func rawPapers2(t *testing.T, db *DB) map[string][]byte {
	out := map[string][]byte{}
	err := db.bdb.View(func(txn *badger.Txn) error {
		return scanValues(txn, []byte(prefixPaper), func(k, v []byte) error {
			if v[0] != paperFormat {
				t.Errorf("%s not converted", k)
			}
			out[string(k[len(prefixPaper):])] = bytes.Clone(v)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
