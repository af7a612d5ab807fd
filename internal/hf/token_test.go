package hf

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// recorder is a server that records the Authorization of every request.
type recorder struct {
	*httptest.Server
	mu    sync.Mutex
	auths []string
}

func newRecorder(t *testing.T, handler http.HandlerFunc) *recorder {
	t.Helper()
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.auths = append(r.auths, req.Header.Get("Authorization"))
		r.mu.Unlock()
		handler(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.auths...)
}

func TestTokenNeverFollowsARedirectToAnotherHost(t *testing.T) {
	// Another host serves a "day" of its own: it must neither see the token
	// nor have its list taken for the day.
	other := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, entries(900, 903))
	})
	api := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusFound)
	})
	c := New(api.URL, "test")
	c.SetToken("hf_saved_secret")
	c.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }

	got, err := c.DailyPapers(context.Background(), "2024-10-25")
	if got != nil || paper.ErrorCode(err) != paper.EUPSTREAM {
		t.Fatalf("got %d papers, %v; want no papers and an %s error", len(got), err, paper.EUPSTREAM)
	}
	if msg := paper.ErrorMessage(err); !strings.Contains(msg, "redirected the request to another site") {
		t.Errorf("message %q does not say what happened", msg)
	}
	if seen := other.seen(); len(seen) != 0 {
		t.Errorf("the other host got %d requests (Authorization %q), want none", len(seen), seen)
	}
	if seen := api.seen(); len(seen) != 1 || seen[0] != "Bearer hf_saved_secret" {
		t.Errorf("the API got %q, want one request with the token", seen)
	}
}

func TestSameHostRedirectKeepsTheToken(t *testing.T) {
	api := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/daily_papers" {
			http.Redirect(w, r, "/api/v2/daily_papers?"+r.URL.RawQuery, http.StatusMovedPermanently)
			return
		}
		_, _ = io.WriteString(w, entries(0, 2))
	})
	c := New(api.URL, "test")
	c.SetToken("hf_saved_secret")
	got, err := c.DailyPapers(context.Background(), "2024-10-25")
	if err != nil || len(got) != 2 {
		t.Fatalf("got %d papers, %v; want 2", len(got), err)
	}
	if seen := api.seen(); len(seen) != 2 || seen[1] != "Bearer hf_saved_secret" {
		t.Errorf("Authorization per request: %q, want the token on both", seen)
	}
}

// transportFunc serves requests without a network, for hosts that cannot be
// served locally (https://api.example.test).
type transportFunc func(*http.Request) (*http.Response, error)

func (f transportFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func answer(r *http.Request, status int, header http.Header, body string) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{StatusCode: status, Header: header, Body: io.NopCloser(strings.NewReader(body)), Request: r}
}

func TestTokenOnlyOverHTTPSOrLoopback(t *testing.T) {
	tests := []struct {
		base     string
		wantAuth bool
	}{
		{"https://api.example.test", true},
		{"http://api.example.test", false},
		{"http://127.0.0.1:8080", true},
		{"http://localhost:8080", true},
		{"http://[::1]:8080", true},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			var auth []string
			c := New(tt.base, "test")
			c.SetToken("hf_x")
			c.HTTP = &http.Client{Transport: transportFunc(func(r *http.Request) (*http.Response, error) {
				auth = append(auth, r.Header.Get("Authorization"))
				return answer(r, 200, nil, "[]"), nil
			})}
			if _, err := c.DailyPapers(context.Background(), "2024-10-25"); err != nil {
				t.Fatal(err)
			}
			if got := auth[0] != ""; got != tt.wantAuth {
				t.Errorf("token sent: %v, want %v", got, tt.wantAuth)
			}
		})
	}
}

func TestRedirectRules(t *testing.T) {
	tests := []struct {
		name     string
		location func(r *http.Request) string // where the server sends each request
		wantErr  string                       // "" means the redirects are followed
	}{
		{"https to http on the same host", func(r *http.Request) string { return "http://api.example.test/x" }, "from https to plain http"},
		{"to another host", func(r *http.Request) string { return "https://evil.example.test/api/daily_papers" }, "another site (evil.example.test)"},
		{"to the same host on another port", func(r *http.Request) string { return "https://api.example.test:8443/x" }, "another site"},
		{"a loop", func(r *http.Request) string { return r.URL.String() }, "a redirect loop"},
		{"a loop of two", func(r *http.Request) string {
			if r.URL.Path == "/a" {
				return "/b"
			}
			return "/a"
		}, "a redirect loop"},
		{"an endless chain", func(r *http.Request) string { return r.URL.Path + "x" }, "a redirect loop"},
		{"a short chain is followed", func(r *http.Request) string {
			if len(r.URL.Path) < len("/api/daily_papers/xxx") {
				return r.URL.Path + "x"
			}
			return ""
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requests := 0
			c := New("https://api.example.test", "test")
			c.SetToken("hf_x")
			c.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
			c.HTTP = &http.Client{Transport: transportFunc(func(r *http.Request) (*http.Response, error) {
				requests++
				if r.URL.Host != "api.example.test" {
					t.Errorf("request to %s", r.URL)
				}
				if loc := tt.location(r); loc != "" {
					return answer(r, http.StatusFound, http.Header{"Location": {loc}}, ""), nil
				}
				return answer(r, 200, nil, "[]"), nil
			})}
			_, err := c.DailyPapers(context.Background(), "2024-10-25")
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if paper.ErrorCode(err) != paper.EUPSTREAM || !strings.Contains(paper.ErrorMessage(err), tt.wantErr) {
				t.Errorf("got %v, want an %s error saying %q", err, paper.EUPSTREAM, tt.wantErr)
			}
			if requests > maxRedirects+1 {
				t.Errorf("%d requests: a redirect error was retried", requests)
			}
		})
	}
}

func TestSetTokenWhileRequestsRun(t *testing.T) {
	api := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "[]") })
	c := New(api.URL, "test")
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for range 5 {
				if _, err := c.DailyPapers(context.Background(), "2024-10-25"); err != nil {
					t.Error(err)
				}
			}
		})
		wg.Go(func() { c.SetToken(strings.Repeat("t", i)) })
	}
	wg.Wait()
	c.SetToken("")
	if c.HasToken() {
		t.Error("HasToken after SetToken(\"\")")
	}
}
