// Package hf is a client for the Hugging Face Daily Papers API.
//
// It retries what is worth retrying (5xx, network errors, 429 after the wait
// the server asks for), never waits past the caller's deadline or MaxWait
// (a longer wait asked for ends the request at once, saying when to try
// again), tells OnWait of each wait, keeps the token and every redirect to the
// API's own host, and turns every failure into a *paper.Error whose message
// says what happened in plain words and whose cause is an *Error or a
// network error.
package hf

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/termtext"
)

// DefaultBaseURL is where the API lives.
const DefaultBaseURL = "https://huggingface.co"

// DefaultMaxBody caps how much of a response is read: a day is ~100 KiB, a
// search with a 500-author paper ~1 MiB.
const DefaultMaxBody = 32 << 20

// Client talks to the Hugging Face API. Its zero value is not usable: build it
// with New, then adjust the fields before the first call; only the token
// (SetToken) may change while requests run.
//
// The token goes only to BaseURL's host, and only over https or to a loopback
// host (a local test server). Redirects are followed only within that host and
// never from https to http: a redirect elsewhere is an error, so neither the
// token nor the day list ever comes from another site.
type Client struct {
	BaseURL     string
	HTTP        *http.Client // its CheckRedirect is replaced by the client's redirect rule
	UserAgent   string
	MaxAttempts int           // tries per request, counting the first
	MaxWait     time.Duration // the longest wait between tries; a server asking for longer stops the request at once
	MaxBody     int64         // bytes; a larger response is an error
	// OnWait, when set, hears of each wait before it starts (a rate limit, a
	// back-off after a failure) and of each request still unanswered after
	// SlowAfter. It may be called from another goroutine and must not block.
	OnWait    func(Wait)
	SlowAfter time.Duration // default 5 s
	// Sleep waits d or until ctx is done. Tests replace it to record waits.
	Sleep  func(ctx context.Context, d time.Duration) error
	Now    func() time.Time
	Logger *slog.Logger

	token       atomic.Pointer[string]
	warnedPlain atomic.Bool
	pages       pagesBucket
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
		SlowAfter:   5 * time.Second,
		Sleep:       sleep,
		Now:         time.Now,
		Logger:      slog.New(slog.DiscardHandler),
	}
}

// SetToken sets the Hugging Face token sent from the next request on; ""
// sends none. It is safe to call while requests run.
func (c *Client) SetToken(tok string) { c.token.Store(&tok) }

// HasToken reports whether requests carry a token.
func (c *Client) HasToken() bool { return c.currentToken() != "" }

func (c *Client) currentToken() string {
	if p := c.token.Load(); p != nil {
		return *p
	}
	return ""
}

// errTooLarge is the cause of the error for a body over the cap.
var errTooLarge = errors.New("response too large")

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

// request is what get asks for beyond the path: the API's JSON (the
// default), or a page such as a paper's Markdown, with its own body cap and
// rate-limit bucket.
type request struct {
	accept string // the Accept header; "" is application/json
	limit  int64  // the body cap; 0 is MaxBody
	bucket string // the rate-limit bucket Waits name; "" is BucketAPI
	header *http.Header
}

// get fetches path?query and returns the body of a 2xx answer, retrying 5xx,
// network errors and 429 within MaxAttempts, MaxWait and ctx's deadline.
func (c *Client) get(ctx context.Context, path string, query url.Values) ([]byte, error) {
	return c.fetch(ctx, path, query, request{})
}

// fetch is get for any request.
func (c *Client) fetch(ctx context.Context, path string, query url.Values, r request) ([]byte, error) {
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
		body, err := c.once(ctx, u, attempt, r)
		if err == nil {
			c.logger().Debug("hf request", "url", u, "took", time.Since(start))
			return body, nil
		}
		if ctx.Err() != nil {
			return nil, canceled(err)
		}
		w, final := c.retryPlan(err, attempt)
		if w == nil || attempt >= attempts {
			return nil, final
		}
		w.Bucket = cmp.Or(r.bucket, BucketAPI)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < w.Delay {
			c.logger().Warn("hf: no time left to retry", "url", u, "wait", w.Delay, "err", err)
			return nil, final
		}
		c.logger().Warn("hf: retrying", "url", u, "attempt", attempt, "wait", w.Delay, "err", err)
		if c.OnWait != nil {
			c.OnWait(*w)
		}
		if err := c.sleep(ctx, w.Delay); err != nil {
			return nil, canceled(err)
		}
	}
}

// retryPlan decides what follows the failed try number attempt: the wait
// before the next one (nil when trying again cannot help), and the error to
// return if there is no next one.
func (c *Client) retryPlan(err error, attempt int) (*Wait, error) {
	var (
		herr *Error
		perr *paper.Error
	)
	switch {
	case errors.As(err, &herr) && herr.Status == http.StatusTooManyRequests:
		final := c.rateLimitError(herr)
		if herr.RetryAfter > c.maxWait() {
			return nil, final // waiting that long here would look like a hang
		}
		d := herr.RetryAfter
		if d <= 0 {
			d = backoff(attempt)
		}
		return c.wait(WaitRateLimit, c.capWait(d), attempt, "Rate limited by Hugging Face"), final
	case errors.As(err, &herr) && herr.Status >= 500:
		final := paper.Wrap(paper.EUPSTREAM, err, "Hugging Face is having trouble (HTTP %d); try again later", herr.Status)
		return c.wait(WaitRetry, c.capWait(backoff(attempt)), attempt, fmt.Sprintf("Hugging Face answered HTTP %d", herr.Status)), final
	case errors.As(err, &herr):
		return nil, statusError(herr)
	case errors.As(err, &perr): // a refused redirect, a body too large
		return nil, err
	case isNetwork(err):
		f := c.netFailure(err)
		if !f.retry {
			return nil, f.err
		}
		return c.wait(WaitRetry, c.capWait(backoff(attempt)), attempt, f.cause), f.err
	default: // a bad response: retrying will not fix it
		return nil, err
	}
}

// once makes try number attempt. It returns an *Error for a non-2xx answer,
// a *paper.Error for a refused redirect or a body that is too large, and the
// transport's error else.
func (c *Client) once(ctx context.Context, u string, attempt int, r request) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, paper.Wrap(paper.EINTERNAL, err, "could not build a request to Hugging Face")
	}
	req.Header.Set("Accept", cmp.Or(r.accept, "application/json"))
	req.Header.Set("User-Agent", c.UserAgent)
	c.authorize(req)
	if c.OnWait != nil {
		slow := time.AfterFunc(c.slowAfter(), func() {
			c.OnWait(Wait{Reason: WaitSlow, Host: req.URL.Host, Attempt: attempt, Bucket: cmp.Or(r.bucket, BucketAPI)})
		})
		defer slow.Stop()
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, fmt.Errorf("hf: get %s: %w", u, err)
	}
	defer func() {
		// Drain a little so the connection can be reused, but never a huge body.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
	}()
	limit := cmp.Or(r.limit, c.MaxBody)
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	if r.header != nil {
		*r.header = resp.Header
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
		return nil, paper.Wrap(paper.EUPSTREAM, fmt.Errorf("hf: get %s: %w (over %d bytes)", u, errTooLarge, limit),
			"Hugging Face sent a response too large to read")
	}
	return body, nil
}

// authorize adds the token to req if it may go there: over https, or to a
// loopback host. req is always for BaseURL; redirects keep to its host.
func (c *Client) authorize(req *http.Request) {
	tok := c.currentToken()
	if tok == "" {
		return
	}
	if req.URL.Scheme != "https" && !isLoopback(req.URL.Hostname()) {
		if c.warnedPlain.CompareAndSwap(false, true) {
			c.logger().Warn("hf: not sending the token over plain http", "host", req.URL.Host)
		}
		return
	}
	req.Header.Set("Authorization", "Bearer "+tok)
}

// httpClient is c.HTTP with the client's redirect rule.
func (c *Client) httpClient() *http.Client {
	var hc http.Client
	if c.HTTP != nil {
		hc = *c.HTTP
	}
	hc.CheckRedirect = checkRedirect
	return &hc
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

// clip makes the API's error text fit one line of a message: the text is the
// server's, so terminal controls are made visible (termtext.Line).
func clip(s string) string {
	s = termtext.Line(paper.CollapseSpace(s))
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
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

func (c *Client) slowAfter() time.Duration {
	if c.SlowAfter > 0 {
		return c.SlowAfter
	}
	return 5 * time.Second
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
