package hf

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// The JSON shapes of the API. Fields a card cannot do without (id, title,
// summary, authors, upvotes) are typed strictly: a wrong type there means the
// API changed under us and the response is rejected. Everything else is opt:
// a wrong type there is dropped, so a cosmetic change upstream cannot stop a sync.

type entryJSON struct {
	Paper        *paperJSON         `json:"paper"`
	Title        opt[string]        `json:"title"`
	Thumbnail    opt[string]        `json:"thumbnail"`
	NumComments  opt[int]           `json:"numComments"`
	MediaURLs    opt[[]string]      `json:"mediaUrls"`
	SubmittedBy  opt[submitterJSON] `json:"submittedBy"`
	Organization opt[orgJSON]       `json:"organization"`
}

type paperJSON struct {
	ID                 *string       `json:"id"`
	Title              string        `json:"title"`
	Summary            string        `json:"summary"`
	Authors            []authorJSON  `json:"authors"`
	Upvotes            int           `json:"upvotes"`
	PublishedAt        opt[string]   `json:"publishedAt"`
	SubmittedOnDailyAt opt[string]   `json:"submittedOnDailyAt"`
	GithubRepo         opt[string]   `json:"githubRepo"`
	GithubStars        opt[int]      `json:"githubStars"`
	ProjectPage        opt[string]   `json:"projectPage"`
	AISummary          opt[string]   `json:"ai_summary"`
	AIKeywords         opt[[]string] `json:"ai_keywords"`
	Organization       opt[orgJSON]  `json:"organization"`
	MediaURLs          opt[[]string] `json:"mediaUrls"`
}

type authorJSON struct {
	Name   string        `json:"name"`
	Hidden bool          `json:"hidden"`
	User   opt[userJSON] `json:"user"`
}

type userJSON struct {
	User string `json:"user"`
}

type submitterJSON struct {
	Name string `json:"name"`
}

type orgJSON struct {
	Name     string `json:"name"`
	Fullname string `json:"fullname"`
}

// opt decodes a T if the JSON holds one and leaves the zero value otherwise.
type opt[T any] struct{ V T }

func (o *opt[T]) UnmarshalJSON(b []byte) error {
	var v T
	if json.Unmarshal(b, &v) == nil {
		o.V = v
	}
	return nil
}

// Decode decodes a JSON array of Daily Papers or search entries. day, when
// set, is the Daily Papers date the entries were listed on; when empty, each
// paper's day falls back to its submittedOnDailyAt date.
//
// A single bad entry fails the whole array: a half-read day must never be
// mistaken for the whole day. Entries repeating an id are dropped after the first.
func Decode(body []byte, day string) ([]paper.Paper, error) {
	papers, _, err := decode(body, day)
	return papers, err
}

// decode is Decode that also returns how many entries the array held, repeats
// included: paging stops at the first short page.
func decode(body []byte, day string) ([]paper.Paper, int, error) {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return nil, 0, bad(errors.New("empty body"))
	case bytes.Equal(trimmed, []byte("null")):
		return nil, 0, bad(errors.New("null body instead of a list"))
	case looksLikeHTML(trimmed):
		return nil, 0, bad(errors.New("got an HTML page instead of JSON"))
	case trimmed[0] != '[':
		return nil, 0, bad(errors.New("body is not a JSON array"))
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(trimmed, &raws); err != nil {
		return nil, 0, bad(fmt.Errorf("decode list: %w", err))
	}
	papers := make([]paper.Paper, 0, len(raws))
	seen := make(map[string]bool, len(raws))
	for i, raw := range raws {
		p, err := DecodeEntry(raw, day)
		if err != nil {
			return nil, 0, bad(fmt.Errorf("entry %d: %w", i, err))
		}
		if seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		papers = append(papers, p)
	}
	return papers, len(raws), nil
}

// DecodeEntry decodes one entry ({"paper": {…}, "title": …}), for instance a
// Paper's Raw. Its errors are plain errors, not *paper.Error.
func DecodeEntry(raw []byte, day string) (paper.Paper, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return paper.Paper{}, errors.New("entry is not a JSON object")
	}
	var e entryJSON
	if err := json.Unmarshal(raw, &e); err != nil {
		return paper.Paper{}, fmt.Errorf("decode entry: %w", err)
	}
	if e.Paper == nil {
		return paper.Paper{}, errors.New("entry has no paper")
	}
	p, err := e.toPaper(day)
	if err != nil {
		return paper.Paper{}, err
	}
	p.Raw = json.RawMessage(bytes.Clone(raw))
	return p, nil
}

func (e *entryJSON) toPaper(day string) (paper.Paper, error) {
	in := e.Paper
	if in.ID == nil {
		return paper.Paper{}, errors.New("paper has no id")
	}
	id, err := paper.ParseID(*in.ID)
	if err != nil {
		return paper.Paper{}, fmt.Errorf("paper id: %w", err)
	}
	title := paper.CollapseSpace(e.Title.V)
	if title == "" {
		title = paper.CollapseSpace(in.Title)
	}
	if title == "" {
		return paper.Paper{}, fmt.Errorf("paper %s has no title", id)
	}
	submitted := parseTime(in.SubmittedOnDailyAt.V)
	if day == "" && !submitted.IsZero() {
		day = submitted.UTC().Format(time.DateOnly)
	}
	authors := make([]paper.Author, 0, len(in.Authors))
	for _, a := range in.Authors {
		authors = append(authors, paper.Author{
			Name:   paper.CollapseSpace(a.Name),
			User:   a.User.V.User,
			Hidden: a.Hidden,
		})
	}
	org := orgName(in.Organization.V)
	if org == "" {
		org = orgName(e.Organization.V)
	}
	media := in.MediaURLs.V
	if len(media) == 0 {
		media = e.MediaURLs.V
	}
	var mediaURLs []string
	for _, m := range media {
		if m = strings.TrimSpace(m); m != "" {
			mediaURLs = append(mediaURLs, absURL(m))
		}
	}
	var keywords []string
	for _, k := range in.AIKeywords.V {
		if k = paper.CollapseSpace(k); k != "" {
			keywords = append(keywords, k)
		}
	}
	return paper.Paper{
		ID:           id,
		Title:        title,
		Abstract:     paper.CollapseSpace(in.Summary),
		Authors:      authors,
		Upvotes:      in.Upvotes,
		NumComments:  e.NumComments.V,
		Day:          day,
		PublishedAt:  dateOf(in.PublishedAt.V),
		SubmittedAt:  submitted,
		GithubRepo:   strings.TrimSpace(in.GithubRepo.V),
		GithubStars:  in.GithubStars.V,
		ProjectPage:  strings.TrimSpace(in.ProjectPage.V),
		Organization: org,
		AISummary:    paper.CollapseSpace(in.AISummary.V),
		AIKeywords:   keywords,
		Thumbnail:    absURL(strings.TrimSpace(e.Thumbnail.V)),
		MediaURLs:    mediaURLs,
		SubmittedBy:  strings.TrimSpace(e.SubmittedBy.V.Name),
	}, nil
}

func orgName(o orgJSON) string {
	if s := paper.CollapseSpace(o.Fullname); s != "" {
		return s
	}
	return paper.CollapseSpace(o.Name)
}

// dateOf returns the YYYY-MM-DD prefix of an ISO timestamp, or "".
func dateOf(s string) string {
	if len(s) >= 10 && paper.ValidDate(s[:10]) {
		return s[:10]
	}
	return ""
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// absURL makes HF's site-relative URLs ("/avatars/…") absolute.
func absURL(s string) string {
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		return DefaultBaseURL + s
	}
	return s
}

func bad(err error) error {
	return paper.Wrap(paper.EUPSTREAM, fmt.Errorf("hf: %w", err), "Hugging Face sent a response Paperboy could not read")
}
