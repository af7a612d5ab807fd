package corpus

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

var start = time.Date(2026, 5, 26, 15, 0, 0, 0, time.UTC)

func TestGenerateDeterministic(t *testing.T) {
	a, b := Generate(42, 300, start), Generate(42, 300, start)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different papers")
	}
	if c := Generate(43, 300, start); reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same papers")
	}
}

func TestGenerateShape(t *testing.T) {
	const n = 3000
	ps := Generate(1, n, start)
	if len(ps) != n {
		t.Fatalf("len = %d, want %d", len(ps), n)
	}
	seen := map[string]bool{}
	var titleLen, absLen, diacritics, hundred int
	for _, p := range ps {
		if !paper.IsID(p.ID) || len(p.ID) != len("2605.00001") {
			t.Fatalf("bad id %q", p.ID)
		}
		if seen[p.ID] {
			t.Fatalf("duplicate id %q", p.ID)
		}
		seen[p.ID] = true
		if !paper.ValidDate(p.Day) || !paper.ValidDate(p.PublishedAt) || p.PublishedAt >= p.Day {
			t.Fatalf("%s: bad dates day=%q published=%q", p.ID, p.Day, p.PublishedAt)
		}
		d, _ := time.Parse(time.DateOnly, p.Day)
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || d.After(start) {
			t.Fatalf("%s: day %s is a weekend or after start", p.ID, p.Day)
		}
		if na := p.AuthorCount(); na < 1 || na > 15 {
			t.Fatalf("%s: %d authors", p.ID, na)
		}
		if len(p.AIKeywords) == 0 || p.Upvotes < 0 {
			t.Fatalf("%s: keywords %v upvotes %d", p.ID, p.AIKeywords, p.Upvotes)
		}
		titleLen += len(p.Title)
		absLen += len(p.Abstract)
		for _, a := range p.Authors {
			if strings.ContainsAny(a.Name, "üéøłçşñíóáàèäöåæ") {
				diacritics++
				break
			}
		}
		if p.Upvotes >= 100 {
			hundred++
		}
	}
	if avg := titleLen / n; avg < 55 || avg > 100 {
		t.Errorf("average title length %d, want about 80", avg)
	}
	if avg := absLen / n; avg < 1200 || avg > 1800 {
		t.Errorf("average abstract length %d, want about 1500", avg)
	}
	if diacritics < n/20 {
		t.Errorf("%d papers with accented author names, want some", diacritics)
	}
	if hundred == 0 || hundred > n/10 {
		t.Errorf("%d papers with 100+ upvotes, want a long tail", hundred)
	}
}

func TestDays(t *testing.T) {
	ps := Generate(1, 500, start)
	days := Days(ps)
	total := 0
	for i, d := range days {
		if i > 0 && d.Date >= days[i-1].Date {
			t.Fatalf("days not newest first: %s after %s", d.Date, days[i-1].Date)
		}
		if i < len(days)-1 && (len(d.Papers) < 30 || len(d.Papers) > 60) {
			t.Errorf("%s has %d papers, want 30–60", d.Date, len(d.Papers))
		}
		for _, p := range d.Papers {
			if p.Day != d.Date {
				t.Fatalf("paper of %s under %s", p.Day, d.Date)
			}
		}
		total += len(d.Papers)
	}
	if total != len(ps) {
		t.Errorf("days hold %d papers, want %d", total, len(ps))
	}
	if days[0].Date != "2026-05-26" {
		t.Errorf("first day %s, want the start date", days[0].Date)
	}
}
