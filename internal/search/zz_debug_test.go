package search

import (
	"fmt"
	"github.com/paperboy-reader/paperboy/internal/corpus"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"testing"
	"time"
)

func TestDebugLatency(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	b := &testing.B{}
	d := loadBench(b, 100_000)
	fmt.Println("short toks", len(d.ix.cur.Load().short.toks), "abs toks", len(d.ix.cur.Load().abs.toks))
	for _, name := range []string{"title", "author", "filter"} {
		for _, q := range prefixes(typed[name]) {
			best := time.Hour
			var n int
			runtime.LockOSThread()
			for range 7 {
				t0 := time.Now()
				n = len(d.ix.Search(q, 50))
				best = min(best, time.Since(t0))
			}
			runtime.UnlockOSThread()
			sc := getScratch(len(d.ix.cur.Load().docs))
			ts := buildTerms(ParseQuery(q))
			cands := len(d.ix.cur.Load().match(ts, sc))
			var exp, cost int
			for _, t := range ts {
				exp += len(t.exp) + len(t.absExp)
				cost += int(t.cost)
			}
			sc.release()
			fmt.Printf("%-25q %8.2fms results=%d cands=%d exps=%d postings=%d\n", q, float64(best)/1e6, n, cands, exp, cost)
		}
	}
}

func BenchmarkDebugQuery(b *testing.B) {
	d := loadBench(b, 100_000)
	q := os.Getenv("Q")
	for b.Loop() {
		d.ix.Search(q, 50)
	}
}

func threadCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(1, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func procCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(0, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestDebugBuild(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	ps := corpus.Generate(1, 100_000, benchStart)
	runtime.GC()
	for range 2 {
		c0, w0 := procCPU(), time.Now()
		ix := New()
		ix.Rebuild(ps)
		fmt.Printf("rebuild: cpu %v wall %v\n", procCPU()-c0, time.Since(w0))
		runtime.GC()
	}
	c0, w0 := procCPU(), time.Now()
	x := newIndexer()
	for i := range ps {
		x.sc.scan(ps[i].Abstract)
	}
	fmt.Printf("scan abstracts only: cpu %v wall %v\n", procCPU()-c0, time.Since(w0))
	c0, w0 = procCPU(), time.Now()
	pf, _ := os.Create("/tmp/ix2.prof")
	pprof.StartCPUProfile(pf)
	for i := range ps {
		x.add(&ps[i], uint32(i))
	}
	pprof.StopCPUProfile()
	fmt.Printf("indexer single: cpu %v wall %v\n", procCPU()-c0, time.Since(w0))
}

func BenchmarkDebugIndexer(b *testing.B) {
	ps := corpus.Generate(1, 20_000, benchStart)
	for b.Loop() {
		x := newIndexer()
		for i := range ps {
			x.add(&ps[i], uint32(i))
		}
	}
}
