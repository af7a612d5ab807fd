package watch

import (
	"slices"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store/storetest"
)

func TestGain(t *testing.T) {
	t0 := time.Date(2026, 5, 26, 0, 0, 0, 0, time.UTC)
	pt := func(h, up int) paper.Point { return paper.Point{At: t0.Add(time.Duration(h) * time.Hour), Upvotes: up} }
	for _, tc := range []struct {
		name string
		pts  []paper.Point
		want int
	}{
		{"no points", nil, 0},
		{"before and inside", []paper.Point{pt(-30, 5), pt(-2, 10), pt(3, 25)}, 15},
		{"exactly at start", []paper.Point{pt(-5, 1), pt(0, 10), pt(3, 25)}, 15},
		{"first seen inside", []paper.Point{pt(2, 7), pt(5, 20)}, 13},
		{"one point", []paper.Point{pt(2, 7)}, 0},
		{"lost votes", []paper.Point{pt(-1, 9), pt(2, 4)}, -5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Gain(tc.pts, t0); got != tc.want {
				t.Errorf("Gain = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestRisingRanksByGain(t *testing.T) {
	db := storetest.OpenTemp(t)
	now := time.Date(2026, 5, 26, 20, 0, 0, 0, time.UTC)
	at := func(hoursAgo int) time.Time { return now.Add(-time.Duration(hoursAgo) * time.Hour) }
	type obs struct {
		hoursAgo int
		upvotes  map[string]int
	}
	day := map[string]string{"2605.00001": "2026-05-25", "2605.00002": "2026-05-25", "2605.00003": "2026-05-26",
		"2605.00004": "2026-05-26", "2605.00005": "2026-05-10"}
	// each sync observes the listed papers at the time given
	for _, o := range []obs{
		{100, map[string]int{"2605.00005": 10}},
		{40, map[string]int{"2605.00001": 10, "2605.00002": 50}},
		{30, map[string]int{"2605.00001": 12, "2605.00002": 60}},
		{10, map[string]int{"2605.00001": 40, "2605.00002": 65, "2605.00003": 5, "2605.00004": 8}},
		{1, map[string]int{"2605.00001": 41, "2605.00002": 70, "2605.00003": 30, "2605.00004": 8, "2605.00005": 90}},
	} {
		byDay := map[string][]paper.Paper{}
		for id, up := range o.upvotes {
			byDay[day[id]] = append(byDay[day[id]], mk(id, day[id], "Paper "+id, up))
		}
		for d, ps := range byDay {
			if _, err := db.PutDay(d, ps, true, at(o.hoursAgo)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		window    string
		limit     int
		wantIDs   []string
		wantGains []int
	}{
		// 00001: 12→41 = 29; 00003: first seen inside, 5→30 = 25; 00002: 60→70 = 10;
		// 00004 gained nothing; 00005 is listed too long ago to be a candidate
		{"day", 10, []string{"2605.00001", "2605.00003", "2605.00002"}, []int{29, 25, 10}},
		{"day", 2, []string{"2605.00001", "2605.00003"}, []int{29, 25}},
		// over a week 00001 and 00002 count from their first points: 31 and 20
		{"week", 10, []string{"2605.00001", "2605.00003", "2605.00002"}, []int{31, 25, 20}},
	} {
		t.Run(tc.window, func(t *testing.T) {
			rs, err := Rising(db, now, Windows[tc.window], tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			var gains []int
			for _, r := range rs {
				ids, gains = append(ids, r.Paper.ID), append(gains, r.Gain)
				if r.Paper.Title == "" || len(r.History) == 0 {
					t.Errorf("%s: paper or history missing: %+v", r.Paper.ID, r)
				}
			}
			if !slices.Equal(ids, tc.wantIDs) || !slices.Equal(gains, tc.wantGains) {
				t.Errorf("Rising(%s) = %v %v, want %v %v", tc.window, ids, gains, tc.wantIDs, tc.wantGains)
			}
		})
	}
}
