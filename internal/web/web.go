// Package web serves Paperboy's UI and its API to a browser on this machine:
// the same bound methods the window calls, over HTTP, plus events as SSE.
package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// CSP is the Content-Security-Policy of every page: no remote code, no
// frames, no plugins; the API is same-origin.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-src 'none'; frame-ancestors 'none'; form-action 'none'"

// Server is the browser mode's HTTP handler.
type Server struct {
	methods map[string]reflect.Value // "Papers.Day" → bound method
	assets  http.Handler
	hosts   map[string]bool // Host header values we answer to
	log     *slog.Logger
	events  *Broker
	// uploads take their body as a stream (an imported library), by name.
	uploads map[string]upload
}

// New builds a Server. bindings maps a name ("Papers") to a struct whose
// exported methods become POST /api/Papers.Method. addr is the address the
// server listens on; requests must name it, localhost, or — on a wildcard
// address such as 0.0.0.0:8765 — one of the machine's addresses or names in
// Host (see allowedHosts).
func New(bindings map[string]any, assets fs.FS, addr string, log *slog.Logger, events *Broker) *Server {
	s := &Server{methods: map[string]reflect.Value{}, assets: http.FileServerFS(assets), log: log, events: events, hosts: allowedHosts(addr)}
	for name, b := range bindings {
		v := reflect.ValueOf(b)
		for i := range v.NumMethod() {
			s.methods[name+"."+v.Type().Method(i).Name] = v.Method(i)
		}
	}
	return s
}

// Upload serves POST /api/upload/<name>: the request's body, up to max
// bytes, goes to fn as a stream (a library of hundreds of MB is never held
// in memory whole), and fn's result is the answer, as for a call.
func (s *Server) Upload(name string, max int64, fn func(ctx context.Context, body io.Reader) (any, error)) {
	if s.uploads == nil {
		s.uploads = map[string]upload{}
	}
	s.uploads[name] = upload{max, fn}
}

type upload struct {
	max int64
	fn  func(ctx context.Context, body io.Reader) (any, error)
}

// AllowHost makes the server answer to another Host value (for explicit
// non-loopback binds).
func (s *Server) AllowHost(h string) { s.hosts[strings.ToLower(h)] = true }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	// DNS rebinding: a hostile page's name resolving to 127.0.0.1 still sends its own Host.
	if !s.hosts[strings.ToLower(r.Host)] {
		http.Error(w, "unknown host", http.StatusMisdirectedRequest)
		return
	}
	switch {
	case r.URL.Path == "/api/events":
		s.serveEvents(w, r)
	case strings.HasPrefix(r.URL.Path, "/api/upload/"):
		s.serveUpload(w, r)
	case strings.HasPrefix(r.URL.Path, "/api/"):
		s.serveCall(w, r)
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		s.assets.ServeHTTP(w, r)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// sameOrigin refuses requests from other web pages (CSRF): a browser always
// sends Origin on cross-origin POSTs and on EventSource, and we also demand a
// custom header, which cross-origin pages can't send without a preflight we never grant.
func (s *Server) sameOrigin(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" {
		if o != "http://"+r.Host {
			return false
		}
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	return true
}

// apiError is the body of every failed call: the {code, message} all
// front doors send.
func apiError(code, message string) paper.ErrorInfo {
	return paper.ErrorInfo{Code: code, Message: message}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// statusOf is the HTTP status of each error code.
var statusOf = map[string]int{
	paper.EINVALID: http.StatusBadRequest, paper.ENOTFOUND: http.StatusNotFound, paper.EOFFLINE: http.StatusBadGateway,
	paper.ERATELIMIT: http.StatusTooManyRequests, paper.EUPSTREAM: http.StatusBadGateway, paper.ELOCKED: http.StatusConflict,
	paper.EDISKFULL: http.StatusInsufficientStorage, paper.ECANCELED: http.StatusConflict,
	paper.EREADONLY: http.StatusConflict, paper.EDAMAGED: http.StatusInternalServerError,
	paper.ETAKEN: http.StatusConflict, paper.EUNSUPPORTED: http.StatusNotImplemented,
}

func (s *Server) serveCall(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r) {
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/api/")
	m, ok := s.methods[name]
	if !ok {
		writeJSON(w, http.StatusNotFound, apiError(paper.ENOTFOUND, "no such method: "+name))
		return
	}
	var raw []json.RawMessage
	const limit = 1 << 20
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if int64(len(body)) > limit {
		writeJSON(w, http.StatusRequestEntityTooLarge, apiError(paper.EINVALID, fmt.Sprintf("%s takes at most %d MB", name, limit>>20)))
		return
	}
	if err == nil && len(strings.TrimSpace(string(body))) > 0 {
		err = json.Unmarshal(body, &raw)
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError(paper.EINVALID, "the body must be a JSON array of arguments"))
		return
	}
	t := m.Type()
	if len(raw) != t.NumIn() {
		writeJSON(w, http.StatusBadRequest, apiError(paper.EINVALID, fmt.Sprintf("%s takes %d arguments, got %d", name, t.NumIn(), len(raw))))
		return
	}
	args := make([]reflect.Value, len(raw))
	for i, a := range raw {
		p := reflect.New(t.In(i))
		if err := json.Unmarshal(a, p.Interface()); err != nil {
			writeJSON(w, http.StatusBadRequest, apiError(paper.EINVALID, fmt.Sprintf("argument %d of %s: %v", i+1, name, err)))
			return
		}
		args[i] = p.Elem()
	}
	out := m.Call(args)
	var result any
	if len(out) > 0 {
		last := out[len(out)-1]
		if last.Type().Implements(reflect.TypeFor[error]()) {
			if !last.IsNil() {
				s.writeError(w, name, last.Interface().(error))
				return
			}
			out = out[:len(out)-1]
		}
		if len(out) > 0 {
			result = out[0].Interface()
		}
	}
	writeJSON(w, http.StatusOK, result)
}

// allowed checks a call's method, origin and headers (CSRF).
func (s *Server) allowed(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, apiError(paper.EINVALID, "use POST"))
		return false
	}
	if !s.sameOrigin(r) || r.Header.Get("X-Paperboy") != "1" || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		writeJSON(w, http.StatusForbidden, apiError(paper.EINVALID, "cross-site requests are not allowed"))
		return false
	}
	return true
}

func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r) {
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/api/upload/")
	up, ok := s.uploads[name]
	if !ok {
		writeJSON(w, http.StatusNotFound, apiError(paper.ENOTFOUND, "no such upload: "+name))
		return
	}
	body := http.MaxBytesReader(w, r.Body, up.max)
	result, err := up.fn(r.Context(), body)
	if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
		writeJSON(w, http.StatusRequestEntityTooLarge, apiError(paper.EINVALID, fmt.Sprintf("%s takes at most %d MB", name, up.max>>20)))
		return
	}
	if err != nil {
		s.writeError(w, name, err)
		return
	}
	writeJSON(w, http.StatusOK, result)
}

func (s *Server) writeError(w http.ResponseWriter, name string, err error) {
	e := paper.Info(err)
	if e.Code == paper.EINTERNAL {
		s.log.Error("api call", "method", name, "err", err)
	}
	status := statusOf[e.Code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	writeJSON(w, status, e)
}

func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	if !s.sameOrigin(r) {
		http.Error(w, "cross-site requests are not allowed", http.StatusForbidden)
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok || s.events == nil {
		http.Error(w, "events unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch, unsub := s.events.Subscribe()
	defer unsub()
	_, _ = io.WriteString(w, ": hello\n\n")
	fl.Flush()
	ping := time.NewTicker(25 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev := <-ch:
			if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Name, ev.Data); err != nil {
				return
			}
			fl.Flush()
		case <-ping.C:
			_, _ = io.WriteString(w, ": ping\n\n")
			fl.Flush()
		}
	}
}

// Event is one message to the UI.
type Event struct {
	Name string
	Data []byte // JSON
}

// Broker fans events out to every connected browser. Slow subscribers miss
// events rather than block the sender. Events it was told to keep are state
// (the sync's status): the latest of each goes first to every browser that
// connects, so a page whose event stream opens, or reopens, after a change
// still hears of it instead of showing the state it loaded with.
type Broker struct {
	mu     sync.Mutex
	subs   map[chan Event]struct{}
	keep   map[string]bool
	latest []Event // the newest of each kept event, in the order first seen
}

// NewBroker returns a Broker with no subscribers that keeps the latest of
// each event named in keep.
func NewBroker(keep ...string) *Broker {
	b := &Broker{subs: map[chan Event]struct{}{}, keep: map[string]bool{}}
	for _, name := range keep {
		b.keep[name] = true
	}
	return b
}

// Subscribe returns a channel of events, starting with the kept ones, and a
// function to stop.
func (b *Broker) Subscribe() (<-chan Event, func()) {
	ch := make(chan Event, 64+len(b.keep))
	b.mu.Lock()
	for _, ev := range b.latest {
		ch <- ev
	}
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	return ch, func() {
		b.mu.Lock()
		delete(b.subs, ch)
		b.mu.Unlock()
	}
}

// Emit sends an event to every subscriber.
func (b *Broker) Emit(name string, data any) {
	js, err := json.Marshal(data)
	if err != nil {
		return
	}
	ev := Event{name, js}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.keep[name] {
		i := slices.IndexFunc(b.latest, func(e Event) bool { return e.Name == name })
		if i < 0 {
			b.latest = append(b.latest, ev)
		} else {
			b.latest[i] = ev
		}
	}
	for ch := range b.subs {
		select {
		case ch <- ev:
		default:
		}
	}
}

// IsLoopback reports whether addr's host is a loopback address or localhost.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
