package hftest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

func fetchPath(t *testing.T, f *Fake, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestMarkdownShapes(t *testing.T) {
	p := paper.Paper{ID: "2410.17243", Title: "Attention Is All You Need", Abstract: "We propose the Transformer.",
		Authors: []paper.Author{{Name: "Ashish Vaswani"}, {Name: "Hidden", Hidden: true}}}
	md := Markdown(p)
	if Markdown(p) != md {
		t.Fatal("not deterministic")
	}
	if n := len(md); n < 45<<10 || n > 160<<10 {
		t.Errorf("%d bytes, want ~50–150 KB", n)
	}
	for _, want := range []string{"# Attention Is All You Need\n", "Ashish Vaswani", "## Abstract\n\nWe propose the Transformer.",
		"\n## 1 Introduction\n", "\n### 1.1 ", "$$\n", "\\tag{", "|---|", "](https://arxiv.org/html/2410.17243v1/x", "```python\n",
		"\n## References\n", "arXiv preprint"} {
		if !strings.Contains(md, want) {
			t.Errorf("no %q in the generated Markdown", want)
		}
	}
	if strings.Contains(md, "Hidden") {
		t.Error("a hidden author is listed")
	}
	if strings.Count(md, " $") < 5 {
		t.Error("hardly any inline math")
	}
	w := BodyWord(p.ID)
	if !strings.Contains(md, w) || strings.Contains(p.Title+p.Abstract, w) {
		t.Errorf("body word %q: in the body %v", w, strings.Contains(md, w))
	}
	if BodyWord("2410.17244") == w {
		t.Error("two papers share a body word")
	}
	other := Markdown(paper.Paper{ID: "2410.17244", Title: "Other"})
	if strings.Contains(other, w) {
		t.Error("another paper's body holds the body word")
	}
}

func TestFullTextPages(t *testing.T) {
	f := New()
	p := paper.Paper{ID: "2410.17243", Day: "2024-10-25", Title: "Known", Abstract: "An abstract."}
	f.AddPapers(p, paper.Paper{ID: "2410.00002", Day: "2024-10-25", Title: "Also known"})
	res, _ := fetchPath(t, f, "/papers/2410.17243.md")
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("without GenerateFullTexts: %d, want 404", res.StatusCode)
	}
	f.GenerateFullTexts = true
	res, body := fetchPath(t, f, "/papers/2410.17243.md")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/markdown") || body != Markdown(p) {
		t.Errorf("generated: %d %s, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(body))
	}
	if res, _ := fetchPath(t, f, "/papers/2410.99999.md"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown paper: %d, want 404", res.StatusCode)
	}
	f.SetFullText("2410.17243", "# set")
	if _, body := fetchPath(t, f, "/papers/2410.17243.md"); body != "# set" {
		t.Errorf("set text: got %q", body)
	}
	f.SetFullText("2410.17243", "")
	if res, _ := fetchPath(t, f, "/papers/2410.17243.md"); res.StatusCode != http.StatusNotFound {
		t.Errorf("removed text: %d, want 404", res.StatusCode)
	}
	for fault, status := range map[string]int{FullTextNotFound: 404, FullText429: 429, FullText500: 500, FullTextHTML: 200} {
		f.SetFullTextFault("2410.00002", fault)
		res, body := fetchPath(t, f, "/papers/2410.00002.md")
		if res.StatusCode != status {
			t.Errorf("%s: status %d", fault, res.StatusCode)
		}
		if fault == FullText429 && !strings.Contains(res.Header.Get("RateLimit"), `"pages";r=0;t=30`) {
			t.Errorf("429: RateLimit %q", res.Header.Get("RateLimit"))
		}
		if fault == FullTextHTML && !strings.HasPrefix(body, "<!doctype html>") {
			t.Errorf("html: %q", body)
		}
	}
	f.SetFullTextFault("2410.00002", FullTextOK)
	if res, _ := fetchPath(t, f, "/papers/2410.00002.md"); res.StatusCode != 200 {
		t.Errorf("recovered: %d", res.StatusCode)
	}
	if f.FullTextRequests.Load() != 10 {
		t.Errorf("counted %d full-text requests, want 10", f.FullTextRequests.Load())
	}
}

func TestHostileMarkdown(t *testing.T) {
	md := HostileMarkdown("Evil")
	if len(md) > 8<<20 || len(md) < 500<<10 {
		t.Errorf("%d bytes: want a large page under the client's 8 MB cap", len(md))
	}
	for _, want := range []string{"<script>", "onerror=", "](javascript:", "[evil]: javascript:", "<javascript:", "](data:", "\\href{javascript:",
		"](http://insecure", "\x00", "\u202E", strings.Repeat("  ", 299) + "- level 299", strings.Repeat(">", 300) + " quote 299", "| 1999 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("no %q", want)
		}
	}
}
