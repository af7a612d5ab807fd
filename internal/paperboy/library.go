package paperboy

import (
	"cmp"
	"context"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/export"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/search"
	"github.com/paperboy-reader/paperboy/internal/store"
)

// ImportReport counts what an import added.
type ImportReport = export.ImportReport

// Export formats and their file extensions.
var exportExt = map[string]string{"bibtex": "bib", "markdown": "md", "json": "json"}

// ExportFileName is the suggested name of an export, like
// paperboy-saved-2026-05-26.bib.
func ExportFileName(format, scope string, now time.Time) string {
	kind, arg, _ := strings.Cut(scope, ":")
	name := "paperboy-" + cmp.Or(kind, "all")
	if kind == "date" {
		name += "-" + arg
	}
	var b strings.Builder
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		}
	}
	return b.String() + "-" + now.UTC().Format(time.DateOnly) + "." + cmp.Or(exportExt[format], "txt")
}

// Import merges a JSON library export into this one: nothing is lost on
// either side (see export.Merge for how conflicts are settled), and a library
// that fails its checks changes nothing.
func (s *Service) Import(ctx context.Context, r io.Reader) (ImportReport, error) {
	rs, ok := r.(io.ReadSeeker)
	if !ok {
		// a stream (the browser mode's upload): kept on disk while it is
		// read twice, so that memory holds a batch of papers, not the file
		spool, err := s.spool(r)
		if err != nil {
			return ImportReport{}, err
		}
		defer os.Remove(spool.Name())
		defer spool.Close()
		rs = spool
	}
	rep, ids, err := export.Import(s.store, rs, legacyTokenSetting)
	if err != nil {
		return rep, err
	}
	if s.indexStarted.Load() {
		for start := 0; start < len(ids); start += importIndexBatch {
			ps, err := s.store.Papers(ids[start:min(start+importIndexBatch, len(ids))])
			if err != nil {
				return rep, err
			}
			for i := range ps {
				ps[i].Raw = nil
			}
			s.index.Upsert(ps...)
		}
		states, err := s.store.AllStates()
		if err != nil {
			return rep, err
		}
		s.index.SetStates(states)
		s.indexDirty.Store(true)
	}
	s.emit(EventPapersChanged, PapersChanged{Dates: []string{}})
	return rep, nil
}

// importIndexBatch is how many imported papers are read back for the index at a time.
const importIndexBatch = 512

// spool copies r into a temporary file in the data directory.
func (s *Service) spool(r io.Reader) (*os.File, error) {
	f, err := os.CreateTemp(s.dataDir, ".import-*.json")
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "can't keep the library being imported: %v", err)
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		os.Remove(f.Name())
		if _, ok := errors.AsType[*paper.Error](err); ok {
			return nil, err
		}
		return nil, paper.Wrap(paper.EINVALID, err, "the library could not be read whole: %v", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, paper.Wrap(paper.EINTERNAL, err, "can't read the library being imported: %v", err)
	}
	return f, nil
}

// exportScope is a parsed scope.
type exportScope struct {
	kind, arg string
}

func parseScope(scope string) (exportScope, error) {
	kind, arg, _ := strings.Cut(strings.TrimSpace(scope), ":")
	s := exportScope{kind: cmp.Or(kind, "all"), arg: strings.TrimSpace(arg)}
	switch s.kind {
	case "all", "saved":
		if arg != "" {
			break
		}
		return s, nil
	case "date":
		if paper.ValidDate(s.arg) {
			return s, nil
		}
		return s, paper.Errorf(paper.EINVALID, "export a date like date:2026-05-26, not %q", scope)
	case "query", "topic":
		if s.arg != "" {
			return s, nil
		}
	}
	return s, paper.Errorf(paper.EINVALID, "can't export %q: use saved, all, date:YYYY-MM-DD, query:<search> or topic:<id>", scope)
}

// ExportOptions tunes an export.
type ExportOptions struct {
	// FullText puts each paper's cached full text in a JSON export.
	FullText bool
}

// Export writes the papers of scope in format to w. format: bibtex, markdown
// or json; scope: saved, all, date:YYYY-MM-DD, query:<search> or topic:<id>.
func (s *Service) Export(ctx context.Context, w io.Writer, format, scope string) error {
	return s.ExportWith(ctx, w, format, scope, ExportOptions{})
}

// ExportWith is Export with options.
func (s *Service) ExportWith(ctx context.Context, w io.Writer, format, scope string, opt ExportOptions) error {
	defer s.announce()
	if opt.FullText && format != "json" {
		return paper.Errorf(paper.EINVALID, "full texts go only into a JSON export")
	}
	if _, ok := exportExt[format]; !ok {
		return paper.Errorf(paper.EINVALID, "the export format is bibtex, markdown or json, not %q", format)
	}
	sc, err := parseScope(scope)
	if err != nil {
		return err
	}
	if format == "json" {
		return s.exportJSON(w, sc, opt)
	}
	ps, heading, err := s.scopePapers(sc, false)
	if err != nil {
		return err
	}
	if format == "bibtex" {
		return export.BibTeX(w, ps)
	}
	ids := paperIDs(ps)
	states, err := s.store.States(ids)
	if err != nil {
		return err
	}
	es := make([]export.Entry, len(ps))
	for i, p := range ps {
		es[i] = export.Entry{Paper: p, State: states[p.ID]}
	}
	return export.Markdown(w, heading, es)
}

// scopePapers returns the cached papers of a scope in reading order and a
// heading for them. Raw records are kept only when withRaw.
func (s *Service) scopePapers(sc exportScope, withRaw bool) ([]paper.Paper, string, error) {
	var ps []paper.Paper
	var err error
	heading := "Paperboy: "
	switch sc.kind {
	case "all":
		heading += "all papers"
		err = s.store.ForEachPaper(func(p paper.Paper) error {
			if !withRaw {
				p.Raw = nil
			}
			ps = append(ps, p)
			return nil
		})
		slices.SortStableFunc(ps, func(a, c paper.Paper) int {
			return cmp.Or(strings.Compare(cmp.Or(c.Day, c.PublishedAt), cmp.Or(a.Day, a.PublishedAt)), c.Upvotes-a.Upvotes, strings.Compare(a.ID, c.ID))
		})
	case "saved":
		heading += "saved papers"
		var ids []string
		ids, err = s.savedIDs()
		if err == nil {
			ps, err = s.store.Papers(ids)
		}
	case "date":
		heading += "papers of " + sc.arg
		ps, err = s.store.DayPapers(sc.arg)
	case "query":
		heading += "search “" + sc.arg + "”"
		if err := s.indexLoaded(); err != nil {
			return nil, "", err
		}
		q := search.ParseQuery(sc.arg)
		q.Done = true
		ps, err = s.store.Papers(s.index.IDs(q)) // every match: an export has no cap
	case "topic":
		tp, terr := s.store.Topic(sc.arg)
		if terr != nil {
			return nil, "", terr
		}
		heading += "topic “" + tp.Name + "”"
		if err := s.indexLoaded(); err != nil {
			return nil, "", err
		}
		ps, err = s.watcher().Matches(sc.arg) // every match, not the feed's first 200
	}
	if err != nil {
		return nil, "", err
	}
	if !withRaw && sc.kind != "all" {
		for i := range ps {
			ps[i].Raw = nil // only this copy of the struct; the cached paper keeps it
		}
	}
	return ps, heading, nil
}

// histBatch is how many papers' histories an "all" JSON export reads at once.
const histBatch = 256

func (s *Service) exportJSON(w io.Writer, sc exportScope, opt ExportOptions) error {
	text, err := s.exportText(opt)
	if err != nil {
		return err
	}
	lib := export.Library{ExportedAt: s.now().UTC(), Scope: sc.kind, Days: []export.DayList{}}
	if sc.arg != "" {
		lib.Scope += ":" + sc.arg
	}
	settings, err := s.store.AllSettings()
	if err != nil {
		return err
	}
	for key := range settings {
		if _, ok := config.Lookup(key); !ok {
			delete(settings, key) // not a user setting: the app's own state (window, last sync), an old token
		}
	}
	lib.Settings = settings
	if lib.Topics, err = s.store.Topics(); err != nil {
		return err
	}
	if lib.Topics == nil {
		lib.Topics = []store.Topic{}
	}
	if sc.kind == "all" {
		return s.exportAllJSON(w, lib, text)
	}
	ps, _, err := s.scopePapers(sc, true)
	if err != nil {
		return err
	}
	ids := paperIDs(ps)
	if sc.kind == "saved" {
		// saved papers no longer cached keep their state in the export
		if ids, err = s.savedIDs(); err != nil {
			return err
		}
	}
	if lib.States, err = s.store.States(ids); err != nil {
		return err
	}
	if sc.kind == "date" {
		if rec, ok, err := s.store.DayRecord(sc.arg); err != nil {
			return err
		} else if ok {
			dayIDs, err := s.store.DayIDs(sc.arg)
			if err != nil {
				return err
			}
			lib.Days = append(lib.Days, export.DayList{Day: rec, IDs: dayIDs})
		}
	}
	hs, err := s.store.Histories(ids)
	if err != nil {
		return err
	}
	lib.Papers = make([]export.LibraryPaper, len(ps))
	for i, p := range ps {
		lib.Papers[i] = export.LibraryPaper{Paper: p, History: hs[p.ID], FullText: text(p.ID)}
	}
	return export.WriteLibrary(w, lib, nil)
}

// exportAllJSON streams the whole cache with every state and day list.
func (s *Service) exportAllJSON(w io.Writer, lib export.Library, text func(id string) string) error {
	var err error
	if lib.States, err = s.store.AllStates(); err != nil {
		return err
	}
	days, err := s.store.Days()
	if err != nil {
		return err
	}
	slices.Reverse(days) // oldest first, like papers by id
	for _, d := range days {
		ids, err := s.store.DayIDs(d.Date)
		if err != nil {
			return err
		}
		if ids == nil {
			ids = []string{}
		}
		lib.Days = append(lib.Days, export.DayList{Day: d, IDs: ids})
	}
	return export.WriteLibrary(w, lib, func(emit func(export.LibraryPaper) error) error {
		batch := make([]paper.Paper, 0, histBatch)
		flush := func() error {
			ids := paperIDs(batch)
			hs, err := s.store.Histories(ids)
			if err != nil {
				return err
			}
			for _, p := range batch {
				if err := emit(export.LibraryPaper{Paper: p, History: hs[p.ID], FullText: text(p.ID)}); err != nil {
					return err
				}
			}
			batch = batch[:0]
			return nil
		}
		err := s.store.ForEachPaper(func(p paper.Paper) error {
			batch = append(batch, p)
			if len(batch) == histBatch {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	})
}

// exportText returns what an export puts as a paper's full text: its
// cached text with opt.FullText, else "" (left out).
func (s *Service) exportText(opt ExportOptions) (func(id string) string, error) {
	if !opt.FullText {
		return func(string) string { return "" }, nil
	}
	infos, err := s.store.FullTextInfos()
	if err != nil {
		return nil, err
	}
	return func(id string) string {
		if !infos[id].Kept() {
			return ""
		}
		md, _, err := s.store.FullText(id)
		if err != nil {
			s.log.Warn("export a full text", "id", id, "err", err)
		}
		return md
	}, nil
}

// SaveExport asks where to save an export and writes it there (the desktop's
// save dialog). It returns the path, or "" when the user cancelled.
func (s *Service) SaveExport(ctx context.Context, format, scope string) (string, error) {
	if s.saver == nil {
		return "", paper.Errorf(paper.EINVALID, "saving files needs the desktop app; use Export")
	}
	if _, ok := exportExt[format]; !ok {
		return "", paper.Errorf(paper.EINVALID, "the export format is bibtex, markdown or json, not %q", format)
	}
	// streamed to the file: a whole-library export can be large
	path, err := s.saver.SaveFile(ExportFileName(format, scope, s.now()), func(w io.Writer) error {
		return s.Export(ctx, w, format, scope)
	})
	if err != nil && paper.ErrorCode(err) == paper.EINTERNAL {
		err = paper.Wrap(paper.EINTERNAL, err, "could not save the file: %v", err)
	}
	return path, err
}
