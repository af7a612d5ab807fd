package app

import "github.com/paperboy-reader/paperboy/internal/paperboy"

// FullText reads papers' full texts (Markdown from Hugging Face, kept in
// the cache within a budget), downloads them on demand, remembers where the
// reader was, and shows and sets the budget and the rules. Events:
// fulltext:progress (FullTextProgress) and fulltext:changed (FullTextChanged).
type FullText struct{ svc *paperboy.Service }

// Get returns a paper's full text when it is cached (and records it as
// opened), else its state: none, queued, fetching, missing or error.
func (f *FullText) Get(id string) (paperboy.FullText, error) { return f.svc.FullText(bg(), id) }

// Download fetches a paper's full text now, ahead of the rules; it returns
// at once, and fulltext:changed says when it lands.
func (f *FullText) Download(id string) (paperboy.FullText, error) {
	return f.svc.DownloadFullText(bg(), id)
}

// Position returns where the reader was in a paper's full text.
func (f *FullText) Position(id string) (paperboy.ReadingPosition, error) {
	return f.svc.ReadingPosition(bg(), id)
}

// SetPosition records where the reader is in a paper's full text.
func (f *FullText) SetPosition(id string, pos paperboy.ReadingPosition) error {
	return f.svc.SetReadingPosition(bg(), id, pos)
}

// Info returns the space full texts take, the budget, the rules and the
// state of the current or last run.
func (f *FullText) Info() (paperboy.FullTextSettings, error) { return f.svc.FullTextSettings(bg()) }

// SetRules sets which papers' full texts are fetched by themselves.
func (f *FullText) SetRules(rules paperboy.FullTextRules) (paperboy.FullTextSettings, error) {
	return f.svc.SetFullTextRules(bg(), rules)
}

// SetBudget sets the disk full texts may take, in MB (50 to 10000), and
// drops the least recently opened unsaved ones at once when over it.
func (f *FullText) SetBudget(mb int) (paperboy.FullTextSettings, error) {
	return f.svc.SetFullTextBudget(bg(), mb)
}

// Start fetches by the rules now, in the background.
func (f *FullText) Start() error { return f.svc.StartFullTexts(bg()) }

// Cancel stops the running full-text downloads; the next run goes on.
func (f *FullText) Cancel() error {
	f.svc.CancelFullTexts()
	return nil
}
