package hftest

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"syscall"
)

// Client returns an HTTP client that serves requests from h in process,
// with no sockets: inside a testing/synctest bubble nothing then waits on
// real time. A handler that hijacks the connection (ModeDown) gives the
// client a connection error, as a server that is down does.
func Client(h http.Handler) *http.Client { return &http.Client{Transport: inProcess{h}} }

type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	rec := &hijackable{ResponseRecorder: httptest.NewRecorder()}
	t.h.ServeHTTP(rec, r)
	if rec.hijacked {
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	}
	res := rec.Result()
	res.Request = r
	return res, nil
}

type hijackable struct {
	*httptest.ResponseRecorder
	hijacked bool
}

func (h *hijackable) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h.hijacked = true
	c, other := net.Pipe()
	other.Close()
	return c, bufio.NewReadWriter(bufio.NewReader(c), bufio.NewWriter(c)), nil
}
