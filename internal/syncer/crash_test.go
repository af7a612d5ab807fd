package syncer

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/corpus"
	"github.com/paperboy-reader/paperboy/internal/hf"
	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store"
)

const (
	crashDirEnv = "PAPERBOY_SYNC_CRASH_DIR"
	crashAPIEnv = "PAPERBOY_SYNC_CRASH_API"
)

var (
	crashToday = time.Date(2026, 5, 29, 12, 0, 0, 0, time.UTC)
	crashFrom  = "2026-03-16"
)

// TestMain lets the test binary play the syncing child of TestSyncSurvivesKill9.
func TestMain(m *testing.M) {
	if dir := os.Getenv(crashDirEnv); dir != "" {
		crashChild(dir, os.Getenv(crashAPIEnv))
		return
	}
	os.Exit(m.Run())
}

// crashChild syncs the whole range and prints "ack <date>" once a day is stored.
func crashChild(dir, api string) {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	db, err := store.Open(dir, store.Options{MinFreeBytes: 1 << 20, Logger: log})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(1)
	}
	s := &Syncer{Fetcher: hf.New(api, "crash-test"), Store: db, Now: func() time.Time { return crashToday }}
	dates, _ := s.Range(crashFrom, crashToday.Format(time.DateOnly))
	out := bufio.NewWriter(os.Stdout)
	_, err = s.Sync(context.Background(), dates, false, func(p Progress) {
		if p.Date != "" && p.Err == nil {
			fmt.Fprintln(out, "ack", p.Date)
			out.Flush()
		}
	})
	db.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "sync:", err)
		os.Exit(1)
	}
}

// TestSyncSurvivesKill9 kills a syncing process at random points; after each
// kill the store opens, every acknowledged day is intact, and a final sync
// completes with each paper listed once.
func TestSyncSurvivesKill9(t *testing.T) {
	ps := corpus.Generate(7, 3000, crashToday)
	want := map[string][]string{} // date → ids served
	byID := map[string]paper.Paper{}
	f := hftest.New()
	f.Today = func() time.Time { return crashToday }
	for _, p := range ps {
		if p.Day < crashFrom {
			continue
		}
		f.AddPapers(p)
		want[p.Day] = append(want[p.Day], p.ID)
		byID[p.ID] = p
	}
	srv := f.Start(t)
	dir := t.TempDir()
	rounds := 8
	if testing.Short() {
		rounds = 3
	}
	rng := rand.New(rand.NewPCG(1, 2))
	acked := map[string]bool{}
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashAPIEnv+"="+srv.URL)
		stdout, _ := cmd.StdoutPipe()
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killAfter := 1 + rng.IntN(25) // acknowledged days before the kill
		sc := bufio.NewScanner(stdout)
		n := 0
		for sc.Scan() {
			if d, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
				acked[d] = true
				if n++; n == killAfter {
					// a little later still, so the kill lands mid-write at times
					time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
					_ = cmd.Process.Signal(syscall.SIGKILL)
					break
				}
			}
		}
		_ = cmd.Wait()
		if strings.Contains(stderr.String(), "open:") && !strings.Contains(stderr.String(), "Create a new file") {
			t.Fatalf("round %d: child could not open the store: %s", round, stderr.String())
		}
		checkAcked(t, dir, acked, want, byID)
	}

	// a clean sync finishes the job, listing each paper once
	db, err := store.Open(dir, store.Options{MinFreeBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := &Syncer{Fetcher: hf.New(srv.URL, "crash-test"), Store: db, Now: func() time.Time { return crashToday }}
	dates, _ := s.Range(crashFrom, crashToday.Format(time.DateOnly))
	if _, err := s.Sync(context.Background(), dates, false, nil); err != nil {
		t.Fatal(err)
	}
	for date, ids := range want {
		got, err := db.DayIDs(date)
		if err != nil || len(got) != len(ids) {
			t.Errorf("%s: %d ids after the final sync, want %d (%v)", date, len(got), len(ids), err)
		}
	}
	if len(acked) == 0 {
		t.Fatal("no day was ever acknowledged")
	}
}

func checkAcked(t *testing.T, dir string, acked map[string]bool, want map[string][]string, byID map[string]paper.Paper) {
	t.Helper()
	db, err := store.Open(dir, store.Options{MinFreeBytes: 1 << 20})
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer db.Close()
	for date := range acked {
		ps, err := db.DayPapers(date)
		if err != nil {
			t.Fatalf("%s: %v", date, err)
		}
		if len(ps) != len(want[date]) {
			t.Errorf("acknowledged day %s has %d papers, want %d", date, len(ps), len(want[date]))
		}
		for _, p := range ps {
			if w := byID[p.ID]; p.Title != w.Title || p.Abstract != w.Abstract || p.Upvotes != w.Upvotes {
				t.Errorf("%s: paper %s differs from what was served", date, p.ID)
			}
		}
	}
}
