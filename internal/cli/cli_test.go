package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
)

// fixture entries from the real API, copied from shared/fixtures/hf.
func fixtureEntries(t *testing.T) []json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "hf", "testdata", "daily_papers_2024-10-25.json"))
	if err != nil {
		t.Fatal(err)
	}
	var es []json.RawMessage
	if err := json.Unmarshal(b, &es); err != nil {
		t.Fatal(err)
	}
	return es
}

type harness struct {
	now  time.Time // the services' clock
	t    *testing.T
	fake *hftest.Fake
	url  string
	cfg  config.Config
	stop func()
}

func newHarness(t *testing.T) *harness {
	f := hftest.New()
	f.Today = func() time.Time { return time.Date(2024, 10, 28, 12, 0, 0, 0, time.UTC) }
	f.AddEntries("2024-10-25", fixtureEntries(t)...)
	f.AddPapers(hftest.Hostile("2024-10-24")...)
	srv := f.Start(t)
	return &harness{t: t, fake: f, url: srv.URL, stop: srv.Close, now: time.Date(2024, 10, 28, 12, 0, 0, 0, time.UTC),
		cfg: config.Config{DataDir: t.TempDir(), API: srv.URL}}
}

// open opens the service as the binary does, on the harness's clock and
// without real waits between retries.
func (h *harness) open(c config.Config, log *slog.Logger) (*paperboy.Service, error) {
	now := h.now
	return paperboy.Open(c, paperboy.Options{Version: "test", Logger: log,
		Now:   func() time.Time { return now },
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }})
}

// env is the command line's environment, writing to out and errb.
func (h *harness) env(out, errb io.Writer) *Env {
	log := slog.New(slog.NewTextHandler(errb, &slog.HandlerOptions{Level: slog.LevelError})) // as main does for commands
	return &Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: errb, Logger: log, Config: h.cfg,
		Open: func(c config.Config) (*paperboy.Service, error) { return h.open(c, log) }}
}

// run runs one command as the binary would and returns exit code, stdout, stderr.
func (h *harness) run(args ...string) (int, string, string) {
	h.t.Helper()
	var out, errb bytes.Buffer
	code := Run(h.env(&out, &errb), args[0], args[1:])
	return code, out.String(), errb.String()
}

// service opens the harness's library as the window would.
func (h *harness) service() *paperboy.Service {
	h.t.Helper()
	svc, err := h.open(h.cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		h.t.Fatal(err)
	}
	return svc
}

func TestSyncListShowSearchOffline(t *testing.T) {
	h := newHarness(t)
	code, _, stderr := h.run("sync", "--from", "2024-10-21", "--to", "2024-10-25")
	if code != ExitOK {
		t.Fatalf("sync exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "[5/5]") || !strings.Contains(stderr, "new") {
		t.Errorf("sync progress/summary missing on stderr:\n%s", stderr)
	}

	code, stdout, stderr := h.run("list", "--json")
	if code != ExitOK {
		t.Fatalf("list exit %d: %s", code, stderr)
	}
	var views []paper.View
	if err := json.Unmarshal([]byte(stdout), &views); err != nil {
		t.Fatalf("list --json: %v\n%s", err, stdout)
	}
	if len(views) != len(fixtureEntries(t)) {
		t.Fatalf("list printed %d papers, want %d", len(views), len(fixtureEntries(t)))
	}
	for i := 1; i < len(views); i++ {
		if views[i].Upvotes > views[i-1].Upvotes {
			t.Errorf("not sorted by upvotes at %d", i)
		}
	}
	var raw []map[string]any
	_ = json.Unmarshal([]byte(stdout), &raw)
	for _, k := range []string{"id", "title", "abstract", "authors", "authorCount", "upvotes", "numComments", "day",
		"publishedAt", "githubRepo", "githubStars", "projectPage", "aiSummary", "aiKeywords", "thumbnail", "read", "saved"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("list --json lacks %q", k)
		}
	}

	code, stdout, _ = h.run("list", "--date", "2024-10-24")
	if code != ExitOK || !strings.Contains(stdout, "2605.90001") {
		t.Errorf("list --date: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = h.run("show", "2410.17243v2")
	if code != ExitOK || !strings.Contains(stdout, "Memory Barrier") || !strings.Contains(stdout, "https://arxiv.org/abs/2410.17243") {
		t.Errorf("show: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = h.run("search", "--json", "--limit", "3", "memroy barier") // typos
	var hits []map[string]any
	if code != ExitOK || json.Unmarshal([]byte(stdout), &hits) != nil || len(hits) == 0 || hits[0]["id"] != "2410.17243" {
		t.Errorf("search: exit %d\n%s", code, stdout)
	} else if _, ok := hits[0]["score"]; !ok {
		t.Errorf("search --json lacks score: %v", hits[0])
	}

	// offline: the server is gone
	h.stop()
	before, _, _ := snapshot(h)
	code, _, stderr = h.run("sync", "--days", "2") // today and yesterday are always fetched
	if code != ExitError || !strings.Contains(stderr, "Hugging Face") {
		t.Errorf("offline sync: exit %d, stderr %q; want 1 and a clear line", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if last := lines[len(lines)-1]; len(lines) > 4 || !strings.HasPrefix(last, "paperboy sync: ") || !strings.Contains(last, "connection") {
		t.Errorf("offline sync: want progress lines and one clear error line, got:\n%s", stderr)
	}
	after, _, _ := snapshot(h)
	if before != after {
		t.Error("a failed sync changed the cache")
	}
	if code, stdout, _ = h.run("show", "2410.17243", "--json"); code != ExitOK || !strings.Contains(stdout, `"authorCount"`) {
		t.Errorf("offline show: exit %d", code)
	}
}

// snapshot is list --json of both days: what the cache holds.
func snapshot(h *harness) (string, int, string) {
	_, a, _ := h.run("list", "--json", "--date", "2024-10-25")
	_, b, _ := h.run("list", "--json", "--date", "2024-10-24")
	return a + b, 0, ""
}

func TestUsageErrors(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{
		{"sync", "--date", "yesterday"}, {"sync", "--date", "2024-10-25", "--from", "2024-10-20"},
		{"list", "--sort", "random"}, {"show"}, {"show", "not-an-id"}, {"search"}, {"frobnicate"},
		{"serve", "--addr", "0.0.0.0:8765"},
	} {
		if code, _, stderr := h.run(args...); code != ExitUsage {
			t.Errorf("%v: exit %d (%s), want 2", args, code, stderr)
		}
	}
	if code, _, stderr := h.run("sync", "--date", "2030-01-01"); code != ExitError || !strings.Contains(stderr, "future") {
		t.Errorf("future date: exit %d, %q", code, stderr)
	}
	if code, _, _ := h.run("show", "2410.99999"); code != ExitError {
		t.Errorf("unknown paper: exit %d, want 1", code)
	}
}

func TestGarbledResponsesKeepTheCache(t *testing.T) {
	h := newHarness(t)
	if code, _, stderr := h.run("sync", "--date", "2024-10-25"); code != 0 {
		t.Fatal(stderr)
	}
	want, _, _ := snapshot(h)
	for _, mode := range []string{hftest.ModeNull, hftest.ModeHTML, hftest.ModeGarbled, hftest.Mode500} {
		h.fake.SetMode(mode)
		code, _, stderr := h.run("sync", "--date", "2024-10-25", "--force")
		if code != ExitError {
			t.Errorf("%s: exit %d, want 1", mode, code)
		}
		if strings.Contains(stderr, "panic") || strings.TrimSpace(stderr) == "" {
			t.Errorf("%s: stderr %q", mode, stderr)
		}
		h.fake.SetMode(hftest.ModeOK)
		if got, _, _ := snapshot(h); got != want {
			t.Errorf("%s: the cache changed after a failed sync", mode)
		}
	}
}

func TestSyncFeedsWatchedTopics(t *testing.T) {
	h := newHarness(t)
	h.now = h.now.Add(-3 * time.Hour)
	b := h.service()
	if _, err := b.CreateTopic(t.Context(), "wombats", "wombat"); err != nil {
		t.Fatal(err)
	}
	b.Close()
	h.now = h.now.Add(3 * time.Hour)

	h.fake.AddPapers(paper.Paper{ID: "2410.99001", Day: "2024-10-28", Title: "Wombat Navigation with Diffusion Policies",
		Abstract: "Burrowing agents.", Authors: []paper.Author{{Name: "Ada Lovelace"}}, Upvotes: 3})
	if code, _, stderr := h.run("sync", "--days", "1"); code != ExitOK {
		t.Fatalf("sync: exit %d: %s", code, stderr)
	}

	b = h.service()
	defer b.Close()
	fy, err := b.ForYou(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if fy.NewCount != 1 || len(fy.Items) != 1 || fy.Items[0].Paper.ID != "2410.99001" {
		t.Errorf("For you after a CLI sync = %+v, want the one wombat paper as new", fy)
	}
}

// TestTerminalEscapesNeverReachTheTerminal: titles, names and abstracts
// from the API that carry terminal controls (a title change, clear screen,
// a cursor report that types into the shell, C1 CSI, bidi overrides) are
// printed as visible escapes by every command, in text and in --json.
func TestTerminalEscapesNeverReachTheTerminal(t *testing.T) {
	h := newHarness(t)
	evil := "Evil \x1b]0;owned\x07 \x1b[2J \x1b[6n \u009b31m \u202eDESREVER\u202c \u2066iso\u2069 \x7f end"
	h.fake.AddPapers(paper.Paper{ID: "2410.66601", Day: "2024-10-28", Title: evil, Abstract: "Abstract " + evil,
		AISummary: "Summary " + evil, AIKeywords: []string{"kw" + evil}, Organization: "Org" + evil,
		Authors: []paper.Author{{Name: "Mallory " + evil}}, Upvotes: 1})
	if code, _, stderr := h.run("sync", "--days", "1"); code != ExitOK {
		t.Fatalf("sync: %s", stderr)
	}
	bad := []string{"\x1b", "\x07", "\u009b", "\u202e", "\u202c", "\u2066", "\u2069", "\x7f"}
	for _, args := range [][]string{
		{"list"}, {"list", "--json"}, {"show", "2410.66601"}, {"show", "2410.66601", "--json"},
		{"search", "evil"}, {"search", "--json", "evil"}, {"export", "--format", "markdown"}, {"export", "--format", "bibtex"},
		{"export", "--format", "json"}, {"search", "evil\x1b[2J"},
	} {
		code, stdout, stderr := h.run(args...)
		if code != ExitOK {
			t.Errorf("%q: exit %d %s", args, code, stderr)
		}
		for _, b := range bad {
			if strings.Contains(stdout, b) || strings.Contains(stderr, b) {
				t.Errorf("%q printed %q", args, b)
			}
		}
		if !strings.Contains(stdout, "Evil") && !strings.Contains(stderr, "Evil") && !strings.Contains(stderr, "evil") {
			t.Errorf("%q lost the text itself:\n%s", args, stdout)
		}
	}
}
