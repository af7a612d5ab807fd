package paperboy

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

func openDir(t *testing.T, dir string) *Service {
	t.Helper()
	s, err := Open(config.Config{DataDir: dir, API: "http://127.0.0.1:9"}, Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestIndexCatchesUpFromSnapshot follows one data directory through the
// ways the search index can be behind the store: writes by a process that
// kept no index (the CLI's sync), a snapshot without its version file, a
// cache cleared elsewhere. Each start must end with the index matching the
// store, reading as little as it can.
func TestIndexCatchesUpFromSnapshot(t *testing.T) {
	dir := t.TempDir()
	put := func(s *Service, date string, ps ...paper.Paper) {
		t.Helper()
		if _, err := s.store.PutDay(date, ps, true, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	found := func(s *Service, q string) []string {
		var ids []string
		for _, r := range s.index.Search(q, 10) {
			ids = append(ids, r.ID)
		}
		return ids
	}
	steps := []struct {
		name    string
		before  func(s *Service) // with the store open, index not loaded (another process)
		wantSrc string
		wantLen int
		query   string
		wantIDs []string
	}{
		{"first start builds from the store", func(s *Service) {
			put(s, "2026-05-25", mk("2605.00001", "2026-05-25", "Quokka Transformers", 5),
				mk("2605.00002", "2026-05-25", "Wombat Diffusion", 3), mk("2605.00003", "2026-05-25", "Numbat Agents", 1))
		}, "store", 3, "quokka", []string{"2605.00001"}},
		{"nothing changed: the snapshot alone", nil, "snapshot", 3, "wombat", []string{"2605.00002"}},
		{"a sync without an index: new and changed papers caught up", func(s *Service) {
			put(s, "2026-05-26", mk("2605.00004", "2026-05-26", "Platypus Retrieval", 9),
				mk("2605.00002", "2026-05-25", "Echidna Diffusion", 3))
		}, "snapshot+2", 4, "echidna", []string{"2605.00002"}},
		{"the old title is gone", nil, "snapshot", 4, "wombat", nil},
		{"no version file: caught up from the beginning", func(*Service) {
			if err := os.Remove(filepath.Join(dir, snapshotVersionFile)); err != nil {
				t.Fatal(err)
			}
		}, "snapshot+4", 4, "platypus", []string{"2605.00004"}},
		{"cache cleared elsewhere: rebuilt", func(s *Service) {
			if err := s.store.ClearCache(); err != nil {
				t.Fatal(err)
			}
			put(s, "2026-05-27", mk("2605.00005", "2026-05-27", "Dingo Scaling", 2))
		}, "store", 1, "quokka", nil},
	}
	for _, step := range steps {
		if step.before != nil {
			s := openDir(t, dir)
			step.before(s)
			// written without the index, as the CLI does: the next start catches up
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
		s := openDir(t, dir)
		<-s.LoadIndex()
		if s.indexErr != nil || s.indexSrc != step.wantSrc || s.index.Len() != step.wantLen {
			t.Errorf("%s: index from %q with %d papers (%v), want %q with %d", step.name, s.indexSrc, s.index.Len(), s.indexErr, step.wantSrc, step.wantLen)
		}
		if got := found(s, step.query); len(got) != len(step.wantIDs) || (len(got) > 0 && got[0] != step.wantIDs[0]) {
			t.Errorf("%s: search %q = %v, want %v", step.name, step.query, got, step.wantIDs)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, snapshotVersionFile)); err != nil {
			t.Errorf("%s: no snapshot version after close: %v", step.name, err)
		}
	}
}

// TestCloseTwiceKeepsVersion: a second Close must not save the snapshot
// again and drop its version, which would make the next start re-read all.
func TestCloseTwiceKeepsVersion(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	if _, err := s.store.PutDay("2026-05-25", []paper.Paper{mk("2605.00001", "2026-05-25", "Quokka", 1)}, true, time.Now()); err != nil {
		t.Fatal(err)
	}
	<-s.LoadIndex()
	s.Close()
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, snapshotVersionFile)); err != nil {
		t.Errorf("no snapshot version after two Closes: %v", err)
	}
}

// TestSyncWithoutIndexNeverSavesAPartialSnapshot: a command-line sync keeps
// no index; its papers must not become the whole snapshot.
func TestSyncWithoutIndexNeverSavesAPartialSnapshot(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t, mk("2605.00001", "2026-05-25", "Quokka", 1))
		h.syncOK("")
		h.svc.Close()
		s := openDir(t, h.dir)
		if _, err := s.store.PutDay("2026-05-26", []paper.Paper{mk("2605.00002", "2026-05-26", "Wombat", 1)}, true, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Sync(t.Context(), SyncRequest{Scope: "2026-05-27"}, nil); err == nil {
			t.Log("synced against an unreachable API?")
		}
		s.Close()
		s = openDir(t, h.dir)
		defer s.Close()
		<-s.LoadIndex()
		if s.index.Len() != 2 {
			t.Errorf("index has %d papers after a sync without an index, want 2", s.index.Len())
		}
	})
}
