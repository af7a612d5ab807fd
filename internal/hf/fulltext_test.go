package hf

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

func markdown200(s string) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		_, _ = io.WriteString(w, s)
	}
}

func TestFullText(t *testing.T) {
	const md = "# Attention\n\nWe prove $a^2+b^2=c^2$.\n"
	c, f := newTestClient(t, markdown200(md))
	c.SetToken("hf_secret")
	got, err := c.FullText(context.Background(), "https://arxiv.org/abs/2410.17243v2")
	if err != nil {
		t.Fatal(err)
	}
	if got != md {
		t.Errorf("got %q, want %q", got, md)
	}
	r := f.requests[0]
	if r.URL.Path != "/papers/2410.17243.md" || r.URL.RawQuery != "" {
		t.Errorf("asked for %s, want /papers/2410.17243.md (the site, not /api, without the version)", r.URL)
	}
	if got := r.Header.Get("Accept"); !strings.HasPrefix(got, "text/markdown") {
		t.Errorf("Accept: %q, want Markdown first", got)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer hf_secret" {
		t.Errorf("Authorization: %q, want the token (loopback host)", got)
	}
}

func TestFullTextErrors(t *testing.T) {
	tests := []struct {
		name     string
		handler  func(int, http.ResponseWriter, *http.Request)
		code     string
		message  string
		requests int
	}{
		{"404 is no full text", func(_ int, w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "not found", http.StatusNotFound)
		}, paper.ENOTFOUND, "no full text on Hugging Face for 2410.17243", 1},
		{"an empty page is no full text", markdown200(" \n"), paper.ENOTFOUND, "no full text on Hugging Face for 2410.17243", 1},
		{"over the cap", markdown200(strings.Repeat("x", DefaultMaxFullText+1)), paper.EUPSTREAM, "over 8 MB", 1},
		{"a captive portal's page", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<!DOCTYPE html><html><body>Log in to the Wi-Fi</body></html>")
		}, paper.EUPSTREAM, "", 1},
		{"500 is retried, then said", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
		}, paper.EUPSTREAM, "HTTP 500", 3},
		{"403 is not retried", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusForbidden)
		}, paper.EUPSTREAM, "refused access", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f := newTestClient(t, tt.handler)
			c.MaxAttempts = 3
			got, err := c.FullText(context.Background(), "2410.17243")
			if got != "" || paper.ErrorCode(err) != tt.code {
				t.Fatalf("got %d bytes, %v; want code %s", len(got), err, tt.code)
			}
			if !strings.Contains(paper.ErrorMessage(err), tt.message) {
				t.Errorf("message %q does not contain %q", paper.ErrorMessage(err), tt.message)
			}
			if f.count() != tt.requests {
				t.Errorf("%d requests, want %d", f.count(), tt.requests)
			}
		})
	}
}

func TestFullTextMarkdownThatLooksLikeHTML(t *testing.T) {
	// Markdown may start with a tag; only an HTML page served as HTML is refused.
	const md = "<div>raw html in markdown</div>\n\n# Title\n"
	c, _ := newTestClient(t, markdown200(md))
	if got, err := c.FullText(context.Background(), "2410.17243"); err != nil || got != md {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestFullTextInvalidUTF8(t *testing.T) {
	c, _ := newTestClient(t, markdown200("caf\xe9 \xff"))
	got, err := c.FullText(context.Background(), "2410.17243")
	if err != nil || got != "caf\uFFFD \uFFFD" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestFullTextRateLimit(t *testing.T) {
	t.Run("a short wait is waited out, in the pages bucket", func(t *testing.T) {
		c, f := newTestClient(t, func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 0 {
				w.Header().Set("RateLimit", `"pages";r=0;t=20`)
				w.Header().Set("RateLimit-Policy", `"fixed window";"pages";q=100;w=300`)
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			markdown200("# ok")(n, w, r)
		})
		var heard []Wait
		c.OnWait = func(w Wait) { heard = append(heard, w) }
		if _, err := c.FullText(context.Background(), "2410.17243"); err != nil {
			t.Fatal(err)
		}
		checkWaits(t, f.waits, []time.Duration{21 * time.Second}, c.MaxWait)
		if len(heard) != 1 || heard[0].Bucket != BucketPages || heard[0].Reason != WaitRateLimit {
			t.Errorf("OnWait heard %+v, want one rate-limit wait of the pages bucket", heard)
		}
	})
	t.Run("a long wait stops this and the next requests until it has passed", func(t *testing.T) {
		clock := now
		c, f := newTestClient(t, func(n int, w http.ResponseWriter, r *http.Request) {
			switch {
			case r.URL.Path == "/api/daily_papers":
				_, _ = io.WriteString(w, "[]")
			case n == 0:
				w.Header().Set("RateLimit", `"pages";r=0;t=600`)
				w.WriteHeader(http.StatusTooManyRequests)
			default:
				markdown200("# ok")(n, w, r)
			}
		})
		c.Now = func() time.Time { return clock }
		_, err := c.FullText(context.Background(), "2410.17243")
		if paper.ErrorCode(err) != paper.ERATELIMIT || !strings.Contains(paper.ErrorMessage(err), "10 min") {
			t.Fatalf("got %v, want ERATELIMIT saying to wait 10 min", err)
		}
		_, err = c.FullText(context.Background(), "2410.17244")
		if paper.ErrorCode(err) != paper.ERATELIMIT || f.count() != 1 {
			t.Fatalf("second call: %v after %d requests; want ERATELIMIT without asking", err, f.count())
		}
		if _, err := c.DailyPapers(context.Background(), "2024-10-25"); err != nil {
			t.Errorf("the api bucket is not held back by the pages bucket: %v", err)
		}
		clock = clock.Add(602 * time.Second)
		if _, err := c.FullText(context.Background(), "2410.17244"); err != nil {
			t.Fatalf("after the wait: %v", err)
		}
	})
}

// inProcess serves requests from a handler without sockets, so that a
// testing/synctest bubble sees when every goroutine is blocked.
type inProcess http.HandlerFunc

func (h inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	h(rec, r)
	res := rec.Result()
	res.Request = r
	return res, nil
}

func TestFullTextOneAtATime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		inFlight := 0
		release := make(chan struct{})
		c := New("http://127.0.0.1:9", "test")
		c.HTTP = &http.Client{Transport: inProcess(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/daily_papers" {
				_, _ = io.WriteString(w, "[]")
				return
			}
			mu.Lock()
			inFlight++
			mu.Unlock()
			<-release
			mu.Lock()
			inFlight--
			mu.Unlock()
			_, _ = io.WriteString(w, "# ok")
		})}
		var wg sync.WaitGroup
		for _, id := range []string{"2410.00001", "2410.00002", "2410.00003"} {
			wg.Go(func() {
				if _, err := c.FullText(context.Background(), id); err != nil {
					t.Error(err)
				}
			})
		}
		queued, cancel := context.WithCancel(context.Background())
		cancel()
		for range 3 {
			synctest.Wait() // every request that can be in flight is
			mu.Lock()
			n := inFlight
			mu.Unlock()
			if n != 1 {
				t.Fatalf("%d full-text requests in flight, want 1", n)
			}
			// the day lists are not queued behind full texts
			if _, err := c.DailyPapers(context.Background(), "2024-10-25"); err != nil {
				t.Fatal(err)
			}
			// a caller that gives up while queued gets ECANCELED
			if _, err := c.FullText(queued, "2410.00004"); paper.ErrorCode(err) != paper.ECANCELED {
				t.Errorf("queued and canceled: got %v, want ECANCELED", err)
			}
			release <- struct{}{}
		}
		wg.Wait()
	})
}

func TestFullTextTokenNotOnRedirectElsewhere(t *testing.T) {
	other := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "# other site") })
	api := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusFound)
	})
	c := New(api.URL, "test")
	c.SetToken("hf_saved_secret")
	got, err := c.FullText(context.Background(), "2410.17243")
	if got != "" || paper.ErrorCode(err) != paper.EUPSTREAM {
		t.Fatalf("got %q, %v; want no text and EUPSTREAM", got, err)
	}
	if len(other.seen()) != 0 {
		t.Errorf("the other host was asked: %v", other.seen())
	}
}
