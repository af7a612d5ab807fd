package search

import "testing"

func TestHint(t *testing.T) {
	for q, wantHint := range map[string]bool{
		"upvotes>50":               true,
		"votes>=3 diffusion":       true,
		"upvotes:lots":             true,
		"date:2026-5-22":           true,
		"date:May":                 true,
		"diffusion author:":        true,
		"date:":                    true,
		"upvotes:>50":              false,
		">50 llm":                  false,
		"date:2026-05":             false,
		"author:hinton":            false,
		`author:"Geoffrey Hinton"`: false,
		"diffusion transformer":    false,
		"":                         false,
	} {
		if got := Hint(q) != ""; got != wantHint {
			t.Errorf("Hint(%q) = %q, want a hint: %v", q, Hint(q), wantHint)
		}
	}
}
