package search

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Query
	}{
		{name: "words", in: "  diffusion   Transformer ", want: Query{Words: []string{"diffusion", "Transformer"}, Done: true}},
		{name: "author", in: "author:cheng llm", want: Query{Words: []string{"llm"}, Authors: []string{"cheng"}}},
		{name: "quoted author", in: `author:"Zesen  Cheng" x`, want: Query{Words: []string{"x"}, Authors: []string{"Zesen Cheng"}}},
		{name: "quote being typed", in: `author:"zesen ch`, want: Query{Authors: []string{"zesen ch"}}},
		{name: "greater", in: ">50", want: Query{MinUpvotes: 51}},
		{name: "at least", in: ">=50", want: Query{MinUpvotes: 50}},
		{name: "less", in: "<10", want: Query{MaxUpvotes: 9, HasMax: true}},
		{name: "at most", in: "<=10", want: Query{MaxUpvotes: 10, HasMax: true}},
		{name: "upvotes prefix", in: "upvotes:>20", want: Query{MinUpvotes: 21}},
		{name: "upvotes exact", in: "upvotes:7", want: Query{MinUpvotes: 7, MaxUpvotes: 7, HasMax: true}},
		{name: "bounds combine", in: ">5 >10 <100 <50", want: Query{MinUpvotes: 11, MaxUpvotes: 49, HasMax: true}},
		{name: "date month", in: "date:2026-05", want: Query{Date: "2026-05"}},
		{name: "date day", in: "DATE:2026-05-26", want: Query{Date: "2026-05-26"}},
		{name: "bad date is a word", in: "date:may", want: Query{Words: []string{"date:may"}}},
		{name: "saved unread", in: "Saved unread", want: Query{Saved: true, Unread: true}},
		{name: "bare operator is a word", in: ">", want: Query{Words: []string{">"}}},
		{name: "filter being typed", in: "llm author:", want: Query{Words: []string{"llm"}, Done: true}},
		{name: "brief example", in: "llm agents >20", want: Query{Words: []string{"llm", "agents"}, MinUpvotes: 21, Done: true}},
		{name: "last word being typed", in: "saved diffusion transf", want: Query{Words: []string{"diffusion", "transf"}, Saved: true}},
		{name: "last word done after a quoted author", in: `world author:"ada l`, want: Query{Words: []string{"world"}, Authors: []string{"ada l"}, Done: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseQuery(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseQuery(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"diffusion transformer", `author:"zesen cheng" >50`, "upvotes:>=3 date:2026-0 saved unread",
		`author:"`, "<0 <=-1 >999999999", "date:2026-05-26 author:x\"y", "\x1e\x1f", "Müller 2410.17243v2"} {
		f.Add(s)
	}
	ix := fixtureIndex(f)
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s)
		// The canonical form parses back to the same query.
		if again := ParseQuery(q.String()); !reflect.DeepEqual(again, q) {
			t.Fatalf("ParseQuery(%q) = %+v; its String %q parses to %+v", s, q, q.String(), again)
		}
		for _, w := range q.Words {
			if w == "" || strings.ContainsAny(w, " \t\n") {
				t.Fatalf("bad word %q", w)
			}
		}
		// Searching never panics and respects the limit; highlights fall on
		// rune starts inside the title.
		for _, r := range ix.Search(s, 5) {
			_ = r
		}
		if !utf8.ValidString(s) {
			return
		}
		if rs := ix.Search(s, 3); len(rs) > 3 {
			t.Fatalf("Search(%q) gave %d results, limit 3", s, len(rs))
		}
	})
}
