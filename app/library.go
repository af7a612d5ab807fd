package app

import (
	"bytes"
	"strings"

	"github.com/paperboy-reader/paperboy/internal/paperboy"
)

// Library exports and imports the user's data: reading lists, BibTeX, and the
// whole library as JSON.
type Library struct{ svc *paperboy.Service }

// Export returns the text of an export (the browser mode downloads it).
// format: bibtex, markdown or json; scope: saved, all, date:YYYY-MM-DD,
// query:<search> or topic:<id>.
func (l *Library) Export(format, scope string) (string, error) {
	var buf bytes.Buffer
	if err := l.svc.Export(bg(), &buf, format, scope); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// SaveExport asks where to save an export and writes it there (desktop
// only); "" when the user cancelled.
func (l *Library) SaveExport(format, scope string) (string, error) {
	return l.svc.SaveExport(bg(), format, scope)
}

// Import merges a JSON library export; it adds, never deletes or overwrites.
func (l *Library) Import(text string) (paperboy.ImportReport, error) {
	return l.svc.Import(bg(), strings.NewReader(text))
}
