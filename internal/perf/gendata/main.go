// Command gendata writes a realistic Paperboy data directory of N generated
// papers through the real store (one PutDay per day, then one start that
// saves the search snapshot), or serves the same corpus as a fake Hugging
// Face for sync measurements:
//
//	go run ./internal/perf/gendata --papers 100000 --out /tmp/pb100k
//	go run ./internal/perf/gendata --papers 100000 --serve 127.0.0.1:8089
//	PAPERBOY_DATA_DIR=/tmp/pb100k build/bin/paperboy
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/paperboy-reader/paperboy/internal/corpus"
	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/perf"
)

func main() { os.Exit(run()) }

func run() int {
	n := flag.Int("papers", 10_000, "papers to generate")
	out := flag.String("out", "", "data directory to create (must not exist)")
	serve := flag.String("serve", "", "instead serve the corpus as a fake HF API on this loopback address")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	switch {
	case *serve != "":
		f := hftest.New()
		f.Today = func() time.Time { return perf.Start }
		ps := corpus.Generate(perf.Seed, *n, perf.Start)
		f.AddPapers(ps...)
		ln, err := net.Listen("tcp", *serve)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gendata:", err)
			return 1
		}
		fmt.Printf("serving %d papers (%s … %s) on http://%s\n", len(ps), ps[len(ps)-1].Day, ps[0].Day, ln.Addr())
		fmt.Fprintln(os.Stderr, "gendata:", http.Serve(ln, f))
		return 1
	case *out == "":
		fmt.Fprintln(os.Stderr, "gendata: --out DIR or --serve ADDR is required")
		return 2
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		fmt.Fprintf(os.Stderr, "gendata: %s exists and is not empty\n", *out)
		return 2
	}
	t0 := time.Now()
	if err := perf.Generate(*out, *n, log); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		return 1
	}
	apparent, _, _ := perf.DirSize(*out)
	fmt.Printf("wrote %d papers to %s in %s (%.0f MB)\n", *n, *out, time.Since(t0).Round(time.Millisecond), float64(apparent)/(1<<20))
	return 0
}
