package paperboy

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

const snapshotFile = "search.idx"

// LoadIndex starts filling the search index in the background, once: from
// the snapshot the last run left when it is current, else from the store.
// The channel is closed when search covers the whole cache (queries before
// then see part of it); IndexErr says whether that failed.
func (s *Service) LoadIndex() (ready <-chan struct{}) {
	s.indexOnce.Do(func() {
		s.indexStarted.Store(true)
		close(s.indexStart)
		go func() {
			defer close(s.indexReady)
			start := time.Now()
			src, err := s.loadIndex()
			if err != nil {
				s.indexErr = paper.Wrap(paper.ErrorCode(err), err,
					"search is not available: the index could not be built (%s)", paper.ErrorMessage(err))
				s.log.Error("search index", "err", err)
				return
			}
			if states, err := s.store.AllStates(); err == nil {
				s.index.SetStates(states)
			}
			s.indexSrc = src
			// Loading leaves the snapshot's bytes and the build's scratch
			// behind, as much again as the index: give it back now rather
			// than hold it while the app sits idle (−70 MB at 100k papers,
			// make bench).
			debug.FreeOSMemory()
			s.log.Info("search ready", "papers", s.index.Len(), "from", src, "took", time.Since(start).Round(time.Millisecond))
			s.emit(EventSearchReady, SearchReady{Papers: s.index.Len()})
			s.goFullText(func(context.Context) { s.loadBodies() })
		}()
	})
	return s.indexReady
}

// IndexLen is how many papers the search index holds.
func (s *Service) IndexLen() int { return s.index.Len() }

// indexLoaded waits for the index and says why it is missing, if it is.
func (s *Service) indexLoaded() error {
	<-s.LoadIndex()
	return s.indexErr
}

func (s *Service) snapshotPath() string { return filepath.Join(s.dataDir, snapshotFile) }

// The snapshot's version file holds the store version (store.Version) up
// to which the snapshot reflects every paper write: the next start reads
// the snapshot, then only the papers written since (store.PapersSince).
// Decoding all 100k papers again takes seconds (make bench); a key scan
// plus the few papers a session syncs takes tens of milliseconds.
//
// loadIndex writes the version it loaded at to the pending file, and only
// saveSnapshot promotes it, after the snapshot it describes is in place. So
// a crash leaves an older version with a newer snapshot (the next start
// re-reads a few papers too many), never the other way round. A snapshot
// without a version file is caught up from version 0: every paper is
// re-read (upserted, or rebuilt past maxCatchUp).
const (
	snapshotVersionFile = "search.idx.version"
	pendingVersionFile  = "search.idx.version.pending"
)

// maxCatchUp is the most changed papers caught up by upserts: past it, a
// full rebuild is cheaper.
const maxCatchUp = 20_000

var errTooManyChanges = errors.New("too many changes since the snapshot")

func (s *Service) loadIndex() (string, error) {
	ver, err := s.store.Version()
	if err != nil {
		return "", err
	}
	src, err := s.indexFromSnapshot()
	if err != nil {
		s.log.Info("search snapshot is stale or unreadable; rebuilding", "err", err)
		src, err = "store", s.rebuildIndex()
	}
	if err != nil {
		return "", err
	}
	s.writeVersion(pendingVersionFile, ver)
	return src, nil
}

// indexFromSnapshot reads the snapshot and upserts the papers written since it.
func (s *Service) indexFromSnapshot() (string, error) {
	f, err := os.Open(s.snapshotPath())
	if err != nil {
		return "", err
	}
	err = s.index.ReadSnapshot(bufio.NewReaderSize(f, 1<<20))
	f.Close()
	if err != nil {
		return "", err
	}
	since := s.readVersion(snapshotVersionFile)
	var changed []paper.Paper
	total, err := s.store.PapersSince(since, func(p paper.Paper) error {
		if len(changed) == maxCatchUp {
			return errTooManyChanges
		}
		p.Raw = nil // the index does not need it
		changed = append(changed, p)
		return nil
	})
	if err != nil {
		return "", err
	}
	if len(changed) > 0 {
		s.index.Upsert(changed...)
		s.indexDirty.Store(true)
	}
	if total != s.index.Len() {
		// papers gone from the store (cache cleared by another process)
		return "", fmt.Errorf("snapshot holds %d papers, the store %d", s.index.Len(), total)
	}
	if len(changed) > 0 {
		return fmt.Sprintf("snapshot+%d", len(changed)), nil
	}
	return "snapshot", nil
}

// rebuildIndex builds the index from every paper in the store.
func (s *Service) rebuildIndex() error {
	// Stream the papers into a builder instead of collecting them first:
	// holding 100k decoded papers (abstracts included) for Rebuild took the
	// process to ~640 MB RSS (make bench).
	bld := s.index.NewBuilder()
	if err := s.store.ForEachPaper(func(p paper.Paper) error {
		bld.Add(&p)
		return nil
	}); err != nil {
		bld.Discard()
		return err
	}
	s.index.Swap(bld)
	s.indexDirty.Store(true)
	return nil
}

func (s *Service) readVersion(name string) uint64 {
	data, err := os.ReadFile(filepath.Join(s.dataDir, name))
	if err != nil {
		return 0
	}
	v, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64)
	if err != nil {
		return 0
	}
	return v
}

func (s *Service) writeVersion(name string, v uint64) {
	path := filepath.Join(s.dataDir, name)
	err := os.WriteFile(path+".tmp", []byte(strconv.FormatUint(v, 10)+"\n"), 0o600)
	if err == nil {
		err = os.Rename(path+".tmp", path)
	}
	if err != nil {
		s.log.Warn("save search snapshot version", "err", err)
	}
}

func (s *Service) saveSnapshot() bool {
	tmp := s.snapshotPath() + ".tmp"
	f, err := os.Create(tmp)
	if err == nil {
		w := bufio.NewWriterSize(f, 1<<20)
		err = s.index.WriteSnapshot(w)
		err = errors.Join(err, w.Flush(), f.Sync(), f.Close())
	}
	if err == nil {
		// Until the pending version is promoted, the new snapshot has no
		// (or an older) version: the next start re-reads too much, never too little.
		err = os.Rename(tmp, s.snapshotPath())
	}
	if err != nil {
		os.Remove(tmp)
		s.log.Warn("save search snapshot", "err", err)
		return false
	}
	versions := filepath.Join(s.dataDir, snapshotVersionFile)
	if err := os.Rename(filepath.Join(s.dataDir, pendingVersionFile), versions); err != nil {
		os.Remove(versions)
	}
	return true
}
