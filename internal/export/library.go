package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store"
	"github.com/paperboy-reader/paperboy/internal/termtext"
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

// LibraryPaper is a paper with its popularity history and, in an export
// asked for with them, its cached full text (Markdown). Full texts are
// cache, not the user's data: an import does not keep them (the rules
// fetch them again).
type LibraryPaper struct {
	paper.Paper
	History  []paper.Point `json:"history,omitempty"`
	FullText string        `json:"fullText,omitempty"`
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

// marshal is json.Marshal without HTML escaping, so the text stays as the
// API sent it, but valid UTF-8 and safe to print (termtext.EscapeJSON):
// invalid bytes, raw records included, become U+FFFD, and C1 and
// bidirectional controls \uXXXX escapes. The value marshalled, its raw
// record included, is not changed.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return termtext.EscapeJSON(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}

// ReadLibrary parses and checks a JSON library. Anything malformed is an
// EINVALID error and nothing of it should be used. It holds every paper in
// memory; Import does not.
func ReadLibrary(r io.Reader) (*Library, error) {
	var lib Library
	err := scanLibrary(r, &lib, func(p LibraryPaper) error {
		lib.Papers = append(lib.Papers, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &lib, nil
}

// scanLibrary reads the library r holds into lib, all but its papers, which
// go to each, one at a time as they are decoded, after their check. The
// input is streamed: only one paper's text is held at a time.
func scanLibrary(r io.Reader, lib *Library, each func(LibraryPaper) error) error {
	dec := json.NewDecoder(r)
	if err := decodeLibrary(dec, lib, each); err != nil {
		if _, ok := errors.AsType[*paper.Error](err); ok {
			return err
		}
		return paper.Wrap(paper.EINVALID, err, "this is not a Paperboy library export (not valid JSON: %v)", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return paper.Errorf(paper.EINVALID, "this is not a Paperboy library export (text after the JSON)")
	}
	if lib.Format != LibraryFormat {
		return formatError(lib.Format)
	}
	if lib.Version < 1 || lib.Version > LibraryVersion {
		return versionError(lib.Version)
	}
	return lib.check()
}

// decodeLibrary reads one JSON object into lib, field by field, and passes
// the papers to each one by one. It stops at a wrong format or version as
// soon as it reads one, not after the papers that follow.
func decodeLibrary(dec *json.Decoder, lib *Library, each func(LibraryPaper) error) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	fields := map[string]any{
		"format": &lib.Format, "version": &lib.Version, "exportedAt": &lib.ExportedAt, "scope": &lib.Scope,
		"settings": &lib.Settings, "topics": &lib.Topics, "states": &lib.States, "days": &lib.Days,
	}
	n := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		switch field, ok := fields[key]; {
		case key == "papers":
			if err := decodePapers(dec, func(p LibraryPaper) error {
				n++
				if err := checkPaper(n, p); err != nil {
					return err
				}
				return each(p)
			}); err != nil {
				return err
			}
		case ok:
			if err := dec.Decode(field); err != nil {
				return err
			}
			if key == "format" && lib.Format != LibraryFormat {
				return formatError(lib.Format)
			}
			if key == "version" && (lib.Version < 1 || lib.Version > LibraryVersion) {
				return versionError(lib.Version)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
		}
	}
	return expectDelim(dec, '}')
}

// decodePapers reads null or an array of papers, passing each to each.
func decodePapers(dec *json.Decoder, each func(LibraryPaper) error) error {
	tok, err := dec.Token()
	if err != nil || tok == nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("papers is not an array")
	}
	for dec.More() {
		var p LibraryPaper
		if err := dec.Decode(&p); err != nil {
			return err
		}
		p.FullText = "" // not imported: a full text is cache, fetched again by the rules
		if err := each(p); err != nil {
			return err
		}
	}
	return expectDelim(dec, ']')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %v, got %v", want, tok)
	}
	return nil
}

func formatError(format string) error {
	return paper.Errorf(paper.EINVALID, "this is not a Paperboy library export (format %q)", format)
}

func versionError(version int) error {
	return paper.Errorf(paper.EINVALID, "this library export has version %d; this Paperboy reads version %d — update Paperboy", version, LibraryVersion)
}

func damaged(format string, args ...any) error {
	return paper.Errorf(paper.EINVALID, "the library export is damaged: "+format, args...)
}

// checkPaper checks the nth paper of a library.
func checkPaper(n int, p LibraryPaper) error {
	if !paper.IsID(p.ID) {
		return damaged("paper %d has the id %q", n, p.ID)
	}
	if p.Day != "" && !paper.ValidDate(p.Day) {
		return damaged("paper %s has the date %q", p.ID, p.Day)
	}
	for _, pt := range p.History {
		if pt.At.IsZero() || pt.At.Year() < 2000 || pt.At.Year() > 2200 {
			return damaged("paper %s has a history point at %v", p.ID, pt.At)
		}
	}
	return nil
}

// check checks what a library holds besides its papers (checkPaper checks
// those as they are read).
func (lib *Library) check() error {
	bad := damaged
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

// ImportReport counts what an import added, and names the settings it left
// out.
type ImportReport struct {
	Papers          int              `json:"papers"`
	States          int              `json:"states"`
	Topics          int              `json:"topics"`
	Settings        int              `json:"settings"`
	SkippedSettings []SkippedSetting `json:"skippedSettings,omitempty"`
}

// SkippedSetting is an imported setting that was not a setting, or not a
// valid value of one (config.ValidateSetting).
type SkippedSetting struct {
	Key    string `json:"key"`
	Reason string `json:"reason"` // "syncInterval must be a whole number of minutes from 0 (off) to 10080 (7 days); got -5"
}

// Merge adds lib to st without losing anything on either side:
//   - papers already cached stay as they are (the next sync refreshes them);
//     missing ones are added with their history and day lists;
//   - a paper read or saved in either is read or saved after; stored times win;
//   - a topic whose id or search already exists is skipped;
//   - a setting already set keeps its value; an unknown setting or a value
//     out of its range (config.ValidateSetting) is left out and reported in
//     SkippedSettings; skip names keys left out silently (the token, state
//     Paperboy keeps among the settings).
//
// Nothing is deleted, so merging the same library twice changes nothing the
// second time.
func Merge(st Importer, lib *Library, skip ...string) (ImportReport, error) {
	var rep ImportReport
	n, err := addPapers(st, lib.Papers)
	if err != nil {
		return rep, err
	}
	rep.Papers = n
	err = mergeRest(st, lib, &rep, skip)
	return rep, err
}

// importBatch is how many papers Import reads and adds at a time.
const importBatch = 256

// Import checks the library r holds, then merges it into st as Merge does.
// It reads the papers twice — once to check them all, so that a damaged
// library changes nothing, once to add them a batch at a time — so it never
// holds more than a batch of them, however large the library. It returns
// the ids of the library's papers.
func Import(st Importer, r io.ReadSeeker, skip ...string) (ImportReport, []string, error) {
	var rep ImportReport
	var lib Library
	var ids []string
	if err := scanLibrary(r, &lib, func(p LibraryPaper) error {
		ids = append(ids, p.ID)
		return nil
	}); err != nil {
		return rep, nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return rep, nil, paper.Wrap(paper.EINTERNAL, err, "can't read the library again: %v", err)
	}
	batch := make([]LibraryPaper, 0, importBatch)
	flush := func() error {
		n, err := addPapers(st, batch)
		rep.Papers += n
		batch = batch[:0]
		return err
	}
	var again Library
	err := scanLibrary(r, &again, func(p LibraryPaper) error {
		batch = append(batch, p)
		if len(batch) == importBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return rep, nil, err
	}
	err = mergeRest(st, &lib, &rep, skip)
	return rep, ids, err
}

// addPapers adds the papers not cached yet, with their histories.
func addPapers(st Importer, lps []LibraryPaper) (int, error) {
	ps := make([]paper.Paper, len(lps))
	for i, p := range lps {
		ps[i] = p.Paper
	}
	n, err := st.AddPapers(ps)
	if err != nil {
		return n, err
	}
	for _, p := range lps {
		if len(p.History) > 0 {
			if _, err := st.AddHistory(p.ID, p.History); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// mergeRest merges everything of lib but its papers.
func mergeRest(st Importer, lib *Library, rep *ImportReport, skip []string) error {
	for _, d := range lib.Days {
		if _, err := st.AddDayListing(d.Day, d.IDs); err != nil {
			return err
		}
	}
	for id, s := range lib.States {
		changed, err := st.MergeState(id, s)
		if err != nil {
			return err
		}
		if changed {
			rep.States++
		}
	}
	have, err := st.Topics()
	if err != nil {
		return err
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
			return err
		}
		rep.Topics++
	}
	for _, k := range slices.Sorted(maps.Keys(lib.Settings)) {
		v := lib.Settings[k]
		if slices.Contains(skip, k) {
			continue
		}
		if err := config.ValidateSetting(k, v); err != nil {
			rep.SkippedSettings = append(rep.SkippedSettings, SkippedSetting{Key: termtext.Line(k), Reason: paper.ErrorMessage(err)})
			continue
		}
		added, err := st.AddSetting(k, v)
		if err != nil {
			return err
		}
		if added {
			rep.Settings++
		}
	}
	return nil
}
