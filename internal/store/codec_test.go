package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/s2"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// fullPaper sets every field of paper.Paper, so a field the codec forgets
// fails the round trip (TestFullPaperSetsEveryField keeps it honest).
func fullPaper() paper.Paper {
	return paper.Paper{
		ID:           "2410.17243",
		Title:        "Zoë’s 😀 “title” — 日本語\x00and a NUL",
		Abstract:     "line\none\r\n\ttab \"quoted\" <&> \\ back",
		Authors:      []paper.Author{{Name: "Zoë 😀", User: "zoe"}, {Name: "Anon", Hidden: true}, {Name: ""}},
		Upvotes:      -3,
		NumComments:  1 << 40,
		Day:          "2024-10-25",
		PublishedAt:  "2024-10-22",
		SubmittedAt:  time.Date(2024, 10, 23, 3, 4, 5, 123456789, time.UTC),
		GithubRepo:   "https://github.com/x/y",
		GithubStars:  12345,
		ProjectPage:  "https://example.org/p?a=1&b=<2>",
		Organization: "Ünï Org",
		AISummary:    "A summary.",
		AIKeywords:   []string{"a", "", "ключ"},
		Thumbnail:    "https://cdn/t.png",
		MediaURLs:    []string{"https://cdn/a.mp4"},
		SubmittedBy:  "akhaliq",
		Raw:          json.RawMessage("{\"x\":\"\\n\"}\n  {not json at all \xff"),
	}
}

func TestFullPaperSetsEveryField(t *testing.T) {
	v := reflect.ValueOf(fullPaper())
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Errorf("fullPaper leaves %s unset", v.Type().Field(i).Name)
		}
	}
}

func TestPaperCodec(t *testing.T) {
	llama := slices.IndexFunc(realPapers(t), func(p paper.Paper) bool { return len(p.Authors) == 533 })
	if llama < 0 {
		t.Fatal("no 533-author sample")
	}
	with := func(f func(*paper.Paper)) paper.Paper {
		p := fullPaper()
		f(&p)
		return p
	}
	tests := []struct {
		name string
		p    paper.Paper
	}{
		{"every field", fullPaper()},
		{"real sample", realPapers(t)[0]},
		{"533 authors", realPapers(t)[llama]},
		{"zero paper", paper.Paper{}},
		{"only id", paper.Paper{ID: "hep-th/9901001"}},
		{"nil slices", with(func(p *paper.Paper) { p.Authors, p.AIKeywords, p.MediaURLs, p.Raw = nil, nil, nil, nil })},
		{"empty slices", with(func(p *paper.Paper) {
			p.Authors, p.AIKeywords, p.MediaURLs, p.Raw = []paper.Author{}, []string{}, []string{}, json.RawMessage{}
		})},
		{"invalid UTF-8 kept as is", with(func(p *paper.Paper) { p.Title, p.Authors[0].Name = "\xff\xfe", "a\x80b" })},
		{"time with an offset", with(func(p *paper.Paper) {
			p.SubmittedAt = time.Date(2024, 1, 2, 3, 4, 5, 6, time.FixedZone("", -5*3600-30*60))
		})},
		{"time before 1970", with(func(p *paper.Paper) { p.SubmittedAt = time.Date(1900, 1, 1, 0, 0, 0, 1, time.UTC) })},
		{"extreme ints", with(func(p *paper.Paper) { p.Upvotes, p.NumComments, p.GithubStars = -1<<63, 1<<63-1, 0 })},
		{"long strings", with(func(p *paper.Paper) {
			p.Abstract, p.Raw = strings.Repeat("é", 100_000), bytes.Repeat([]byte{0, 1}, 50_000)
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := encodePaper(tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if b[0] != paperFormat {
				t.Errorf("first byte = %#x, want %#x", b[0], paperFormat)
			}
			got, err := decodePaper(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.p) {
				t.Errorf("round trip =\n%+v\nwant\n%+v", got, tt.p)
			}
			if !bytes.Equal(got.Raw, tt.p.Raw) || (got.Raw == nil) != (tt.p.Raw == nil) {
				t.Errorf("Raw = %q, want %q", got.Raw, tt.p.Raw)
			}
			if !got.SubmittedAt.Equal(tt.p.SubmittedAt) {
				t.Errorf("SubmittedAt = %v, want %v", got.SubmittedAt, tt.p.SubmittedAt)
			}
			// PutDay tells changed papers by their bytes: encoding must be stable.
			if again, _ := encodePaper(got); !bytes.Equal(again, b) {
				t.Error("re-encoding the decoded paper gives other bytes")
			}
		})
	}
}

// The decoded paper must not alias the input (a Badger buffer), and Raw
// must not pin the strings' memory or the other way round.
func TestDecodePaperCopies(t *testing.T) {
	p := fullPaper()
	b, _ := encodePaper(p)
	got, err := decodePaper(b)
	if err != nil {
		t.Fatal(err)
	}
	clear(b)
	if !reflect.DeepEqual(got, p) {
		t.Errorf("decoded paper changed with its input")
	}
	got.Raw[0] = 'X' // callers should not, but it must not reach the strings
	got.Raw = p.Raw
	if !reflect.DeepEqual(got, p) {
		t.Errorf("writing to Raw changed other fields")
	}
}

// v2 values (zstd + JSON) are still read, as are plain ones.
func TestDecodePaperV2(t *testing.T) {
	for _, p := range []paper.Paper{fullPaper(), realPapers(t)[0], {ID: "2401.00001", Title: "T"}} {
		p.SubmittedAt = p.SubmittedAt.UTC() // JSON keeps only the instant
		got, err := decodePaper(encodePaperV2(p))
		// JSON coerces invalid UTF-8 (fullPaper has none) and drops empty lists.
		if err != nil || !reflect.DeepEqual(got, p) {
			t.Errorf("decodePaper(v2 %s) =\n%+v, %v\nwant\n%+v", p.ID, got, err, p)
		}
	}
	plain := []byte(`{"v":2,"data":{"id":"2401.00001","title":"T"}}` + "\n" + `{"raw":1}`)
	got, err := decodePaper(plain)
	if err != nil || got.Title != "T" || string(got.Raw) != `{"raw":1}` {
		t.Errorf("decodePaper(plain) = %+v, %v", got, err)
	}
}

func TestDecodePaperCorrupt(t *testing.T) {
	good, _ := encodePaper(fullPaper())
	payload, err := s2.Decode(nil, good[1:])
	if err != nil {
		t.Fatal(err)
	}
	withPayload := func(b []byte) []byte { return append([]byte{paperFormat}, s2.Encode(nil, b)...) }
	tests := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"marker only", []byte{paperFormat}},
		{"truncated", good[:len(good)/2]},
		{"huge claimed length", append([]byte{paperFormat}, 0xff, 0xff, 0xff, 0xff, 0x0f)},
		{"payload truncated", withPayload(payload[:len(payload)-len(fullPaper().Raw)-3])},
		{"trailing text", withPayload(slices.Concat(payload[:2], []byte("x"), payload[2:]))},
		{"empty payload", withPayload(nil)},
		{"lengths past the end", withPayload([]byte{0x7f, 0x7f, 1, 2})},
		{"v2 garbage", []byte(`{"v":2,"data":`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if p, err := decodePaper(tt.b); err == nil {
				t.Errorf("decodePaper() = %+v, want an error", p)
			}
		})
	}
	// Bytes after the text of a paper without Raw.
	noRaw := fullPaper()
	noRaw.Raw = nil
	b, _ := encodePaper(noRaw)
	payload, _ = s2.Decode(nil, b[1:])
	if _, err := decodePaper(withPayload(append(payload, 'x'))); !errors.Is(err, errCorruptPaper) {
		t.Errorf("decodePaper(raw without its flag) = %v, want %v", err, errCorruptPaper)
	}
}

func FuzzDecodePaper(f *testing.F) {
	for _, p := range append(realPapers(f)[:3], fullPaper(), paper.Paper{}, paper.Paper{Authors: []paper.Author{}}) {
		b, _ := encodePaper(p)
		f.Add(b)
		f.Add(encodePaperV2(p))
	}
	f.Add([]byte(`{"v":2,"data":{"id":"x"}}`))
	f.Add(append([]byte{}, zstdMagic...))
	f.Add([]byte{paperFormat})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := decodePaper(b)
		if err != nil {
			return
		}
		// Whatever decodes must encode and decode to the same paper.
		b2, err := encodePaper(p)
		if err != nil {
			t.Fatalf("encodePaper(decoded): %v", err)
		}
		p2, err := decodePaper(b2)
		if err != nil || !reflect.DeepEqual(p, p2) {
			t.Fatalf("re-decode = %+v, %v; want %+v", p2, err, p)
		}
		// And a paper that went through the binary form once is stable.
		if b3, _ := encodePaper(p2); !bytes.Equal(b2, b3) {
			t.Fatalf("encoding is not stable")
		}
	})
}
