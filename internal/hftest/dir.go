package hftest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// body is a verbatim response body and the entries of its array, read when
// first asked for.
type body struct {
	path    string
	once    sync.Once
	raw     []byte
	entries []json.RawMessage
	err     error
}

// AddDir serves the verbatim response bodies of a directory laid out like
// ../shared/real-hf: daily/YYYY-MM-DD.json.gz is the body of
// GET /api/daily_papers?date=YYYY-MM-DD and search/<words>.json.gz the body
// of GET /api/papers/search?q=<words> (words joined by "-"). A request whose
// page covers a whole file gets its exact bytes; a page past the end gets
// []; a page that cuts it gets those of its entries, each verbatim. Dates
// without a file behave as before: 400 in the future, else the entries
// added for them or []. Files are read when first asked for; a file that
// cannot be read or is not a JSON array gets a 500.
func (f *Fake) AddDir(dir string) error {
	daily, err := filepath.Glob(filepath.Join(dir, "daily", "*.json.gz"))
	if err != nil {
		return err
	}
	search, err := filepath.Glob(filepath.Join(dir, "search", "*.json.gz"))
	if err != nil {
		return err
	}
	if len(daily) == 0 && len(search) == 0 {
		return fmt.Errorf("hftest: no daily/*.json.gz or search/*.json.gz in %s", dir)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dayBodies == nil {
		f.dayBodies, f.searchBodies = map[string]*body{}, map[string]*body{}
	}
	for _, p := range daily {
		date := strings.TrimSuffix(filepath.Base(p), ".json.gz")
		if !paper.ValidDate(date) {
			return fmt.Errorf("hftest: %s: not named after a date", p)
		}
		f.dayBodies[date] = &body{path: p}
	}
	for _, p := range search {
		f.searchBodies[searchKey(strings.TrimSuffix(filepath.Base(p), ".json.gz"))] = &body{path: p}
	}
	return nil
}

// searchKey is how a search query names its file: lowercased words joined
// by "-".
func searchKey(q string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(q, "-", " "))), "-")
}

// load reads b's file, once.
func (b *body) load() {
	b.once.Do(func() {
		b.raw, b.err = readGzip(b.path)
		if b.err == nil {
			b.err = json.Unmarshal(b.raw, &b.entries)
		}
		if b.err != nil {
			b.err = fmt.Errorf("hftest: %s: %w", b.path, b.err)
		}
	})
}

func readGzip(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// servePage writes page p of limit entries of b: its exact bytes when the
// page holds all of it.
func servePage(w http.ResponseWriter, b *body, p, limit int) {
	b.load()
	if b.err != nil {
		writeError(w, http.StatusInternalServerError, b.err.Error())
		return
	}
	n := len(b.entries)
	switch {
	case p == 0 && limit >= n:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(b.raw)
	case p*limit >= n:
		writeJSON(w, []json.RawMessage{})
	default:
		var buf bytes.Buffer
		buf.WriteByte('[')
		for i, e := range b.entries[p*limit : min((p+1)*limit, n)] {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(e)
		}
		buf.WriteByte(']')
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(buf.Bytes())
	}
}
