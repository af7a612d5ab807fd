package hf

import (
	"context"
	"net/url"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Ping makes one request for one entry of date's list, without retrying,
// and reports whether Hugging Face could be reached: any answer, even an
// error status, means it could; only a network failure is EOFFLINE.
func (c *Client) Ping(ctx context.Context, date string) error {
	u := c.BaseURL + "/api/daily_papers?" + url.Values{"date": {date}, "limit": {"1"}}.Encode()
	_, err := c.once(ctx, u)
	if err != nil && isNetwork(err) {
		return paper.Wrap(paper.EOFFLINE, err, "%s", offlineMessage)
	}
	return nil
}
