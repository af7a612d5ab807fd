package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store/storetest"
	"github.com/paperboy-reader/paperboy/internal/termtext"
)

func TestExportIsValidUTF8AndSafeToPrint(t *testing.T) {
	// Raw keeps the API's bytes: here invalid UTF-8, a C1 CSI and a bidi
	// override; the decoded title has the controls too.
	raw := json.RawMessage("{\"paper\":{\"id\":\"2605.00001\",\"title\":\"a\xff\xfeb \u009b2J \u202eevil\"}}")
	p := paper.Paper{ID: "2605.00001", Day: "2026-05-26", Title: "a\uFFFDb \u009b2J \u202eevil \x1b[6n",
		Authors: []paper.Author{{Name: "Ünï\u2066code\u2069"}}, Raw: raw}
	db := storetest.OpenTemp(t)
	if err := db.PutPapers([]paper.Paper{p}); err != nil {
		t.Fatal(err)
	}
	stored, err := db.Papers([]string{p.ID})
	if err != nil || len(stored) != 1 || !bytes.Equal(stored[0].Raw, raw) {
		t.Fatalf("the store did not keep the raw record: %v, %d papers", err, len(stored))
	}

	var buf bytes.Buffer
	lib := Library{Scope: "all", Papers: []LibraryPaper{{Paper: stored[0]}}}
	if err := WriteLibrary(&buf, lib, nil); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !utf8.ValidString(out) {
		t.Errorf("the export is not valid UTF-8: %q", out)
	}
	for _, r := range out {
		if r != '\n' && termtext.Unsafe(r) {
			t.Errorf("the export carries %U: %q", r, out)
		}
	}
	back, err := ReadLibrary(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	got := back.Papers[0]
	if got.Title != p.Title || got.Authors[0].Name != p.Authors[0].Name {
		t.Errorf("read back %q by %q, want the same text as exported", got.Title, got.Authors[0].Name)
	}
	var rec struct {
		Paper struct{ Title string } `json:"paper"`
	}
	if err := json.Unmarshal(got.Raw, &rec); err != nil || rec.Paper.Title != "a\uFFFD\uFFFDb \u009b2J \u202eevil" {
		t.Errorf("raw record read back as %q (%v), want the invalid bytes replaced by U+FFFD", rec.Paper.Title, err)
	}

	again, err := db.Papers([]string{p.ID})
	if err != nil || !bytes.Equal(again[0].Raw, raw) || !bytes.Equal(stored[0].Raw, raw) {
		t.Errorf("exporting changed the stored raw record: %q", again[0].Raw)
	}
}

func TestImportChecksSettings(t *testing.T) {
	lib := &Library{Format: LibraryFormat, Version: LibraryVersion, Settings: map[string]json.RawMessage{
		"syncInterval": json.RawMessage(`-5`),
		"topPerDay":    json.RawMessage(`153722868`),
		"theme":        json.RawMessage(`"dark"`),
		"hotkey":       json.RawMessage(`"Ctrl+Alt+P"`),
		"noSuchThing":  json.RawMessage(`1`),
		"hfToken":      json.RawMessage(`"hf_secret"`),
	}}
	db := storetest.OpenTemp(t)
	rep, err := Merge(db, lib, "hfToken")
	if err != nil {
		t.Fatal(err)
	}
	want := []SkippedSetting{
		{"noSuchThing", `"noSuchThing" is not a Paperboy setting`},
		{"syncInterval", "syncInterval must be a whole number of minutes from 0 (off) to 10080 (7 days); got -5"},
		{"topPerDay", "topPerDay must be a whole number from 0 (all papers) to 100; got 153722868"},
	}
	if rep.Settings != 2 || !reflect.DeepEqual(rep.SkippedSettings, want) {
		t.Errorf("report %+v, want 2 settings added and skipped %+v", rep, want)
	}
	var n int
	if ok, _ := db.Setting("syncInterval", &n); ok {
		t.Errorf("an invalid sync interval was stored: %d", n)
	}
	var theme string
	if ok, _ := db.Setting("theme", &theme); !ok || theme != "dark" {
		t.Errorf("theme = %q, %v; want dark", theme, ok)
	}
}

// failAfter is a reader that fails once its text is read: ReadLibrary must
// not need it.
type failAfter struct{ r io.Reader }

func (f failAfter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, errors.New("read past what ReadLibrary needed")
	}
	return n, err
}

func TestReadLibraryStopsAtAWrongHeadBeforeThePapers(t *testing.T) {
	for _, head := range []string{`{"format":"other-tool",`, `{"format":"paperboy-library","version":9,`} {
		_, err := ReadLibrary(failAfter{strings.NewReader(head + `"papers":[` + strings.Repeat(" ", 1<<16))})
		if paper.ErrorCode(err) != paper.EINVALID || strings.Contains(err.Error(), "read past") {
			t.Errorf("%s: got %v, want the head refused before the papers", head, err)
		}
	}
}

// writeBigExport writes an export of about size bytes to a file: papers
// with 1 KB abstracts, eight authors and a raw record.
func writeBigExport(tb testing.TB, size int64) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "library.json")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	abstract := strings.Repeat("Contrastive loss is a powerful approach for representation learning. ", 15)
	var written int64
	cw := &countWriter{w: f, n: &written}
	err = WriteLibrary(cw, Library{Scope: "all"}, func(emit func(LibraryPaper) error) error {
		for i := 0; written < size; i++ {
			id := fmt.Sprintf("%04d.%05d", 2300+i/90000%100, i%90000)
			p := paper.Paper{ID: id, Title: fmt.Sprintf("Paper %d: scaling laws for things", i), Abstract: abstract,
				Day: "2026-05-26", Upvotes: i % 300, PublishedAt: "2026-05-25", AIKeywords: []string{"scaling", "laws"}}
			for a := range 8 {
				p.Authors = append(p.Authors, paper.Author{Name: fmt.Sprintf("Author %d-%d", i, a)})
			}
			rawJSON, _ := json.Marshal(map[string]any{"paper": map[string]any{"id": id, "title": p.Title, "summary": abstract, "authors": p.Authors}})
			p.Raw = rawJSON
			if err := emit(LibraryPaper{Paper: p, History: []paper.Point{{At: time.Date(2026, 5, 26, 8, 0, 0, 0, time.UTC), Upvotes: 3}}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return path
}

type countWriter struct {
	w io.Writer
	n *int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}

// peakHeap runs f and returns the most heap its objects took, above what
// was live before, sampled every millisecond with the GC kept eager so that
// the figure is close to what is live rather than garbage not yet collected.
func peakHeap(f func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	done := make(chan struct{})
	peaks := make(chan uint64)
	go func() {
		var peak uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				peaks <- peak
				return
			case <-tick.C:
			}
		}
	}()
	f()
	last := read()
	close(done)
	peak := max(<-peaks, last)
	return peak - min(base, peak)
}

func TestReadLibraryStreams(t *testing.T) {
	const size = 16 << 20
	path := writeBigExport(t, size)
	var lib *Library
	peak := peakHeap(func() {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if lib, err = ReadLibrary(f); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("%d papers from %d MB: peak heap %d MB", len(lib.Papers), size>>20, peak>>20)
	// The papers read take about as much as the file (1.4× here, with the
	// papers slice growing); holding the file's text as well (a decoder's
	// buffer, a string) took 3.4×.
	if peak > 2*size {
		t.Errorf("peak heap %d MB reading a %d MB export, want under %d MB", peak>>20, size>>20, 2*size>>20)
	}
	runtime.KeepAlive(lib)
}

// BenchmarkReadLibrary100MB reads a ~100 MB export and reports the peak heap.
func BenchmarkReadLibrary100MB(b *testing.B) {
	const size = 100 << 20
	path := writeBigExport(b, size)
	for b.Loop() {
		var n int
		peak := peakHeap(func() {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			lib, err := ReadLibrary(f)
			if err != nil {
				b.Fatal(err)
			}
			n = len(lib.Papers)
		})
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(n), "papers")
	}
}
