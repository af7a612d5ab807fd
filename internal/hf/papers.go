package hf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

const (
	pageSize = 100 // the API's maximum; 101 is a 400
	// maxPages stops a server that ignores p from paging us forever: a real
	// day has ~20–60 papers.
	maxPages       = 50
	maxQueryLen    = 250
	maxSearchLimit = 120
)

// DailyPapers returns the whole Daily Papers list of date (YYYY-MM-DD), in
// the API's order (by upvotes). A day without papers (weekend, holiday) is an
// empty slice and a nil error. Every paper's Day is date.
func (c *Client) DailyPapers(ctx context.Context, date string) ([]paper.Paper, error) {
	if !paper.ValidDate(date) {
		return nil, paper.Errorf(paper.EINVALID, "%q is not a date (expected YYYY-MM-DD)", clip(date))
	}
	papers := []paper.Paper{}
	seen := map[string]bool{}
	for page := 0; ; page++ {
		if page >= maxPages {
			return nil, bad(fmt.Errorf("daily papers %s: more than %d pages", date, maxPages))
		}
		q := url.Values{"date": {date}, "limit": {strconv.Itoa(pageSize)}, "p": {strconv.Itoa(page)}}
		body, err := c.get(ctx, "/api/daily_papers", q)
		if err != nil {
			return nil, c.dayError(date, err)
		}
		got, entries, err := decode(body, date)
		if err != nil {
			return nil, fmt.Errorf("hf: daily papers %s page %d: %w", date, page, err)
		}
		added := 0
		for _, p := range got {
			if !seen[p.ID] {
				seen[p.ID] = true
				papers = append(papers, p)
				added++
			}
		}
		if entries < pageSize {
			break
		}
		if added == 0 {
			return nil, bad(fmt.Errorf("daily papers %s: page %d repeats earlier pages", date, page))
		}
	}
	c.logger().Debug("hf daily papers", "date", date, "count", len(papers))
	return papers, nil
}

// dayError explains a 400 for a date in the future, which is what a user
// hits when their clock is ahead of UTC.
func (c *Client) dayError(date string, err error) error {
	var herr *Error
	if paper.ErrorCode(err) != paper.EINVALID || !errors.As(err, &herr) {
		return err
	}
	if today := c.now().UTC().Format(time.DateOnly); date > today {
		return paper.Wrap(paper.EINVALID, herr, "%s is in the future (today is %s in UTC): Hugging Face has no papers for it yet", date, today)
	}
	if herr.Message != "" {
		return paper.Wrap(paper.EINVALID, herr, "Hugging Face rejected the date %s: %s", date, herr.Message)
	}
	return paper.Wrap(paper.EINVALID, herr, "Hugging Face rejected the date %s", date)
}

// Paper returns one paper by id (anything paper.ParseID accepts). Its Day is
// the date it entered Daily Papers, if it did. Raw is wrapped as an entry,
// {"paper": …}, so that DecodeEntry can re-read it like any other.
func (c *Client) Paper(ctx context.Context, id string) (paper.Paper, error) {
	bare, err := paper.ParseID(id)
	if err != nil {
		return paper.Paper{}, err
	}
	body, err := c.get(ctx, "/api/papers/"+bare, nil)
	if err != nil {
		if paper.ErrorCode(err) == paper.ENOTFOUND {
			var herr *Error
			errors.As(err, &herr)
			return paper.Paper{}, paper.Wrap(paper.ENOTFOUND, herr, "paper %s is not on Hugging Face", bare)
		}
		return paper.Paper{}, fmt.Errorf("hf: paper %s: %w", bare, err)
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		if looksLikeHTML(trimmed) {
			return paper.Paper{}, bad(fmt.Errorf("paper %s: got an HTML page instead of JSON", bare))
		}
		return paper.Paper{}, bad(fmt.Errorf("paper %s: body is not a JSON object", bare))
	}
	entry := make([]byte, 0, len(trimmed)+len(`{"paper":}`))
	entry = append(append(append(entry, `{"paper":`...), trimmed...), '}')
	p, err := DecodeEntry(entry, "")
	if err != nil {
		return paper.Paper{}, bad(fmt.Errorf("paper %s: %w", bare, err))
	}
	if p.ID != bare {
		return paper.Paper{}, bad(fmt.Errorf("asked for paper %s, got %s", bare, p.ID))
	}
	return p, nil
}

// Search runs a full-text search on Hugging Face. limit is clamped to 1–120
// (0 means 50). Results keep the API's order; their Day is the date each
// paper entered Daily Papers, if the API says.
func (c *Client) Search(ctx context.Context, q string, limit int) ([]paper.Paper, error) {
	q = paper.CollapseSpace(q)
	if q == "" {
		return nil, paper.Errorf(paper.EINVALID, "nothing to search for")
	}
	if utf8.RuneCountInString(q) > maxQueryLen {
		return nil, paper.Errorf(paper.EINVALID, "search is too long (at most %d characters)", maxQueryLen)
	}
	switch {
	case limit <= 0:
		limit = 50
	case limit > maxSearchLimit:
		limit = maxSearchLimit
	}
	body, err := c.get(ctx, "/api/papers/search", url.Values{"q": {q}, "limit": {strconv.Itoa(limit)}})
	if err != nil {
		return nil, fmt.Errorf("hf: search %q: %w", strings.ToValidUTF8(q, ""), err)
	}
	papers, err := Decode(body, "")
	if err != nil {
		return nil, fmt.Errorf("hf: search %q: %w", strings.ToValidUTF8(q, ""), err)
	}
	return papers, nil
}
