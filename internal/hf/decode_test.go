package hf

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestDecodeEntryFields(t *testing.T) {
	e := readFixture(t, "daily_entry_2026-03.json")
	got, err := Decode(append(append([]byte("[\n"), e...), ']'), "2026-03-06")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("got %d papers, want 1", len(got))
	}
	p := got[0]
	checks := []struct{ name, got, want string }{
		{"id", p.ID, "2602.23229"},
		{"day", p.Day, "2026-03-06"},
		{"publishedAt (the paper's, not the outer one)", p.PublishedAt, "2026-02-26"},
		{"organization", p.Organization, "Multimedia and Human Understanding Group"},
		{"aiSummary", p.AISummary[:30], "Large Multimodal Models demons"},
		{"githubRepo", p.GithubRepo, "https://github.com/marco-garosi/CIRCLE"},
		{"projectPage", p.ProjectPage, "https://circle-lmm.github.io/"},
		{"submittedBy", p.SubmittedBy, "marco-garosi"},
		{"thumbnail", p.Thumbnail, "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2602.23229.png"},
		{"submittedAt", p.SubmittedAt.String(), "2026-03-06 03:55:12.777 +0000 UTC"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: got %q, want %q", ch.name, ch.got, ch.want)
		}
	}
	if p.Upvotes != 10 || p.NumComments != 1 || p.GithubStars != 9 {
		t.Errorf("got upvotes %d comments %d stars %d, want 10, 1, 9", p.Upvotes, p.NumComments, p.GithubStars)
	}
	if len(p.AIKeywords) != 9 || p.AIKeywords[6] != "CIRCLE" {
		t.Errorf("got keywords %q", p.AIKeywords)
	}
	if len(p.MediaURLs) != 1 || !strings.HasSuffix(p.MediaURLs[0], ".webp") {
		t.Errorf("got media %q", p.MediaURLs)
	}
	if !bytes.Equal(p.Raw, bytes.TrimSpace(e)) {
		t.Errorf("raw is not the entry's bytes")
	}
}

func TestDecodeLeniency(t *testing.T) {
	tests := []struct {
		name  string
		entry string
		check func(p paper.Paper) string // "" when fine
	}{
		{
			name:  "whitespace collapsed, outer title preferred",
			entry: `{"paper":{"id":"2410.17243","title":"Inner\n  title","summary":"  An\n abstract\t with\r\n wraps  "},"title":" Outer \n title "}`,
			check: func(p paper.Paper) string {
				if p.Title != "Outer title" || p.Abstract != "An abstract with wraps" {
					return "title " + p.Title + " / abstract " + p.Abstract
				}
				return ""
			},
		},
		{
			name:  "inner title when the outer one is missing",
			entry: `{"paper":{"id":"2410.17243","title":"Inner\n  title"}}`,
			check: func(p paper.Paper) string { return want(p.Title, "Inner title") },
		},
		{
			name:  "unknown fields and wrong types in optional fields are ignored",
			entry: `{"paper":{"id":"2410.17243","title":"T","githubStars":"lots","ai_keywords":"x","organization":"Acme","newField":{"a":[1]}},"numComments":null,"thumbnail":5,"submittedBy":[]}`,
			check: func(p paper.Paper) string {
				if p.GithubStars != 0 || p.AIKeywords != nil || p.Organization != "" || p.Thumbnail != "" || p.SubmittedBy != "" {
					return "kept a wrongly typed field"
				}
				return ""
			},
		},
		{
			name:  "organization falls back to the outer one and to its name",
			entry: `{"paper":{"id":"2410.17243","title":"T"},"organization":{"name":"acme"}}`,
			check: func(p paper.Paper) string { return want(p.Organization, "acme") },
		},
		{
			name:  "relative URLs are made absolute",
			entry: `{"paper":{"id":"2410.17243","title":"T","mediaUrls":["/media/a.png","https://x/b.png"]},"thumbnail":"/thumbs/t.png"}`,
			check: func(p paper.Paper) string {
				if p.Thumbnail != "https://huggingface.co/thumbs/t.png" {
					return p.Thumbnail
				}
				if !slices.Equal(p.MediaURLs, []string{"https://huggingface.co/media/a.png", "https://x/b.png"}) {
					return strings.Join(p.MediaURLs, " ")
				}
				return ""
			},
		},
		{
			name:  "a versioned id is reduced to the bare one",
			entry: `{"paper":{"id":"2410.17243v3","title":"T"}}`,
			check: func(p paper.Paper) string { return want(p.ID, "2410.17243") },
		},
		{
			name:  "authors: hidden flag, username, no authors at all",
			entry: `{"paper":{"id":"2410.17243","title":"T","authors":[{"name":"A\n B","hidden":true,"user":{"user":"ab"}},{"name":"C","user":"not an object"}]}}`,
			check: func(p paper.Paper) string {
				w := []paper.Author{{Name: "A B", User: "ab", Hidden: true}, {Name: "C"}}
				if !slices.Equal(p.Authors, w) || p.AuthorCount() != 1 {
					return "authors wrong"
				}
				return ""
			},
		},
		{
			name:  "a short publishedAt gives no date",
			entry: `{"paper":{"id":"2410.17243","title":"T","publishedAt":"2024"}}`,
			check: func(p paper.Paper) string { return want(p.PublishedAt, "") },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode([]byte("["+tt.entry+"]"), "2024-10-25")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("got %d papers, want 1", len(got))
			}
			if msg := tt.check(got[0]); msg != "" {
				t.Error(msg)
			}
			if got[0].Authors == nil {
				t.Error("authors is nil, want an empty slice")
			}
		})
	}
}

func want(got, want string) string {
	if got != want {
		return "got " + got + ", want " + want
	}
	return ""
}

func TestDecodeDropsRepeats(t *testing.T) {
	got, err := Decode([]byte("["+entry(1)+","+entry(2)+","+entry(1)+"]"), "2024-10-25")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "2410.00001" || got[1].ID != "2410.00002" {
		t.Errorf("got %d papers, want 2410.00001 and 2410.00002", len(got))
	}
}

func FuzzDecode(f *testing.F) {
	// Small seeds only: the fuzzer minimises interesting inputs, which stalls on 100 KiB ones.
	f.Add(readFixture(f, "daily_papers_2024-10-25.json"))
	e := readFixture(f, "daily_entry_2026-03.json")
	f.Add(append(append([]byte("["), e...), ']'))
	for _, s := range []string{
		"", "null", "[]", "[null]", "{}", "<html>", "[{", `[{"paper":{"id":"1234.5678"}}]`,
		`[{"paper":{"id":"hep-th/9901001","title":"x","authors":[{"name":"a","hidden":true}]}}]`,
		`[{"paper":{"id":"2410.17243","title":"\u0000\ud800"},"title":1}]`,
		"[" + entry(1) + "," + entry(1) + "]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		papers, err := Decode(body, "2024-10-25")
		if err != nil {
			if paper.ErrorCode(err) != paper.EUPSTREAM {
				t.Fatalf("error %v has code %q, want %q", err, paper.ErrorCode(err), paper.EUPSTREAM)
			}
			return
		}
		seen := map[string]bool{}
		for _, p := range papers {
			if !paper.IsID(p.ID) {
				t.Fatalf("decoded invalid id %q", p.ID)
			}
			if seen[p.ID] {
				t.Fatalf("id %q twice", p.ID)
			}
			seen[p.ID] = true
			if p.Title == "" || p.Title != paper.CollapseSpace(p.Title) {
				t.Fatalf("title %q is empty or not collapsed", p.Title)
			}
			again, err := DecodeEntry(p.Raw, "2024-10-25")
			if err != nil || again.ID != p.ID {
				t.Fatalf("raw of %s does not re-read: %v", p.ID, err)
			}
		}
	})
}
