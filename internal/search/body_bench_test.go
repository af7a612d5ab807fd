package search

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/corpus"
	"github.com/paperboy-reader/paperboy/internal/hftest"
)

// fullTexts is the generated Markdown of the first 1k papers of the corpus
// of n papers (hftest.Markdown: 50–150 KB each, ~100 MB in all).
var fullTexts = sync.OnceValue(func() []Body {
	ps := corpus.Generate(1, 1_000, benchStart) // the first 1k of every bench corpus
	out := make([]Body, len(ps))
	for i, p := range ps {
		out[i] = Body{ID: p.ID, Markdown: hftest.Markdown(p)}
	}
	return out
})

// BenchmarkFullTextBuild measures indexing 1k full texts into an index of
// n papers: wall and CPU time, and the heap the bodies add.
func BenchmarkFullTextBuild(b *testing.B) {
	bodies := fullTexts()
	mb := 0
	for _, body := range bodies {
		mb += len(body.Markdown)
	}
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("n=%d/texts=%d", n, len(bodies)), func(b *testing.B) {
			d := loadBench(b, n)
			var heap float64
			cpu0 := cpuTime()
			for b.Loop() {
				b.StopTimer()
				ix := New()
				ix.Rebuild(d.papers)
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				b.StartTimer()
				ix.SetBodies(bodies...)
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&after)
				heap = float64(int64(after.HeapInuse)-int64(before.HeapInuse)) / (1 << 20)
				runtime.KeepAlive(ix)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms")
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms")
			b.ReportMetric(heap, "body-heap-MB")
			b.ReportMetric(float64(mb)/(1<<20), "markdown-MB")
		})
	}
}

// BenchmarkFullTextKeystroke is BenchmarkKeystroke over an index of n
// papers without full texts and with 1k of them, in the same run, plus a
// query asking for the full text (in:text).
func BenchmarkFullTextKeystroke(b *testing.B) {
	queries := map[string]string{"title": typed["title"], "author": typed["author"], "filter": typed["filter"],
		"in-text": "in:text attention calibration"}
	for _, n := range benchSizes() {
		d := loadBench(b, n)
		with := New()
		with.Rebuild(d.papers)
		with.SetBodies(fullTexts()...)
		for _, name := range []string{"title", "author", "filter", "in-text"} {
			for _, ix := range []struct {
				name string
				ix   *Index
			}{{"without", d.ix}, {"with", with}} {
				if name == "in-text" && ix.name == "without" {
					continue
				}
				b.Run(fmt.Sprintf("n=%d/%s/%s-texts", n, name, ix.name), func(b *testing.B) {
					ps := prefixes(queries[name])
					var lat []time.Duration
					for b.Loop() {
						for _, q := range ps {
							t0 := time.Now()
							ix.ix.Search(q, 50)
							lat = append(lat, time.Since(t0))
						}
					}
					b.ReportMetric(percentile(lat, 0.5), "p50-ms")
					b.ReportMetric(percentile(lat, 0.99), "p99-ms")
					b.ReportMetric(0, "ns/op")
				})
			}
		}
	}
}

// BenchmarkBodySnippet measures a snippet of a full text: BodyText, then
// the passage around the first match.
func BenchmarkBodySnippet(b *testing.B) {
	body := fullTexts()[0]
	for _, where := range []string{"early", "late"} {
		b.Run(where, func(b *testing.B) {
			term := "attention"
			if where == "late" {
				term = "arxiv" // the references, at the end
			}
			for b.Loop() {
				BodySnippet(BodyText(body.Markdown), []string{term}, 180)
			}
		})
	}
}

// BenchmarkFullTextSnapshot measures reading a snapshot of n papers
// without full texts and with 1k, and reports their sizes.
func BenchmarkFullTextSnapshot(b *testing.B) {
	for _, n := range benchSizes() {
		d := loadBench(b, n)
		with := New()
		with.Rebuild(d.papers)
		with.SetBodies(fullTexts()...)
		var buf bytes.Buffer
		if err := with.WriteSnapshot(&buf); err != nil {
			b.Fatal(err)
		}
		for _, snap := range []struct {
			name string
			b    []byte
		}{{"without", d.snap}, {"with", buf.Bytes()}} {
			b.Run(fmt.Sprintf("n=%d/%s-texts", n, snap.name), func(b *testing.B) {
				for b.Loop() {
					if err := New().ReadSnapshot(bytes.NewReader(snap.b)); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms")
				b.ReportMetric(float64(len(snap.b))/(1<<20), "snapshot-MB")
			})
		}
	}
}

// BenchmarkFullTextAdd measures indexing one more full text into an index
// holding 1k (what a fetch costs).
func BenchmarkFullTextAdd(b *testing.B) {
	d := loadBench(b, 10_000)
	ix := New()
	ix.Rebuild(d.papers)
	bodies := fullTexts()
	ix.SetBodies(bodies[1:]...)
	for b.Loop() {
		ix.SetBodies(bodies[0])
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms")
}
