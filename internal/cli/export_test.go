package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestExportImportRoundTrip(t *testing.T) {
	h := newHarness(t)
	if code, _, stderr := h.run("sync", "--from", "2024-10-24", "--to", "2024-10-25"); code != ExitOK {
		t.Fatalf("sync: %s", stderr)
	}
	// reading state and a topic, as the window would make them
	b := h.service()
	if _, err := b.SetSaved(t.Context(), "2410.17243", true); err != nil {
		t.Fatal(err)
	}
	if _, err := b.CreateTopic(t.Context(), "Memory", "memory"); err != nil {
		t.Fatal(err)
	}
	b.Close()

	code, bib, stderr := h.run("export", "--format", "bibtex", "--saved")
	if code != ExitOK || strings.Count(bib, "@misc{") != 1 || !strings.Contains(bib, "eprint = {2410.17243}") {
		t.Errorf("export bibtex --saved: exit %d %s\n%s", code, stderr, bib)
	}
	code, md, _ := h.run("export", "--format", "markdown", "--date", "2024-10-24")
	if code != ExitOK || !strings.Contains(md, "\\<script\\>") || strings.Contains(md, "<script>") {
		t.Errorf("export markdown of the hostile day: exit %d\n%s", code, md)
	}

	file := filepath.Join(t.TempDir(), "library.json")
	if code, _, stderr := h.run("export", "--format", "json", "--out", file); code != ExitOK || !strings.Contains(stderr, "wrote") {
		t.Fatalf("export json --out: exit %d %s", code, stderr)
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".paperboy-export-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	src := h.cfg
	h.cfg.DataDir = t.TempDir() // an empty library
	code, stdout, stderr := h.run("import", file)
	if code != ExitOK || !strings.HasPrefix(stdout, "imported ") || !strings.Contains(stdout, "1 reading state, 1 topic") {
		t.Fatalf("import: exit %d %q %s", code, stdout, stderr)
	}
	_, got, _ := h.run("export", "--format", "json")
	stamp := regexp.MustCompile(`"exportedAt":"[^"]*"`)
	if stamp.ReplaceAllString(got, "") != stamp.ReplaceAllString(string(want), "") {
		t.Errorf("library after import differs from the original:\n%.1500s\n---\n%.1500s", got, want)
	}
	if code, stdout, _ := h.run("import", file); code != ExitOK || stdout != "imported 0 papers, 0 reading states, 0 topics, 0 settings\n" {
		t.Errorf("second import: exit %d %q", code, stdout)
	}
	// what was imported is searchable once the index is rebuilt
	if code, stdout, _ := h.run("search", "--json", "memory barrier"); code != ExitOK || !strings.Contains(stdout, "2410.17243") {
		t.Errorf("search after import: exit %d\n%.300s", code, stdout)
	}

	garbage := filepath.Join(t.TempDir(), "garbage.json")
	os.WriteFile(garbage, []byte(`{"format":"paperboy-library","version":1,"papers":[{"id":"2410.1`), 0o600)
	before, _, _ := snapshot(h)
	if code, _, stderr := h.run("import", garbage); code != ExitError || !strings.Contains(stderr, "not a Paperboy library") {
		t.Errorf("import garbage: exit %d %q", code, stderr)
	}
	if after, _, _ := snapshot(h); after != before {
		t.Error("a failed import changed the cache")
	}
	h.cfg = src
}

func TestExportUsage(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{
		{"export"}, {"export", "--format", "csv"}, {"export", "--format", "json", "--saved", "--date", "2024-10-25"},
		{"export", "--format", "json", "--date", "friday"}, {"export", "--format", "json", "extra"},
		{"import"}, {"import", "a", "b"},
	} {
		if code, _, stderr := h.run(args...); code != ExitUsage {
			t.Errorf("%v: exit %d (%s), want 2", args, code, stderr)
		}
	}
	if code, _, stderr := h.run("import", filepath.Join(t.TempDir(), "missing.json")); code != ExitError || !strings.Contains(stderr, "missing.json") {
		t.Errorf("import of a missing file: exit %d %q", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "no", "such", "dir", "x.bib")
	if code, _, _ := h.run("export", "--format", "bibtex", "--out", out); code != ExitError {
		t.Errorf("export into a missing folder: exit %d, want 1", code)
	}
}
