package main

import (
	"fmt"
	"strings"

	"github.com/paperboy-reader/paperboy/internal/perf"
)

type results struct {
	sizes      []int
	size       map[int]*sizeResult
	e2e        map[int]*e2eResult
	hello      []perf.Session
	hour       *perf.Session
	hourAt     int
	windowErr  error
	browserErr error
	search     []perf.BenchLine
	searchErr  error

	syncPapers                 int
	syncRate, syncCPU, syncHWM perf.Dist
	backfill                   *perf.SyncResult
}

func label(n int) string {
	switch {
	case n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	default:
		return fmt.Sprint(n)
	}
}

// row builds one table row from a figure of every size; the budget applies
// to the largest size.
func (r *results) row(name, unit string, get func(*sizeResult) perf.Dist, budget float64, lower bool, budgetText string) perf.Row {
	row := perf.Row{Name: name, Budget: budgetText}
	for _, n := range r.sizes {
		row.Cells = append(row.Cells, get(r.size[n]).Format(unit))
	}
	if budgetText != "" {
		row.Verdict = perf.Verdict(get(r.size[r.sizes[len(r.sizes)-1]]).Median(), budget, lower)
	}
	return row
}

// last puts a figure that is not per size in the largest size's column.
func (r *results) last(name string, cell string, median, budget float64, lower bool, budgetText string) perf.Row {
	row := perf.Row{Name: name, Budget: budgetText, Cells: make([]string, len(r.sizes))}
	row.Cells[len(r.sizes)-1] = cell
	if budgetText != "" {
		row.Verdict = perf.Verdict(median, budget, lower)
	}
	return row
}

func (r *results) table(o opts) perf.Table {
	t := perf.Table{}
	for _, n := range r.sizes {
		t.Columns = append(t.Columns, label(n))
	}
	t.Columns = append(t.Columns, "hello world")
	big := label(r.sizes[len(r.sizes)-1])
	at := func(s string) string { return s + " at " + big }
	d := func(f func(*sizeResult) perf.Dist) func(*sizeResult) perf.Dist { return f }

	r.e2eRows(&t)
	if !o.service {
		return t
	}
	t.Add(r.row("open store (app.Open), warm", " ms", d(func(s *sizeResult) perf.Dist { return s.open }), 0, true, ""))
	t.Add(r.row("open + newest day's cards, warm", " ms", d(func(s *sizeResult) perf.Dist { return s.day }), 50, true, at("≤ 50 ms")))
	if o.cold {
		t.Add(r.row("open + newest day's cards, cold", " ms", d(func(s *sizeResult) perf.Dist { return s.dayCold }), 100, true, at("≤ 100 ms")))
	}
	t.Add(r.row("search index from snapshot", " ms", d(func(s *sizeResult) perf.Dist { return s.index }), 0, true, ""))
	t.Add(r.row("search ready after launch (open+day+snapshot), warm", " ms", d(func(s *sizeResult) perf.Dist { return s.ready }), 300, true, at("≤ 300 ms")))
	if o.cold {
		t.Add(r.row("search ready after launch, cold", " ms", d(func(s *sizeResult) perf.Dist { return s.readyCold }), 0, true, ""))
	}
	t.Add(r.row("search index from snapshot + a re-synced day (~50 changed papers)", " ms", d(func(s *sizeResult) perf.Dist { return s.delta }), 0, true, ""))
	t.Add(r.row("full index rebuild from the store (no snapshot)", " ms", d(func(s *sizeResult) perf.Dist { return s.rebuild }), 1000, true, at("≤ 1000 ms")))
	t.Add(r.row("day view: a day not shown yet, warm", " ms", d(func(s *sizeResult) perf.Dist { return s.dayFirst }), 1, true, at("≤ 1 ms")))
	t.Add(r.row("day view: the same day again", " ms", d(func(s *sizeResult) perf.Dist { return s.dayAgain }), 0, true, ""))
	query := perf.Row{Name: fmt.Sprintf("search through the service (Query, %d results: the palette's), p50 / p99 per keystroke", perf.PaletteLimit)}
	for _, n := range r.sizes {
		q := r.size[n].query
		query.Cells = append(query.Cells, perf.Num(q.Percentile(0.5))+" / "+perf.Num(q.Percentile(0.99))+" ms")
	}
	t.Add(query)
	r.searchRows(&t)
	if len(r.syncRate) > 0 {
		name := fmt.Sprintf("sync %d days (%d papers), 2 in flight", o.syncDays, r.syncPapers)
		t.Add(r.last(name+", papers/s", r.syncRate.Format("/s"), r.syncRate.Median(), 500, false, "≥ 500/s"))
		t.Add(r.last("sync: CPU per paper (client+store+index)", r.syncCPU.Format(" µs"), 0, 0, true, ""))
	}
	t.Add(r.row("Go heap in use after start-up (index loaded)", " MB", d(func(s *sizeResult) perf.Dist { return s.heap }), 100, true, at("≤ 100 MB")))
	t.Add(r.row("RSS after start-up (index loaded)", " MB", d(func(s *sizeResult) perf.Dist { return s.rss }), 250, true, at("≤ 250 MB")))
	t.Add(r.row("RSS after start-up, index rebuilt from the store", " MB", d(func(s *sizeResult) perf.Dist { return s.rssRebuild }), 250, true, ""))
	if r.backfill != nil {
		b := r.backfill
		t.Add(r.last(fmt.Sprintf("peak RSS during a backfill of %d papers", b.Papers), perf.Num(b.Mem.HWMMB)+" MB", b.Mem.HWMMB, 400, true, "≤ 400 MB"))
		t.Add(r.last("backfill throughput", perf.Num(b.PapersPS)+"/s", b.PapersPS, 500, false, "≥ 500/s"))
	}
	t.Add(r.row("data dir size (apparent)", " MB", d(func(s *sizeResult) perf.Dist { return s.dirApparent }), 250, true, at("≤ 250 MB")))
	t.Add(r.row("data dir size (allocated on disk)", " MB", d(func(s *sizeResult) perf.Dist { return s.dirOnDisk }), 0, true, ""))
	return t
}

var queries = []struct{ kind, text string }{
	{"title", "diffusion transformer"},
	{"author", "lucia garcia"},
	{"filter", "llm agents >20"},
}

func (r *results) searchRows(t *perf.Table) {
	if len(r.search) == 0 {
		return
	}
	for _, q := range queries {
		p50 := perf.Row{Name: fmt.Sprintf("search keystroke p50 / p99, %q", q.text), Budget: ""}
		ratio := perf.Row{Name: fmt.Sprintf("  × faster than fuzzy / contains, %q", q.text)}
		found := false
		for _, n := range r.sizes {
			name := fmt.Sprintf("BenchmarkKeystroke/n=%d/%s", n, q.kind)
			a, b := perf.Collect(r.search, name, "p50-ms"), perf.Collect(r.search, name, "p99-ms")
			fz, ct := perf.Collect(r.search, name, "x-faster-than-fuzzy"), perf.Collect(r.search, name, "x-faster-than-contains")
			if len(a) == 0 {
				p50.Cells, ratio.Cells = append(p50.Cells, ""), append(ratio.Cells, "")
				continue
			}
			found = true
			p50.Cells = append(p50.Cells, perf.Num(a.Median())+" / "+perf.Num(b.Median())+" ms")
			ratio.Cells = append(ratio.Cells, perf.Num(fz.Median())+"× / "+perf.Num(ct.Median())+"×")
		}
		if found {
			t.Add(p50)
			t.Add(ratio)
		}
	}
}

// notes are the method, written with the table so that it says how these
// figures were taken, and what went wrong, in one line each.
func (r *results) notes(o opts) []string {
	var out []string
	if len(r.e2e) > 0 || r.hour != nil {
		qs := make([]string, len(perf.Queries))
		for i, q := range perf.Queries {
			qs[i] = "`" + q + "`"
		}
		out = append(out,
			fmt.Sprintf("**Window** rows: `build/bin/paperboy` (`make build`) and the hello world (`internal/perf/hellowindow`: "+
				"a Wails window with a text field, the same tags, size, background and Linux options) on a private Xvfb, "+
				"each launch with its own session bus and XDG directories, a fresh copy of the library and an API on a closed port; "+
				"launched in turn (hello world, Paperboy at each size) %d times after one uncounted launch of each. "+
				"Figures are medians (min–max) over the launches, percentiles over every keystroke of every launch.", o.windowReps),
			"**Keystroke → results painted**: xdotool types each query into the palette (Ctrl+K) at 30 ms a character "+
				"(the page's median time between keydowns is in the table): "+strings.Join(qs, ", ")+". "+
				"The page times each key from its keydown's `event.timeStamp` to the frame after the results of a query that includes it "+
				"are in the DOM (requestAnimationFrame, then a task) and logs the timings through Settings.Log when the palette closes "+
				"(`frontend/src/perf/keystrokes.ts`); the hello world times the same keys to the frame that shows them echoed. "+
				"Stale: results of an older query painted after a newer one's. CPU per keystroke: user+system time of the Go and the web "+
				"process over the typing, by keys typed — steadier than latency on a shared machine.",
			"**Launch → first cards**: from exec until the frontend's `first-render` line reaches the log (its animation frame after "+
				"the first rows are in the DOM); the hello world's line is its first paint. \"In the page\" is the page's own clock "+
				"(performance.now) at that moment; the rest is the process, GTK and WebKit starting.",
			"**Memory**: PSS (`/proc/<pid>/smaps_rollup`: shared pages divided among the processes that map them) of the Go process "+
				"and of every process it started (WebKit's web and network processes), 2 s after search is ready; the Go heap is the "+
				"live heap marked by the latest GC (`GODEBUG=gctrace=1`).",
			fmt.Sprintf("**An hour of use**, compressed, twice over: a month of days (22 × `[`, End on each), 25 papers opened in the "+
				"reading pane (`j`), 100 searches (10 to an opening of the palette, 10 ms a character); PSS after each half. No growth "+
				"means the second half adds at most %.0f%% to the total the first half left.", 100*hourGrowthRatio),
			"**Browser mode**: `paperboy serve --no-sync` on a copy of the library, Debian's chromium headless through the e2e "+
				"suite's playwright-core, 1200×820 (`internal/perf/browser/bench.mjs`), the same queries at 30 ms a character, next to "+
				"the hello world's page loaded from its file with the same log hook, alternating.")
	}
	if o.service {
		out = append(out, fmt.Sprintf("**Service** rows: every start is a fresh child process (`perfbench child …`), medians of %d "+
			"(min–max); \"warm\" = files in the page cache, \"cold\" = after `echo 3 > /proc/sys/vm/drop_caches`. "+
			"Libraries: `corpus.Generate(1, n, 2026-05-26)`, each paper with the raw HF entry a sync stores, written through the "+
			"real store (one PutDay per day) and one start that saves the search snapshot, cached in `.cache/bench`.", o.reps))
	}
	for _, n := range r.sizes {
		if s := r.size[n]; s != nil {
			out = append(out, fmt.Sprintf("%s: the newest day holds %d cards; index after a rebuild: %s heap, %s RSS.",
				label(n), s.cards, s.heapRebuild.Format(" MB"), s.rssRebuild.Format(" MB")))
			break
		}
	}
	if len(r.search) > 0 {
		out = append(out, "Search keystroke rows: the search package's BenchmarkKeystroke (-benchtime 5x: every keystroke typed 5 times), "+
			"its p50/p99 over all keystrokes and its ratios (baseline p50 ÷ index p50) to two baselines run on the same corpus "+
			"in the same process: sahilm/fuzzy over every paper's joined fields, and one strings.Contains pass.")
	}
	if b := r.backfill; b != nil {
		out = append(out, fmt.Sprintf("backfill: %d days, %d papers in %.0f s, %.0f µs CPU per paper; Go heap after it %s MB; data dir %s MB.",
			b.Days, b.Papers, b.WallS, b.CPUUSPer, perf.Num(b.Mem.HeapInuseMB), perf.Num(b.DirMB)))
	}
	if r.searchErr != nil {
		out = append(out, "search benchmarks failed: "+firstLine(r.searchErr))
	}
	if r.windowErr != nil {
		out = append(out, "window not measured: "+firstLine(r.windowErr)+" (the full error is in the terminal's output)")
	}
	if r.browserErr != nil {
		out = append(out, "browser mode not measured: "+firstLine(r.browserErr)+" (the full error is in the terminal's output)")
	}
	return out
}

// firstLine is an error's first line: the table's notes never carry a
// log tail or a stack.
func firstLine(err error) string {
	l, _, _ := strings.Cut(err.Error(), "\n")
	return strings.TrimSuffix(l, ":")
}
