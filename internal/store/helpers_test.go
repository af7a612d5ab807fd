package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// mustOpen opens a store in a temp dir, closed when the test ends.
func mustOpen(tb testing.TB) *DB {
	tb.Helper()
	return mustOpenDir(tb, tb.TempDir(), Options{})
}

func mustOpenDir(tb testing.TB, dir string, opt Options) *DB {
	tb.Helper()
	if opt.Logger == nil {
		opt.Logger = testLogger(tb)
	}
	if opt.MinFreeBytes == 0 {
		opt.MinFreeBytes = 1 << 20
	}
	db, err := Open(dir, opt)
	if err != nil {
		tb.Fatalf("Open(%s): %v", dir, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// mustOpenDirNoFloor is mustOpenDir keeping opt.MinFreeBytes as given.
func mustOpenDirNoFloor(tb testing.TB, dir string, opt Options) *DB {
	tb.Helper()
	if opt.Logger == nil {
		opt.Logger = testLogger(tb)
	}
	db, err := Open(dir, opt)
	if err != nil {
		tb.Fatalf("Open(%s): %v", dir, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func testLogger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tb.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

var words = strings.Fields(`we propose a novel framework for multimodal reasoning that scales
 language models with retrieval and reinforcement learning across vision tasks benchmarks show
 strong gains over prior state of the art while reducing compute and memory by an order of magnitude`)

// genPaper builds a deterministic, realistically sized paper (~5 KB with
// Raw) whose content depends only on id and n.
func genPaper(id string, n int) paper.Paper {
	text := func(k, length int) string {
		var b strings.Builder
		for i := 0; i < length; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[(k*7+i*13+i*i)%len(words)])
		}
		return b.String()
	}
	p := paper.Paper{
		ID:          id,
		Title:       text(n, 10),
		Abstract:    text(n+1, 220),
		Upvotes:     n % 97,
		NumComments: n % 5,
		PublishedAt: "2024-10-22",
		SubmittedAt: time.Date(2024, 10, 23, 3, 4, 5, 0, time.UTC),
		GithubRepo:  "https://github.com/example/" + id,
		GithubStars: n % 300,
		AISummary:   text(n+2, 30),
		AIKeywords:  strings.Fields(text(n+3, 6)),
		Thumbnail:   "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/" + id + ".png",
		SubmittedBy: "akhaliq",
	}
	for i := 0; i < 6+n%5; i++ {
		p.Authors = append(p.Authors, paper.Author{Name: fmt.Sprintf("Author %d-%d", n, i), Hidden: i == 3})
	}
	raw, _ := json.Marshal(map[string]any{
		"paper":       map[string]any{"id": id, "title": p.Title, "summary": p.Abstract, "upvotes": p.Upvotes, "authors": p.Authors},
		"title":       p.Title,
		"summary":     p.Abstract,
		"numComments": p.NumComments,
		"thumbnail":   p.Thumbnail,
	})
	p.Raw = raw
	return p
}

func ids(ps []paper.Paper) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

// realPapers maps the real API samples in /work/shared/fixtures/hf (or
// testdata/hf when copied there) to papers, the way the hf package would,
// minus its care: good enough to measure sizes and speeds on real text.
func realPapers(tb testing.TB) []paper.Paper {
	tb.Helper()
	var out []paper.Paper
	for _, f := range []string{"papers_search_kazakh.json", "papers_search_llama3herd.json", "daily_papers_2024-10-25.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "hf", f))
		if err != nil {
			tb.Fatal(err)
		}
		var entries []json.RawMessage
		if err := json.Unmarshal(b, &entries); err != nil {
			tb.Fatal(err)
		}
		for _, e := range entries {
			var v struct {
				Paper struct {
					ID      string `json:"id"`
					Summary string `json:"summary"`
					Authors []struct {
						Name   string `json:"name"`
						Hidden bool   `json:"hidden"`
						User   *struct {
							User string `json:"user"`
						} `json:"user"`
					} `json:"authors"`
					Upvotes     int      `json:"upvotes"`
					GithubRepo  string   `json:"githubRepo"`
					GithubStars int      `json:"githubStars"`
					AISummary   string   `json:"ai_summary"`
					AIKeywords  []string `json:"ai_keywords"`
				} `json:"paper"`
				Title       string `json:"title"`
				Thumbnail   string `json:"thumbnail"`
				NumComments int    `json:"numComments"`
			}
			if err := json.Unmarshal(e, &v); err != nil {
				tb.Fatal(err)
			}
			var raw bytes.Buffer
			json.Compact(&raw, e)
			p := paper.Paper{
				ID: v.Paper.ID, Title: paper.CollapseSpace(v.Title), Abstract: paper.CollapseSpace(v.Paper.Summary),
				Upvotes: v.Paper.Upvotes, NumComments: v.NumComments, GithubRepo: v.Paper.GithubRepo,
				GithubStars: v.Paper.GithubStars, AISummary: v.Paper.AISummary, AIKeywords: v.Paper.AIKeywords,
				Thumbnail: v.Thumbnail, Raw: raw.Bytes(),
			}
			for _, a := range v.Paper.Authors {
				pa := paper.Author{Name: a.Name, Hidden: a.Hidden}
				if a.User != nil {
					pa.User = a.User.User
				}
				p.Authors = append(p.Authors, pa)
			}
			out = append(out, p)
		}
	}
	return out
}

// slogTo logs warnings and errors to w.
func slogTo(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
