package paperboy

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"unicode"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

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

// Settings describes the data directory and the cache.
func (s *Service) Settings(ctx context.Context) (SettingsInfo, error) {
	st, err := s.store.Stats()
	if err != nil {
		return SettingsInfo{}, err
	}
	return SettingsInfo{DataDir: s.dataDir, CacheBytes: st.LSMBytes + st.VlogBytes, Papers: st.Papers, Days: st.Days,
		Version: s.version, SyncInterval: s.SyncInterval(), HasToken: s.hasToken()}, nil
}

// SetSyncInterval sets the minutes between automatic syncs (0 = off). It
// takes effect at the next poll of Run.
func (s *Service) SetSyncInterval(ctx context.Context, minutes int) error {
	if minutes < 0 || minutes > maxSyncInterval {
		return paper.Errorf(paper.EINVALID, "the sync interval must be 0 (off) to %d minutes", maxSyncInterval)
	}
	return s.store.PutSetting(settingSyncInterval, minutes)
}

// SyncInterval is the minutes between automatic syncs; 0 = off.
func (s *Service) SyncInterval() int {
	n := DefaultSyncInterval
	if _, err := s.store.Setting(settingSyncInterval, &n); err != nil {
		s.log.Warn("read sync interval", "err", err)
	}
	if n < 0 || n > maxSyncInterval {
		return DefaultSyncInterval // stored by an older Paperboy that did not check
	}
	return n
}

// SetToken stores a Hugging Face token ("" clears it) and uses it from the
// next request on. HF_TOKEN in the environment, when set, still wins.
func (s *Service) SetToken(ctx context.Context, token string) error {
	token = strings.TrimSpace(token)
	if len(token) > 400 || strings.ContainsAny(token, " \t\r\n") {
		return paper.Errorf(paper.EINVALID, "that does not look like a Hugging Face token")
	}
	if err := s.store.PutSetting(settingToken, token); err != nil {
		return err
	}
	if t := s.tokenTransport(); t != nil {
		t.token.Store(&token)
	}
	return nil
}

func (s *Service) hasToken() bool {
	if s.hf.Token != "" {
		return true
	}
	var tok string
	ok, _ := s.store.Setting(settingToken, &tok)
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
func (s *Service) useStoredToken() {
	hc := *s.hf.HTTP // a copy: the caller's client is not changed
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	t := &tokenAuth{base: base}
	var tok string
	if ok, err := s.store.Setting(settingToken, &tok); err == nil && ok {
		t.token.Store(&tok)
	}
	hc.Transport = t
	s.hf.HTTP = &hc
}

func (s *Service) tokenTransport() *tokenAuth {
	t, _ := s.hf.HTTP.Transport.(*tokenAuth)
	return t
}

// ClearCache drops every cached paper; the user's own data stays.
func (s *Service) ClearCache(ctx context.Context) error {
	if err := s.store.ClearCache(); err != nil {
		return err
	}
	s.index.Rebuild(nil)
	s.indexDirty.Store(true)
	s.emit(EventPapersChanged, PapersChanged{Dates: []string{}})
	return nil
}

// Remember keeps v under key for the front door's next run (the window's
// size and place): state of the app itself, not a user setting.
func (s *Service) Remember(key string, v any) error { return s.store.PutSetting("app."+key, v) }

// Recall reads what Remember kept under key into dst.
func (s *Service) Recall(key string, dst any) (bool, error) { return s.store.Setting("app."+key, dst) }

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
func (s *Service) UI(ctx context.Context) (UIState, error) {
	st := UIState{Theme: "system", Density: "compact", Layout: "auto"}
	for key, dst := range map[string]any{"theme": &st.Theme, "density": &st.Density, "layout": &st.Layout,
		"lastView": &st.LastView, "topPerDay": &st.TopPerDay} {
		if _, err := s.store.Setting("ui."+key, dst); err != nil {
			return UIState{}, err
		}
	}
	return st, nil
}

// SetUI stores one UIState field (key is its JSON name), after checking it.
func (s *Service) SetUI(ctx context.Context, key string, value any) error {
	def, ok := uiSettings[key]
	if !ok {
		return paper.Errorf(paper.EINVALID, "there is no UI setting %q", key)
	}
	if !def.valid(value) {
		return paper.Errorf(paper.EINVALID, "the %s setting must be %s", key, def.want)
	}
	return s.store.PutSetting("ui."+key, value)
}

// Theme is the stored theme: system, light or dark.
func (s *Service) Theme() string {
	theme := "system"
	if _, err := s.store.Setting("ui.theme", &theme); err != nil {
		s.log.Warn("read theme", "err", err)
	}
	return theme
}
