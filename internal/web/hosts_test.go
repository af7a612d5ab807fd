package web

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// interfaceAddr is a non-loopback address of one of this machine's network
// interfaces, IPv4 if there is one.
func interfaceAddr(t *testing.T) string {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skipf("no interface addresses: %v", err)
	}
	best := ""
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && (best == "" || ipn.IP.To4() != nil) {
			best = ipn.IP.String()
		}
	}
	if best == "" {
		t.Skip("this machine has only loopback addresses")
	}
	return best
}

func TestWildcardAddressAnswersToTheMachinesNames(t *testing.T) {
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := New(nil, fstest.MapFS{"index.html": {Data: []byte("hello")}}, ln.Addr().String(), slog.New(slog.DiscardHandler), nil)
	hs := &http.Server{Handler: srv}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() { _ = hs.Close() })
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	name, _ := os.Hostname()
	short, _, _ := strings.Cut(name, ".")

	tests := []struct {
		host string
		want int
	}{
		{net.JoinHostPort(interfaceAddr(t), port), http.StatusOK},
		{"localhost:" + port, http.StatusOK},
		{"127.0.0.1:" + port, http.StatusOK},
		{"[::1]:" + port, http.StatusOK},
		{strings.ToUpper(name) + ":" + port, http.StatusOK},
		{short + ":" + port, http.StatusOK},
		{short + ".local:" + port, http.StatusOK},
		{"evil.example:" + port, http.StatusMisdirectedRequest},
		{net.JoinHostPort(interfaceAddr(t), "1"), http.StatusMisdirectedRequest},
		{interfaceAddr(t), http.StatusMisdirectedRequest}, // no port: only for port 80
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			// Over loopback (no packet leaves the machine), as a remote
			// client addressing the machine by tt.host would arrive.
			req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:"+port+"/", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = tt.host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("Host %s: got %d, want %d", tt.host, resp.StatusCode, tt.want)
			}
		})
	}
}

func TestAllowedHosts(t *testing.T) {
	tests := []struct {
		addr      string
		want, not []string
	}{
		{"127.0.0.1:8765", []string{"127.0.0.1:8765", "localhost:8765", "[::1]:8765"},
			[]string{"localhost", net.JoinHostPort(interfaceAddr(t), "8765")}},
		{"[::]:8765", []string{"[::]:8765", "localhost:8765", net.JoinHostPort(interfaceAddr(t), "8765")}, []string{"localhost:80"}},
		{":80", []string{"localhost", "localhost:80", "[::1]", interfaceAddr(t)}, nil},
		{"192.0.2.7:8765", []string{"192.0.2.7:8765", "localhost:8765"}, []string{net.JoinHostPort(interfaceAddr(t), "8765")}},
	}
	for _, tt := range tests {
		got := allowedHosts(tt.addr)
		for _, h := range tt.want {
			if !got[h] {
				t.Errorf("%s: %s not allowed; allowed %v", tt.addr, h, got)
			}
		}
		for _, h := range tt.not {
			if got[h] {
				t.Errorf("%s: %s allowed", tt.addr, h)
			}
		}
	}
}
