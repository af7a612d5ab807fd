package app

import (
	"bufio"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
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
	db, err := store.Open(cfg.DBDir(), store.Options{Logger: log})
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

func (b *Backend) loadIndex() (string, error) {
	if f, err := os.Open(b.snapshotPath()); err == nil {
		err = b.Index.ReadSnapshot(bufio.NewReaderSize(f, 1<<20))
		f.Close()
		if err == nil {
			if st, serr := b.Store.Stats(); serr == nil && st.Papers == b.Index.Len() {
				return "snapshot", nil
			}
		}
		b.log().Info("search snapshot is stale or unreadable; rebuilding", "err", err)
	}
	var ps []paper.Paper
	if err := b.Store.ForEachPaper(func(p paper.Paper) error {
		p.Raw = nil // the index does not need it
		ps = append(ps, p)
		return nil
	}); err != nil {
		return "", err
	}
	b.Index.Rebuild(ps)
	b.indexDirty.Store(true)
	return "store", nil
}

// InvalidateIndex drops the snapshot, for writers that do not keep an index
// (the CLI's sync): the next start rebuilds from the store.
func (b *Backend) InvalidateIndex() {
	if err := os.Remove(b.snapshotPath()); err != nil && !errors.Is(err, os.ErrNotExist) {
		b.log().Warn("remove search snapshot", "err", err)
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
		if b.indexDirty.Load() {
			b.saveSnapshot()
		}
	}
	return b.Store.Close()
}

func (b *Backend) saveSnapshot() {
	tmp := b.snapshotPath() + ".tmp"
	f, err := os.Create(tmp)
	if err == nil {
		w := bufio.NewWriterSize(f, 1<<20)
		err = b.Index.WriteSnapshot(w)
		err = errors.Join(err, w.Flush(), f.Sync(), f.Close())
	}
	if err == nil {
		err = os.Rename(tmp, b.snapshotPath())
	}
	if err != nil {
		os.Remove(tmp)
		b.log().Warn("save search snapshot", "err", err)
	}
}
