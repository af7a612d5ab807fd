package store

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

var benchPapers = flag.Int("bench-papers", 10_000, "papers in BenchmarkOpen's prefilled store (try 100000)")

const benchPerDay = 50

// benchDay returns day i of a synthetic archive: 50 new papers.
func benchDay(pool []paper.Paper, i int) (string, []paper.Paper) {
	first := time.Date(2023, 5, 4, 0, 0, 0, 0, time.UTC)
	ps := make([]paper.Paper, len(pool))
	for j := range pool {
		ps[j] = pool[j]
		ps[j].ID = fmt.Sprintf("%02d%02d.%05d", 23+i/365, 1+i%12, j+benchPerDay*(i%1000))
		ps[j].Upvotes = (i*31 + j*17) % 200
	}
	return first.AddDate(0, 0, i).Format(time.DateOnly), ps
}

// benchPool is a day's worth of real papers (the samples, cycled). The
// 533-author Llama 3 paper (50 KB) is left out: it is one of 21 samples but
// far rarer than one in 21 papers, and it alone would double the timings.
func benchPool(tb testing.TB) []paper.Paper {
	real := slices.DeleteFunc(realPapers(tb), func(p paper.Paper) bool { return len(p.Authors) > 100 })
	pool := make([]paper.Paper, benchPerDay)
	for j := range pool {
		pool[j] = real[j%len(real)]
	}
	return pool
}

func fill(tb testing.TB, db *DB, days int) string {
	pool := benchPool(tb)
	var last string
	for i := range days {
		date, ps := benchDay(pool, i)
		if _, err := db.PutDay(date, ps, true, time.Now()); err != nil {
			tb.Fatal(err)
		}
		last = date
	}
	return last
}

func BenchmarkPutDay(b *testing.B) {
	db := mustOpen(b)
	pool := benchPool(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		date, ps := benchDay(pool, i)
		if _, err := db.PutDay(date, ps, true, time.Now()); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(i*benchPerDay)/b.Elapsed().Seconds(), "papers/s")
}

// formats are the stored forms of papers benchmarks compare in one run:
// v2 (zstd + JSON, as schema v2 wrote them) and the current one.
var formats = []string{"v2", "v3"}

// fillFormat fills db with days of papers stored in format.
func fillFormat(tb testing.TB, db *DB, days int, format string) string {
	last := fill(tb, db, days)
	if format == "v2" {
		rewriteV2(tb, db)
	}
	return last
}

func BenchmarkDecodePaper(b *testing.B) {
	pool := benchPool(b)
	for _, format := range formats {
		vals := make([][]byte, len(pool))
		for i, p := range pool {
			vals[i], _ = encodePaper(p)
			if format == "v2" {
				vals[i] = encodePaperV2(p)
			}
		}
		b.Run("format="+format, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if _, err := decodePaper(vals[n%len(vals)]); err != nil {
					b.Fatal(err)
				}
				n++
			}
		})
	}
}

func BenchmarkDayPapers(b *testing.B) {
	for _, format := range formats {
		db := mustOpen(b)
		last := fillFormat(b, db, 20, format)
		for _, cold := range []bool{true, false} {
			b.Run(fmt.Sprintf("format=%s/%s", format, map[bool]string{true: "cold", false: "cached"}[cold]), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if cold {
						db.pc.invalidate(nil)
					}
					ps, err := db.DayPapers(last)
					if err != nil || len(ps) != benchPerDay {
						b.Fatalf("DayPapers() = %d papers, %v", len(ps), err)
					}
				}
			})
		}
	}
}

// BenchmarkMigrateV2 converts a store of -bench-papers v2 papers.
func BenchmarkMigrateV2(b *testing.B) {
	db := mustOpenDir(b, b.TempDir(), Options{})
	days := *benchPapers / benchPerDay
	fill(b, db, days)
	b.Run(fmt.Sprintf("papers=%d", *benchPapers), func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			rewriteV2(b, db)
			b.StartTimer()
			if err := db.migrateV2(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N**benchPapers)/b.Elapsed().Seconds(), "papers/s")
	})
}

// BenchmarkOpen measures a cold start: open a prefilled store, find the
// newest day and read its cards.
func BenchmarkOpen(b *testing.B) {
	dir := b.TempDir()
	db := mustOpenDir(b, dir, Options{})
	days := *benchPapers / benchPerDay
	start := time.Now()
	fill(b, db, days)
	fillTime := time.Since(start)
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	lsm, vlog := dirBytes(filepath.Join(dir, "db"))
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.Logf("%d papers: filled in %v (%.0f papers/s); LSM %s, value log %s (%.0f B/paper); Go heap in use %s",
		*benchPapers, fillTime.Round(time.Millisecond), float64(*benchPapers)/fillTime.Seconds(),
		formatBytes(uint64(lsm)), formatBytes(uint64(vlog)), float64(lsm+vlog)/float64(*benchPapers),
		formatBytes(ms.HeapInuse))

	b.Logf("data dir on disk (du): %s", diskUsage(b, dir))
	b.Logf("process memory after filling: %s", procMem())
	db = mustOpenDir(b, dir, Options{})
	if d, ok, _ := db.LatestDay(); ok {
		db.DayPapers(d.Date)
	}
	runtime.GC()
	b.Logf("process memory with the store reopened and a day read: %s", procMem())
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}

	b.Run(fmt.Sprintf("papers=%d", *benchPapers), func(b *testing.B) {
		for b.Loop() {
			db, err := Open(dir, Options{MinFreeBytes: 1 << 20})
			if err != nil {
				b.Fatal(err)
			}
			d, ok, err := db.LatestDay()
			if err != nil || !ok {
				b.Fatalf("LatestDay() = %v, %v", ok, err)
			}
			if ps, err := db.DayPapers(d.Date); err != nil || len(ps) != benchPerDay {
				b.Fatalf("DayPapers() = %d, %v", len(ps), err)
			}
			b.StopTimer()
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
}

// procMem reports the resident set (now and peak) from /proc, or "" off Linux.
func procMem() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") || strings.HasPrefix(line, "VmHWM:") || strings.HasPrefix(line, "RssAnon:") || strings.HasPrefix(line, "RssFile:") {
			out = append(out, strings.Join(strings.Fields(line), " "))
		}
	}
	return strings.Join(out, ", ")
}

// BenchmarkForEachPaper is the search index rebuild at startup.
func BenchmarkForEachPaper(b *testing.B) {
	for _, format := range formats {
		db := mustOpen(b)
		fillFormat(b, db, 40, format)
		b.Run("format="+format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				if err := db.ForEachPaper(func(paper.Paper) error { n++; return nil }); err != nil || n != 40*benchPerDay {
					b.Fatalf("ForEachPaper() saw %d papers, %v", n, err)
				}
			}
			b.ReportMetric(float64(b.N*40*benchPerDay)/b.Elapsed().Seconds(), "papers/s")
		})
	}
}
