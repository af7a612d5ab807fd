package store

import (
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// TestDecodeDayFast checks the hand parser against encoding/json on what
// encode writes, and that it declines every other shape.
func TestDecodeDayFast(t *testing.T) {
	at := time.Date(2026, 5, 28, 7, 4, 5, 123456789, time.UTC)
	days := []struct {
		name string
		d    paper.Day
	}{
		{"complete with a time", paper.Day{Date: "2026-05-26", Count: 58, Complete: true, FetchedAt: at}},
		{"incomplete, no time", paper.Day{Date: "2023-05-04", Count: 0}},
		{"whole seconds", paper.Day{Date: "2024-02-29", Count: 1234, Complete: true, FetchedAt: at.Truncate(time.Second)}},
		{"offset zone", paper.Day{Date: "2025-12-31", Count: 7, FetchedAt: at.In(time.FixedZone("", 5*3600+1800))}},
	}
	for _, tc := range days {
		t.Run(tc.name, func(t *testing.T) {
			b, err := encode(tc.d)
			if err != nil {
				t.Fatal(err)
			}
			slow, err := decode[paper.Day](b)
			if err != nil {
				t.Fatal(err)
			}
			fast, ok := decodeDayFast(b)
			if !ok {
				t.Fatalf("fast path declined %s", b)
			}
			if fast.Date != slow.Date || fast.Count != slow.Count || fast.Complete != slow.Complete ||
				!fast.FetchedAt.Equal(slow.FetchedAt) || fast.FetchedAt.Location().String() != slow.FetchedAt.Location().String() {
				t.Errorf("fast = %+v, encoding/json = %+v", fast, slow)
			}
		})
	}
	declined := []struct{ name, rec string }{
		{"older version", `{"v":1,"data":{"date":"2026-05-26","count":58,"complete":true}}`},
		{"extra field", `{"v":2,"data":{"date":"2026-05-26","count":58,"complete":true,"x":1}}`},
		{"fields reordered", `{"v":2,"data":{"count":58,"date":"2026-05-26","complete":true}}`},
		{"spaces", `{"v":2, "data":{"date":"2026-05-26","count":58,"complete":true}}`},
		{"negative count", `{"v":2,"data":{"date":"2026-05-26","count":-1,"complete":true}}`},
		{"leading zero", `{"v":2,"data":{"date":"2026-05-26","count":058,"complete":true}}`},
		{"bad date", `{"v":2,"data":{"date":"2026-13-26","count":5,"complete":true}}`},
		{"bad time", `{"v":2,"data":{"date":"2026-05-26","count":5,"complete":true,"fetchedAt":"yesterday"}}`},
		{"truncated", `{"v":2,"data":{"date":"2026-05-26","count":5,"complete":tr`},
		{"trailing bytes", `{"v":2,"data":{"date":"2026-05-26","count":5,"complete":true}}x`},
	}
	for _, tc := range declined {
		t.Run(tc.name, func(t *testing.T) {
			if d, ok := decodeDayFast([]byte(tc.rec)); ok {
				t.Errorf("fast path accepted %s as %+v", tc.rec, d)
			}
		})
	}
}
