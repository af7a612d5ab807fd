// Command fakehf serves a fake Hugging Face Daily Papers API on loopback, for
// end-to-end tests, the desktop smoke test and benchmarks:
//
//	go run ./internal/hftest/fakehf --papers 300 --hostile --fixtures ../shared/fixtures/hf
//	go run ./internal/hftest/fakehf --papers 0 --real ../shared/real-hf --today 2026-08-22
//
// POST /__mode?m=down|500|html|null|garbled|429| switches failure modes
// (empty m recovers), so a test can take "Hugging Face" offline.
//
// With --fulltext, GET /papers/{id}.md serves generated Markdown for every
// paper (hftest.Markdown; the first hostile paper gets
// hftest.HostileMarkdown), and POST /__fulltext?id=ID&fault=404|429|500|slow|html|
// switches one paper's full text to a fault (empty fault recovers).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/paperboy-reader/paperboy/internal/corpus"
	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	n := flag.Int("papers", 300, "generated papers, on weekdays going back from --today")
	today := flag.String("today", time.Now().UTC().Format(time.DateOnly), "the fake's today (YYYY-MM-DD)")
	hostile := flag.Bool("hostile", false, "list the hostile corpus on the latest weekday")
	fixtures := flag.String("fixtures", "", "folder with daily_papers_YYYY-MM-DD.json files to serve on their dates")
	realDir := flag.String("real", "", "folder laid out like ../shared/real-hf (daily/D.json.gz, search/Q.json.gz) whose bodies to serve verbatim")
	urlFile := flag.String("url-file", "", "write the base URL to this file once listening")
	fullText := flag.Bool("fulltext", false, "serve generated Markdown at /papers/{id}.md for every paper")
	flag.Parse()

	day, err := time.Parse(time.DateOnly, *today)
	if err != nil {
		log.Fatalf("fakehf: --today: %v", err)
	}
	f := hftest.New()
	f.Today = func() time.Time { return day }
	ps := corpus.Generate(1, *n, day)
	f.AddPapers(ps...)
	if *hostile && len(ps) > 0 {
		hs := hftest.Hostile(ps[0].Day)
		f.AddPapers(hs...)
		if *fullText {
			f.SetFullText(hs[0].ID, hftest.HostileMarkdown(hs[0].Title))
		}
	}
	f.GenerateFullTexts = *fullText
	if *fixtures != "" {
		files, _ := filepath.Glob(filepath.Join(*fixtures, "daily_papers_*.json"))
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				log.Fatal(err)
			}
			var entries []json.RawMessage
			if err := json.Unmarshal(b, &entries); err != nil {
				log.Fatalf("fakehf: %s: %v", file, err)
			}
			date := filepath.Base(file)[len("daily_papers_") : len("daily_papers_")+10]
			if paper.ValidDate(date) {
				f.AddEntries(date, entries...)
			}
		}
	}
	if *realDir != "" {
		if err := f.AddDir(*realDir); err != nil {
			log.Fatalf("fakehf: --real: %v", err)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /__mode", func(w http.ResponseWriter, r *http.Request) {
		f.SetMode(r.URL.Query().Get("m"))
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("POST /__fulltext", func(w http.ResponseWriter, r *http.Request) {
		f.SetFullTextFault(r.URL.Query().Get("id"), r.URL.Query().Get("fault"))
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("/", f)
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(url), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("fakehf listening on %s (%d papers, today %s)\n", url, *n, *today)
	log.Fatal(http.Serve(ln, mux))
}
