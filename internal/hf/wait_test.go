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

// handlerTransport serves requests with an http.Handler in the caller's
// goroutine: no network, so testing/synctest's clock can run.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// waitClient is a client for handler with the real sleep and clock (fake
// inside a synctest bubble, in UTC) that records what OnWait hears, and when.
func waitClient(handler func(n int, w http.ResponseWriter, r *http.Request)) (*Client, func() []heard) {
	var (
		mu    sync.Mutex
		n     int
		waits []heard
	)
	c := New("https://huggingface.co", "test")
	c.HTTP = &http.Client{Transport: handlerTransport{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		i := n
		n++
		mu.Unlock()
		handler(i, w, r)
	})}}
	c.Now = func() time.Time { return time.Now().UTC() }
	start := time.Now()
	c.OnWait = func(w Wait) {
		mu.Lock()
		waits = append(waits, heard{w, time.Since(start)})
		mu.Unlock()
	}
	return c, func() []heard {
		mu.Lock()
		defer mu.Unlock()
		return append([]heard(nil), waits...)
	}
}

type heard struct {
	Wait
	at time.Duration // since the client was made
}

func TestWaitsAreReported(t *testing.T) {
	tests := []struct {
		name       string
		first      func(w http.ResponseWriter)
		wantReason WaitReason
		wantDelay  time.Duration // at least, and at most 10% more (jitter)
		wantMsg    string        // prefix of Message
	}{
		{"rate limited", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "12")
			w.WriteHeader(http.StatusTooManyRequests)
		}, WaitRateLimit, 12 * time.Second, "Rate limited by Hugging Face — retrying in 1"},
		{"server error", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusServiceUnavailable)
		}, WaitRetry, time.Second, "Hugging Face answered HTTP 503 — retrying in 1 s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, waits := waitClient(func(n int, w http.ResponseWriter, _ *http.Request) {
					if n == 0 {
						tt.first(w)
						return
					}
					_, _ = io.WriteString(w, entries(0, 2))
				})
				start := time.Now()
				got, err := c.DailyPapers(context.Background(), "2024-10-25")
				if err != nil || len(got) != 2 {
					t.Fatalf("got %d papers, %v", len(got), err)
				}
				ws := waits()
				if len(ws) != 1 {
					t.Fatalf("OnWait heard %+v, want one wait", ws)
				}
				w := ws[0]
				if w.Reason != tt.wantReason || w.Host != "huggingface.co" || w.Attempt != 1 || w.at != 0 {
					t.Errorf("heard %+v at %v, want reason %s for try 1 of huggingface.co, before the wait", w.Wait, w.at, tt.wantReason)
				}
				if w.Delay < tt.wantDelay || w.Delay > tt.wantDelay+tt.wantDelay/10 || !w.Until.Equal(start.Add(w.Delay)) {
					t.Errorf("delay %v until %v, want %v (+10%%) from %v", w.Delay, w.Until, tt.wantDelay, start)
				}
				if took := time.Since(start); took != w.Delay {
					t.Errorf("took %v, want the wait it announced, %v", took, w.Delay)
				}
				if !strings.HasPrefix(w.Message(), tt.wantMsg) {
					t.Errorf("Message() = %q, want it to start with %q", w.Message(), tt.wantMsg)
				}
			})
		})
	}
}

func TestLongRateLimitStopsAtOnce(t *testing.T) {
	for _, header := range []http.Header{
		{"Retry-After": {"3600"}},
		{"Ratelimit": {`"api";r=0;t=3599`}},
	} {
		synctest.Test(t, func(t *testing.T) {
			c, waits := waitClient(func(_ int, w http.ResponseWriter, _ *http.Request) {
				for k, v := range header {
					w.Header()[k] = v
				}
				w.WriteHeader(http.StatusTooManyRequests)
			})
			start := time.Now()
			_, err := c.DailyPapers(context.Background(), "2024-10-25")
			if paper.ErrorCode(err) != paper.ERATELIMIT {
				t.Fatalf("got %v, want a %s error", err, paper.ERATELIMIT)
			}
			// synctest's clock starts at midnight UTC.
			if got, want := paper.ErrorMessage(err), "Hugging Face asks to wait 1 h before the next request — try again after 01:00"; got != want {
				t.Errorf("message %q, want %q", got, want)
			}
			if took := time.Since(start); took != 0 {
				t.Errorf("took %v, want to stop at once", took)
			}
			if ws := waits(); len(ws) != 0 {
				t.Errorf("OnWait heard %+v, want nothing", ws)
			}
		})
	}
}

func TestSlowRequestIsReported(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, waits := waitClient(func(_ int, w http.ResponseWriter, _ *http.Request) {
			time.Sleep(8 * time.Second) // the server's latency, on synctest's clock
			_, _ = io.WriteString(w, "[]")
		})
		if _, err := c.DailyPapers(context.Background(), "2024-10-25"); err != nil {
			t.Fatal(err)
		}
		ws := waits()
		if len(ws) != 1 || ws[0].Reason != WaitSlow || ws[0].at != 5*time.Second || ws[0].Message() != "Waiting for huggingface.co…" {
			t.Fatalf("OnWait heard %+v, want one slow notice after 5 s", ws)
		}
	})
}

func TestHumanTimes(t *testing.T) {
	now := time.Date(2026, 3, 6, 13, 59, 30, 0, time.UTC)
	tests := []struct {
		d           time.Duration
		wantD, wait string
	}{
		{12 * time.Second, "12 s", "13:59:42"},
		{119 * time.Second, "119 s", "14:01:29"},
		{5*time.Minute + 10*time.Second, "5 min", "14:05"},
		{3601 * time.Second, "1 h", "15:00"},
		{90 * time.Minute, "1 h 30 min", "15:30"},
		{11 * time.Hour, "11 h", "Mar 7 01:00"},
		{72 * time.Hour, "3 days", "Mar 9 14:00"},
	}
	for _, tt := range tests {
		if got := humanDuration(tt.d); got != tt.wantD {
			t.Errorf("humanDuration(%v) = %q, want %q", tt.d, got, tt.wantD)
		}
		if got := clockAfter(now, tt.d); got != tt.wait {
			t.Errorf("clockAfter(%v) = %q, want %q", tt.d, got, tt.wait)
		}
	}
}
