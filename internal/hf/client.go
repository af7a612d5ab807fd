// Package hf is a client for the Hugging Face Daily Papers API.
//
// It retries what is worth retrying (5xx, network errors, 429 after the wait
// the server asks for), never waits past the caller's deadline, and turns every
// failure into a *paper.Error whose cause is an *Error or a network error.
package hf

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// DefaultBaseURL is where the API lives.
const DefaultBaseURL = "https://huggingface.co"

// DefaultMaxBody caps how much of a response is read: a day is ~100 KiB, a
// search with a 500-author paper ~1 MiB.
const DefaultMaxBody = 32 << 20

// Client talks to the Hugging Face API. Its zero value is not usable: build it
// with New, then adjust the fields before the first call.
type Client struct {
	BaseURL     string
	HTTP        *http.Client
	UserAgent   string
	Token       string        // optional; sent as "Authorization: Bearer"
	MaxAttempts int           // tries per request, counting the first
	MaxWait     time.Duration // cap on one wait between tries
	MaxBody     int64         // bytes; a larger response is an error
	// Sleep waits d or until ctx is done. Tests replace it to record waits.
	Sleep  func(ctx context.Context, d time.Duration) error
	Now    func() time.Time
	Logger *slog.Logger
}

// New returns a client for baseURL ("" means DefaultBaseURL) that identifies
// itself as paperboy/version.
func New(baseURL, version string) *Client {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	tr.TLSHandshakeTimeout = 10 * time.Second
	tr.ResponseHeaderTimeout = 20 * time.Second
	return &Client{
		BaseURL:     strings.TrimRight(baseURL, "/"),
		HTTP:        &http.Client{Transport: tr, Timeout: 30 * time.Second},
		UserAgent:   "paperboy/" + version,
		MaxAttempts: 5,
		MaxWait:     60 * time.Second,
		MaxBody:     DefaultMaxBody,
		Sleep:       sleep,
		Now:         time.Now,
		Logger:      slog.New(slog.DiscardHandler),
	}
}

// Error is an error response from the API.
type Error struct {
	Status     int
	Message    string        // from {"error": …} or X-Error-Message, may be empty
	RetryAfter time.Duration // how long the server asked us to wait (429)
	URL        string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("hf: %s: http %d", e.URL, e.Status)
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

const offlineMessage = "could not reach Hugging Face — check your connection; cached papers still work"

// get fetches path?query and returns the body of a 2xx answer, retrying 5xx,
// network errors and 429.
func (c *Client) get(ctx context.Context, path string, query url.Values) ([]byte, error) {
	u := strings.TrimRight(c.BaseURL, "/") + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	attempts := max(c.MaxAttempts, 1)
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, canceled(err)
		}
		start := time.Now()
		body, err := c.once(ctx, u)
		if err == nil {
			c.logger().Debug("hf request", "url", u, "took", time.Since(start))
			return body, nil
		}
		if ctx.Err() != nil {
			return nil, canceled(err)
		}
		var (
			herr  *Error
			wait  time.Duration
			final error
		)
		switch {
		case errors.As(err, &herr) && herr.Status == http.StatusTooManyRequests:
			wait = herr.RetryAfter
			if wait <= 0 {
				wait = backoff(attempt)
			}
			wait = min(wait+jitter(wait), c.maxWait())
			final = paper.Wrap(paper.ERATELIMIT, err, "%s", c.rateLimitMessage(herr))
		case errors.As(err, &herr) && herr.Status >= 500:
			wait = min(backoff(attempt)+jitter(backoff(attempt)), c.maxWait())
			final = paper.Wrap(paper.EUPSTREAM, err, "Hugging Face is having trouble (HTTP %d); try again later", herr.Status)
		case errors.As(err, &herr):
			return nil, statusError(herr)
		case isNetwork(err):
			wait = min(backoff(attempt)+jitter(backoff(attempt)), c.maxWait())
			msg := offlineMessage
			if isTimeout(err) {
				msg = "Hugging Face did not answer in time — check your connection; cached papers still work"
			}
			final = paper.Wrap(paper.EOFFLINE, err, "%s", msg)
		default: // a bad response: retrying will not fix it
			return nil, err
		}
		if attempt >= attempts {
			return nil, final
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			c.logger().Warn("hf: no time left to retry", "url", u, "wait", wait, "err", err)
			return nil, final
		}
		c.logger().Warn("hf: retrying", "url", u, "attempt", attempt, "wait", wait, "err", err)
		if err := c.sleep(ctx, wait); err != nil {
			return nil, canceled(err)
		}
	}
}

// once makes one request. It returns an *Error for a non-2xx answer, a
// *paper.Error for a body that is too large, and the transport's error else.
func (c *Client) once(ctx context.Context, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "could not build a request to Hugging Face")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.UserAgent)
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("hf: get %s: %w", u, err)
	}
	defer func() {
		// Drain a little so the connection can be reused, but never a huge body.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
	}()
	limit := c.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("hf: read %s: %w", u, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &Error{
			Status:     resp.StatusCode,
			Message:    errorMessage(resp.Header, body),
			RetryAfter: retryAfter(resp.Header, c.now()),
			URL:        u,
		}
	}
	if int64(len(body)) > limit {
		return nil, paper.Wrap(paper.EUPSTREAM, fmt.Errorf("hf: get %s: response too large (over %d bytes)", u, limit),
			"Hugging Face sent a response too large to read")
	}
	return body, nil
}

// statusError maps a non-retryable status to a *paper.Error.
func statusError(e *Error) *paper.Error {
	detail := ""
	if e.Message != "" {
		detail = ": " + e.Message
	}
	switch e.Status {
	case http.StatusNotFound:
		return paper.Wrap(paper.ENOTFOUND, e, "not found on Hugging Face%s", detail)
	case http.StatusBadRequest:
		return paper.Wrap(paper.EINVALID, e, "Hugging Face rejected the request%s", detail)
	case http.StatusUnauthorized, http.StatusForbidden:
		return paper.Wrap(paper.EUPSTREAM, e, "Hugging Face refused access (HTTP %d) — check HF_TOKEN%s", e.Status, detail)
	default:
		return paper.Wrap(paper.EUPSTREAM, e, "Hugging Face answered HTTP %d%s", e.Status, detail)
	}
}

func (c *Client) rateLimitMessage(e *Error) string {
	if e.RetryAfter <= 0 {
		return "Hugging Face's rate limit was reached; try again in a few minutes"
	}
	at := c.now().Add(e.RetryAfter).UTC().Format("15:04:05 UTC")
	return fmt.Sprintf("Hugging Face's rate limit was reached; try again in %s (after %s)", e.RetryAfter.Round(time.Second), at)
}

// errorMessage reads the API's error text from X-Error-Message or {"error": …}.
func errorMessage(h http.Header, body []byte) string {
	if m := strings.TrimSpace(h.Get("X-Error-Message")); m != "" {
		return clip(m)
	}
	var v struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &v) == nil && v.Error != "" {
		return clip(v.Error)
	}
	return ""
}

func clip(s string) string {
	s = paper.CollapseSpace(s)
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
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
					d = max(d, time.Duration(n+1)*time.Second)
				}
			}
		}
	}
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			d = max(d, time.Duration(n)*time.Second)
		} else if t, err := http.ParseTime(v); err == nil {
			d = max(d, t.Sub(now))
		}
	}
	return d
}

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

func isNetwork(err error) bool {
	var ne net.Error
	var ue *url.Error
	return errors.As(err, &ne) || errors.As(err, &ue) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func canceled(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return paper.Wrap(paper.ECANCELED, err, "stopped: Hugging Face took too long")
	}
	return paper.Wrap(paper.ECANCELED, err, "canceled")
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	return sleep(ctx, d)
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) maxWait() time.Duration {
	if c.MaxWait > 0 {
		return c.MaxWait
	}
	return 60 * time.Second
}

func (c *Client) logger() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// looksLikeHTML reports whether a body that should be JSON is a web page
// (a proxy's or captive portal's error page, say).
func looksLikeHTML(b []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(b), []byte("<"))
}
