// Command perfbench measures Paperboy with 1k, 10k and 100k cached papers and
// prints one table (scripts/bench.sh runs it for `make bench`):
//
//	go run ./internal/perf/perfbench --sizes 1000,10000,100000 --md BENCHMARKS.md
//
// Every measurement of the app runs in a fresh child process (this binary
// with "child ..."), so start-up, memory and CPU time are a real launch's.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/perf"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == "child" {
		os.Exit(child(os.Args[2], os.Args[3:]))
	}
	os.Exit(run(os.Args[1:]))
}

// child runs one measurement and prints its result as JSON on stdout.
func child(mode string, args []string) int {
	fl := flag.NewFlagSet("child "+mode, flag.ContinueOnError)
	dir := fl.String("dir", "", "data directory")
	from := fl.String("from", perf.FromSnapshot, "start: load the index from snapshot, store or delta")
	url := fl.String("url", "", "sync: fake HF base URL")
	days := fl.Int("days", 1000, "sync: dates to sync; days: days to view")
	reps := fl.Int("reps", 3, "query: times to type the queries")
	limit := fl.Int("limit", perf.PaletteLimit, "query: results per keystroke")
	cpuprofile := fl.String("cpuprofile", "", "write a CPU profile of the measurement")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "perfbench:", err)
			return 1
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var (
		res any
		err error
	)
	switch mode {
	case "start":
		res, err = perf.MeasureStart(*dir, *from, log)
	case "days":
		res, err = perf.MeasureDayViews(*dir, *days, log)
	case "sync":
		res, err = perf.MeasureSync(*dir, *url, perf.Dates(*days), log)
	case "query":
		res, err = perf.MeasureQuery(*dir, *reps, *limit, log)
	default:
		err = fmt.Errorf("unknown child mode %q", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "perfbench:", err)
		return 1
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, "perfbench:", err)
		return 1
	}
	return 0
}

// runChild runs this binary in child mode and decodes its JSON into out.
func runChild(out any, mode string, args ...string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self, append([]string{"child", mode}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("child %s %s: %w: %s", mode, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return json.Unmarshal(stdout.Bytes(), out)
}

type opts struct {
	sizes      []int
	reps       int
	cache      string
	bin        string
	hello      string
	windowAt   []int
	windowReps int
	hour       bool
	browser    string
	service    bool
	syncDays   int
	backfill   bool
	cold       bool
	search     bool
	md         string
	profile    string
	searchPkg  string
}

func run(args []string) int {
	fl := flag.NewFlagSet("perfbench", flag.ContinueOnError)
	var o opts
	sizes := fl.String("sizes", "1000,10000,100000", "cached papers, comma-separated")
	fl.IntVar(&o.reps, "reps", 5, "repetitions of each measurement")
	fl.StringVar(&o.cache, "cache", ".cache/bench", "where generated data directories are kept")
	fl.StringVar(&o.bin, "bin", "build/bin/paperboy", "desktop binary for the window measurements (\"\" skips them)")
	fl.StringVar(&o.hello, "hello", ".cache/bench/hellowindow", "the hello-world window (internal/perf/hellowindow), the baseline")
	windowAt := fl.String("window-sizes", "10000,100000", "library sizes to launch the window with")
	fl.IntVar(&o.windowReps, "window-reps", 3, "launches of each window (alternating with the hello world)")
	fl.BoolVar(&o.hour, "hour", true, "an hour of use compressed in time, in the window at the largest size")
	fl.StringVar(&o.browser, "browser", "e2e", "measure the browser mode with chromium through this folder's playwright-core (\"\" skips it)")
	fl.BoolVar(&o.service, "service", true, "measure the service in child processes (start-up, day views, sync, search benchmarks)")
	fl.IntVar(&o.syncDays, "sync-days", 1000, "dates per sync measurement (0 skips sync)")
	fl.BoolVar(&o.backfill, "backfill", true, "measure the peak RSS of a backfill of the largest size")
	fl.BoolVar(&o.cold, "cold", true, "also measure start-up with the page cache dropped (needs root)")
	fl.BoolVar(&o.search, "search", true, "run the search package's keystroke benchmarks")
	fl.StringVar(&o.searchPkg, "search-pkg", "./internal/search", "package with BenchmarkKeystroke")
	fl.StringVar(&o.md, "md", "", "write the table into this Markdown file (between the perf markers)")
	fl.StringVar(&o.profile, "profile", "", "write CPU profiles of one run of each child here")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "perfbench: bad size %q\n", s)
			return 2
		}
		o.sizes = append(o.sizes, n)
	}
	for _, s := range strings.Split(*windowAt, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
			o.windowAt = append(o.windowAt, n)
		}
	}
	if err := bench(o); err != nil {
		fmt.Fprintln(os.Stderr, "perfbench:", err)
		return 1
	}
	return 0
}

func progress(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, a...)...)
}

func bench(o opts) error {
	started := time.Now()
	machine := perf.Machine()
	progress("machine: %s", machine)
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if o.profile != "" {
		if err := os.MkdirAll(o.profile, 0o755); err != nil {
			return err
		}
	}
	r := &results{sizes: o.sizes, size: map[int]*sizeResult{}, e2e: map[int]*e2eResult{}}
	largest := o.sizes[len(o.sizes)-1]
	dirs := map[int]string{}
	for _, n := range o.sizes {
		t0 := time.Now()
		dir, gen, err := perf.DataDir(o.cache, n, log)
		if err != nil {
			return err
		}
		if gen {
			progress("generated %d papers in %s (%s)", n, time.Since(t0).Round(time.Second), dir)
		}
		dirs[n] = dir
	}
	if o.bin != "" && (o.windowReps > 0 || o.hour) {
		if err := windowBench(o, r, dirs); err != nil {
			progress("window: %v", err)
			r.windowErr = err
		}
	}
	if o.browser != "" && o.bin != "" && o.windowReps > 0 {
		if err := browserBench(o, r, dirs); err != nil {
			progress("browser: %v", err)
			r.browserErr = err
		}
	}
	if !o.service {
		return report(o, r, started, machine)
	}
	for _, n := range o.sizes {
		s, err := measureSize(o, dirs[n], n)
		if err != nil {
			return fmt.Errorf("%d papers: %w", n, err)
		}
		r.size[n] = s
	}
	if o.syncDays > 0 {
		if err := measureSync(o, r, largest); err != nil {
			return err
		}
	}
	if o.search {
		progress("search: go test -bench BenchmarkKeystroke %s", o.searchPkg)
		var err error
		if r.search, err = perf.RunSearchBench(o.searchPkg, largest >= 100_000, 1); err != nil {
			progress("search: %v", err)
			r.searchErr = err
		}
	}
	return report(o, r, started, machine)
}

func report(o opts, r *results, started time.Time, machine string) error {
	t := r.table(o)
	fmt.Println()
	fmt.Print(t.Text())
	notes := r.notes(o)
	for _, n := range notes {
		fmt.Println("  " + n)
	}
	took := time.Since(started).Round(time.Second)
	fmt.Printf("\n%s; %s; took %s\n", machine, perf.Load(), took)
	if o.md != "" {
		if err := writeMarkdown(o.md, t, notes, machine, took); err != nil {
			return err
		}
		progress("wrote %s", o.md)
	}
	return nil
}

type sizeResult struct {
	open, day, ready, openCold, dayCold, readyCold, index, indexCold, rebuild, delta perf.Dist
	heap, rss, rssRebuild, heapRebuild, dayFirst, dayAgain, dirApparent, dirOnDisk   perf.Dist
	query                                                                            perf.Dist
	cards, n                                                                         int
}

func measureSize(o opts, dir string, n int) (*sizeResult, error) {
	s := &sizeResult{n: n}
	var warm perf.StartResult
	if err := runChild(&warm, "start", "--dir", dir); err != nil { // warms the page cache
		return nil, err
	}
	profile := func(name string) []string {
		if o.profile == "" {
			return nil
		}
		return []string{"--cpuprofile", filepath.Join(o.profile, fmt.Sprintf("%s-%d.prof", name, n))}
	}
	progress("%d papers: %d warm starts", n, o.reps)
	for i := range o.reps {
		var st perf.StartResult
		args := []string{"--dir", dir}
		if i == 0 {
			args = append(args, profile("start")...)
		}
		if err := runChild(&st, "start", args...); err != nil {
			return nil, err
		}
		if st.IndexFrom != "snapshot" || st.Papers != n {
			return nil, fmt.Errorf("index from %s with %d papers, want the snapshot with %d", st.IndexFrom, st.Papers, n)
		}
		s.open = append(s.open, st.OpenMS)
		s.day = append(s.day, st.OpenMS+st.DayMS)
		s.index = append(s.index, st.IndexMS)
		s.ready = append(s.ready, st.OpenMS+st.DayMS+st.IndexMS)
		s.heap = append(s.heap, st.Mem.HeapInuseMB)
		s.rss = append(s.rss, st.Mem.RSSMB)
		s.cards = st.Cards
	}
	progress("%d papers: %d starts rebuilding the index from the store", n, o.reps)
	for i := range o.reps {
		var st perf.StartResult
		args := []string{"--dir", dir, "--from", perf.FromStore}
		if i == 0 {
			args = append(args, profile("rebuild")...)
		}
		if err := runChild(&st, "start", args...); err != nil {
			return nil, err
		}
		if st.Papers != n {
			return nil, fmt.Errorf("rebuilt index holds %d papers, want %d", st.Papers, n)
		}
		s.rebuild = append(s.rebuild, st.IndexMS)
		s.heapRebuild = append(s.heapRebuild, st.Mem.HeapInuseMB)
		s.rssRebuild = append(s.rssRebuild, st.Mem.RSSMB)
	}
	progress("%d papers: %d starts catching up with a day re-synced without the index", n, o.reps)
	for range o.reps {
		var st perf.StartResult
		if err := runChild(&st, "start", "--dir", dir, "--from", perf.FromDelta); err != nil {
			return nil, err
		}
		if st.Papers != n {
			return nil, fmt.Errorf("caught-up index holds %d papers, want %d", st.Papers, n)
		}
		s.delta = append(s.delta, st.IndexMS)
	}
	if o.cold {
		progress("%d papers: %d cold starts (page cache dropped)", n, o.reps)
		for range o.reps {
			if err := perf.DropCaches(); err != nil {
				progress("cold start skipped: %v", err)
				break
			}
			var st perf.StartResult
			if err := runChild(&st, "start", "--dir", dir); err != nil {
				return nil, err
			}
			s.openCold = append(s.openCold, st.OpenMS)
			s.dayCold = append(s.dayCold, st.OpenMS+st.DayMS)
			s.indexCold = append(s.indexCold, st.IndexMS)
			s.readyCold = append(s.readyCold, st.OpenMS+st.DayMS+st.IndexMS)
		}
	}
	progress("%d papers: day views", n)
	var dv perf.DayViewResult
	if err := runChild(&dv, "days", "--dir", dir, "--days", "40"); err != nil {
		return nil, err
	}
	s.dayFirst, s.dayAgain = dv.FirstMS, dv.AgainMS
	progress("%d papers: typing the queries through the service's Query", n)
	var q perf.QueryResult
	if err := runChild(&q, "query", append([]string{"--dir", dir, "--reps", "3"}, profile("query")...)...); err != nil {
		return nil, err
	}
	s.query = q.MS
	apparent, onDisk, err := perf.DirSize(dir)
	if err != nil {
		return nil, err
	}
	s.dirApparent = perf.Dist{float64(apparent) / (1 << 20)}
	s.dirOnDisk = perf.Dist{float64(onDisk) / (1 << 20)}
	return s, nil
}

func measureSync(o opts, r *results, largest int) error {
	ps, err := perf.Corpus(max(largest, 50_000))
	if err != nil {
		return err
	}
	srv, err := perf.ServeFake(ps)
	if err != nil {
		return err
	}
	defer srv.Close()
	tmp := filepath.Join(o.cache, "tmp")
	syncOnce := func(days int, prof []string) (perf.SyncResult, error) {
		var res perf.SyncResult
		if err := os.RemoveAll(tmp); err != nil {
			return res, err
		}
		defer os.RemoveAll(tmp)
		args := append([]string{"--dir", tmp, "--url", srv.URL, "--days", strconv.Itoa(days)}, prof...)
		err := runChild(&res, "sync", args...)
		if err == nil && res.Failed > 0 {
			err = fmt.Errorf("sync: %d of %d days failed", res.Failed, res.Days)
		}
		return res, err
	}
	progress("sync: %d syncs of %d days from a local fake HF", o.reps, o.syncDays)
	for i := range o.reps {
		var prof []string
		if i == 0 && o.profile != "" {
			prof = []string{"--cpuprofile", filepath.Join(o.profile, "sync.prof")}
		}
		res, err := syncOnce(o.syncDays, prof)
		if err != nil {
			return err
		}
		r.syncPapers = res.Papers
		r.syncRate = append(r.syncRate, res.PapersPS)
		r.syncCPU = append(r.syncCPU, res.CPUUSPer)
		r.syncHWM = append(r.syncHWM, res.Mem.HWMMB)
	}
	if o.backfill {
		days := perf.Span(ps[:largest])
		progress("backfill: %d papers (%d days) into an empty data directory", largest, days)
		res, err := syncOnce(days, nil)
		if err != nil {
			return err
		}
		r.backfill = &res
	}
	return nil
}

func writeMarkdown(path string, t perf.Table, notes []string, machine string, took time.Duration) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Latest `make bench`, %s, on %s; %s; took %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		machine, perf.Load(), took)
	b.WriteString(t.Markdown())
	if len(notes) > 0 {
		b.WriteString("\n")
		for _, n := range notes {
			b.WriteString("- " + n + "\n")
		}
	}
	doc := perf.ReplaceGenerated(string(old), "## Latest figures", b.String())
	return os.WriteFile(path, []byte(doc), 0o644)
}
