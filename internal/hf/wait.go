package hf

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// WaitReason says why a request waits.
type WaitReason string

const (
	WaitRateLimit WaitReason = "rate_limit" // Hugging Face answered 429 and asked us to wait
	WaitRetry     WaitReason = "retry"      // backing off after a failure worth retrying (5xx, network)
	WaitSlow      WaitReason = "slow"       // a request is taking long; no wait of ours, Until is zero
)

// Wait is what Client.OnWait hears before each wait between tries, and when
// a request is slow to be answered.
type Wait struct {
	Reason  WaitReason    `json:"reason"`
	Host    string        `json:"host"`            // the API's host, "huggingface.co"
	Delay   time.Duration `json:"-"`               // how long the wait is
	Until   time.Time     `json:"until,omitzero"`  // when the next try starts
	Attempt int           `json:"attempt"`         // the try that failed (or is slow), from 1
	Cause   string        `json:"cause,omitempty"` // why, in a user's words: "Hugging Face answered HTTP 503"
	// Bucket is the rate-limit bucket of the request: BucketAPI (day
	// lists, papers, search) or BucketPages (full texts).
	Bucket string `json:"bucket,omitempty"`
}

// Message is w in a user's words, for a status line: "Rate limited by
// Hugging Face — retrying in 12 s", "Waiting for huggingface.co…".
func (w Wait) Message() string {
	if w.Reason == WaitSlow {
		return "Waiting for " + w.Host + "…"
	}
	return fmt.Sprintf("%s — retrying in %s", w.Cause, humanDuration(w.Delay))
}

func (c *Client) wait(reason WaitReason, d time.Duration, attempt int, cause string) *Wait {
	return &Wait{Reason: reason, Host: c.host(), Delay: d, Until: c.now().Add(d), Attempt: attempt, Cause: cause}
}

// host is BaseURL's host (with its port, if it has one).
func (c *Client) host() string {
	if u, err := url.Parse(c.BaseURL); err == nil && u.Host != "" {
		return u.Host
	}
	return "Hugging Face"
}

// capWait adds jitter to d and caps it at MaxWait.
func (c *Client) capWait(d time.Duration) time.Duration {
	return min(d+jitter(d), c.maxWait())
}

// rateLimitError is the error of a 429 that is not waited out: "Hugging Face
// asks to wait 1 h before the next request — try again after 14:05".
func (c *Client) rateLimitError(e *Error) *paper.Error {
	if e.RetryAfter <= 0 {
		return paper.Wrap(paper.ERATELIMIT, e, "Hugging Face's rate limit was reached; try again in a few minutes")
	}
	return paper.Wrap(paper.ERATELIMIT, e, "Hugging Face asks to wait %s before the next request — try again after %s",
		humanDuration(e.RetryAfter), clockAfter(c.now(), e.RetryAfter))
}

// humanDuration is d for a person: "12 s", "5 min", "1 h", "1 h 30 min", "3 days".
func humanDuration(d time.Duration) string {
	if d >= 48*time.Hour {
		return fmt.Sprintf("%d days", int(d.Round(24*time.Hour)/(24*time.Hour)))
	}
	if d < 2*time.Minute {
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	}
	m := int(d.Round(time.Minute) / time.Minute)
	switch h, m := m/60, m%60; {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	default:
		return fmt.Sprintf("%d h %d min", h, m)
	}
}

// clockAfter is the time d after now on now's clock, never earlier than
// that: "14:05" (rounded up to the minute), "14:05:07" within two minutes,
// "Mar 7 14:05" on another day, "Mar 7 2027 14:05" in another year.
func clockAfter(now time.Time, d time.Duration) string {
	t := now.Add(d)
	layout := "15:04:05"
	if d >= 2*time.Minute {
		layout = "15:04"
		if r := t.Truncate(time.Minute); r.Before(t) {
			t = r.Add(time.Minute)
		}
	}
	switch y, m, day := t.Date(); {
	case y != now.Year():
		layout = "Jan 2 2006 " + layout
	case m != now.Month() || day != now.Day():
		layout = "Jan 2 " + layout
	}
	return t.Format(layout)
}

// retryAfter reads how long a 429 asks us to wait: t+1 from
// `RateLimit: "api";r=0;t=55` or Retry-After (seconds or an HTTP date),
// whichever is longer. Zero means the server did not say.
func retryAfter(h http.Header, now time.Time) time.Duration {
	var d time.Duration
	for _, v := range h.Values("RateLimit") {
		for _, item := range strings.Split(v, ",") {
			for _, param := range strings.Split(item, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(param), "=")
				if !ok || k != "t" {
					continue
				}
				if n, err := strconv.Atoi(strings.Trim(val, `" `)); err == nil && n >= 0 {
					d = max(d, time.Duration(min(n, maxRetryAfter)+1)*time.Second)
				}
			}
		}
	}
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			d = max(d, time.Duration(min(n, maxRetryAfter))*time.Second)
		} else if t, err := http.ParseTime(v); err == nil {
			d = max(d, min(t.Sub(now), maxRetryAfter*time.Second))
		}
	}
	return d
}

// maxRetryAfter caps, in seconds, the wait a server may ask for (a year), so
// that a huge one cannot overflow a time.Duration.
const maxRetryAfter = 366 * 24 * 3600

// backoff is 1s, 2s, 4s … for the attempt that just failed (1-based).
func backoff(attempt int) time.Duration {
	return time.Second << min(attempt-1, 10)
}

// jitter is up to a tenth of d, so clients that failed together do not retry together.
func jitter(d time.Duration) time.Duration {
	if d < 10 {
		return 0
	}
	return rand.N(d / 10)
}
