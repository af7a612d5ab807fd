// Package hftest is a fake Hugging Face API speaking the Daily Papers shapes,
// for tests, end-to-end runs and benchmarks. It never touches the network
// beyond the loopback listener it is given.
package hftest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Modes of failure the fake can be switched into.
const (
	ModeOK      = ""
	ModeDown    = "down"    // every request fails at the connection level
	Mode500     = "500"     // every request gets a 500
	ModeHTML    = "html"    // an HTML error page with 200
	ModeNull    = "null"    // a JSON null body
	ModeGarbled = "garbled" // truncated JSON
	Mode429     = "429"     // rate limited, reset in 1 s
)

// Fake is the fake API. Its fields are safe to change while it serves.
type Fake struct {
	mu   sync.RWMutex
	days map[string][]json.RawMessage
	byID map[string]json.RawMessage
	mode string
	// Verbatim bodies by date and by search key, from AddDir.
	dayBodies, searchBodies map[string]*body
	Today                   func() time.Time // "today" for the 400-on-future-dates rule; default time.Now
	Requests                atomic.Int64

	// Full texts (fulltext.go): set ones, faults, and whether papers without
	// one get generated Markdown.
	fullTexts, fullTextFaults map[string]string
	GenerateFullTexts         bool
	FullTextSlowDelay         time.Duration // of FullTextSlow; default 30 s
	FullTextRequests          atomic.Int64
}

// New returns a Fake serving entries (as HF sends them) by date.
func New() *Fake {
	return &Fake{days: map[string][]json.RawMessage{}, byID: map[string]json.RawMessage{}}
}

// AddEntries lists raw HF entries on a date (appended to what is there).
func (f *Fake) AddEntries(date string, entries ...json.RawMessage) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.days[date] = append(f.days[date], entries...)
	for _, e := range entries {
		var v struct {
			Paper struct {
				ID string `json:"id"`
			} `json:"paper"`
		}
		if json.Unmarshal(e, &v) == nil && v.Paper.ID != "" {
			f.byID[v.Paper.ID] = e
		}
	}
}

// AddPapers lists papers on their Day, encoded as HF entries.
func (f *Fake) AddPapers(ps ...paper.Paper) {
	for _, p := range ps {
		f.AddEntries(p.Day, Entry(p))
	}
}

// SetMode switches the failure mode (ModeOK to recover).
func (f *Fake) SetMode(m string) {
	f.mu.Lock()
	f.mode = m
	f.mu.Unlock()
}

// Start serves the fake on a loopback port until the test ends.
func (f *Fake) Start(tb interface{ Cleanup(func()) }) *httptest.Server {
	s := httptest.NewServer(f)
	tb.Cleanup(s.Close)
	return s
}

type author struct {
	ID     string `json:"_id"`
	Name   string `json:"name"`
	Hidden bool   `json:"hidden"`
	User   *struct {
		User string `json:"user"`
	} `json:"user,omitempty"`
}

// Entry encodes a paper the way /api/daily_papers lists it.
func Entry(p paper.Paper) json.RawMessage {
	authors := make([]author, len(p.Authors))
	for i, a := range p.Authors {
		authors[i] = author{ID: fmt.Sprintf("a%x", i), Name: a.Name, Hidden: a.Hidden}
		if a.User != "" {
			authors[i].User = &struct {
				User string `json:"user"`
			}{a.User}
		}
	}
	published := p.PublishedAt
	if published == "" {
		published = p.Day
	}
	inner := map[string]any{
		"id": p.ID, "authors": authors, "title": p.Title, "summary": p.Abstract,
		"publishedAt": published + "T17:59:30.000Z", "upvotes": p.Upvotes, "discussionId": "d" + p.ID,
	}
	if !p.SubmittedAt.IsZero() {
		inner["submittedOnDailyAt"] = p.SubmittedAt.UTC().Format(time.RFC3339Nano)
	}
	if p.GithubRepo != "" {
		inner["githubRepo"] = p.GithubRepo
		inner["githubStars"] = p.GithubStars
	}
	if p.ProjectPage != "" {
		inner["projectPage"] = p.ProjectPage
	}
	if p.AISummary != "" {
		inner["ai_summary"] = p.AISummary
	}
	if len(p.AIKeywords) > 0 {
		inner["ai_keywords"] = p.AIKeywords
	}
	if p.Organization != "" {
		inner["organization"] = map[string]string{"name": strings.ToLower(strings.ReplaceAll(p.Organization, " ", "")), "fullname": p.Organization}
	}
	outer := map[string]any{
		"paper": inner, "title": p.Title, "summary": p.Abstract, "publishedAt": published + "T17:59:30.000Z",
		"thumbnail":   "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/" + p.ID + ".png",
		"numComments": p.NumComments, "isAuthorParticipating": false,
	}
	if p.SubmittedBy != "" {
		outer["submittedBy"] = map[string]string{"name": p.SubmittedBy, "fullname": p.SubmittedBy}
	}
	b, err := json.Marshal(outer)
	if err != nil {
		panic(err)
	}
	return b
}

func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.Requests.Add(1)
	f.mu.RLock()
	mode := f.mode
	f.mu.RUnlock()
	switch mode {
	case ModeDown:
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
				return
			}
		}
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	case Mode500:
		writeError(w, http.StatusInternalServerError, "Internal Error")
		return
	case ModeHTML:
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><html><body>Maintenance</body></html>")
		return
	case ModeNull:
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, "null")
		return
	case ModeGarbled:
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `[{"paper":{"id":"2410.17243","title":"Trunc`)
		return
	case Mode429:
		bucket := "api"
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			bucket = "pages"
		}
		w.Header().Set("RateLimit", `"`+bucket+`";r=0;t=1`)
		w.Header().Set("RateLimit-Policy", `"fixed window";"api";q=500;w=300`)
		writeError(w, http.StatusTooManyRequests, "Too many requests")
		return
	}
	switch {
	case r.URL.Path == "/api/daily_papers":
		f.daily(w, r)
	case r.URL.Path == "/api/papers/search":
		f.search(w, r)
	case strings.HasPrefix(r.URL.Path, "/papers/") && strings.HasSuffix(r.URL.Path, ".md"):
		f.fullText(w, strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/papers/"), ".md"))
	case strings.HasPrefix(r.URL.Path, "/api/papers/"):
		f.mu.RLock()
		e, ok := f.byID[strings.TrimPrefix(r.URL.Path, "/api/papers/")]
		f.mu.RUnlock()
		if !ok {
			writeError(w, http.StatusNotFound, "Paper not found")
			return
		}
		var v struct {
			Paper json.RawMessage `json:"paper"`
		}
		_ = json.Unmarshal(e, &v)
		writeJSON(w, v.Paper)
	default:
		writeError(w, http.StatusNotFound, "Not found")
	}
}

func (f *Fake) today() string {
	if f.Today != nil {
		return f.Today().UTC().Format(time.DateOnly)
	}
	return time.Now().UTC().Format(time.DateOnly)
}

func (f *Fake) daily(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	date := q.Get("date")
	if !paper.ValidDate(date) {
		writeError(w, http.StatusBadRequest, "Invalid date")
		return
	}
	if date > f.today() {
		writeError(w, http.StatusBadRequest, "Date cannot be in the future")
		return
	}
	limit, p := 50, 0
	if s := q.Get("limit"); s != "" {
		limit, _ = strconv.Atoi(s)
	}
	if s := q.Get("p"); s != "" {
		p, _ = strconv.Atoi(s)
	}
	if limit < 1 || limit > 100 || p < 0 {
		writeError(w, http.StatusBadRequest, "Invalid limit")
		return
	}
	f.mu.RLock()
	entries, b := f.days[date], f.dayBodies[date]
	f.mu.RUnlock()
	if b != nil {
		servePage(w, b, p, limit)
		return
	}
	lo, hi := min(p*limit, len(entries)), min((p+1)*limit, len(entries))
	writeJSON(w, entries[lo:hi])
}

func (f *Fake) search(w http.ResponseWriter, r *http.Request) {
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("q")))
	limit := 120
	if s := r.URL.Query().Get("limit"); s != "" {
		limit, _ = strconv.Atoi(s)
	}
	f.mu.RLock()
	b := f.searchBodies[searchKey(q)]
	f.mu.RUnlock()
	if b != nil {
		servePage(w, b, 0, max(limit, 1))
		return
	}
	f.mu.RLock()
	var dates []string
	for d := range f.days {
		dates = append(dates, d)
	}
	slices.Sort(dates)
	var out []json.RawMessage
	for _, d := range slices.Backward(dates) {
		for _, e := range f.days[d] {
			if q != "" && strings.Contains(strings.ToLower(string(e)), q) && len(out) < limit {
				out = append(out, e)
			}
		}
	}
	f.mu.RUnlock()
	writeJSON(w, out)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if v == nil {
		v = []json.RawMessage{}
	}
	if rs, ok := v.([]json.RawMessage); ok && rs == nil {
		v = []json.RawMessage{}
	}
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Error-Message", msg)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
