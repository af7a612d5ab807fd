package hf

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

const offlineMessage = "could not reach Hugging Face — check your connection; cached papers still work"

// maxRedirects is how many redirects one request follows.
const maxRedirects = 5

// checkRedirect is the client's redirect rule: follow a redirect only within
// the first request's host and never from https to http, at most
// maxRedirects times and never back to a URL already visited. Another host's
// answer is never used, so a token never follows and a day list is never
// replaced by another site's.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return redirectLoop(first)
		}
	}
	if len(via) > maxRedirects {
		return redirectLoop(first)
	}
	if req.URL.Scheme != "https" && first.Scheme == "https" {
		return paper.Errorf(paper.EUPSTREAM, "Hugging Face (%s) redirected the request from https to plain http; Paperboy does not follow it", first.Host)
	}
	if !sameHost(first, req.URL) {
		return paper.Errorf(paper.EUPSTREAM, "Hugging Face (%s) redirected the request to another site (%s); Paperboy does not follow it — "+
			"if you set the API address (--api, PAPERBOY_API), check it", first.Host, safeHost(req.URL))
	}
	return nil
}

func redirectLoop(u *url.URL) error {
	return paper.Errorf(paper.EUPSTREAM, "Hugging Face (%s) keeps redirecting the request (a redirect loop) — try again later; "+
		"if you set the API address (--api, PAPERBOY_API), check it", u.Host)
}

// sameHost reports whether b is a's host: same name and port, or the
// default port of http on a and of https on b (an upgrade to https).
func sameHost(a, b *url.URL) bool {
	if !strings.EqualFold(a.Hostname(), b.Hostname()) {
		return false
	}
	pa, pb := port(a), port(b)
	return pa == pb || (a.Scheme == "http" && pa == "80" && b.Scheme == "https" && pb == "443")
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

// safeHost is u's host as a message may quote it: it is the server's text.
func safeHost(u *url.URL) string {
	h := u.Host
	if len(h) > 100 {
		h = h[:100] + "…"
	}
	return clip(h)
}

// failure is a request that got no HTTP answer, in the user's words.
type failure struct {
	err   *paper.Error
	retry bool   // trying again may help
	cause string // for Wait: "No connection to huggingface.co"
}

// netFailure tells apart what can go wrong before an answer: a certificate
// that does not verify or another TLS failure (EUPSTREAM: the network is up,
// something on it is wrong; not retried), a name that does not resolve, a
// refused connection, a timeout, a dropped connection (EOFFLINE).
func (c *Client) netFailure(err error) failure {
	host := c.host()
	var (
		dnsErr    *net.DNSError
		opErr     *net.OpError
		invalid   x509.CertificateInvalidError
		unknownCA x509.UnknownAuthorityError
		badName   x509.HostnameError
		verify    *tls.CertificateVerificationError
		record    tls.RecordHeaderError
		alert     tls.AlertError
	)
	offline := func(retry bool, cause, format string, args ...any) failure {
		return failure{err: paper.Wrap(paper.EOFFLINE, err, format, args...), retry: retry, cause: cause}
	}
	switch {
	case errors.As(err, &invalid) && (invalid.Reason == x509.Expired):
		return failure{err: paper.Wrap(paper.EUPSTREAM, err,
			"the certificate of Hugging Face (%s) is expired or not yet valid — check this computer's date and time", host)}
	case errors.As(err, &unknownCA), errors.As(err, &badName), errors.As(err, &invalid), errors.As(err, &verify):
		return failure{err: paper.Wrap(paper.EUPSTREAM, err,
			"could not verify the certificate of Hugging Face (%s) — something on the network (a proxy, a Wi-Fi login page) may be "+
				"intercepting the connection; cached papers still work", host)}
	case errors.As(err, &record), errors.As(err, &alert),
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"): // net/http's words for a RecordHeaderError
		return failure{err: paper.Wrap(paper.EUPSTREAM, err,
			"could not open a secure connection to Hugging Face (%s) — check the API address, or a proxy on the network", host)}
	case isTimeout(err):
		return offline(true, "No answer from "+host,
			"Hugging Face did not answer in time — check your connection; cached papers still work")
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return offline(false, "",
			"could not reach Hugging Face: the name %s does not resolve — check your connection, or the API address (--api, PAPERBOY_API)", dnsErr.Name)
	case errors.As(err, &dnsErr):
		return offline(true, "Could not look up "+host,
			"could not reach Hugging Face: no DNS answer for %s — check your connection; cached papers still work", dnsErr.Name)
	case errors.As(err, &opErr) && opErr.Op == "proxyconnect":
		return offline(true, "Could not reach the proxy",
			"could not reach Hugging Face: the proxy (HTTPS_PROXY) did not answer — check the proxy settings; cached papers still work")
	case isRefused(err):
		return offline(true, host+" refused the connection",
			"could not reach Hugging Face: %s refused the connection — check your connection, proxy or firewall; cached papers still work", host)
	default:
		return offline(true, "No connection to "+host, offlineMessage)
	}
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

// isRefused reports a refused connection: ECONNREFUSED, or WSAECONNREFUSED
// (10061), which Windows reports instead.
func isRefused(err error) bool {
	var errno syscall.Errno
	return errors.Is(err, syscall.ECONNREFUSED) || (errors.As(err, &errno) && errno == 10061)
}

// isLoopback reports whether host (a name or an address, no port) is this
// machine: localhost or a loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
