package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store"
)

// The JSON library format. A reader refuses versions newer than it knows.
const (
	LibraryFormat  = "paperboy-library"
	LibraryVersion = 1
)

// Library is a whole (or scoped) export of the user's data: papers with their
// raw API records and upvote history, day lists, reading states, watched
// topics and settings. Papers come last so a reader sees the small parts first.
type Library struct {
	Format     string                     `json:"format"`
	Version    int                        `json:"version"`
	ExportedAt time.Time                  `json:"exportedAt"`
	Scope      string                     `json:"scope"`
	Settings   map[string]json.RawMessage `json:"settings"`
	Topics     []store.Topic              `json:"topics"`
	States     map[string]paper.State     `json:"states"`
	Days       []DayList                  `json:"days"`
	Papers     []LibraryPaper             `json:"papers"`
}

// DayList is a Daily Papers date and the ids listed on it.
type DayList struct {
	paper.Day
	IDs []string `json:"ids"`
}

// LibraryPaper is a paper with its popularity history.
type LibraryPaper struct {
	paper.Paper
	History []paper.Point `json:"history,omitempty"`
}

// WriteLibrary writes lib as JSON, taking its papers from each when it is not
// nil (each calls its argument once per paper, so a whole cache streams
// without being held in memory) and from lib.Papers otherwise.
func WriteLibrary(w io.Writer, lib Library, each func(emit func(LibraryPaper) error) error) error {
	lib.Format, lib.Version = LibraryFormat, LibraryVersion
	bw := bufio.NewWriterSize(w, 1<<16)
	papers := lib.Papers
	lib.Papers = nil
	head, err := marshal(lib)
	if err != nil {
		return err
	}
	// head ends with `"papers":null}`: reopen it as an array
	const tail = `"papers":null}`
	if !strings.HasSuffix(string(head), tail) {
		return fmt.Errorf("export: unexpected library head %q", head[max(0, len(head)-40):])
	}
	bw.Write(head[:len(head)-len(tail)])
	bw.WriteString("\"papers\":[")
	n := 0
	emit := func(p LibraryPaper) error {
		b, err := marshal(p)
		if err != nil {
			return fmt.Errorf("export: paper %s: %w", p.ID, err)
		}
		if n > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
		n++
		_, err = bw.Write(b)
		return err
	}
	if each != nil {
		err = each(emit)
	} else {
		for _, p := range papers {
			if err = emit(p); err != nil {
				break
			}
		}
	}
	if err != nil {
		return err
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// marshal is json.Marshal without HTML escaping: the text stays as the
// API sent it.
func marshal(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

// ReadLibrary parses and checks a JSON library. Anything malformed is an
// EINVALID error and nothing of it should be used.
func ReadLibrary(r io.Reader) (*Library, error) {
	var lib Library
	dec := json.NewDecoder(r)
	if err := dec.Decode(&lib); err != nil {
		return nil, paper.Wrap(paper.EINVALID, err, "this is not a Paperboy library export (not valid JSON: %v)", err)
	}
	if dec.More() {
		return nil, paper.Errorf(paper.EINVALID, "this is not a Paperboy library export (text after the JSON)")
	}
	if lib.Format != LibraryFormat {
		return nil, paper.Errorf(paper.EINVALID, "this is not a Paperboy library export (format %q)", lib.Format)
	}
	if lib.Version < 1 || lib.Version > LibraryVersion {
		return nil, paper.Errorf(paper.EINVALID, "this library export has version %d; this Paperboy reads version %d — update Paperboy", lib.Version, LibraryVersion)
	}
	if err := lib.check(); err != nil {
		return nil, err
	}
	return &lib, nil
}

func (lib *Library) check() error {
	bad := func(format string, args ...any) error {
		return paper.Errorf(paper.EINVALID, "the library export is damaged: "+format, args...)
	}
	for i, p := range lib.Papers {
		if !paper.IsID(p.ID) {
			return bad("paper %d has the id %q", i+1, p.ID)
		}
		if p.Day != "" && !paper.ValidDate(p.Day) {
			return bad("paper %s has the date %q", p.ID, p.Day)
		}
		for _, pt := range p.History {
			if pt.At.IsZero() || pt.At.Year() < 2000 || pt.At.Year() > 2200 {
				return bad("paper %s has a history point at %v", p.ID, pt.At)
			}
		}
	}
	for _, d := range lib.Days {
		if !paper.ValidDate(d.Date) {
			return bad("a day has the date %q", d.Date)
		}
		for _, id := range d.IDs {
			if !paper.IsID(id) {
				return bad("day %s lists the id %q", d.Date, id)
			}
		}
	}
	for id := range lib.States {
		if !paper.IsID(id) {
			return bad("a reading state has the id %q", id)
		}
	}
	for _, t := range lib.Topics {
		if !store.ValidTopicID(t.ID) || strings.TrimSpace(t.Query) == "" {
			return bad("topic %q is incomplete", t.ID)
		}
	}
	for k, v := range lib.Settings {
		if k == "" || !json.Valid(v) {
			return bad("setting %q is not valid", k)
		}
	}
	return nil
}

// Importer is what an import writes to; every method only adds.
type Importer interface {
	AddPapers(ps []paper.Paper) (int, error)
	AddHistory(id string, pts []paper.Point) (int, error)
	AddDayListing(d paper.Day, ids []string) (int, error)
	MergeState(id string, s paper.State) (bool, error)
	Topics() ([]store.Topic, error)
	PutTopic(t store.Topic) error
	AddSetting(key string, raw json.RawMessage) (bool, error)
}

var _ Importer = (*store.DB)(nil)

// ImportReport counts what an import added.
type ImportReport struct {
	Papers   int `json:"papers"`
	States   int `json:"states"`
	Topics   int `json:"topics"`
	Settings int `json:"settings"`
}

// Merge adds lib to st without losing anything on either side:
//   - papers already cached stay as they are (the next sync refreshes them);
//     missing ones are added with their history and day lists;
//   - a paper read or saved in either is read or saved after; stored times win;
//   - a topic whose id or search already exists is skipped;
//   - a setting already set keeps its value; skip names settings never imported.
//
// Nothing is deleted, so merging the same library twice changes nothing the
// second time.
func Merge(st Importer, lib *Library, skip ...string) (ImportReport, error) {
	var rep ImportReport
	ps := make([]paper.Paper, len(lib.Papers))
	for i, p := range lib.Papers {
		ps[i] = p.Paper
	}
	n, err := st.AddPapers(ps)
	if err != nil {
		return rep, err
	}
	rep.Papers = n
	for _, p := range lib.Papers {
		if len(p.History) > 0 {
			if _, err := st.AddHistory(p.ID, p.History); err != nil {
				return rep, err
			}
		}
	}
	for _, d := range lib.Days {
		if _, err := st.AddDayListing(d.Day, d.IDs); err != nil {
			return rep, err
		}
	}
	for id, s := range lib.States {
		changed, err := st.MergeState(id, s)
		if err != nil {
			return rep, err
		}
		if changed {
			rep.States++
		}
	}
	have, err := st.Topics()
	if err != nil {
		return rep, err
	}
	known := map[string]bool{}
	for _, t := range have {
		known[t.ID], known["q:"+strings.ToLower(t.Query)] = true, true
	}
	for _, t := range lib.Topics {
		if known[t.ID] || known["q:"+strings.ToLower(t.Query)] {
			continue
		}
		known[t.ID], known["q:"+strings.ToLower(t.Query)] = true, true
		if err := st.PutTopic(t); err != nil {
			return rep, err
		}
		rep.Topics++
	}
	for k, v := range lib.Settings {
		if contains(skip, k) {
			continue
		}
		added, err := st.AddSetting(k, v)
		if err != nil {
			return rep, err
		}
		if added {
			rep.Settings++
		}
	}
	return rep, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
