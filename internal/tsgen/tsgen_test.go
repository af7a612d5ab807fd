package tsgen

import (
	"strings"
	"testing"
	"time"
)

type inner struct {
	Date  string    `json:"date" ts:"'today' | 'tomorrow'"`
	Count int       `json:"count"`
	At    time.Time `json:"at,omitzero"`
}

type outer struct {
	inner
	Items  []inner            `json:"items"`
	Next   *inner             `json:"next"`
	Tags   map[string]float64 `json:"tags"`
	Secret string             `json:"-"`
	Any    any                `json:"any"`
}

type api struct{}

func (api) Get(id string, n int) (outer, error) { return outer{}, nil }
func (api) Set(on bool) error                   { return nil }
func (api) Pair() (int, int)                    { return 0, 0 }

type clean struct{}

func (clean) Get(id string, n int) (outer, error) { return outer{}, nil }
func (clean) Set(on bool) error                   { return nil }

func TestGenerate(t *testing.T) {
	got, err := Generate(API{Bindings: map[string]any{"Thing": clean{}}, Events: map[string]any{"thing:new": inner{}},
		Codes: []string{"internal", "invalid"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"export interface outer {\n  date: 'today' | 'tomorrow';\n  count: number;\n  at?: string;\n  items: inner[];\n  next: inner | null;\n  tags: Record<string, number>;\n  any: unknown;\n}",
		"export interface inner {\n  date: 'today' | 'tomorrow';\n  count: number;\n  at?: string;\n}",
		`"Thing.Get": (arg1: string, arg2: number) => outer;`,
		`"Thing.Set": (arg1: boolean) => null;`,
		`"thing:new": inner;`,
		`export type ErrorCode = "internal" | "invalid";`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(string(got), "Secret") {
		t.Error(`a json:"-" field was written`)
	}
	if _, err := Generate(API{Bindings: map[string]any{"Bad": api{}}}); err == nil {
		t.Error("a method with two results was accepted")
	}
}
