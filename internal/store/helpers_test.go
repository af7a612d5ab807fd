package store

import (
	"encoding/json"
	"fmt"
	"log/slog"
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
