package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sahilm/fuzzy"

	"github.com/paperboy-reader/paperboy/internal/corpus"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/realcorpus"
)

// The benchmarks run on generated corpora of 1k and 10k papers, and 100k
// with PAPERBOY_BENCH_100K=1 (building it takes a while).
func benchSizes() []int {
	sizes := []int{1_000, 10_000}
	if os.Getenv("PAPERBOY_BENCH_100K") == "1" {
		sizes = append(sizes, 100_000)
	}
	return sizes
}

var benchStart = time.Date(2026, 5, 26, 0, 0, 0, 0, time.UTC)

type benchData struct {
	papers []paper.Paper
	ix     *Index
	snap   []byte
	// for the baselines: each paper's fields joined, as typed and lowercased
	joined, lower []string
}

var (
	benchMu    sync.Mutex
	benchCache = map[int]*benchData{}
)

func loadBench(b *testing.B, n int) *benchData {
	benchMu.Lock()
	defer benchMu.Unlock()
	if d, ok := benchCache[n]; ok {
		return d
	}
	b.StopTimer()
	defer b.StartTimer()
	d := &benchData{papers: corpus.Generate(1, n, benchStart), ix: New()}
	d.ix.Rebuild(d.papers)
	var buf bytes.Buffer
	if err := d.ix.WriteSnapshot(&buf); err != nil {
		b.Fatal(err)
	}
	d.snap = buf.Bytes()
	for _, p := range d.papers {
		s := strings.Join([]string{p.ID, p.Title, strings.Join(p.VisibleAuthors(), ", "),
			strings.Join(p.AIKeywords, ", "), p.Organization, p.Abstract}, " | ")
		d.joined = append(d.joined, s)
		d.lower = append(d.lower, strings.ToLower(s))
	}
	benchCache[n] = d
	return d
}

// typed are queries as a user types them; every prefix is one keystroke.
var typed = map[string]string{
	"title":  "diffusion transformer",
	"author": "lucia garcia",
	"filter": "llm agents >20",
}

func prefixes(q string) []string {
	var out []string
	for i := 1; i <= len(q); i++ {
		if q[i-1] != ' ' {
			out = append(out, q[:i])
		}
	}
	return out
}

func percentile(ds []time.Duration, p float64) float64 {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := min(len(s)-1, int(p*float64(len(s))))
	return float64(s[i]) / float64(time.Millisecond)
}

// BenchmarkKeystroke measures the latency of each keystroke of typed
// queries, and of two naive baselines on the same corpus: sahilm/fuzzy's
// Find over every paper's joined fields, and one strings.Contains pass over
// the lowercased text.
func BenchmarkKeystroke(b *testing.B) {
	for _, n := range benchSizes() {
		for _, name := range []string{"title", "author", "filter"} {
			b.Run(fmt.Sprintf("n=%d/%s", n, name), func(b *testing.B) {
				d := loadBench(b, n)
				ps := prefixes(typed[name])
				var lat []time.Duration
				for b.Loop() {
					for _, q := range ps {
						t0 := time.Now()
						d.ix.Search(q, 50)
						lat = append(lat, time.Since(t0))
					}
				}
				p50, p99 := percentile(lat, 0.5), percentile(lat, 0.99)
				b.ReportMetric(p50, "p50-ms")
				b.ReportMetric(p99, "p99-ms")
				b.ReportMetric(0, "ns/op")

				// Baselines, run once per keystroke: they are slow.
				var fz, ct []time.Duration
				for _, q := range ps {
					words := ParseQuery(q).Words
					pat := strings.Join(words, " ")
					t0 := time.Now()
					fuzzy.Find(pat, d.joined)
					fz = append(fz, time.Since(t0))
					lq := strings.ToLower(pat)
					t0 = time.Now()
					hits := 0
					for _, s := range d.lower {
						if strings.Contains(s, lq) {
							hits++
						}
					}
					ct = append(ct, time.Since(t0))
				}
				b.ReportMetric(percentile(fz, 0.5), "fuzzy-p50-ms")
				b.ReportMetric(percentile(ct, 0.5), "contains-p50-ms")
				b.ReportMetric(percentile(fz, 0.5)/p50, "x-faster-than-fuzzy")
				b.ReportMetric(percentile(ct, 0.5)/p50, "x-faster-than-contains")
			})
		}
	}
}

// BenchmarkRebuild measures a full build, and the heap the index holds.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			d := loadBench(b, n)
			var ix *Index
			cpu0 := cpuTime()
			for b.Loop() {
				ix = New()
				ix.Rebuild(d.papers)
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms")
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms")
			runtime.KeepAlive(ix)
		})
	}
}

// BenchmarkMemory reports the heap an index of n papers holds.
func BenchmarkMemory(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			d := loadBench(b, n)
			var mb float64
			for b.Loop() {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				ix := New()
				ix.Rebuild(d.papers)
				runtime.GC()
				runtime.ReadMemStats(&after)
				mb = float64(int64(after.HeapInuse)-int64(before.HeapInuse)) / (1 << 20)
				runtime.KeepAlive(ix)
			}
			b.ReportMetric(mb, "MB")
			b.ReportMetric(float64(len(d.snap))/(1<<20), "snapshot-MB")
		})
	}
}

// BenchmarkSnapshotLoad measures ReadSnapshot, the launch path.
func BenchmarkSnapshotLoad(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			d := loadBench(b, n)
			for b.Loop() {
				ix := New()
				if err := ix.ReadSnapshot(bytes.NewReader(d.snap)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms")
		})
	}
}

// BenchmarkUpsert60 measures adding a day's worth of papers (60) to an
// index of n papers.
func BenchmarkUpsert60(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			d := loadBench(b, n)
			ix := New()
			if err := ix.ReadSnapshot(bytes.NewReader(d.snap)); err != nil {
				b.Fatal(err)
			}
			day := slices.Clone(d.papers[:60])
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				for j := range day {
					day[j].Title = fmt.Sprintf("%s v%d", d.papers[j].Title, i)
				}
				b.StartTimer()
				ix.Upsert(day...)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms")
		})
	}
}

var indexerPapers = sync.OnceValue(func() []paper.Paper {
	return corpus.Generate(1, 20_000, time.Date(2026, 5, 26, 0, 0, 0, 0, time.UTC))
})

// BenchmarkIndexer measures one indexer, on one goroutine, turning 20k
// papers into postings: the work the build spreads over its workers. Its
// throughput is per byte of abstract.
func BenchmarkIndexer(b *testing.B) {
	ps := indexerPapers()
	n := 0
	for i := range ps {
		n += len(ps[i].Abstract)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		x := newIndexer(len(ps))
		for i := range ps {
			x.add(&ps[i], uint32(i))
		}
	}
}

var realPapers = sync.OnceValues(func() ([]paper.Paper, error) {
	dir, err := realcorpus.Find()
	if err != nil {
		return nil, err
	}
	days, err := realcorpus.Days(dir)
	if err != nil {
		return nil, err
	}
	var ps []paper.Paper
	for _, d := range days {
		b, err := realcorpus.ReadDay(dir, d)
		if err != nil {
			return nil, err
		}
		var es []hfEntry
		if err := json.Unmarshal(b, &es); err != nil {
			return nil, err
		}
		for _, e := range es {
			ps = append(ps, e.toPaper(d))
		}
	}
	return ps, nil
})

// BenchmarkRebuildReal builds the index of the real corpus (9.6k papers,
// 6% of abstracts with TeX), when ../shared/real-hf is there.
func BenchmarkRebuildReal(b *testing.B) {
	ps, err := realPapers()
	if err != nil {
		b.Skip(err)
	}
	cpu0 := cpuTime()
	for b.Loop() {
		ix := New()
		ix.Rebuild(ps)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms")
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms")
}
