// Package paper is Paperboy's domain: papers, days, reading state, arXiv ids
// and the error codes every layer speaks.
package paper

import (
	"encoding/json"
	"strings"
	"time"
	"unicode"
)

// Author is one author of a paper. Hidden authors exist on Hugging Face and are
// left out of author lists and counts.
type Author struct {
	Name   string `json:"name"`
	User   string `json:"user,omitempty"` // HF username, when the author claimed the paper
	Hidden bool   `json:"hidden,omitempty"`
}

// Paper is one cached paper, keyed by its bare arXiv id.
type Paper struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Abstract    string   `json:"abstract"`
	Authors     []Author `json:"authors"`
	Upvotes     int      `json:"upvotes"`
	NumComments int      `json:"numComments"`
	// Day is the Daily Papers date (YYYY-MM-DD) the paper was listed on, the
	// latest one when it appeared on several. Empty for papers known only from search.
	Day string `json:"day,omitempty"`
	// PublishedAt is the arXiv v1 date, YYYY-MM-DD.
	PublishedAt  string    `json:"publishedAt,omitempty"`
	SubmittedAt  time.Time `json:"submittedAt,omitzero"` // when it entered Daily Papers
	GithubRepo   string    `json:"githubRepo,omitempty"`
	GithubStars  int       `json:"githubStars,omitempty"`
	ProjectPage  string    `json:"projectPage,omitempty"`
	Organization string    `json:"organization,omitempty"` // display name
	AISummary    string    `json:"aiSummary,omitempty"`
	AIKeywords   []string  `json:"aiKeywords,omitempty"`
	Thumbnail    string    `json:"thumbnail,omitempty"`
	MediaURLs    []string  `json:"mediaUrls,omitempty"`
	SubmittedBy  string    `json:"submittedBy,omitempty"` // HF username
	// Raw is the API record the paper was decoded from, kept so a later version
	// can re-read fields this one did not know.
	Raw json.RawMessage `json:"raw,omitempty"`
}

// VisibleAuthors returns the names of the non-hidden authors, in order.
func (p *Paper) VisibleAuthors() []string {
	names := make([]string, 0, len(p.Authors))
	for _, a := range p.Authors {
		if !a.Hidden {
			names = append(names, a.Name)
		}
	}
	return names
}

// AuthorCount is the number of non-hidden authors, as Hugging Face counts them.
func (p *Paper) AuthorCount() int {
	n := 0
	for _, a := range p.Authors {
		if !a.Hidden {
			n++
		}
	}
	return n
}

// Day describes one Daily Papers date in the cache.
type Day struct {
	Date      string    `json:"date"` // YYYY-MM-DD
	Count     int       `json:"count"`
	Complete  bool      `json:"complete"` // the last fetch read every page
	FetchedAt time.Time `json:"fetchedAt,omitzero"`
}

// State is the user's reading state of a paper. It is user data: it lives apart
// from the rebuildable cache and survives its rebuilds.
type State struct {
	Read    bool      `json:"read"`
	Saved   bool      `json:"saved"`
	ReadAt  time.Time `json:"readAt,omitzero"`
	SavedAt time.Time `json:"savedAt,omitzero"`
}

// Point is one observation of a paper's popularity, recorded when a sync sees a change.
type Point struct {
	At          time.Time `json:"at"`
	Upvotes     int       `json:"upvotes"`
	GithubStars int       `json:"githubStars,omitempty"`
}

// View is the flat shape of a paper that the CLI's --json, the HTTP API and
// the UI all share.
type View struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Abstract     string   `json:"abstract"`
	Authors      []string `json:"authors"`
	AuthorCount  int      `json:"authorCount"`
	Upvotes      int      `json:"upvotes"`
	NumComments  int      `json:"numComments"`
	Day          string   `json:"day"`
	PublishedAt  string   `json:"publishedAt"`
	GithubRepo   string   `json:"githubRepo"`
	GithubStars  int      `json:"githubStars"`
	ProjectPage  string   `json:"projectPage"`
	Organization string   `json:"organization"`
	AISummary    string   `json:"aiSummary"`
	AIKeywords   []string `json:"aiKeywords"`
	Thumbnail    string   `json:"thumbnail"`
	Read         bool     `json:"read"`
	Saved        bool     `json:"saved"`
	// IsNew: the paper arrived after the user last looked at its day (or
	// topic). Only the views that know set it.
	IsNew bool `json:"isNew"`
}

// NewView flattens a paper and its state.
func NewView(p Paper, s State) View {
	kw := p.AIKeywords
	if kw == nil {
		kw = []string{}
	}
	return View{
		ID: p.ID, Title: p.Title, Abstract: p.Abstract,
		Authors: p.VisibleAuthors(), AuthorCount: p.AuthorCount(),
		Upvotes: p.Upvotes, NumComments: p.NumComments,
		Day: p.Day, PublishedAt: p.PublishedAt,
		GithubRepo: p.GithubRepo, GithubStars: p.GithubStars, ProjectPage: p.ProjectPage,
		Organization: p.Organization, AISummary: p.AISummary, AIKeywords: kw,
		Thumbnail: p.Thumbnail, Read: s.Read, Saved: s.Saved,
	}
}

// CollapseSpace trims s and folds every run of white space into one space:
// HF titles and abstracts carry hard line wraps.
func CollapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ValidDate reports whether s is a YYYY-MM-DD calendar date.
func ValidDate(s string) bool {
	if len(s) != len("2006-01-02") {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
