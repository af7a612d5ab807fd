package app

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Settings shows where data lives and manages the cache.
type Settings struct{ b *Backend }

// SettingsInfo is what the settings view shows.
type SettingsInfo struct {
	DataDir    string `json:"dataDir"`
	CacheBytes int64  `json:"cacheBytes"`
	Papers     int    `json:"papers"`
	Days       int    `json:"days"`
	Version    string `json:"version"`
	// SyncInterval is the minutes between automatic syncs; 0 = off.
	SyncInterval int  `json:"syncInterval"`
	HasToken     bool `json:"hasToken"`
}

// Setting names. The token is the only secret: it is never exported.
const (
	settingSyncInterval = "syncInterval"
	settingToken        = "hfToken"
	// DefaultSyncInterval is the minutes between automatic syncs when the
	// user has not chosen.
	DefaultSyncInterval = 30
	maxSyncInterval     = 7 * 24 * 60
)

// Info describes the data directory and the cache.
func (s *Settings) Info() (SettingsInfo, error) {
	st, err := s.b.Store.Stats()
	if err != nil {
		return SettingsInfo{}, s.b.fail("settings", err)
	}
	return SettingsInfo{DataDir: s.b.Store.Dir(), CacheBytes: st.LSMBytes + st.VlogBytes, Papers: st.Papers, Days: st.Days,
		Version: s.b.Version, SyncInterval: s.b.syncInterval(), HasToken: s.b.hasToken()}, nil
}

// SetSyncInterval sets the minutes between automatic syncs (0 = off). It
// takes effect at once.
func (s *Settings) SetSyncInterval(minutes int) error {
	if minutes < 0 || minutes > maxSyncInterval {
		return s.b.fail("sync interval", paper.Errorf(paper.EINVALID, "the sync interval must be 0 (off) to %d minutes", maxSyncInterval))
	}
	return s.b.fail("sync interval", s.b.Store.PutSetting(settingSyncInterval, minutes))
}

func (b *Backend) syncInterval() int {
	n := DefaultSyncInterval
	if _, err := b.Store.Setting(settingSyncInterval, &n); err != nil {
		b.log().Warn("read sync interval", "err", err)
	}
	return n
}

// SetToken stores a Hugging Face token ("" clears it) and uses it from the
// next request on. HF_TOKEN in the environment, when set, still wins.
func (s *Settings) SetToken(token string) error {
	token = strings.TrimSpace(token)
	if len(token) > 400 || strings.ContainsAny(token, " \t\r\n") {
		return s.b.fail("token", paper.Errorf(paper.EINVALID, "that does not look like a Hugging Face token"))
	}
	if err := s.b.Store.PutSetting(settingToken, token); err != nil {
		return s.b.fail("token", err)
	}
	if t := s.b.tokenTransport(); t != nil {
		t.token.Store(&token)
	}
	return nil
}

func (b *Backend) hasToken() bool {
	if b.HF != nil && b.HF.Token != "" {
		return true
	}
	var tok string
	ok, _ := b.Store.Setting(settingToken, &tok)
	return ok && tok != ""
}

// tokenAuth adds the stored token to requests that carry none (HF_TOKEN sets
// one through the client itself). The client's Token field cannot change
// safely while requests run; this can.
type tokenAuth struct {
	base  http.RoundTripper
	token atomic.Pointer[string]
}

func (t *tokenAuth) RoundTrip(r *http.Request) (*http.Response, error) {
	if tok := t.token.Load(); tok != nil && *tok != "" && r.Header.Get("Authorization") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+*tok)
	}
	return t.base.RoundTrip(r)
}

// useStoredToken installs the stored-token transport; Open calls it before
// the first request.
func (b *Backend) useStoredToken() {
	if b.HF == nil {
		return
	}
	if b.HF.HTTP == nil {
		b.HF.HTTP = &http.Client{}
	}
	base := b.HF.HTTP.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	t := &tokenAuth{base: base}
	var tok string
	if ok, err := b.Store.Setting(settingToken, &tok); err == nil && ok {
		t.token.Store(&tok)
	}
	b.HF.HTTP.Transport = t
}

func (b *Backend) tokenTransport() *tokenAuth {
	if b.HF == nil || b.HF.HTTP == nil {
		return nil
	}
	t, _ := b.HF.HTTP.Transport.(*tokenAuth)
	return t
}

// ClearCache drops every cached paper; saved and read state stay.
func (s *Settings) ClearCache() error {
	if err := s.b.Store.ClearCache(); err != nil {
		return s.b.fail("clear cache", err)
	}
	if s.b.Index != nil {
		s.b.Index.Rebuild(nil)
	}
	s.b.emit(EventPapersChanged, map[string]any{"dates": []string{}})
	return nil
}

// UIState is how the window looks and where it was, kept per data directory
// with the other settings (not in the web view's storage, which every data
// directory shares).
type UIState struct {
	Theme     string `json:"theme"`     // system, light or dark
	Density   string `json:"density"`   // compact or cards
	Layout    string `json:"layout"`    // auto, two-pane or single
	LastView  string `json:"lastView"`  // an app address, "#/…"
	TopPerDay int    `json:"topPerDay"` // week and month views: papers per day, 0 = all
}

// uiSettings are the UIState keys with their checks.
var uiSettings = map[string]struct {
	valid func(any) bool
	want  string
}{
	"theme":     {oneOf("system", "light", "dark"), "system, light or dark"},
	"density":   {oneOf("compact", "cards"), "compact or cards"},
	"layout":    {oneOf("auto", "two-pane", "single"), "auto, two-pane or single"},
	"lastView":  {isRoute, "an app address like #/day/2026-05-26"},
	"topPerDay": {intIn(0, 100), "a number from 0 (all) to 100"},
}

func oneOf(vals ...string) func(any) bool {
	return func(v any) bool { s, ok := v.(string); return ok && slices.Contains(vals, s) }
}

func isRoute(v any) bool {
	s, ok := v.(string)
	return ok && (s == "" || strings.HasPrefix(s, "#/") && len(s) <= 200 && !strings.ContainsFunc(s, unicode.IsControl))
}

func intIn(lo, hi int) func(any) bool {
	return func(v any) bool {
		f, ok := v.(float64) // JSON numbers
		if n, isInt := v.(int); isInt {
			f, ok = float64(n), true
		}
		return ok && f == float64(int(f)) && int(f) >= lo && int(f) <= hi
	}
}

// UI returns the window's stored look and place.
func (s *Settings) UI() (UIState, error) {
	st := UIState{Theme: "system", Density: "compact", Layout: "auto"}
	for key, dst := range map[string]any{"theme": &st.Theme, "density": &st.Density, "layout": &st.Layout,
		"lastView": &st.LastView, "topPerDay": &st.TopPerDay} {
		if _, err := s.b.Store.Setting("ui."+key, dst); err != nil {
			return UIState{}, s.b.fail("ui state", err)
		}
	}
	return st, nil
}

// Theme is the stored theme: system, light or dark.
func (b *Backend) Theme() string {
	theme := "system"
	if _, err := b.Store.Setting("ui.theme", &theme); err != nil {
		b.log().Warn("read theme", "err", err)
	}
	return theme
}

// SetUI stores one UIState field (key is its JSON name), after checking it.
func (s *Settings) SetUI(key string, value any) error {
	def, ok := uiSettings[key]
	if !ok {
		return s.b.fail("ui state", paper.Errorf(paper.EINVALID, "there is no UI setting %q", key))
	}
	if !def.valid(value) {
		return s.b.fail("ui state", paper.Errorf(paper.EINVALID, "the %s setting must be %s", key, def.want))
	}
	return s.b.fail("ui state", s.b.Store.PutSetting("ui."+key, value))
}

func itoa(n int) string { return strconv.Itoa(n) }

// Log records a line from the frontend (e.g. its first render, for the
// launch-to-cards benchmark) in the app's log.
func (s *Settings) Log(msg string) error {
	s.b.log().Info("frontend", "msg", truncateRunes(msg, 500))
	if strings.HasPrefix(msg, "paperboy: first-render") && s.b.StartDeferred != nil {
		s.b.StartDeferred()
	}
	return nil
}
