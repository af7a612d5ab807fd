package hftest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func writeGzip(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

func TestAddDirServesVerbatimBodies(t *testing.T) {
	dir := t.TempDir()
	// Odd whitespace and escapes, as an archiver's json.dump leaves them:
	// a re-encoded body would differ.
	day := []byte("[\n    {\"paper\": {\"id\": \"2605.00001\", \"title\": \"A \\u00e9\"}},\n    {\"paper\": {\"id\": \"2605.00002\"}},\n    {\"paper\": {\"id\": \"2605.00003\"}}\n]")
	writeGzip(t, filepath.Join(dir, "daily", "2026-05-26.json.gz"), day)
	search := []byte("[ {\"paper\": {\"id\": \"2407.21783\"}, \"highlightedTitle\": \"The <b>Llama</b> 3 Herd\"} ]")
	writeGzip(t, filepath.Join(dir, "search", "llama-3-herd.json.gz"), search)
	writeGzip(t, filepath.Join(dir, "daily", "2026-05-27.json.gz"), []byte("{\"not\": \"a list\"}"))

	f := New()
	f.Today = func() time.Time { return time.Date(2026, 5, 29, 12, 0, 0, 0, time.UTC) }
	if err := f.AddDir(dir); err != nil {
		t.Fatal(err)
	}
	srv := f.Start(t)
	u := srv.URL + "/api/daily_papers?date="
	entries := func(b []byte) []string {
		var es []struct {
			Paper struct {
				ID string `json:"id"`
			} `json:"paper"`
		}
		if err := json.Unmarshal(b, &es); err != nil {
			t.Fatalf("not a list: %q", b)
		}
		var out []string
		for _, e := range es {
			out = append(out, e.Paper.ID)
		}
		return out
	}
	tests := []struct {
		name   string
		url    string
		status int
		body   []byte   // exact bytes, when set
		ids    []string // else the entries
	}{
		{"whole day, no limit", u + "2026-05-26", 200, day, nil},
		{"whole day, a page of 100", u + "2026-05-26&limit=100&p=0", 200, day, nil},
		{"past the end", u + "2026-05-26&limit=100&p=1", 200, []byte("[]\n"), nil},
		{"a page that cuts the day", u + "2026-05-26&limit=2&p=0", 200, nil, []string{"2605.00001", "2605.00002"}},
		{"its second page", u + "2026-05-26&limit=2&p=1", 200, nil, []string{"2605.00003"}},
		{"limit over 100", u + "2026-05-26&limit=101", 400, nil, nil},
		{"a weekend without a file", u + "2026-05-24", 200, []byte("[]\n"), nil},
		{"the future", u + "2026-05-30", 400, nil, nil},
		{"a file that is no list", u + "2026-05-27", 500, nil, nil},
		{"search", srv.URL + "/api/papers/search?q=Llama%203%20herd&limit=50", 200, search, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, b := get(t, tt.url)
			if status != tt.status {
				t.Fatalf("status %d, want %d (%s)", status, tt.status, b)
			}
			switch {
			case tt.body != nil && !bytes.Equal(b, tt.body):
				t.Errorf("body %q, want %q", b, tt.body)
			case tt.ids != nil:
				got := entries(b)
				if len(got) != len(tt.ids) || got[0] != tt.ids[0] || got[len(got)-1] != tt.ids[len(tt.ids)-1] {
					t.Errorf("entries %v, want %v", got, tt.ids)
				}
			}
		})
	}
	if err := New().AddDir(t.TempDir()); err == nil {
		t.Error("AddDir of an empty directory: no error")
	}
}
