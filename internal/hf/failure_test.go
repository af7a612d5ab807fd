package hf

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Failures before an answer: each has its own words, and only real
// connectivity problems are "offline".
func TestFailuresHaveTheirOwnWords(t *testing.T) {
	tests := []struct {
		name      string
		client    func(t *testing.T) *Client
		wantCode  string
		wantMsg   string
		wantRetry bool
	}{
		{"redirect loop", func(t *testing.T) *Client {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, r.URL.RequestURI(), http.StatusFound)
			}))
			t.Cleanup(srv.Close)
			return New(srv.URL, "test")
		}, paper.EUPSTREAM, "keeps redirecting the request (a redirect loop)", false},
		{"certificate of an unknown authority", func(t *testing.T) *Client {
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "[]") }))
			srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake errors are the point
			srv.StartTLS()
			t.Cleanup(srv.Close)
			return New(srv.URL, "test") // does not trust the test server's certificate
		}, paper.EUPSTREAM, "could not verify the certificate of Hugging Face (127.0.0.1:", false},
		{"expired certificate", func(t *testing.T) *Client {
			return expiredTLSClient(t)
		}, paper.EUPSTREAM, "is expired or not yet valid — check this computer's date and time", false},
		{"plain http on the https port", func(t *testing.T) *Client {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "[]") }))
			t.Cleanup(srv.Close)
			return New(strings.Replace(srv.URL, "http:", "https:", 1), "test")
		}, paper.EUPSTREAM, "could not open a secure connection to Hugging Face (127.0.0.1:", false},
		{"name does not resolve", func(t *testing.T) *Client {
			return fakeDNSClient(t, rcodeNXDomain)
		}, paper.EOFFLINE, "could not reach Hugging Face: the name api.paperboy.test does not resolve", false},
		{"DNS server fails", func(t *testing.T) *Client {
			return fakeDNSClient(t, rcodeServFail)
		}, paper.EOFFLINE, "could not reach Hugging Face: no DNS answer for api.paperboy.test", true},
		{"connection refused", func(t *testing.T) *Client {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			addr := ln.Addr().String()
			_ = ln.Close()
			return New("http://"+addr, "test")
		}, paper.EOFFLINE, "refused the connection", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.client(t)
			c.MaxAttempts = 3
			var waits []time.Duration
			c.Sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
			_, err := c.DailyPapers(context.Background(), "2024-10-25")
			if code := paper.ErrorCode(err); code != tt.wantCode {
				t.Fatalf("got code %q (%v), want %q", code, err, tt.wantCode)
			}
			if msg := paper.ErrorMessage(err); !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("got message %q, want it to contain %q", msg, tt.wantMsg)
			}
			if retried := len(waits) > 0; retried != tt.wantRetry {
				t.Errorf("retried: %v (waits %v), want %v", retried, waits, tt.wantRetry)
			}
		})
	}
}

// expiredTLSClient serves over TLS with a certificate that expired in 2001,
// and returns a client that trusts it.
func expiredTLSClient(t *testing.T) *Client {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "[]") }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	c := New(srv.URL, "test")
	c.HTTP.Transport.(*http.Transport).TLSClientConfig = &tls.Config{RootCAs: pool}
	return c
}

const (
	rcodeServFail = 2
	rcodeNXDomain = 3
)

// fakeDNSClient returns a client for https://api.paperboy.test:8443 whose
// resolver asks a fake DNS server (over an in-memory connection, so no
// packet leaves the machine) that answers every query with rcode.
func fakeDNSClient(t *testing.T, rcode byte) *Client {
	t.Helper()
	resolver := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		client, server := net.Pipe()
		go serveDNS(server, rcode)
		return client, nil
	}}
	c := New("https://api.paperboy.test:8443", "test")
	c.HTTP.Transport.(*http.Transport).DialContext = (&net.Dialer{Resolver: resolver}).DialContext
	return c
}

// serveDNS answers DNS-over-TCP queries on conn (a length, then the
// message) with an empty answer carrying rcode, until conn closes.
func serveDNS(conn net.Conn, rcode byte) {
	defer conn.Close()
	for {
		var n uint16
		if binary.Read(conn, binary.BigEndian, &n) != nil {
			return
		}
		q := make([]byte, n)
		if _, err := io.ReadFull(conn, q); err != nil || len(q) < 12 {
			return
		}
		// Same id and question; QR=1, RD and RA set; no records.
		resp := append([]byte{}, q...)
		resp[2], resp[3] = 0x81, 0x80|rcode
		binary.BigEndian.PutUint16(resp[6:], 0)  // answers
		binary.BigEndian.PutUint16(resp[8:], 0)  // authority
		binary.BigEndian.PutUint16(resp[10:], 0) // additional
		if end := questionEnd(resp); end > 0 {
			resp = resp[:end]
		}
		if binary.Write(conn, binary.BigEndian, uint16(len(resp))) != nil {
			return
		}
		if _, err := conn.Write(resp); err != nil {
			return
		}
	}
}

// questionEnd is the offset after the first question of a DNS message
// (dropping an EDNS record that follows it), or 0.
func questionEnd(m []byte) int {
	i := 12
	for i < len(m) && m[i] != 0 {
		i += int(m[i]) + 1
	}
	if i+5 > len(m) {
		return 0
	}
	return i + 5
}
