// Package perf measures Paperboy at scale: it writes realistic data
// directories of N papers through the real store, runs the app's start-up,
// day view, search, sync and memory paths against them, and prints one table
// of medians with their spread. `make bench` drives it (scripts/bench.sh).
package perf

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/corpus"
	"github.com/paperboy-reader/paperboy/internal/hf"
	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
	"github.com/paperboy-reader/paperboy/internal/store"
)

// CorpusVersion names the generated data: bump it whenever the corpus, the
// way papers are written or the store layout changes, so cached data
// directories under .cache/bench are regenerated instead of reused.
const CorpusVersion = "c2" // c2: store schema v3 (binary paper records)

// Seed and Start fix the generated corpus; fakehf serves the same one with
// --papers N --today 2026-05-26.
const Seed = 1

// Start is the newest Daily Papers date of the generated corpus.
var Start = time.Date(2026, 5, 26, 0, 0, 0, 0, time.UTC)

// OfflineAPI is an address nothing listens on: the app under measurement
// must never reach the network.
const OfflineAPI = "http://127.0.0.1:9"

// completeMark is written last into a generated data directory.
const completeMark = "bench-complete"

// Corpus returns the n generated papers as a sync would store them: each
// carries the raw HF entry it was decoded from, as the real client keeps it.
func Corpus(n int) ([]paper.Paper, error) {
	ps := corpus.Generate(Seed, n, Start)
	for i, p := range ps {
		q, err := hf.DecodeEntry(hftest.Entry(p), p.Day)
		if err != nil {
			return nil, fmt.Errorf("perf: decode generated paper %s: %w", p.ID, err)
		}
		q.Day = p.Day
		ps[i] = q
	}
	return ps, nil
}

// Generate writes a data directory of n papers into dir (which must not hold
// one yet): one PutDay per day, newest first as a backfill runs, then one app
// start that builds the search index and saves its snapshot on close, as the
// app leaves it after its first run.
func Generate(dir string, n int, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ps, err := Corpus(n)
	if err != nil {
		return err
	}
	cfg := config.Config{DataDir: dir, API: OfflineAPI}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("perf: %w", err)
	}
	db, err := store.Open(cfg.DataDir, store.Options{Logger: log})
	if err != nil {
		return fmt.Errorf("perf: open store: %w", err)
	}
	fetched := Start.Add(72 * time.Hour) // settled: a sync would not refetch them
	for _, d := range corpus.Days(ps) {
		if _, err := db.PutDay(d.Date, d.Papers, true, fetched); err != nil {
			db.Close()
			return fmt.Errorf("perf: put day %s: %w", d.Date, err)
		}
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("perf: close store: %w", err)
	}
	b, err := paperboy.Open(cfg, paperboy.Options{Version: "bench", Logger: log})
	if err != nil {
		return fmt.Errorf("perf: open app: %w", err)
	}
	<-b.LoadIndex()
	if got := b.IndexLen(); got != n {
		b.Close()
		return fmt.Errorf("perf: index holds %d papers, want %d", got, n)
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("perf: close app: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "search.idx")); err != nil {
		return fmt.Errorf("perf: no search snapshot after the first run: %w", err)
	}
	return nil
}

// DataDir returns a data directory of n generated papers under root, keyed
// by n and CorpusVersion, generating it when it is missing or incomplete.
func DataDir(root string, n int, log *slog.Logger) (dir string, generated bool, err error) {
	dir = filepath.Join(root, fmt.Sprintf("data-%s-%d", CorpusVersion, n))
	if _, err := os.Stat(filepath.Join(dir, completeMark)); err == nil {
		if _, err := os.Stat(filepath.Join(dir, "search.idx")); err == nil {
			return dir, false, nil
		}
		// a measurement run died before writing the snapshot back
		if err := restoreSnapshot(dir, log); err != nil {
			return "", false, err
		}
		return dir, false, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", false, fmt.Errorf("perf: %w", err)
	}
	if err := Generate(dir, n, log); err != nil {
		return "", false, err
	}
	mark := strconv.Itoa(n) + " papers, corpus " + CorpusVersion + "\n"
	if err := os.WriteFile(filepath.Join(dir, completeMark), []byte(mark), 0o644); err != nil {
		return "", false, fmt.Errorf("perf: %w", err)
	}
	return dir, true, nil
}

func restoreSnapshot(dir string, log *slog.Logger) error {
	b, err := paperboy.Open(config.Config{DataDir: dir, API: OfflineAPI}, paperboy.Options{Version: "bench", Logger: log})
	if err != nil {
		return fmt.Errorf("perf: open app: %w", err)
	}
	<-b.LoadIndex()
	return b.Close()
}

// DirSize is the bytes the files under dir take: apparent (their lengths)
// and allocated on disk (Badger preallocates value-log files sparsely).
func DirSize(dir string) (apparent, allocated int64, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		apparent += info.Size()
		allocated += allocatedBytes(info)
		return nil
	})
	return apparent, allocated, err
}
