package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/paperboy-reader/paperboy/internal/control"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
)

// TestCommandsRunInsideARunningServe: while `serve` holds the data
// directory, every command runs inside it with the bytes, progress and exit
// status it has when run alone.
func TestCommandsRunInsideARunningServe(t *testing.T) {
	h := newHarness(t)
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if code, _, stderr := h.run("sync", "--from", "2024-10-24", "--to", "2024-10-25"); code != ExitOK {
		t.Fatalf("sync: %s", stderr)
	}
	stamp := regexp.MustCompile(`"exportedAt":"[^"]*"`)
	commands := [][]string{
		{"list", "--json"}, {"list", "--date", "2024-10-24"}, {"show", "2410.17243"}, {"search", "--json", "memory barrier"},
		{"search", "nothing-matches-this"}, {"export", "--format", "json"}, {"export", "--format", "bibtex", "--date", "2024-10-25"},
		{"show", "9999.99999"}, {"list", "--sort", "random"}, {"sync", "--date", "2030-01-01"},
	}
	type result struct {
		code           int
		stdout, stderr string
	}
	alone := map[string]result{}
	for _, args := range commands {
		code, out, errOut := h.run(args...)
		alone[strings.Join(args, " ")] = result{code, stamp.ReplaceAllString(out, ""), errOut}
	}

	var serveErr bytes.Buffer
	e := h.env(&bytes.Buffer{}, &serveErr)
	e.Assets = fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}
	e.Bindings = func(*paperboy.Service) map[string]any { return map[string]any{} }
	ctx, stop := context.WithCancel(t.Context())
	served := make(chan int)
	go func() { served <- run(ctx, e, "serve", []string{"--addr", "127.0.0.1:0", "--no-sync"}) }()
	waitListening(t, control.SocketPath(h.cfg.DataDir))

	for _, args := range commands {
		key := strings.Join(args, " ")
		code, out, errOut := h.run(args...)
		got := result{code, stamp.ReplaceAllString(out, ""), errOut}
		if got != alone[key] {
			t.Errorf("%s inside serve = %+v\nalone = %+v", key, got, alone[key])
		}
	}
	// progress of a forwarded sync reaches the caller's stderr as it goes
	code, _, errOut := h.run("sync", "--date", "2024-10-25", "--force")
	if code != ExitOK || !strings.Contains(errOut, "[1/1] 2024-10-25 ") || !strings.Contains(errOut, "synced 1 day ") {
		t.Errorf("sync inside serve: exit %d, stderr %q", code, errOut)
	}
	// a second window can't open while serve holds the library, and says why
	var out2, err2 bytes.Buffer
	if code, ok := HandOver(h.env(&out2, &err2), "window", nil); !ok || code != ExitError || !strings.Contains(err2.String(), "serve") {
		t.Errorf("a window while serve runs: ok %v, exit %d, %q", ok, code, err2.String())
	}
	stop()
	if code := <-served; code != ExitOK {
		t.Errorf("serve ended with %d: %s", code, serveErr.String())
	}
	// and alone again once serve has stopped
	if code, _, stderr := h.run("list"); code != ExitOK {
		t.Errorf("list after serve: exit %d %s", code, stderr)
	}
}

// waitListening waits until something answers on the socket at path.
func waitListening(t *testing.T, path string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if c, err := net.Dial("unix", path); err == nil {
			c.Close()
			return
		}
	}
	t.Fatal("serve never listened on its control socket")
}

// TestServeRunsTheSchedule: the browser mode syncs at start and then on the
// interval, with the window's scheduler (paperboy.Service.Run, whose timing
// is tested there).
func TestServeRunsTheSchedule(t *testing.T) {
	h := newHarness(t)
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	e := h.env(&bytes.Buffer{}, &bytes.Buffer{})
	e.Assets = fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}
	e.Bindings = func(*paperboy.Service) map[string]any { return map[string]any{} }
	ctx, stop := context.WithCancel(t.Context())
	served := make(chan int)
	go func() { served <- run(ctx, e, "serve", []string{"--addr", "127.0.0.1:0"}) }()
	waitListening(t, control.SocketPath(h.cfg.DataDir))
	for deadline := time.Now().Add(10 * time.Second); h.fake.Requests.Load() < 8 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
	}
	if n := h.fake.Requests.Load(); n < 8 {
		t.Errorf("serve made %d requests at start, want the recent days synced", n)
	}
	stop()
	<-served
}

// TestNoSilentCaps: a limit past the old 200 is honoured, an export of a
// query holds every match, and a capped list says how many there are.
func TestNoSilentCaps(t *testing.T) {
	h := newHarness(t)
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	for i := range 250 {
		h.fake.AddPapers(paper.Paper{ID: fmt.Sprintf("2410.7%04d", i), Day: "2024-10-28", Title: fmt.Sprintf("Wombat study %d", i),
			Abstract: "Burrows.", Authors: []paper.Author{{Name: "Ada Lovelace"}}, Upvotes: i})
	}
	if code, _, stderr := h.run("sync", "--days", "1"); code != ExitOK {
		t.Fatalf("sync: %s", stderr)
	}
	code, stdout, _ := h.run("search", "--json", "--limit", "500", "wombat")
	var hits []SearchResult
	if code != ExitOK || json.Unmarshal([]byte(stdout), &hits) != nil || len(hits) != 250 {
		t.Errorf("search --limit 500: exit %d, %d hits, want all 250", code, len(hits))
	}
	code, _, stderr := h.run("search", "wombat")
	if code != ExitOK || !strings.Contains(stderr, "showing 20 of 250 matches") {
		t.Errorf("search with the default limit: exit %d, stderr %q", code, stderr)
	}
	code, stdout, _ = h.run("export", "--format", "bibtex", "--query", "wombat")
	if n := strings.Count(stdout, "@misc{"); code != ExitOK || n != 250 {
		t.Errorf("export --query: exit %d, %d entries, want 250", code, n)
	}
	if code, _, _ := h.run("search", "--limit", "100001", "wombat"); code != ExitUsage {
		t.Errorf("a limit over the maximum: exit %d, want a usage error", code)
	}
}
