package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2/z"

	"github.com/paperboy-reader/paperboy/internal/atomicfile"
)

// checkDir looks, before Badger opens dir, for the damage Badger would not
// report or would panic on in a goroutine of its own (which no recover can
// catch): table files without a MANIFEST (Badger starts empty and overwrites
// them), a MANIFEST it cannot read, a table the MANIFEST lists that is
// missing, truncated or fails its checksums (Badger drops such a table and
// carries on without its keys). It returns a *damageError, or nil when dir is
// sound or does not exist; a file it cannot read for another reason
// (permissions) is left for Badger to report.
//
// Reading a table whole costs ~4 ms a MB (decompressing every block to
// check it), ~20 ms for the 5 MB of tables of 100k papers, which would
// double Open. Tables never change once written, so each is read once: the
// size and modification time of the tables found sound are kept in
// verifiedFile, and a table is read again only when they change (truncate,
// dd and any other write change them) or after a panic in Badger
// (forgetVerified). Values are checked as they are read
// (WithVerifyValueChecksum).
func checkDir(dir string) (verified map[string]tableStamp, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil
	}
	manifest, tables := false, 0
	for _, e := range entries {
		switch {
		case e.Name() == "MANIFEST":
			manifest = true
		case strings.HasSuffix(e.Name(), ".sst"):
			tables++
		}
	}
	if !manifest {
		if tables > 0 {
			return nil, &damageError{dir: dir, reason: fmt.Sprintf("its MANIFEST is missing (%d table files without it)", tables)}
		}
		return nil, nil
	}
	mf, err := readManifest(filepath.Join(dir, "MANIFEST"))
	if errors.Is(err, fs.ErrPermission) {
		return nil, nil
	}
	if err != nil {
		return nil, &damageError{dir: dir, reason: "its MANIFEST cannot be read", err: err}
	}
	before := readVerified(dir)
	type job struct {
		id uint64
		tm badger.TableManifest
	}
	jobs := make(chan job)
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	verified = map[string]tableStamp{}
	for range min(runtime.GOMAXPROCS(0), 4) {
		wg.Go(func() {
			for j := range jobs {
				path := table.NewFilename(j.id, dir)
				stamp, ok := stampOf(path)
				if ok && before[filepath.Base(path)] == stamp {
					mu.Lock()
					verified[filepath.Base(path)] = stamp
					mu.Unlock()
					continue
				}
				err := verifyTable(path, j.tm)
				mu.Lock()
				switch {
				case err != nil && first == nil:
					first = &damageError{dir: dir, reason: "a table file is damaged", err: err}
				case err == nil && ok:
					verified[filepath.Base(path)] = stamp
				}
				mu.Unlock()
			}
		})
	}
	for id, tm := range mf.Tables {
		jobs <- job{id, tm}
	}
	close(jobs)
	wg.Wait()
	if first != nil {
		return nil, first
	}
	return verified, nil
}

// verifiedFile, in a Badger directory, lists the tables checkDir found
// sound. Badger ignores files it does not know.
const verifiedFile = "paperboy-verified.json"

// tableStamp tells whether a table file changed since it was verified.
type tableStamp struct {
	Size    int64 `json:"size"`
	ModTime int64 `json:"mtime"` // unix nanoseconds
}

func stampOf(path string) (tableStamp, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return tableStamp{}, false
	}
	return tableStamp{Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}, true
}

func readVerified(dir string) map[string]tableStamp {
	var m map[string]tableStamp
	b, err := os.ReadFile(filepath.Join(dir, verifiedFile))
	if err == nil {
		json.Unmarshal(b, &m) // unreadable: verify everything again
	}
	return m
}

// writeVerified records the tables found sound, when they changed.
func writeVerified(dir string, verified map[string]tableStamp) error {
	if verified == nil || maps.Equal(verified, readVerified(dir)) {
		return nil
	}
	b, err := json.Marshal(verified)
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(dir, verifiedFile), 0o600, b)
}

func readManifest(path string) (m badger.Manifest, err error) {
	f, err := os.Open(path)
	if err != nil {
		return m, err
	}
	defer f.Close()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reading the MANIFEST panicked: %v", r)
		}
	}()
	m, _, err = badger.ReplayManifestFile(f, 0, badger.DefaultOptions("").WithLogger(nil))
	return m, err
}

// verifyTable opens one table as Badger would and checks every block.
func verifyTable(path string, tm badger.TableManifest) (err error) {
	if tm.KeyID != 0 {
		return nil // encrypted: Paperboy never writes those
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s is missing", filepath.Base(path))
	case err != nil:
		return nil
	case info.Size() == 0:
		return fmt.Errorf("%s is empty", filepath.Base(path))
	}
	mf, err := z.OpenMmapFile(path, os.O_RDONLY, 0)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return nil
		}
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	// table.OpenTable closes mf on some of its errors; closing twice only
	// fails. Never DecrRef the table: at zero it deletes its file.
	defer mf.Close(-1)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: unreadable (%v)", filepath.Base(path), firstLine(r))
		}
	}()
	_, err = table.OpenTable(mf, table.Options{
		ChkMode:            options.OnTableRead,
		Compression:        tm.Compression,
		BlockSize:          4 << 10,
		BloomFalsePositive: 0.01,
	})
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return nil
}

// firstLine keeps a panic value short: Badger's carry pages of debug output.
func firstLine(v any) string {
	s := strings.TrimSpace(fmt.Sprint(v))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
