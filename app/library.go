package app

import (
	"bytes"
	"cmp"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/export"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/store"
)

// Library exports and imports the user's data: reading lists, BibTeX, and the
// whole library as JSON.
type Library struct{ b *Backend }

// ImportReport counts what an import added.
type ImportReport = export.ImportReport

// Export formats and their file extensions.
var exportExt = map[string]string{"bibtex": "bib", "markdown": "md", "json": "json"}

// exportQueryLimit caps a query scope.
const exportQueryLimit = 2000

// Export returns the text of an export. format: bibtex, markdown or json;
// scope: saved, all, date:YYYY-MM-DD, query:<search> or topic:<id>.
func (l *Library) Export(format, scope string) (string, error) {
	var buf bytes.Buffer
	err := l.b.Export(&buf, format, scope)
	if err != nil {
		return "", l.b.fail("export", err)
	}
	return buf.String(), nil
}

// SaveExport asks where to save an export and writes it there (desktop
// only). It returns the path, or "" when the user cancelled.
func (l *Library) SaveExport(format, scope string) (string, error) {
	if l.b.SaveFile == nil {
		return "", l.b.fail("save export", paper.Errorf(paper.EINVALID, "saving files needs the desktop app; use Export"))
	}
	if _, ok := exportExt[format]; !ok {
		return "", l.b.fail("save export", paper.Errorf(paper.EINVALID, "the export format is bibtex, markdown or json, not %q", format))
	}
	// streamed to the file: a whole-library export can be large
	path, err := l.b.SaveFile(ExportFileName(format, scope, l.b.now()), func(w io.Writer) error {
		return l.b.Export(w, format, scope)
	})
	if err != nil && paper.ErrorCode(err) == paper.EINTERNAL {
		err = paper.Wrap(paper.EINTERNAL, err, "could not save the file")
	}
	return path, l.b.fail("save export", err)
}

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

// Import merges a JSON library export into this one. Nothing is lost on
// either side; see export.Merge for how conflicts are settled.
func (l *Library) Import(text string) (ImportReport, error) {
	rep, err := l.b.Import(strings.NewReader(text))
	return rep, l.b.fail("import", err)
}

// Import is Library.Import for Go callers (the CLI). A library that fails its
// checks changes nothing.
func (b *Backend) Import(r io.Reader) (ImportReport, error) {
	lib, err := export.ReadLibrary(r)
	if err != nil {
		return ImportReport{}, err
	}
	rep, err := export.Merge(b.Store, lib, settingToken)
	if err != nil {
		return rep, err
	}
	ids := make([]string, len(lib.Papers))
	for i, p := range lib.Papers {
		ids[i] = p.ID
	}
	for id := range lib.States {
		ids = append(ids, id)
	}
	if b.Index != nil {
		ps, err := b.Store.Papers(ids)
		if err != nil {
			return rep, err
		}
		docs := make([]paper.Paper, len(ps))
		for i, p := range ps {
			p.Raw = nil
			docs[i] = p
		}
		b.Index.Upsert(docs...)
		states, err := b.Store.States(ids)
		if err != nil {
			return rep, err
		}
		for id, s := range states {
			b.Index.SetState(id, s)
		}
		b.indexDirty.Store(true)
	}
	dates := []string{}
	for _, d := range lib.Days {
		dates = append(dates, d.Date)
	}
	b.emit(EventPapersChanged, map[string]any{"dates": dates})
	return rep, nil
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

// Export writes the papers of scope in format to w.
func (b *Backend) Export(w io.Writer, format, scope string) error {
	if _, ok := exportExt[format]; !ok {
		return paper.Errorf(paper.EINVALID, "the export format is bibtex, markdown or json, not %q", format)
	}
	sc, err := parseScope(scope)
	if err != nil {
		return err
	}
	if format == "json" {
		return b.exportJSON(w, sc)
	}
	ps, heading, err := b.scopePapers(sc, false)
	if err != nil {
		return err
	}
	if format == "bibtex" {
		return export.BibTeX(w, ps)
	}
	ids := paperIDs(ps)
	states, err := b.Store.States(ids)
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
func (b *Backend) scopePapers(sc exportScope, withRaw bool) ([]paper.Paper, string, error) {
	var ps []paper.Paper
	var err error
	heading := "Paperboy: "
	switch sc.kind {
	case "all":
		heading += "all papers"
		err = b.Store.ForEachPaper(func(p paper.Paper) error {
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
		ids, err = b.savedIDs()
		if err == nil {
			ps, err = b.Store.Papers(ids)
		}
	case "date":
		heading += "papers of " + sc.arg
		ps, err = b.Store.DayPapers(sc.arg)
	case "query":
		heading += "search “" + sc.arg + "”"
		<-b.LoadIndex()
		rs := b.Index.Search(sc.arg, exportQueryLimit)
		ids := make([]string, len(rs))
		for i, r := range rs {
			ids[i] = r.ID
		}
		ps, err = b.Store.Papers(ids)
	case "topic":
		tp, terr := b.Store.Topic(sc.arg)
		if terr != nil {
			return nil, "", terr
		}
		heading += "topic “" + tp.Name + "”"
		<-b.LoadIndex()
		items, _, ferr := b.watcher().Feed(sc.arg)
		for _, it := range items {
			ps = append(ps, it.Paper)
		}
		err = ferr
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

// savedIDs lists the saved papers, most recently saved first.
func (b *Backend) savedIDs() ([]string, error) {
	states, err := b.Store.AllStates()
	if err != nil {
		return nil, err
	}
	var ids []string
	for id, s := range states {
		if s.Saved {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, c string) int {
		return cmp.Or(states[c].SavedAt.Compare(states[a].SavedAt), strings.Compare(a, c))
	})
	return ids, nil
}

// histBatch is how many papers' histories an "all" JSON export reads at once.
const histBatch = 256

func (b *Backend) exportJSON(w io.Writer, sc exportScope) error {
	lib := export.Library{ExportedAt: b.now().UTC(), Scope: sc.kind, Days: []export.DayList{}}
	if sc.arg != "" {
		lib.Scope += ":" + sc.arg
	}
	settings, err := b.Store.AllSettings()
	if err != nil {
		return err
	}
	delete(settings, settingToken) // a secret: never leaves the machine this way
	lib.Settings = settings
	if lib.Topics, err = b.Store.Topics(); err != nil {
		return err
	}
	if lib.Topics == nil {
		lib.Topics = []store.Topic{}
	}
	if sc.kind == "all" {
		return b.exportAllJSON(w, lib)
	}
	ps, _, err := b.scopePapers(sc, true)
	if err != nil {
		return err
	}
	ids := paperIDs(ps)
	if sc.kind == "saved" {
		// saved papers no longer cached keep their state in the export
		if ids, err = b.savedIDs(); err != nil {
			return err
		}
	}
	if lib.States, err = b.Store.States(ids); err != nil {
		return err
	}
	if sc.kind == "date" {
		if rec, ok, err := b.Store.DayRecord(sc.arg); err != nil {
			return err
		} else if ok {
			dayIDs, err := b.Store.DayIDs(sc.arg)
			if err != nil {
				return err
			}
			lib.Days = append(lib.Days, export.DayList{Day: rec, IDs: dayIDs})
		}
	}
	hs, err := b.Store.Histories(ids)
	if err != nil {
		return err
	}
	lib.Papers = make([]export.LibraryPaper, len(ps))
	for i, p := range ps {
		lib.Papers[i] = export.LibraryPaper{Paper: p, History: hs[p.ID]}
	}
	return export.WriteLibrary(w, lib, nil)
}

// exportAllJSON streams the whole cache with every state and day list.
func (b *Backend) exportAllJSON(w io.Writer, lib export.Library) error {
	var err error
	if lib.States, err = b.Store.AllStates(); err != nil {
		return err
	}
	days, err := b.Store.Days()
	if err != nil {
		return err
	}
	slices.Reverse(days) // oldest first, like papers by id
	for _, d := range days {
		ids, err := b.Store.DayIDs(d.Date)
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
			hs, err := b.Store.Histories(ids)
			if err != nil {
				return err
			}
			for _, p := range batch {
				if err := emit(export.LibraryPaper{Paper: p, History: hs[p.ID]}); err != nil {
					return err
				}
			}
			batch = batch[:0]
			return nil
		}
		err := b.Store.ForEachPaper(func(p paper.Paper) error {
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
