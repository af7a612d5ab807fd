package realcorpus

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/hf"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// The expected paper of an archived entry, read from the raw JSON with
// encoding/json's generic values, apart from internal/hf's decoder: the
// API's rules (hf-api.md) applied by hand.

type object = map[string]any

func get(o object, keys ...string) any {
	var v any = o
	for _, k := range keys {
		m, ok := v.(object)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func str(o object, keys ...string) string {
	s, _ := get(o, keys...).(string)
	return s
}

func num(o object, keys ...string) int {
	f, _ := get(o, keys...).(float64)
	return int(f)
}

func strs(o object, keys ...string) []string {
	l, _ := get(o, keys...).([]any)
	var out []string
	for _, v := range l {
		if s, ok := v.(string); ok {
			out = append(out, s)
		} else {
			return nil // a list that is not all strings is dropped
		}
	}
	return out
}

func absURL(u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return hf.DefaultBaseURL + u
	}
	return u
}

func org(o any) string {
	m, _ := o.(object)
	if s := paper.CollapseSpace(str(m, "fullname")); s != "" {
		return s
	}
	return paper.CollapseSpace(str(m, "name"))
}

// expected is the paper an entry listed on day (or found by search, day "")
// must become.
func expected(e object, day string) paper.Paper {
	p := paper.Paper{
		ID:          str(e, "paper", "id"),
		Title:       paper.CollapseSpace(str(e, "title")),
		Abstract:    paper.CollapseSpace(str(e, "paper", "summary")),
		Upvotes:     num(e, "paper", "upvotes"),
		NumComments: num(e, "numComments"),
		Day:         day,
		GithubRepo:  strings.TrimSpace(str(e, "paper", "githubRepo")),
		GithubStars: num(e, "paper", "githubStars"),
		ProjectPage: strings.TrimSpace(str(e, "paper", "projectPage")),
		AISummary:   paper.CollapseSpace(str(e, "paper", "ai_summary")),
		Thumbnail:   absURL(strings.TrimSpace(str(e, "thumbnail"))),
		SubmittedBy: strings.TrimSpace(str(e, "submittedBy", "name")),
	}
	if p.Title == "" {
		p.Title = paper.CollapseSpace(str(e, "paper", "title"))
	}
	if d := str(e, "paper", "publishedAt"); len(d) >= 10 && paper.ValidDate(d[:10]) {
		p.PublishedAt = d[:10]
	}
	if t, err := time.Parse(time.RFC3339Nano, str(e, "paper", "submittedOnDailyAt")); err == nil {
		p.SubmittedAt = t.UTC()
		if day == "" {
			p.Day = p.SubmittedAt.Format(time.DateOnly)
		}
	}
	p.Organization = org(get(e, "paper", "organization"))
	if p.Organization == "" {
		p.Organization = org(get(e, "organization"))
	}
	authors, _ := get(e, "paper", "authors").([]any)
	p.Authors = make([]paper.Author, 0, len(authors))
	for _, a := range authors {
		m, _ := a.(object)
		hidden, _ := m["hidden"].(bool)
		p.Authors = append(p.Authors, paper.Author{Name: paper.CollapseSpace(str(m, "name")), User: str(m, "user", "user"), Hidden: hidden})
	}
	for _, k := range strs(e, "paper", "ai_keywords") {
		if k = paper.CollapseSpace(k); k != "" {
			p.AIKeywords = append(p.AIKeywords, k)
		}
	}
	media := strs(e, "paper", "mediaUrls")
	if len(media) == 0 {
		media = strs(e, "mediaUrls")
	}
	for _, m := range media {
		if m = strings.TrimSpace(m); m != "" {
			p.MediaURLs = append(p.MediaURLs, absURL(m))
		}
	}
	return p
}

// entries decodes a body into generic entries.
func entries(body []byte) ([]object, error) {
	var es []object
	err := json.Unmarshal(body, &es)
	return es, err
}

// diff lists the fields in which got differs from want (Raw aside; Day
// too when ignoreDay).
func diff(got, want paper.Paper, ignoreDay bool) []string {
	got.Raw, want.Raw = nil, nil
	if ignoreDay {
		got.Day, want.Day = "", ""
	}
	var out []string
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range gv.NumField() {
		g, w := gv.Field(i).Interface(), wv.Field(i).Interface()
		if gt, ok := g.(time.Time); ok {
			if !gt.Equal(w.(time.Time)) {
				out = append(out, fmt.Sprintf("%s: %v, want %v", gv.Type().Field(i).Name, g, w))
			}
			continue
		}
		if !reflect.DeepEqual(g, w) && !(isEmpty(gv.Field(i)) && isEmpty(wv.Field(i))) {
			out = append(out, fmt.Sprintf("%s: %q, want %q", gv.Type().Field(i).Name, clip(g), clip(w)))
		}
	}
	return out
}

func isEmpty(v reflect.Value) bool {
	return (v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.Len() == 0
}

func clip(v any) string {
	s := fmt.Sprint(v)
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
