package hf

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// now is the fixed clock of the tests: a Friday, 12:00 UTC.
var now = time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC)

// fakeHF is a test server that counts requests and records waits.
type fakeHF struct {
	mu       sync.Mutex
	requests []*http.Request
	waits    []time.Duration
}

func (f *fakeHF) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

// newTestClient serves handler (which gets the 0-based request number) and
// returns a client whose waits are recorded instead of slept.
func newTestClient(t *testing.T, handler func(n int, w http.ResponseWriter, r *http.Request)) (*Client, *fakeHF) {
	t.Helper()
	f := &fakeHF{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		n := len(f.requests)
		f.requests = append(f.requests, r)
		f.mu.Unlock()
		handler(n, w, r)
	}))
	t.Cleanup(srv.Close)
	c := New(srv.URL, "1.2.3")
	c.Now = func() time.Time { return now }
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		f.mu.Lock()
		f.waits = append(f.waits, d)
		f.mu.Unlock()
		return ctx.Err()
	}
	return c, f
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// entry is a minimal valid Daily Papers entry for paper 2410.<n>.
func entry(n int) string {
	return fmt.Sprintf(`{"paper":{"id":"2410.%05d","authors":[{"name":"A B","hidden":false}],`+
		`"publishedAt":"2024-10-22T17:59:30.000Z","title":"Paper\n  %d","summary":"S","upvotes":%d},`+
		`"title":"Paper %d","numComments":1}`, n, n, n, n)
}

func entries(from, to int) string {
	var parts []string
	for i := from; i < to; i++ {
		parts = append(parts, entry(i))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestDailyPapersPaging(t *testing.T) {
	tests := []struct {
		name         string
		total        int
		wantRequests int
	}{
		{"weekend", 0, 1},
		{"one short page", 42, 1},
		{"exactly one full page", 100, 2},
		{"230 entries", 230, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f := newTestClient(t, func(_ int, w http.ResponseWriter, r *http.Request) {
				q := r.URL.Query()
				if r.URL.Path != "/api/daily_papers" || q.Get("date") != "2024-10-25" || q.Get("limit") != "100" {
					http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
					return
				}
				p, _ := strconv.Atoi(q.Get("p"))
				from, to := p*100, min(p*100+100, tt.total)
				_, _ = io.WriteString(w, entries(from, max(from, to)))
			})
			got, err := c.DailyPapers(context.Background(), "2024-10-25")
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Fatal("got nil slice, want an empty one")
			}
			if len(got) != tt.total {
				t.Errorf("got %d papers, want %d", len(got), tt.total)
			}
			if f.count() != tt.wantRequests {
				t.Errorf("got %d requests, want %d", f.count(), tt.wantRequests)
			}
			for i, p := range got {
				if want := fmt.Sprintf("2410.%05d", i); p.ID != want {
					t.Fatalf("paper %d: id %s, want %s", i, p.ID, want)
				}
				if p.Day != "2024-10-25" {
					t.Fatalf("paper %d: day %q, want 2024-10-25", i, p.Day)
				}
			}
		})
	}
}

func TestDailyPapersDedupesAcrossPages(t *testing.T) {
	// The list is sorted by upvotes, which change while we page: a paper can
	// slide from page 0 to page 1.
	c, f := newTestClient(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("p") {
		case "0":
			_, _ = io.WriteString(w, entries(0, 100))
		case "1":
			_, _ = io.WriteString(w, "["+entry(99)+","+entry(100)+"]")
		default:
			_, _ = io.WriteString(w, "[]")
		}
	})
	got, err := c.DailyPapers(context.Background(), "2024-10-25")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 101 || f.count() != 2 {
		t.Errorf("got %d papers in %d requests, want 101 in 2", len(got), f.count())
	}
}

func TestDailyPapersServerIgnoresPage(t *testing.T) {
	c, f := newTestClient(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, entries(0, 100))
	})
	_, err := c.DailyPapers(context.Background(), "2024-10-25")
	if got := paper.ErrorCode(err); got != paper.EUPSTREAM {
		t.Fatalf("got code %q (%v), want %q", got, err, paper.EUPSTREAM)
	}
	if f.count() != 2 {
		t.Errorf("got %d requests, want 2", f.count())
	}
}

func TestDailyPapersFixture(t *testing.T) {
	body := readFixture(t, "daily_papers_2024-10-25.json")
	c, _ := newTestClient(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
	got, err := c.DailyPapers(context.Background(), "2024-10-25")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d papers, want 2", len(got))
	}
	p := got[0]
	checks := []struct{ name, got, want string }{
		{"id", p.ID, "2410.17243"},
		{"title", p.Title, "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"},
		{"day", p.Day, "2024-10-25"},
		{"publishedAt", p.PublishedAt, "2024-10-22"},
		{"first author", p.Authors[0].Name, "Zesen Cheng"},
		{"first author user", p.Authors[0].User, "ClownRat"},
		{"second author user", p.Authors[1].User, ""},
		{"submittedBy", p.SubmittedBy, "ClownRat"},
		{"thumbnail", p.Thumbnail, "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2410.17243.png"},
		{"abstract start", p.Abstract[:38], "Contrastive loss is a powerful approac"},
		{"second title", got[1].Title, "Value Residual Learning For Alleviating Attention Concentration In Transformers"},
		{"second submittedBy", got[1].SubmittedBy, "Zcchill"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: got %q, want %q", ch.name, ch.got, ch.want)
		}
	}
	if strings.ContainsAny(p.Abstract, "\n\t") || strings.Contains(p.Abstract, "  ") {
		t.Errorf("abstract keeps hard wraps: %q", p.Abstract[:80])
	}
	if p.Upvotes != 64 || p.NumComments != 3 {
		t.Errorf("got upvotes %d comments %d, want 64 and 3", p.Upvotes, p.NumComments)
	}
	if got, want := p.AuthorCount(), 9; got != want {
		t.Errorf("author count: got %d, want %d", got, want)
	}
	// 2410.17897 has one hidden author out of four.
	q := got[1]
	if len(q.Authors) != 4 || !q.Authors[0].Hidden || q.AuthorCount() != 3 {
		t.Errorf("hidden authors: got %+v (count %d), want 4 with the first hidden, count 3", q.Authors, q.AuthorCount())
	}
	if got, want := strings.Join(q.VisibleAuthors(), ", "), "Tianyi Wu, Zhiyun Jiang, Zhenzhong Lan"; got != want {
		t.Errorf("visible authors: got %q, want %q", got, want)
	}
	for _, p := range got {
		if !bytes.Contains(body, p.Raw) || !bytes.HasPrefix(p.Raw, []byte(`{"paper":{"id":"`+p.ID)) {
			t.Errorf("%s: raw is not the entry's exact bytes: %.60s", p.ID, p.Raw)
		}
	}
}

func TestDailyPapersErrors(t *testing.T) {
	tooBig := entries(0, 50)
	tests := []struct {
		name         string
		date         string
		attempts     int
		maxWait      time.Duration
		handler      func(n int, w http.ResponseWriter, r *http.Request)
		wantCode     string
		wantMessage  string // substring of the user message
		wantRequests int
		// wantWaits are the expected waits; each real wait may be up to 10% longer (jitter) but never over the cap.
		wantWaits []time.Duration
	}{
		{
			name: "future date",
			date: "2026-03-09",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, `{"error":"Date must be before today"}`)
			},
			wantCode: paper.EINVALID, wantMessage: "2026-03-09 is in the future", wantRequests: 1,
		},
		{
			name: "400 in the past keeps the server's message",
			date: "2024-10-25",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("X-Error-Message", "Invalid date")
				w.WriteHeader(http.StatusBadRequest)
			},
			wantCode: paper.EINVALID, wantMessage: "Invalid date", wantRequests: 1,
		},
		{
			name: "403 is not retried",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusForbidden)
			},
			wantCode: paper.EUPSTREAM, wantMessage: "HF_TOKEN", wantRequests: 1,
		},
		{
			name: "404",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusNotFound)
			},
			wantCode: paper.ENOTFOUND, wantRequests: 1,
		},
		{
			name: "500 forever",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusInternalServerError)
			},
			wantCode: paper.EUPSTREAM, wantMessage: "HTTP 500", wantRequests: 5,
			wantWaits: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second},
		},
		{
			name:     "backoff is capped by MaxWait",
			attempts: 4, maxWait: 3 * time.Second,
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusBadGateway)
			},
			wantCode: paper.EUPSTREAM, wantRequests: 4,
			wantWaits: []time.Duration{time.Second, 2 * time.Second, 3 * time.Second},
		},
		{
			name:     "429 asking for longer than MaxWait stops at once",
			attempts: 3,
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("RateLimit", `"api";r=0;t=3600`)
				w.Header().Set("RateLimit-Policy", `"fixed window";"api";q=500;w=300`)
				w.WriteHeader(http.StatusTooManyRequests)
			},
			wantCode: paper.ERATELIMIT, wantMessage: "Hugging Face asks to wait 1 h before the next request — try again after 13:01", wantRequests: 1,
		},
		{
			name:     "429 forever",
			attempts: 3,
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Retry-After", "7")
				w.WriteHeader(http.StatusTooManyRequests)
			},
			wantCode: paper.ERATELIMIT, wantMessage: "Hugging Face asks to wait 7 s before the next request — try again after 12:00:07", wantRequests: 3,
			wantWaits: []time.Duration{7 * time.Second, 7 * time.Second},
		},
		{
			name: "a huge Retry-After does not overflow",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Retry-After", "99999999999999999")
				w.WriteHeader(http.StatusTooManyRequests)
			},
			wantCode: paper.ERATELIMIT, wantMessage: "Hugging Face asks to wait 366 days before the next request — try again after Mar 7 2027 12:00", wantRequests: 1,
		},
		{
			name: "the server's message is made safe for a terminal",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, `{"error":"bad\u001b[2J\u001b]0;owned\u0007 \u009b6n \u202eevil"}`)
			},
			wantCode: paper.EINVALID, wantMessage: `bad\x1b[2J\x1b]0;owned\x07 \u009b6n \u202eevil`, wantRequests: 1,
		},
		{
			name: "HTML body",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				_, _ = io.WriteString(w, "<!doctype html><html><body>Hi from a captive portal</body></html>")
			},
			wantCode: paper.EUPSTREAM, wantRequests: 1,
		},
		{name: "truncated JSON", handler: body200(entries(0, 3)[:200]), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "null", handler: body200("null"), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "empty body", handler: body200(""), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "object body", handler: body200(`{"error":"oops"}`), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "id is a number", handler: body200(`[{"paper":{"id":2410.17243,"title":"T","upvotes":1}}]`), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "missing paper.id", handler: body200(`[{"paper":{"title":"T","upvotes":1}}]`), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "invalid id", handler: body200(`[{"paper":{"id":"../../etc","title":"T"}}]`), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "no paper", handler: body200(`[{"title":"T"}]`), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "null entry", handler: body200(`[null]`), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "upvotes is a string", handler: body200(`[{"paper":{"id":"2410.17243","title":"T","upvotes":"many"}}]`), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "authors is a string", handler: body200(`[{"paper":{"id":"2410.17243","title":"T","authors":"A and B"}}]`), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "no title", handler: body200(`[{"paper":{"id":"2410.17243","title":"  "}}]`), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "one bad entry fails the page", handler: body200("[" + entry(1) + `,{"paper":{"id":7}}]`), wantCode: paper.EUPSTREAM, wantRequests: 1},
		{name: "oversized body", handler: body200(tooBig), wantCode: paper.EUPSTREAM, wantMessage: "too large", wantRequests: 1},
		{
			name: "connection dropped mid-body",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Length", "1000")
				_, _ = io.WriteString(w, `[{"paper":`)
				conn, _, err := http.NewResponseController(w).Hijack()
				if err == nil {
					_ = conn.Close()
				}
			},
			wantCode: paper.EOFFLINE, wantMessage: offlineMessage, wantRequests: 5,
			wantWaits: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f := newTestClient(t, tt.handler)
			if tt.attempts > 0 {
				c.MaxAttempts = tt.attempts
			}
			if tt.maxWait > 0 {
				c.MaxWait = tt.maxWait
			}
			c.MaxBody = int64(len(tooBig) - 1)
			date := tt.date
			if date == "" {
				date = "2024-10-25"
			}
			got, err := c.DailyPapers(context.Background(), date)
			if got != nil {
				t.Errorf("got %d papers with the error, want nil", len(got))
			}
			if code := paper.ErrorCode(err); code != tt.wantCode {
				t.Fatalf("got code %q (%v), want %q", code, err, tt.wantCode)
			}
			if msg := paper.ErrorMessage(err); !strings.Contains(msg, tt.wantMessage) {
				t.Errorf("got message %q, want it to contain %q", msg, tt.wantMessage)
			}
			if f.count() != tt.wantRequests {
				t.Errorf("got %d requests, want %d", f.count(), tt.wantRequests)
			}
			checkWaits(t, f.waits, tt.wantWaits, c.MaxWait)
		})
	}
}

func body200(s string) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, s)
	}
}

// checkWaits asserts each wait is at least what was asked, at most 10% more
// (jitter), and never over the cap.
func checkWaits(t *testing.T, got, want []time.Duration, limit time.Duration) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got waits %v, want %v", got, want)
	}
	for i := range want {
		if got[i] < want[i] || got[i] > want[i]+want[i]/10 || got[i] > limit {
			t.Errorf("wait %d: got %v, want %v (+10%%, at most %v)", i, got[i], want[i], limit)
		}
	}
}

func TestRetryThenSuccess(t *testing.T) {
	ok := entries(0, 2)
	tests := []struct {
		name      string
		first     func(w http.ResponseWriter)
		wantWaits []time.Duration
	}{
		{
			name: "429 with RateLimit waits t+1",
			first: func(w http.ResponseWriter) {
				w.Header().Set("RateLimit", `"api";r=0;t=55`)
				w.WriteHeader(http.StatusTooManyRequests)
				_, _ = io.WriteString(w, `{"error":"rate limited"}`)
			},
			wantWaits: []time.Duration{56 * time.Second},
		},
		{
			name: "429 with Retry-After seconds",
			first: func(w http.ResponseWriter) {
				w.Header().Set("Retry-After", "7")
				w.WriteHeader(http.StatusTooManyRequests)
			},
			wantWaits: []time.Duration{7 * time.Second},
		},
		{
			name: "429 with Retry-After date",
			first: func(w http.ResponseWriter) {
				w.Header().Set("Retry-After", now.Add(30*time.Second).Format(http.TimeFormat))
				w.WriteHeader(http.StatusTooManyRequests)
			},
			wantWaits: []time.Duration{30 * time.Second},
		},
		{
			name: "429 without a hint backs off",
			first: func(w http.ResponseWriter) {
				w.WriteHeader(http.StatusTooManyRequests)
			},
			wantWaits: []time.Duration{time.Second},
		},
		{
			name:      "500 then success",
			first:     func(w http.ResponseWriter) { w.WriteHeader(http.StatusInternalServerError) },
			wantWaits: []time.Duration{time.Second},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f := newTestClient(t, func(n int, w http.ResponseWriter, _ *http.Request) {
				if n == 0 {
					tt.first(w)
					return
				}
				_, _ = io.WriteString(w, ok)
			})
			got, err := c.DailyPapers(context.Background(), "2024-10-25")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || f.count() != 2 {
				t.Errorf("got %d papers in %d requests, want 2 in 2", len(got), f.count())
			}
			checkWaits(t, f.waits, tt.wantWaits, c.MaxWait)
		})
	}
}

func TestRateLimitFailsFastPastDeadline(t *testing.T) {
	c, f := newTestClient(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("RateLimit", `"api";r=0;t=55`)
		w.WriteHeader(http.StatusTooManyRequests)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.DailyPapers(ctx, "2024-10-25")
	if code := paper.ErrorCode(err); code != paper.ERATELIMIT {
		t.Fatalf("got code %q (%v), want %q", code, err, paper.ERATELIMIT)
	}
	if want := "wait 56 s before the next request — try again after 12:00:56"; !strings.Contains(paper.ErrorMessage(err), want) {
		t.Errorf("got message %q, want it to contain %q", paper.ErrorMessage(err), want)
	}
	if f.count() != 1 || len(f.waits) != 0 {
		t.Errorf("got %d requests and waits %v, want 1 request and no wait", f.count(), f.waits)
	}
}

func TestNetworkErrorIsOffline(t *testing.T) {
	// A port nobody listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	c, _ := newTestClient(t, nil)
	c.BaseURL = "http://" + addr
	c.MaxAttempts = 3
	var waits []time.Duration
	c.Sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	_, err = c.DailyPapers(context.Background(), "2024-10-25")
	if code := paper.ErrorCode(err); code != paper.EOFFLINE {
		t.Fatalf("got code %q (%v), want %q", code, err, paper.EOFFLINE)
	}
	if got, want := paper.ErrorMessage(err), "could not reach Hugging Face: "+addr+" refused the connection"; !strings.HasPrefix(got, want) {
		t.Errorf("got message %q, want it to start with %q", got, want)
	}
	checkWaits(t, waits, []time.Duration{time.Second, 2 * time.Second}, c.MaxWait)
}

func TestSlowBodyTimesOut(t *testing.T) {
	c, f := newTestClient(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "[")
		http.NewResponseController(w).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	c.HTTP.Timeout = 200 * time.Millisecond
	c.MaxAttempts = 2
	start := time.Now()
	_, err := c.DailyPapers(context.Background(), "2024-10-25")
	took := time.Since(start)
	if code := paper.ErrorCode(err); code != paper.EOFFLINE {
		t.Fatalf("got code %q (%v), want %q", code, err, paper.EOFFLINE)
	}
	if took > 2*time.Second {
		t.Errorf("took %v, want about 2×200ms", took)
	}
	if f.count() != 2 {
		t.Errorf("got %d requests, want 2", f.count())
	}
}

func TestCancel(t *testing.T) {
	tests := []struct {
		name    string
		handler func(int, http.ResponseWriter, *http.Request)
	}{
		{"during a wait", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
		}},
		{"during a request", func(_ int, w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newTestClient(t, tt.handler)
			c.Sleep = sleep // the real one: it must honour ctx
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, cancel)
			start := time.Now()
			_, err := c.DailyPapers(ctx, "2024-10-25")
			if code := paper.ErrorCode(err); code != paper.ECANCELED {
				t.Fatalf("got code %q (%v), want %q", code, err, paper.ECANCELED)
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("took %v to notice the cancel", took)
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		name, token, wantAuth string
	}{
		{"anonymous", "", ""},
		{"with token", "hf_secret", "Bearer hf_secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f := newTestClient(t, body200("[]"))
			c.SetToken(tt.token)
			if _, err := c.DailyPapers(context.Background(), "2024-10-26"); err != nil {
				t.Fatal(err)
			}
			r := f.requests[0]
			if got := r.Header.Get("Authorization"); got != tt.wantAuth {
				t.Errorf("Authorization: got %q, want %q", got, tt.wantAuth)
			}
			if got, want := r.Header.Get("User-Agent"), "paperboy/1.2.3"; got != want {
				t.Errorf("User-Agent: got %q, want %q", got, want)
			}
		})
	}
}

func TestInvalidDateMakesNoRequest(t *testing.T) {
	c, f := newTestClient(t, body200("[]"))
	for _, date := range []string{"", "2024-13-01", "yesterday", "2024-10-25&p=3"} {
		_, err := c.DailyPapers(context.Background(), date)
		if code := paper.ErrorCode(err); code != paper.EINVALID {
			t.Errorf("%q: got code %q, want %q", date, code, paper.EINVALID)
		}
	}
	if f.count() != 0 {
		t.Errorf("got %d requests, want 0", f.count())
	}
}

func TestPaper(t *testing.T) {
	// /api/papers/{id} answers with the paper object itself.
	e := readFixture(t, "daily_entry_2026-03.json")
	start := bytes.Index(e, []byte(`"paper": {`)) + len(`"paper": `)
	end := bytes.LastIndex(e[:bytes.Index(e, []byte(`"publishedAt": "2026-02-26T12`))], []byte("}"))
	obj := append(append([]byte{}, e[start:end]...), []byte(`,"linkedModels":[],"numTotalModels":0}`)...)

	c, f := newTestClient(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/papers/2602.23229" {
			_, _ = w.Write(obj)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":"Paper not found"}`)
	})
	p, err := c.Paper(context.Background(), "https://arxiv.org/abs/2602.23229v2")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"id", p.ID, "2602.23229"},
		{"title", p.Title, "Large Multimodal Models as General In-Context Classifiers"},
		{"day from submittedOnDailyAt", p.Day, "2026-03-06"},
		{"organization", p.Organization, "Multimedia and Human Understanding Group"},
		{"githubRepo", p.GithubRepo, "https://github.com/marco-garosi/CIRCLE"},
		{"projectPage", p.ProjectPage, "https://circle-lmm.github.io/"},
		{"submittedAt", p.SubmittedAt.Format(time.RFC3339Nano), "2026-03-06T03:55:12.777Z"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: got %q, want %q", ch.name, ch.got, ch.want)
		}
	}
	again, err := DecodeEntry(p.Raw, "")
	if err != nil || again.ID != p.ID || again.Title != p.Title {
		t.Errorf("raw does not re-read: %v, %q", err, again.ID)
	}

	_, err = c.Paper(context.Background(), "2401.00001")
	if code := paper.ErrorCode(err); code != paper.ENOTFOUND {
		t.Errorf("unknown paper: got code %q (%v), want %q", code, err, paper.ENOTFOUND)
	}
	n := f.count()
	_, err = c.Paper(context.Background(), "not a paper")
	if code := paper.ErrorCode(err); code != paper.EINVALID || f.count() != n {
		t.Errorf("invalid id: got code %q after %d requests, want %q after none", code, f.count()-n, paper.EINVALID)
	}
}

func TestSearch(t *testing.T) {
	fixtures := map[string][]byte{
		"kazakh":            readFixture(t, "papers_search_kazakh.json"),
		"llama 3 herd":      readFixture(t, "papers_search_llama3herd.json"),
		"nothing like this": []byte("[]"),
	}
	tests := []struct {
		name        string
		q           string
		limit       int
		wantLimit   string
		wantCount   int
		wantFirst   string
		wantAuthors int
	}{
		{"kazakh", "kazakh", 20, "20", 9, "2404.04487", 5},
		{"500 authors, limit clamped", "  llama 3\nherd ", 500, "120", 11, "2407.21783", 533},
		{"no results, default limit", "nothing like this", 0, "50", 0, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f := newTestClient(t, func(_ int, w http.ResponseWriter, r *http.Request) {
				body, ok := fixtures[r.URL.Query().Get("q")]
				if r.URL.Path != "/api/papers/search" || !ok {
					w.WriteHeader(http.StatusBadRequest)
					return
				}
				_, _ = w.Write(body)
			})
			got, err := c.Search(context.Background(), tt.q, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if l := f.requests[0].URL.Query().Get("limit"); l != tt.wantLimit {
				t.Errorf("limit: got %s, want %s", l, tt.wantLimit)
			}
			if len(got) != tt.wantCount {
				t.Fatalf("got %d results, want %d", len(got), tt.wantCount)
			}
			if tt.wantCount == 0 {
				return
			}
			if got[0].ID != tt.wantFirst || got[0].AuthorCount() != tt.wantAuthors {
				t.Errorf("first: got %s with %d authors, want %s with %d", got[0].ID, got[0].AuthorCount(), tt.wantFirst, tt.wantAuthors)
			}
			for _, p := range got {
				if p.Day != "" || p.SubmittedBy != "" || strings.Contains(p.Title, "\n") {
					t.Errorf("%s: day %q submittedBy %q title %q", p.ID, p.Day, p.SubmittedBy, p.Title)
				}
			}
		})
	}
	c, f := newTestClient(t, body200("[]"))
	for _, q := range []string{"", "   ", strings.Repeat("é", 251)} {
		if _, err := c.Search(context.Background(), q, 10); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("query of %d bytes: got %v, want %s", len(q), err, paper.EINVALID)
		}
	}
	if f.count() != 0 {
		t.Errorf("got %d requests for invalid queries, want 0", f.count())
	}
}
