package perf

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
	"github.com/paperboy-reader/paperboy/internal/store"
)

// Start is what one launch of the app costs, measured in the process that
// launches: the work the window waits for (open the store, load the newest
// day's cards) and then the search index loading in the background.
type StartResult struct {
	OpenMS    float64 `json:"openMs"`    // app.Open: Badger open, schema check
	DayMS     float64 `json:"dayMs"`     // Papers.Day("", "upvotes"): the newest day's cards
	Cards     int     `json:"cards"`     // cards that day holds
	IndexMS   float64 `json:"indexMs"`   // LoadIndex until ready
	IndexFrom string  `json:"indexFrom"` // "snapshot" or "store"
	Papers    int     `json:"papers"`    // papers in the loaded index
	Mem       Mem     `json:"mem"`       // after start-up and a GC
}

// Mem is the memory of the measuring process.
type Mem struct {
	HeapInuseMB float64 `json:"heapInuseMb"`
	HeapAllocMB float64 `json:"heapAllocMb"`
	GoSysMB     float64 `json:"goSysMb"` // everything the Go runtime got from the OS
	RSSMB       float64 `json:"rssMb"`   // VmRSS
	HWMMB       float64 `json:"hwmMb"`   // VmHWM, the peak RSS so far
}

const mb = 1 << 20

// ReadMem runs a GC and reads the Go heap and the process's RSS.
func ReadMem() Mem {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m := Mem{HeapInuseMB: float64(ms.HeapInuse) / mb, HeapAllocMB: float64(ms.HeapAlloc) / mb, GoSysMB: float64(ms.Sys) / mb}
	m.RSSMB, m.HWMMB = procStatus()
	return m
}

// procStatus reads VmRSS and VmHWM (MB) from /proc/self/status; 0 where
// there is no such file.
func procStatus() (rss, hwm float64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fs := strings.Fields(v)
		if len(fs) != 2 || fs[1] != "kB" {
			continue
		}
		n, _ := strconv.ParseFloat(fs[0], 64)
		switch k {
		case "VmRSS":
			rss = n / 1024
		case "VmHWM":
			hwm = n / 1024
		}
	}
	return rss, hwm
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// How the search index is loaded by MeasureStart.
const (
	FromSnapshot = "snapshot" // the snapshot the last run saved, nothing changed since
	FromStore    = "store"    // no snapshot: the full rebuild from the store
	// FromDelta first rewrites the newest day as a sync without an index
	// (the CLI's) does: its papers' upvotes change, so the start reads the
	// snapshot and catches up with those papers.
	FromDelta = "delta"
)

// MeasureStart opens the data directory dir as the window does and times
// each step, loading the search index as from says. FromStore removes the
// search snapshot (Close then writes a fresh one back).
func MeasureStart(dir, from string, log *slog.Logger) (StartResult, error) {
	var r StartResult
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	switch from {
	case FromStore:
		if err := os.Remove(filepath.Join(dir, "search.idx")); err != nil && !errors.Is(err, os.ErrNotExist) {
			return r, fmt.Errorf("perf: %w", err)
		}
	case FromDelta:
		if err := touchNewestDay(dir, log); err != nil {
			return r, err
		}
	}
	t0 := time.Now()
	b, err := paperboy.Open(config.Config{DataDir: dir, API: OfflineAPI}, paperboy.Options{Version: "bench", Logger: log})
	if err != nil {
		return r, err
	}
	closed := false
	defer func() {
		if !closed {
			b.Close()
		}
	}()
	t1 := time.Now()
	day, err := b.Day(context.Background(), "", paperboy.SortUpvotes)
	if err != nil {
		return r, err
	}
	t2 := time.Now()
	<-b.LoadIndex()
	t3 := time.Now()
	r.OpenMS, r.DayMS, r.IndexMS = ms(t1.Sub(t0)), ms(t2.Sub(t1)), ms(t3.Sub(t2))
	r.Cards, r.Papers = len(day.Papers), b.IndexLen()
	r.IndexFrom = from
	r.Mem = ReadMem()
	closed = true
	return r, b.Close()
}

// touchNewestDay stores the newest day again with one more upvote on every
// paper, through the store alone, as the CLI's sync would.
func touchNewestDay(dir string, log *slog.Logger) error {
	db, err := store.Open(dir, store.Options{Logger: log})
	if err != nil {
		return err
	}
	day, ok, err := db.LatestDay()
	if err == nil && !ok {
		err = errors.New("perf: no day to touch")
	}
	var ps []paper.Paper
	if err == nil {
		ps, err = db.DayPapers(day.Date)
	}
	if err == nil {
		fresh := make([]paper.Paper, len(ps))
		for i, p := range ps {
			p.Upvotes++
			fresh[i] = p
		}
		_, err = db.PutDay(day.Date, fresh, true, day.FetchedAt)
	}
	return errors.Join(err, db.Close())
}

// DayViewResult is the latency of switching to a day.
type DayViewResult struct {
	FirstMS []float64 `json:"firstMs"` // a day not shown before in this process
	AgainMS []float64 `json:"againMs"` // the same days again (store's decoded-paper cache warm)
	Cards   int       `json:"cards"`   // cards over the first pass
}

// MeasureDayViews opens dir and loads up to n days' cards spread over the
// whole archive, twice.
func MeasureDayViews(dir string, n int, log *slog.Logger) (DayViewResult, error) {
	var r DayViewResult
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b, err := paperboy.Open(config.Config{DataDir: dir, API: OfflineAPI}, paperboy.Options{Version: "bench", Logger: log})
	if err != nil {
		return r, err
	}
	closed := false
	defer func() {
		if !closed {
			b.Close()
		}
	}()
	cal, err := b.Calendar(context.Background())
	if err != nil {
		return r, err
	}
	days := cal.Days
	var dates []string
	step := max(1, len(days)/n)
	for i := 0; i < len(days) && len(dates) < n; i += step {
		if days[i].Count > 0 {
			dates = append(dates, days[i].Date)
		}
	}
	for pass := range 2 {
		for _, d := range dates {
			t0 := time.Now()
			v, err := b.Day(context.Background(), d, paperboy.SortUpvotes)
			if err != nil {
				return r, err
			}
			el := ms(time.Since(t0))
			if pass == 0 {
				r.FirstMS = append(r.FirstMS, el)
				r.Cards += len(v.Papers)
			} else {
				r.AgainMS = append(r.AgainMS, el)
			}
		}
	}
	closed = true
	return r, b.Close()
}

// SyncResult is one sync from a fake Hugging Face into an empty data directory.
type SyncResult struct {
	Days     int     `json:"days"`
	Papers   int     `json:"papers"`
	Failed   int     `json:"failed"`
	WallS    float64 `json:"wallS"`
	CPUS     float64 `json:"cpuS"` // user+system CPU of this process during the sync
	PapersPS float64 `json:"papersPerS"`
	CPUUSPer float64 `json:"cpuUsPerPaper"`
	Mem      Mem     `json:"mem"` // after the sync; HWM is the peak during it
	DirMB    float64 `json:"dirMb"`
}

// MeasureSync syncs dates from the API at url into the empty data directory
// dir with the app's own client and syncer (2 requests in flight), feeding
// the search index as the app does.
func MeasureSync(dir, url string, dates []string, log *slog.Logger) (SyncResult, error) {
	var r SyncResult
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b, err := paperboy.Open(config.Config{DataDir: dir, API: url}, paperboy.Options{Version: "bench", Logger: log})
	if err != nil {
		return r, err
	}
	closed := false
	defer func() {
		if !closed {
			b.Close()
		}
	}()
	<-b.LoadIndex()
	cpu0 := cpuTime()
	t0 := time.Now()
	rep, err := b.Sync(context.Background(), paperboy.SyncRequest{Scope: dates[len(dates)-1] + ".." + dates[0]}, nil)
	wall := time.Since(t0)
	cpu := cpuTime() - cpu0
	if err != nil {
		return r, fmt.Errorf("perf: sync: %w", err)
	}
	r.Days, r.Papers, r.Failed = len(rep.Days), rep.Papers, rep.Failed
	r.WallS, r.CPUS = wall.Seconds(), cpu.Seconds()
	if r.Papers > 0 {
		r.PapersPS = float64(r.Papers) / r.WallS
		r.CPUUSPer = float64(cpu.Microseconds()) / float64(r.Papers)
	}
	if got := b.IndexLen(); got != r.Papers {
		return r, fmt.Errorf("perf: index holds %d papers after syncing %d", got, r.Papers)
	}
	r.Mem = ReadMem()
	closed = true
	if err := b.Close(); err != nil {
		return r, err
	}
	apparent, _, err := DirSize(dir)
	r.DirMB = float64(apparent) / mb
	return r, err
}

// Dates returns n consecutive dates ending at the corpus's newest, newest first.
func Dates(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = Start.AddDate(0, 0, -i).Format(time.DateOnly)
	}
	return out
}

// Span is how many calendar days the n-paper corpus covers.
func Span(ps []paper.Paper) int {
	if len(ps) == 0 {
		return 0
	}
	oldest, _ := time.Parse(time.DateOnly, ps[len(ps)-1].Day)
	return int(Start.Sub(oldest).Hours()/24) + 1
}
