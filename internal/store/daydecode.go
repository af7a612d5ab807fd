package store

import (
	"bytes"
	"strconv"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// decodeDay reads a day record. Days decodes every record at the first
// day view after launch (~3,100 at 100k papers, ~10 ms with encoding/json on
// this project's 2-core machine, make bench), so the exact bytes encode
// writes are parsed by hand; anything else goes through decode.
func decodeDay(b []byte) (paper.Day, error) {
	if d, ok := decodeDayFast(b); ok {
		return d, nil
	}
	return decode[paper.Day](b)
}

// dayHead is how encode(paper.Day) starts at the current schema version.
var dayHead = []byte(`{"v":` + strconv.Itoa(recordVersion) + `,"data":{"date":"`)

// decodeDayFast parses {"v":2,"data":{"date":"…","count":N,"complete":B[,"fetchedAt":"…"]}}
// as encoding/json writes it; ok is false for any other shape.
func decodeDayFast(b []byte) (d paper.Day, ok bool) {
	rest, ok := bytes.CutPrefix(b, dayHead)
	if !ok || len(rest) < dateLen {
		return d, false
	}
	d.Date, rest = string(rest[:dateLen]), rest[dateLen:]
	if !paper.ValidDate(d.Date) {
		return d, false
	}
	if rest, ok = bytes.CutPrefix(rest, []byte(`","count":`)); !ok {
		return d, false
	}
	i := 0
	for i < len(rest) && i < 9 && '0' <= rest[i] && rest[i] <= '9' {
		d.Count = d.Count*10 + int(rest[i]-'0')
		i++
	}
	if i == 0 || (i > 1 && rest[0] == '0') {
		return d, false
	}
	rest = rest[i:]
	if rest, ok = bytes.CutPrefix(rest, []byte(`,"complete":`)); !ok {
		return d, false
	}
	switch {
	case bytes.HasPrefix(rest, []byte("true")):
		d.Complete, rest = true, rest[4:]
	case bytes.HasPrefix(rest, []byte("false")):
		rest = rest[5:]
	default:
		return d, false
	}
	if t, ok := bytes.CutPrefix(rest, []byte(`,"fetchedAt":"`)); ok {
		end := bytes.IndexByte(t, '"')
		if end < 0 {
			return d, false
		}
		at, err := time.Parse(time.RFC3339Nano, string(t[:end]))
		if err != nil || at.IsZero() {
			return d, false
		}
		d.FetchedAt, rest = at, t[end+1:]
	}
	return d, string(rest) == "}}"
}
