package hf

import (
	"context"
	"net/url"
)

// Ping makes one request for one entry of date's list, without retrying,
// and reports whether Hugging Face could be reached: any answer, even an
// error status, means it could; only a network failure is an error (EOFFLINE
// or, for a certificate or redirect problem, EUPSTREAM).
func (c *Client) Ping(ctx context.Context, date string) error {
	u := c.BaseURL + "/api/daily_papers?" + url.Values{"date": {date}, "limit": {"1"}}.Encode()
	_, err := c.once(ctx, u, 1, request{})
	if err != nil && isNetwork(err) {
		return c.netFailure(err).err
	}
	return nil
}
