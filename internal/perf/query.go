package perf

import (
	"context"
	"log/slog"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
)

// Queries are what the keystroke measurements type, a character at a time:
// words, names, filters and ids a reader of the generated corpus would
// search for.
var Queries = []string{
	"diffusion transformer",
	"lucia garcia",
	"llm agents >20",
	"speculative decoding",
	"mixture-of-experts routing",
	"author:zhang video generation",
	"chain-of-thought reasoning",
	"text-to-image date:2026-05",
	"tsinghua university",
	"efficient quantization saved",
}

// PaletteLimit is how many results the palette asks for per keystroke
// (frontend/src/stores/search.svelte.ts).
const PaletteLimit = 8

// Prefixes is every prefix of every query, in typing order.
func Prefixes(queries []string) []string {
	var out []string
	for _, q := range queries {
		for i := 1; i <= len(q); i++ {
			out = append(out, q[:i])
		}
	}
	return out
}

// QueryResult is the latency of the service's Query for every keystroke,
// the whole answer the palette waits for (index, papers, highlights).
type QueryResult struct {
	MS   []float64 `json:"ms"`
	Hits int       `json:"hits"` // hits returned over all keystrokes
}

// MeasureQuery opens dir, loads the index and types the queries reps
// times through Service.Query with the palette's limit.
func MeasureQuery(dir string, reps, limit int, log *slog.Logger) (QueryResult, error) {
	var r QueryResult
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b, err := paperboy.Open(config.Config{DataDir: dir, API: OfflineAPI}, paperboy.Options{Version: "bench", Logger: log})
	if err != nil {
		return r, err
	}
	defer b.Close()
	<-b.LoadIndex()
	ctx := context.Background()
	keys := Prefixes(Queries)
	for range reps {
		for _, q := range keys {
			t0 := time.Now()
			page, err := b.Query(ctx, q, limit)
			if err != nil {
				return r, err
			}
			r.MS = append(r.MS, ms(time.Since(t0)))
			r.Hits += len(page.Hits)
		}
	}
	return r, nil
}
