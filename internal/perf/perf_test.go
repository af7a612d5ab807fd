package perf

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store"
)

func TestDist(t *testing.T) {
	tests := []struct {
		name             string
		d                Dist
		median, min, max float64
		format           string
	}{
		{"odd", Dist{3, 1, 2}, 2, 1, 3, "2.00 ms (1.00–3.00)"},
		{"even", Dist{4, 1, 2, 3}, 2.5, 1, 4, "2.50 ms (1.00–4.00)"},
		{"one", Dist{12.34}, 12.34, 12.34, 12.34, "12.3 ms"},
		{"wide", Dist{0.5, 150, 20}, 20, 0.5, 150, "20.0 ms (0.500–150)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.d.Median(); got != tc.median {
				t.Errorf("Median = %v, want %v", got, tc.median)
			}
			if got := tc.d.Min(); got != tc.min {
				t.Errorf("Min = %v, want %v", got, tc.min)
			}
			if got := tc.d.Max(); got != tc.max {
				t.Errorf("Max = %v, want %v", got, tc.max)
			}
			if got := tc.d.Format(" ms"); got != tc.format {
				t.Errorf("Format = %q, want %q", got, tc.format)
			}
		})
	}
	if got := (Dist{}).Format(" ms"); got != "—" {
		t.Errorf("empty Format = %q, want —", got)
	}
	if !math.IsNaN(Dist{}.Median()) {
		t.Error("empty Median is not NaN")
	}
}

func TestVerdict(t *testing.T) {
	tests := []struct {
		name           string
		median, budget float64
		lower          bool
		want           string
	}{
		{"time within", 40, 50, true, "ok"},
		{"time at the budget", 50, 50, true, "ok"},
		{"time over", 51, 50, true, "MISSED"},
		{"rate above", 600, 500, false, "ok"},
		{"rate below", 400, 500, false, "MISSED"},
		{"no measurement", math.NaN(), 50, true, "?"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Verdict(tc.median, tc.budget, tc.lower); got != tc.want {
				t.Errorf("Verdict(%v, %v, %v) = %q, want %q", tc.median, tc.budget, tc.lower, got, tc.want)
			}
		})
	}
}

func TestTable(t *testing.T) {
	tb := Table{Columns: []string{"1k", "100k"}}
	tb.Add(Row{Name: "open", Cells: []string{"1 ms", "2 ms"}, Budget: "≤ 50 ms", Verdict: "ok"})
	tb.Add(Row{Name: "sync a|b", Cells: []string{"", "600/s"}})
	wantMD := "| figure | 1k | 100k | budget |  |\n" +
		"|---|--:|--:|---|---|\n" +
		"| open | 1 ms | 2 ms | ≤ 50 ms | ok |\n" +
		"| sync a\\|b | — | 600/s |  |  |\n"
	if got := tb.Markdown(); got != wantMD {
		t.Errorf("Markdown:\n%s\nwant:\n%s", got, wantMD)
	}
	text := tb.Text()
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("Text has %d lines, want 4:\n%s", len(lines), text)
	}
	// right-aligned number columns: the cells of a column end at the same rune
	end := func(l, cell string) int {
		i := strings.Index(l, cell)
		if i < 0 {
			t.Fatalf("%q not in %q", cell, l)
		}
		return len([]rune(l[:i])) + len([]rune(cell))
	}
	if a, b := end(lines[2], "2 ms"), end(lines[3], "600/s"); a != b {
		t.Errorf("100k column not aligned (%d vs %d):\n%s", a, b, text)
	}
}

func TestReplaceGenerated(t *testing.T) {
	gen := func(body string) string { return BeginMarker + "\n" + body + "\n" + EndMarker }
	tests := []struct {
		name, doc, want string
	}{
		{"empty file", "", "## Scale\n\n" + gen("new") + "\n"},
		{"appended after other sections", "# Benchmarks\n\n## Search\n\nkeep me",
			"# Benchmarks\n\n## Search\n\nkeep me\n\n## Scale\n\n" + gen("new") + "\n"},
		{"replaced in place, notes kept", "# B\n\n## Scale\n\n" + gen("old\ntable") + "\n\nmy notes\n\n## Search\nx\n",
			"# B\n\n## Scale\n\n" + gen("new") + "\n\nmy notes\n\n## Search\nx\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReplaceGenerated(tc.doc, "## Scale", "new"); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestParseBench(t *testing.T) {
	out := []byte(`goos: linux
pkg: github.com/paperboy-reader/paperboy/internal/search
BenchmarkKeystroke/n=1000/title-2   	       5	         0.0500 p50-ms	  0.2000 p99-ms	  650.0 x-faster-than-fuzzy
BenchmarkKeystroke/n=1000/title-2   	       5	         0.0700 p50-ms	  0.3000 p99-ms	  640.0 x-faster-than-fuzzy
BenchmarkRebuild/n=1000-2           	       3	  39402188 ns/op	        39.33 ms
--- FAIL: something
PASS
`)
	lines := ParseBench(out)
	if len(lines) != 3 {
		t.Fatalf("parsed %d lines, want 3: %+v", len(lines), lines)
	}
	if got := Collect(lines, "BenchmarkKeystroke/n=1000/title", "p50-ms"); len(got) != 2 || got[0] != 0.05 || got[1] != 0.07 {
		t.Errorf("p50-ms = %v, want [0.05 0.07]", got)
	}
	if got := Collect(lines, "BenchmarkRebuild/n=1000", "ms"); len(got) != 1 || got[0] != 39.33 {
		t.Errorf("rebuild ms = %v, want [39.33]", got)
	}
	if got := Collect(lines, "BenchmarkKeystroke/n=1000/author", "p50-ms"); len(got) != 0 {
		t.Errorf("absent benchmark gave %v", got)
	}
}

// TestGenerate writes a small data directory through the real store and
// checks that the app's own paths measure it: every paper stored and indexed,
// a snapshot, the newest day's cards.
func TestGenerate(t *testing.T) {
	const n = 300
	root := t.TempDir()
	dir, generated, err := DataDir(root, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !generated {
		t.Error("first DataDir call did not generate")
	}
	if _, err := os.Stat(filepath.Join(dir, "search.idx")); err != nil {
		t.Errorf("no search snapshot: %v", err)
	}
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := Corpus(n)
	if err != nil {
		t.Fatal(err)
	}
	wantDays := len(map[string]bool{ps[0].Day: true, ps[n-1].Day: true})
	for _, p := range ps {
		if len(p.Raw) == 0 {
			t.Fatalf("paper %s has no raw HF entry", p.ID)
		}
	}
	got, err := db.Paper(ps[n/2].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != ps[n/2].Title || got.Day != ps[n/2].Day {
		t.Errorf("stored paper = %q on %s, want %q on %s", got.Title, got.Day, ps[n/2].Title, ps[n/2].Day)
	}
	db.Close()
	if st.Papers != n || st.Days < wantDays {
		t.Errorf("store holds %d papers on %d days, want %d papers on ≥ %d days", st.Papers, st.Days, n, wantDays)
	}

	// cached: the second call reuses it, and brings back a snapshot a measurement removed
	if err := os.Remove(filepath.Join(dir, "search.idx")); err != nil {
		t.Fatal(err)
	}
	dir2, generated, err := DataDir(root, n, nil)
	if err != nil || dir2 != dir || generated {
		t.Fatalf("second DataDir = %s, %v, %v; want %s reused", dir2, generated, err, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "search.idx")); err != nil {
		t.Errorf("snapshot not restored: %v", err)
	}

	start, err := MeasureStart(dir, FromSnapshot, nil)
	if err != nil {
		t.Fatal(err)
	}
	if start.IndexFrom != "snapshot" || start.Papers != n || start.Cards == 0 || start.Cards != countDay(ps, ps[0].Day) {
		t.Errorf("start = %+v, want %d papers from the snapshot and %d cards", start, n, countDay(ps, ps[0].Day))
	}
	if start.Mem.HeapInuseMB <= 0 || start.Mem.RSSMB <= 0 || start.Mem.HWMMB < start.Mem.RSSMB {
		t.Errorf("implausible memory figures %+v", start.Mem)
	}
	rebuilt, err := MeasureStart(dir, FromStore, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rebuilt.IndexFrom != "store" || rebuilt.Papers != n {
		t.Errorf("rebuild = %+v, want %d papers from the store", rebuilt, n)
	}
	if _, err := os.Stat(filepath.Join(dir, "search.idx")); err != nil {
		t.Errorf("the rebuild did not write the snapshot back: %v", err)
	}
	delta, err := MeasureStart(dir, FromDelta, nil)
	if err != nil {
		t.Fatal(err)
	}
	if delta.Papers != n || delta.Cards != start.Cards {
		t.Errorf("delta start = %+v, want %d papers and %d cards", delta, n, start.Cards)
	}
	if _, err := os.Stat(filepath.Join(dir, "search.idx.version")); err != nil {
		t.Errorf("after a start: %v (the next one would re-read every paper)", err)
	}
	q, err := MeasureQuery(dir, 1, PaletteLimit, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.MS) != len(Prefixes(Queries)) || q.Hits == 0 {
		t.Errorf("query: %d timings and %d hits, want one per keystroke (%d) and some hits", len(q.MS), q.Hits, len(Prefixes(Queries)))
	}
	dv, err := MeasureDayViews(dir, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(dv.FirstMS) == 0 || len(dv.AgainMS) != len(dv.FirstMS) || dv.Cards == 0 {
		t.Errorf("day views = %+v", dv)
	}
	apparent, onDisk, err := DirSize(dir)
	if err != nil || apparent <= 0 || onDisk <= 0 {
		t.Errorf("DirSize = %d, %d, %v", apparent, onDisk, err)
	}
}

func countDay(ps []paper.Paper, day string) int {
	n := 0
	for _, p := range ps {
		if p.Day == day {
			n++
		}
	}
	return n
}

// TestMeasureSync syncs from the fake HF with the app's client and syncer.
func TestMeasureSync(t *testing.T) {
	ps, err := Corpus(500)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := ServeFake(ps)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	days := Span(ps)
	res, err := MeasureSync(t.TempDir(), srv.URL, Dates(days), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Papers != len(ps) || res.Days != days || res.Failed != 0 {
		t.Errorf("sync = %+v, want %d papers over %d days", res, len(ps), days)
	}
	if res.PapersPS <= 0 || res.CPUUSPer <= 0 || res.DirMB <= 0 {
		t.Errorf("implausible sync figures %+v", res)
	}
}

func TestParseKeystrokes(t *testing.T) {
	log := []string{
		`time=… level=INFO msg=frontend msg="paperboy: keystrokes n=3 stale=1 unpainted=2 gap=31.0 part=0 ms=12.0,40.5,7.0"`,
		`msg=frontend msg="paperboy: keystrokes n=61 stale=0 unpainted=0 gap=30.0 part=0 ms=` + strings.Repeat("5.0,", 59) + `5.0"`,
		`msg=frontend msg="paperboy: keystrokes n=61 stale=0 unpainted=0 gap=30.0 part=1 ms=9.0"`,
		`msg=frontend msg="paperboy: keystrokes n=0 stale=0 unpainted=4 gap=0.0 part=0 ms="`,
		`gc 7 @1.170s 0%: 0.42+61+0.049 ms clock, 0.85+0/1.3/0.41+0.098 ms cpu, 122->129->128 MB, 122 MB goal, 0 MB stacks, 0 MB globals, 2 P`,
	}
	var ms [][]string
	for _, l := range log {
		if m := keystrokesLine.FindStringSubmatch(l); m != nil {
			ms = append(ms, m)
		}
	}
	k := ParseKeystrokes(ms)
	if len(k.MS) != 3+60+1 || k.Stale != 1 || k.Unpainted != 6 {
		t.Fatalf("parsed %d timings, %d stale, %d unpainted; want 64, 1, 6", len(k.MS), k.Stale, k.Unpainted)
	}
	if k.GapMS != 30.5 {
		t.Errorf("gap = %v, want 30.5: the median of 31 and 30 (a report with no gap is left out)", k.GapMS)
	}
	if got := k.MS.Percentile(1); got != 40.5 {
		t.Errorf("max = %v, want 40.5", got)
	}
	m := gcLine.FindStringSubmatch(log[4])
	if m == nil || m[3] != "128" || m[4] != "122" {
		t.Errorf("gctrace line parsed as %q, want live 128 and goal 122", m)
	}
}

func TestPercentile(t *testing.T) {
	d := Dist{}
	for i := 100; i >= 1; i-- {
		d = append(d, float64(i))
	}
	for _, tc := range []struct{ p, want float64 }{{0.5, 50}, {0.99, 99}, {1, 100}, {0.001, 1}} {
		if got := d.Percentile(tc.p); got != tc.want {
			t.Errorf("Percentile(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	if !math.IsNaN(Dist{}.Percentile(0.5)) {
		t.Error("empty Percentile is not NaN")
	}
}
