package app

import (
	"bufio"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/hf"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
	"github.com/paperboy-reader/paperboy/internal/store"
	"github.com/paperboy-reader/paperboy/internal/syncer"
)

// EventSearchReady is sent once the search index is loaded.
const EventSearchReady = "search:ready"

const snapshotFile = "search.idx"

// Open builds a Backend over the data directory of cfg.
func Open(cfg config.Config, version string, log *slog.Logger) (*Backend, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "can't create the data directory %s", cfg.DataDir)
	}
	db, err := store.Open(cfg.DataDir, store.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	client := hf.New(cfg.API, version)
	client.Token, client.Logger = cfg.Token, log
	client.MaxAttempts = 3 // offline should show within seconds, not after a long backoff
	b := &Backend{Store: db, HF: client, Logger: log, Version: version, Index: search.New(), dataDir: cfg.DataDir,
		status: SyncStatus{Online: true}} // online until a sync fails to reach Hugging Face
	b.Syncer = &syncer.Syncer{Fetcher: client, Store: db, Index: b.Index, Logger: log}
	b.useStoredToken() // issue 6: a token set in Settings (HF_TOKEN wins)
	return b, nil
}

// LoadIndex fills the search index in the background: from the snapshot the
// last run left when it is current, else from the store. ready is closed when
// search covers the whole cache (queries before then see part of it).
func (b *Backend) LoadIndex() (ready <-chan struct{}) {
	done := make(chan struct{})
	b.indexOnce.Do(func() {
		b.indexReady = done
		go func() {
			defer close(done)
			start := time.Now()
			src, err := b.loadIndex()
			if err != nil {
				b.log().Error("search index", "err", err)
				return
			}
			if states, err := b.Store.AllStates(); err == nil {
				b.Index.SetStates(states)
			}
			b.log().Info("search ready", "papers", b.Index.Len(), "from", src, "took", time.Since(start).Round(time.Millisecond))
			b.emit(EventSearchReady, map[string]any{"papers": b.Index.Len()})
		}()
	})
	return b.indexReady
}

func (b *Backend) snapshotPath() string { return filepath.Join(b.dataDir, snapshotFile) }

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

func (b *Backend) loadIndex() (string, error) {
	ver, err := b.Store.Version()
	if err != nil {
		return "", err
	}
	src, err := b.indexFromSnapshot()
	if err != nil {
		b.log().Info("search snapshot is stale or unreadable; rebuilding", "err", err)
		src, err = "store", b.rebuildIndex()
	}
	if err != nil {
		return "", err
	}
	b.writeVersion(pendingVersionFile, ver)
	return src, nil
}

// indexFromSnapshot reads the snapshot and upserts the papers written since it.
func (b *Backend) indexFromSnapshot() (string, error) {
	f, err := os.Open(b.snapshotPath())
	if err != nil {
		return "", err
	}
	err = b.Index.ReadSnapshot(bufio.NewReaderSize(f, 1<<20))
	f.Close()
	if err != nil {
		return "", err
	}
	since := b.readVersion(snapshotVersionFile)
	var changed []paper.Paper
	total, err := b.Store.PapersSince(since, func(p paper.Paper) error {
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
		b.Index.Upsert(changed...)
		b.indexDirty.Store(true)
	}
	if total != b.Index.Len() {
		// papers gone from the store (cache cleared by another process)
		return "", fmt.Errorf("snapshot holds %d papers, the store %d", b.Index.Len(), total)
	}
	if len(changed) > 0 {
		return fmt.Sprintf("snapshot+%d", len(changed)), nil
	}
	return "snapshot", nil
}

// rebuildIndex builds the index from every paper in the store.
func (b *Backend) rebuildIndex() error {
	// Stream the papers into a builder instead of collecting them first:
	// holding 100k decoded papers (abstracts included) for Rebuild took the
	// process to ~640 MB RSS (make bench).
	bld := b.Index.NewBuilder()
	if err := b.Store.ForEachPaper(func(p paper.Paper) error {
		bld.Add(&p)
		return nil
	}); err != nil {
		bld.Discard()
		return err
	}
	b.Index.Swap(bld)
	b.indexDirty.Store(true)
	return nil
}

func (b *Backend) readVersion(name string) uint64 {
	data, err := os.ReadFile(filepath.Join(b.dataDir, name))
	if err != nil {
		return 0
	}
	v, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64)
	if err != nil {
		return 0
	}
	return v
}

func (b *Backend) writeVersion(name string, v uint64) {
	path := filepath.Join(b.dataDir, name)
	err := os.WriteFile(path+".tmp", []byte(strconv.FormatUint(v, 10)+"\n"), 0o600)
	if err == nil {
		err = os.Rename(path+".tmp", path)
	}
	if err != nil {
		b.log().Warn("save search snapshot version", "err", err)
	}
}

// Close stops a running sync, saves the search index and closes the store.
func (b *Backend) Close() error {
	b.mu.Lock()
	if b.cancel != nil {
		b.cancel()
	}
	b.mu.Unlock()
	b.syncWG.Wait()
	if b.indexReady != nil {
		<-b.indexReady
		if b.indexDirty.Load() && b.saveSnapshot() {
			b.indexDirty.Store(false) // a second Close must not save again without a version
		}
	}
	return b.Store.Close()
}

func (b *Backend) saveSnapshot() bool {
	tmp := b.snapshotPath() + ".tmp"
	f, err := os.Create(tmp)
	if err == nil {
		w := bufio.NewWriterSize(f, 1<<20)
		err = b.Index.WriteSnapshot(w)
		err = errors.Join(err, w.Flush(), f.Sync(), f.Close())
	}
	if err == nil {
		// Until the pending version is promoted, the new snapshot has no
		// (or an older) version: the next start re-reads too much, never too little.
		err = os.Rename(tmp, b.snapshotPath())
	}
	if err != nil {
		os.Remove(tmp)
		b.log().Warn("save search snapshot", "err", err)
		return false
	}
	versions := filepath.Join(b.dataDir, snapshotVersionFile)
	if err := os.Rename(filepath.Join(b.dataDir, pendingVersionFile), versions); err != nil {
		os.Remove(versions)
	}
	return true
}
