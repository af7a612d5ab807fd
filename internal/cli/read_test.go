package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/hftest"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
)

// fullTextHarness is a synced library whose fake serves full texts.
func fullTextHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	h.fake.GenerateFullTexts = true
	if code, _, stderr := h.run("sync", "--from", "2024-10-24", "--to", "2024-10-25"); code != ExitOK {
		t.Fatalf("sync: %s", stderr)
	}
	return h
}

func TestReadFetchesThenWorksOffline(t *testing.T) {
	h := fullTextHarness(t)
	code, stdout, stderr := h.run("read", "https://arxiv.org/abs/2410.17243v2")
	if code != ExitOK {
		t.Fatalf("read: exit %d, %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "# ") || !strings.Contains(stdout, hftest.BodyWord("2410.17243")) || !strings.Contains(stdout, "$$") {
		t.Errorf("read printed %.300q", stdout)
	}
	// the fake is gone: the cached text is still read, anything else says what to do
	h.stop()
	if code, again, stderr := h.run("read", "2410.17243"); code != ExitOK || again != stdout {
		t.Errorf("offline read of a cached text: exit %d, %d bytes (want %d), %s", code, len(again), len(stdout), stderr)
	}
	code, _, stderr = h.run("read", "2410.17897")
	if code != ExitError || !strings.Contains(stderr, "not cached") || !strings.Contains(stderr, "when online") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("offline read of an uncached text: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = h.run("read", "--cached", "2410.17897")
	if code != ExitError || !strings.Contains(stderr, "without --cached") {
		t.Errorf("read --cached: exit %d, %q", code, stderr)
	}
	code, out, _ := h.run("read", "--json", "2410.17243")
	var ft paperboy.FullText
	if code != ExitOK || json.Unmarshal([]byte(out), &ft) != nil || ft.State != paperboy.FullTextReady || !strings.HasPrefix(ft.Markdown, "# ") {
		t.Errorf("read --json: exit %d, %+v", code, ft.State)
	}
	for _, args := range [][]string{{"read"}, {"read", "nope"}, {"read", "2410.17243", "2410.17897"}} {
		if code, _, _ := h.run(args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestReadIsTerminalSafe(t *testing.T) {
	h := fullTextHarness(t)
	h.fake.SetFullText("2605.90001", hftest.HostileMarkdown("Evil"))
	code, stdout, stderr := h.run("read", "2605.90001")
	if code != ExitOK {
		t.Fatalf("read: exit %d, %s", code, stderr)
	}
	for _, r := range []string{"\x1b", "\u202e", "\x00"} {
		if strings.Contains(stdout, r) {
			t.Errorf("read printed a raw %q", r)
		}
	}
	if !strings.Contains(stdout, `\x1b[31m`) || !strings.Contains(stdout, `\u202e`) || !strings.Contains(stdout, "<script>") {
		t.Errorf("the unsafe characters are not shown escaped, or the text was changed")
	}
	_, js, _ := h.run("read", "--json", "2605.90001")
	if strings.Contains(js, "\x1b") || strings.Contains(js, "\u202e") || !json.Valid([]byte(js)) {
		t.Error("read --json printed raw controls, or no JSON")
	}
}

func TestReadMissingFullText(t *testing.T) {
	h := fullTextHarness(t)
	h.fake.SetFullTextFault("2410.17897", hftest.FullTextNotFound)
	code, _, stderr := h.run("read", "2410.17897")
	if code != ExitError || !strings.Contains(stderr, "no full text on Hugging Face") || !strings.Contains(stderr, "paperboy show 2410.17897") {
		t.Errorf("missing: exit %d, %q", code, stderr)
	}
}

func TestSyncFullTextAndExport(t *testing.T) {
	h := newHarness(t)
	h.fake.GenerateFullTexts = true
	h.fake.SetFullTextFault("2410.17897", hftest.FullTextNotFound)
	svc := h.service()
	for _, id := range []string{"2410.17243", "2410.17897"} {
		if _, err := svc.Import(t.Context(), strings.NewReader(`{"format":"paperboy-library","version":1,"states":{"`+id+`":{"saved":true,"savedAt":"2024-10-26T00:00:00Z"}}}`)); err != nil {
			t.Fatal(err)
		}
	}
	svc.Close()
	code, _, stderr := h.run("sync", "--date", "2024-10-25", "--fulltext")
	if code != ExitOK {
		t.Fatalf("sync --fulltext: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"full text 2410.17243 ok", "full text 2410.17897 failed: no full text on Hugging Face", "full texts: 1 new text, 1 failed,", "MB in use"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	// again: nothing to do, the 404 is not asked again
	n := h.fake.FullTextRequests.Load()
	if code, _, stderr := h.run("sync", "--date", "2024-10-25", "--fulltext"); code != ExitOK || !strings.Contains(stderr, "full texts: 0 new texts") || h.fake.FullTextRequests.Load() != n {
		t.Errorf("second sync --fulltext: exit %d, %d requests\n%s", code, h.fake.FullTextRequests.Load()-n, stderr)
	}

	code, out, _ := h.run("export", "--format", "json", "--saved", "--fulltext")
	var lib struct {
		Papers []struct {
			ID       string `json:"id"`
			FullText string `json:"fullText"`
		} `json:"papers"`
	}
	if code != ExitOK || json.Unmarshal([]byte(out), &lib) != nil || len(lib.Papers) != 2 {
		t.Fatalf("export --fulltext: exit %d\n%.300s", code, out)
	}
	for _, p := range lib.Papers {
		if has := strings.HasPrefix(p.FullText, "# "); has != (p.ID == "2410.17243") {
			t.Errorf("%s: full text %.40q", p.ID, p.FullText)
		}
	}
	if _, out, _ := h.run("export", "--format", "json"); strings.Contains(out, `"fullText"`) {
		t.Error("a plain export holds full texts")
	}
	if _, out, _ := h.run("export", "--format", "json", "--fulltext"); !strings.Contains(out, `"fullText":"# `) {
		t.Error("the whole-library export with --fulltext lacks the text")
	}
	if code, _, _ := h.run("export", "--format", "bibtex", "--fulltext"); code != ExitUsage {
		t.Errorf("bibtex --fulltext: exit %d, want 2", code)
	}
}
