package hf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Rate-limit buckets of Hugging Face, as Wait.Bucket names them.
const (
	BucketAPI   = "api"   // /api/…: day lists, papers, search
	BucketPages = "pages" // the site's pages, a paper's Markdown among them
)

// DefaultMaxFullText caps the Markdown of one paper: real ones are tens to a
// few hundred KB; a survey with hundreds of tables may reach a few MB.
const DefaultMaxFullText = 8 << 20

// pagesBucket keeps full-text requests to one at a time, apart from the day
// lists (which may run two at a time in the api bucket), and remembers a
// wait the pages bucket asked for that was too long to wait out in place.
type pagesBucket struct {
	once  sync.Once
	slot  chan struct{}
	mu    sync.Mutex
	until time.Time // no request before then: a 429 asked so
}

func (b *pagesBucket) init() { b.once.Do(func() { b.slot = make(chan struct{}, 1) }) }

// FullText returns the full text of a paper (any form paper.ParseID
// accepts) as Markdown, from GET /papers/{id}.md on the site (not the API).
// Hugging Face renders it from the paper's arXiv HTML, or from its own page
// when arXiv has none. It counts against the "pages" rate limit, so the
// client sends at most one such request at a time, waits out a 429 within
// MaxWait (holding the others back meanwhile) and, after a 429 asking for
// longer, refuses further full-text requests with ERATELIMIT until that
// time has passed, without asking.
//
// Errors: ENOTFOUND "no full text on Hugging Face" for a 404 or an empty
// page, EUPSTREAM for a page over DefaultMaxFullText or a web page where
// Markdown was expected, and the client's usual errors otherwise. Invalid
// UTF-8 is replaced by U+FFFD; the text is otherwise as sent: untrusted.
func (c *Client) FullText(ctx context.Context, id string) (string, error) {
	bare, err := paper.ParseID(id)
	if err != nil {
		return "", err
	}
	b := &c.pages
	b.init()
	select {
	case b.slot <- struct{}{}:
	case <-ctx.Done():
		return "", canceled(ctx.Err())
	}
	defer func() { <-b.slot }()
	b.mu.Lock()
	until := b.until
	b.mu.Unlock()
	if d := until.Sub(c.now()); d > 0 {
		return "", paper.Wrap(paper.ERATELIMIT, &Error{Status: http.StatusTooManyRequests, RetryAfter: d, URL: c.BaseURL + "/papers/" + bare + ".md"},
			"Hugging Face asks to wait %s before the next full text — try again after %s", humanDuration(d), clockAfter(c.now(), d))
	}
	var header http.Header
	body, err := c.fetch(ctx, "/papers/"+bare+".md", nil, request{
		accept: "text/markdown, text/plain;q=0.9", limit: DefaultMaxFullText, bucket: BucketPages, header: &header,
	})
	if err != nil {
		return "", c.fullTextError(bare, err)
	}
	if isWebPage(header, body) {
		return "", bad(fmt.Errorf("full text %s: got a web page instead of Markdown", bare))
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return "", paper.Errorf(paper.ENOTFOUND, "no full text on Hugging Face for %s (its page is empty)", bare)
	}
	text := string(body)
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	return text, nil
}

// fullTextError words a failed full-text request, and remembers a long wait
// the pages bucket asked for.
func (c *Client) fullTextError(id string, err error) error {
	var herr *Error
	switch {
	case paper.ErrorCode(err) == paper.ENOTFOUND:
		errors.As(err, &herr)
		return paper.Wrap(paper.ENOTFOUND, herr, "no full text on Hugging Face for %s", id)
	case errors.Is(err, errTooLarge):
		return paper.Wrap(paper.EUPSTREAM, err, "the full text of %s is over %d MB; Paperboy does not keep it", id, DefaultMaxFullText>>20)
	case paper.ErrorCode(err) == paper.ERATELIMIT && errors.As(err, &herr) && herr.RetryAfter > 0:
		c.pages.mu.Lock()
		c.pages.until = c.now().Add(herr.RetryAfter)
		c.pages.mu.Unlock()
	}
	return fmt.Errorf("hf: full text %s: %w", id, err)
}

// isWebPage reports an HTML page where Markdown was expected: a proxy's or
// a captive portal's, served as text/html and starting like one. Markdown
// may itself begin with a tag, so both must hold.
func isWebPage(h http.Header, body []byte) bool {
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if mt != "text/html" {
		return false
	}
	start := bytes.ToLower(bytes.TrimSpace(body[:min(len(body), 512)]))
	return bytes.HasPrefix(start, []byte("<!doctype html")) || bytes.HasPrefix(start, []byte("<html"))
}
