package store

import (
	"reflect"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestPaperCodec(t *testing.T) {
	tests := []struct {
		name string
		p    paper.Paper
	}{
		{"real sample", realPapers(t)[0]},
		{"no raw", paper.Paper{ID: "2401.00001", Title: "T", Authors: []paper.Author{{Name: "A"}}}},
		{"newline in text", paper.Paper{ID: "2401.00001", Title: "line\none", Abstract: "a\n\nb", Raw: []byte("{\"x\":\"\\n\"}\n")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := encodePaper(tt.p)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodePaper(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.p) {
				t.Errorf("round trip =\n%+v\nwant\n%+v", got, tt.p)
			}
		})
	}
	// Uncompressed values (as a later version might write) are read too.
	plain := []byte(`{"v":2,"data":{"id":"2401.00001","title":"T"}}` + "\n" + `{"raw":1}`)
	got, err := decodePaper(plain)
	if err != nil || got.Title != "T" || string(got.Raw) != `{"raw":1}` {
		t.Errorf("decodePaper(plain) = %+v, %v", got, err)
	}
}

func FuzzDecodePaper(f *testing.F) {
	for _, p := range realPapers(f)[:3] {
		b, _ := encodePaper(p)
		f.Add(b)
	}
	f.Add([]byte(`{"v":2,"data":{"id":"x"}}`))
	f.Add(append([]byte{}, zstdMagic...))
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
	})
}
