package app

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// TestIndexCatchesUpFromSnapshot follows one data directory through the
// ways the search index can be behind the store: writes by a process that
// kept no index (the CLI's sync), a snapshot without its version file, a
// cache cleared elsewhere. Each start must end with the index matching the
// store, reading as little as it can.
func TestIndexCatchesUpFromSnapshot(t *testing.T) {
	dir := t.TempDir()
	open := func() *Backend {
		t.Helper()
		b, err := Open(config.Config{DataDir: dir, API: "http://127.0.0.1:9"}, "test", slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	put := func(b *Backend, date string, ps ...paper.Paper) {
		t.Helper()
		if _, err := b.Store.PutDay(date, ps, true, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	found := func(b *Backend, q string) []string {
		var ids []string
		for _, r := range b.Index.Search(q, 10) {
			ids = append(ids, r.ID)
		}
		return ids
	}

	steps := []struct {
		name    string
		before  func(b *Backend) // with the store open, index not loaded (another process)
		wantSrc string
		wantLen int
		query   string
		wantIDs []string
	}{
		{"first start builds from the store", func(b *Backend) {
			put(b, "2026-05-25", mk("2605.00001", "2026-05-25", "Quokka Transformers", 5),
				mk("2605.00002", "2026-05-25", "Wombat Diffusion", 3), mk("2605.00003", "2026-05-25", "Numbat Agents", 1))
		}, "store", 3, "quokka", []string{"2605.00001"}},
		{"nothing changed: the snapshot alone", nil, "snapshot", 3, "wombat", []string{"2605.00002"}},
		{"a sync without an index: new and changed papers caught up", func(b *Backend) {
			put(b, "2026-05-26", mk("2605.00004", "2026-05-26", "Platypus Retrieval", 9),
				mk("2605.00002", "2026-05-25", "Echidna Diffusion", 3))
		}, "snapshot+2", 4, "echidna", []string{"2605.00002"}},
		{"the old title is gone", nil, "snapshot", 4, "wombat", nil},
		{"no version file: caught up from the beginning", func(*Backend) {
			if err := os.Remove(filepath.Join(dir, snapshotVersionFile)); err != nil {
				t.Fatal(err)
			}
		}, "snapshot+4", 4, "platypus", []string{"2605.00004"}},
		{"cache cleared elsewhere: rebuilt", func(b *Backend) {
			if err := b.Store.ClearCache(); err != nil {
				t.Fatal(err)
			}
			put(b, "2026-05-27", mk("2605.00005", "2026-05-27", "Dingo Scaling", 2))
		}, "store", 1, "quokka", nil},
	}
	for _, s := range steps {
		if s.before != nil {
			b := open()
			s.before(b)
			// written without the index, as the CLI does: the next start catches up
			if err := b.Close(); err != nil {
				t.Fatal(err)
			}
		}
		b := open()
		src, err := b.loadIndex()
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		b.indexOnce.Do(func() { b.indexReady = make(chan struct{}); close(b.indexReady) }) // Close saves the snapshot
		if src != s.wantSrc || b.Index.Len() != s.wantLen {
			t.Errorf("%s: index from %q with %d papers, want %q with %d", s.name, src, b.Index.Len(), s.wantSrc, s.wantLen)
		}
		if got := found(b, s.query); len(got) != len(s.wantIDs) || (len(got) > 0 && got[0] != s.wantIDs[0]) {
			t.Errorf("%s: search %q = %v, want %v", s.name, s.query, got, s.wantIDs)
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, snapshotVersionFile)); err != nil {
			t.Errorf("%s: no snapshot version after close: %v", s.name, err)
		}
	}
}

// TestCloseTwiceKeepsVersion: a second Close must not save the snapshot
// again and drop its version, which would make the next start re-read all.
func TestCloseTwiceKeepsVersion(t *testing.T) {
	dir := t.TempDir()
	b, err := Open(config.Config{DataDir: dir, API: "http://127.0.0.1:9"}, "test", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Store.PutDay("2026-05-25", []paper.Paper{mk("2605.00001", "2026-05-25", "Quokka", 1)}, true, time.Now()); err != nil {
		t.Fatal(err)
	}
	<-b.LoadIndex()
	b.Close()
	b.Close()
	if _, err := os.Stat(filepath.Join(dir, snapshotVersionFile)); err != nil {
		t.Errorf("no snapshot version after two Closes: %v", err)
	}
}
