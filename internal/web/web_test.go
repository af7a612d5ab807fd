package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

type greeter struct{}

func (greeter) Hello(name string, n int) (string, error) {
	if name == "crash" {
		return "", errors.New("disk on fire")
	}
	if name == "" {
		return "", paper.Wrap(paper.EINVALID, errors.New("empty name"), "say who")
	}
	return strings.Repeat("hi "+name+" ", n), nil
}

func (greeter) Nothing() error { return nil }

func newServer(t *testing.T) (*httptest.Server, *Broker) {
	t.Helper()
	b := NewBroker()
	assets := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><p>app</p>")}}
	var srv *Server
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.ServeHTTP(w, r) }))
	ts.Start()
	t.Cleanup(ts.Close)
	srv = New(map[string]any{"Greeter": greeter{}}, assets, ts.Listener.Addr().String(), slog.New(slog.DiscardHandler), b)
	return ts, b
}

func call(t *testing.T, ts *httptest.Server, path, body string, hdr map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Paperboy", "1")
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	if h := hdr["Host"]; h != "" {
		req.Host = h
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, strings.TrimSpace(string(b))
}

func TestCalls(t *testing.T) {
	ts, _ := newServer(t)
	tests := []struct {
		name       string
		path, body string
		hdr        map[string]string
		wantStatus int
		wantBody   string
	}{
		{name: "ok", path: "/api/Greeter.Hello", body: `["ada",2]`, wantStatus: 200, wantBody: `"hi ada hi ada "`},
		{name: "void", path: "/api/Greeter.Nothing", body: `[]`, wantStatus: 200, wantBody: `null`},
		{name: "internal error", path: "/api/Greeter.Hello", body: `["crash",1]`, wantStatus: 500, wantBody: `{"code":"internal","message":"An internal error occurred."}`},
		{name: "coded error", path: "/api/Greeter.Hello", body: `["",1]`, wantStatus: 400, wantBody: `{"code":"invalid","message":"say who"}`},
		{name: "unknown method", path: "/api/Greeter.Nope", body: `[]`, wantStatus: 404},
		{name: "wrong arity", path: "/api/Greeter.Hello", body: `["x"]`, wantStatus: 400},
		{name: "wrong type", path: "/api/Greeter.Hello", body: `[1,"x"]`, wantStatus: 400},
		{name: "not an array", path: "/api/Greeter.Hello", body: `{"a":1}`, wantStatus: 400},
		{name: "cross-site origin", path: "/api/Greeter.Hello", body: `["a",1]`, hdr: map[string]string{"Origin": "http://evil.example"}, wantStatus: 403},
		{name: "cross-site fetch metadata", path: "/api/Greeter.Hello", body: `["a",1]`, hdr: map[string]string{"Sec-Fetch-Site": "cross-site"}, wantStatus: 403},
		{name: "no custom header (form post)", path: "/api/Greeter.Hello", body: `["a",1]`, hdr: map[string]string{"X-Paperboy": ""}, wantStatus: 403},
		{name: "text/plain body", path: "/api/Greeter.Hello", body: `["a",1]`, hdr: map[string]string{"Content-Type": "text/plain"}, wantStatus: 403},
		{name: "DNS rebinding host", path: "/api/Greeter.Hello", body: `["a",1]`, hdr: map[string]string{"Host": "evil.example:80"}, wantStatus: 421},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, ts, tt.path, tt.body, tt.hdr)
			if status != tt.wantStatus || (tt.wantBody != "" && body != tt.wantBody) {
				t.Errorf("got %d %s, want %d %s", status, body, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

func TestAssetsCarryCSP(t *testing.T) {
	ts, _ := newServer(t)
	res, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("status %d, CSP %q", res.StatusCode, res.Header.Get("Content-Security-Policy"))
	}
	if res.Header.Get("X-Frame-Options") != "DENY" {
		t.Error("pages can be framed")
	}
}

func TestEvents(t *testing.T) {
	ts, b := newServer(t)
	res, err := http.Get(ts.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	buf := make([]byte, 256)
	n, _ := res.Body.Read(buf) // the hello comment: subscribed
	if !strings.Contains(string(buf[:n]), "hello") {
		t.Fatalf("first bytes %q", buf[:n])
	}
	b.Emit("sync:done", map[string]int{"done": 3})
	n, _ = io.ReadAtLeast(res.Body, buf, 20)
	if got := string(buf[:n]); !strings.Contains(got, "event: sync:done\ndata: {\"done\":3}") {
		t.Errorf("event stream %q", got)
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8765": true, "localhost:1": true, "[::1]:80": true,
		"0.0.0.0:8765": false, "192.168.1.2:80": false, ":8765": false, "example.com:80": false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", addr, got, want)
		}
	}
}

func TestBodyLimits(t *testing.T) {
	b := NewBroker()
	srv := New(map[string]any{"Greeter": greeter{}}, fstest.MapFS{}, "127.0.0.1:1", slog.New(slog.DiscardHandler), b)
	big := `["` + strings.Repeat("x", 2<<20) + `",1]`
	post := func() int {
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:1/api/Greeter.Hello", strings.NewReader(big))
		req.Host = "127.0.0.1:1"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Paperboy", "1")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code
	}
	if got := post(); got != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB body: status %d, want 413", got)
	}
}

// TestUploadStreams: an upload's body reaches its handler as it arrives — the
// handler reads the first half before the client has sent the second — and
// one over the limit is refused with 413.
func TestUploadStreams(t *testing.T) {
	srv := New(map[string]any{}, fstest.MapFS{}, "127.0.0.1:1", slog.New(slog.DiscardHandler), NewBroker())
	half := strings.Repeat("x", 4<<20)
	firstHalf := make(chan struct{})
	gotHalf := sync.OnceFunc(func() { close(firstHalf) })
	srv.Upload("Thing.Import", 16<<20, func(ctx context.Context, body io.Reader) (any, error) {
		if _, err := io.ReadFull(body, make([]byte, len(half))); err != nil {
			return nil, err
		}
		gotHalf()
		n, err := io.Copy(io.Discard, body)
		return map[string]int64{"rest": n}, err
	})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	send := func(body io.Reader) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, hs.URL+"/api/upload/Thing.Import", body)
		req.Host = "127.0.0.1:1"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Paperboy", "1")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	pr, pw := io.Pipe()
	go func() {
		io.WriteString(pw, half)
		<-firstHalf // the handler has the first half before the second is sent
		io.WriteString(pw, half)
		pw.Close()
	}()
	if code, body := send(pr); code != http.StatusOK || !strings.Contains(body, `"rest":4194304`) {
		t.Errorf("upload: %d %s", code, body)
	}
	if code, _ := send(strings.NewReader(strings.Repeat("y", 17<<20))); code != http.StatusRequestEntityTooLarge {
		t.Errorf("17 MB upload: %d, want 413", code)
	}
	req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:1/api/upload/Thing.Import", strings.NewReader(half))
	req.Host = "127.0.0.1:1"
	req.Header.Set("Content-Type", "application/json") // no X-Paperboy: another site's form
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("a cross-site upload: %d, want 403", rec.Code)
	}
}

// A browser that connects after a sync ended still hears how it ended: the
// latest kept event comes first; events not kept are not replayed.
func TestBrokerReplaysKeptStateToLateSubscribers(t *testing.T) {
	b := NewBroker("sync:status")
	b.Emit("sync:status", map[string]any{"running": true})
	b.Emit("papers:changed", map[string]any{"dates": []string{"2026-05-27"}})
	b.Emit("sync:status", map[string]any{"running": false, "lastResult": "failed"})

	ch, unsub := b.Subscribe()
	defer unsub()
	select {
	case ev := <-ch:
		if ev.Name != "sync:status" || string(ev.Data) != `{"lastResult":"failed","running":false}` {
			t.Fatalf("first event %s %s, want the latest sync:status", ev.Name, ev.Data)
		}
	default:
		t.Fatal("a late subscriber got nothing")
	}
	select {
	case ev := <-ch:
		t.Fatalf("replayed %s %s too; only the latest kept event is", ev.Name, ev.Data)
	default:
	}
	b.Emit("papers:changed", nil)
	if ev := <-ch; ev.Name != "papers:changed" {
		t.Fatalf("then %s, want the live event", ev.Name)
	}
}
