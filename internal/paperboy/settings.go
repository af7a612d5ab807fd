package paperboy

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"unicode"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/termtext"
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
	// TokenStore says where a token set in Settings is kept ("Stored in the
	// system keyring" or the file); TokenFromEnv that HF_TOKEN is used instead.
	TokenStore   string `json:"tokenStore"`
	TokenFromEnv bool   `json:"tokenFromEnv"`
}

// legacyTokenSetting is where Paperboy kept a token before the keyring;
// it is moved to the token store and deleted.
const legacyTokenSetting = "hfToken"

// Settings describes the data directory and the cache.
func (s *Service) Settings(ctx context.Context) (SettingsInfo, error) {
	st, err := s.store.Stats()
	if err != nil {
		return SettingsInfo{}, err
	}
	info := SettingsInfo{DataDir: s.dataDir, CacheBytes: st.LSMBytes + st.VlogBytes, Papers: st.Papers, Days: st.Days,
		Version: s.version, SyncInterval: s.SyncInterval(), HasToken: s.hf.HasToken(), TokenFromEnv: s.envToken}
	if _, loc, err := s.tokens.Token(); err == nil {
		info.TokenStore = loc.String()
	}
	return info, nil
}

// setSetting checks a user setting against its rule and stores it.
func (s *Service) setSetting(key string, v any) error {
	if err := s.checkSetting(key, v); err != nil {
		return err
	}
	raw, _ := json.Marshal(v)
	return s.store.PutSetting(key, json.RawMessage(raw))
}

// checkSetting checks v against key's rule.
func (s *Service) checkSetting(key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return paper.Errorf(paper.EINVALID, "%s can't be %v", key, v)
	}
	return config.ValidateSetting(key, raw)
}

// setting reads a user setting into dst, or its default.
func (s *Service) setting(key string, dst any) {
	ok, err := s.store.Setting(key, dst)
	if err != nil {
		s.log.Warn("read setting", "key", key, "err", err)
	}
	if err == nil && ok {
		raw, _ := json.Marshal(dst)
		if config.ValidateSetting(key, raw) == nil {
			return
		}
		s.log.Warn("a stored setting is out of range; using its default", "key", key, "value", string(raw))
	}
	def, _ := config.Default(key)
	_ = json.Unmarshal(def, dst)
}

// SetSyncInterval sets the minutes between automatic syncs (0 = off). It
// takes effect at the next poll of Run.
func (s *Service) SetSyncInterval(ctx context.Context, minutes int) error {
	return s.setSetting(config.SyncInterval, minutes)
}

// SyncInterval is the minutes between automatic syncs; 0 = off.
func (s *Service) SyncInterval() int {
	var n int
	s.setting(config.SyncInterval, &n)
	return n
}

// SetToken stores a Hugging Face token ("" clears it) in the system keyring
// (or a private file) and uses it from the next request on. HF_TOKEN in the
// environment, when set, still wins.
func (s *Service) SetToken(ctx context.Context, token string) error {
	token = strings.TrimSpace(token)
	if len(token) > 400 || strings.ContainsAny(token, " \t\r\n") || strings.ContainsFunc(token, unicode.IsControl) {
		return paper.Errorf(paper.EINVALID, "that does not look like a Hugging Face token")
	}
	if _, err := s.tokens.SetToken(token); err != nil {
		return err
	}
	if !s.envToken {
		s.hf.SetToken(token)
	}
	return nil
}

// loadToken uses the token kept in the keyring or file, unless HF_TOKEN gave
// one, and moves a token an older Paperboy kept in the settings into the
// keyring. A keyring can be slow (locked): Open runs the keyring calls in
// the background, and only a migration's last step touches the store.
func (s *Service) loadToken() {
	var legacy string
	if ok, err := s.store.Setting(legacyTokenSetting, &legacy); err == nil && ok && legacy != "" {
		if !s.envToken {
			s.hf.SetToken(legacy)
		}
		s.background.Go(func() {
			if _, err := s.tokens.SetToken(legacy); err != nil {
				s.log.Warn("move the token out of the settings", "err", err)
				return
			}
			if err := s.store.PutSetting(legacyTokenSetting, ""); err != nil {
				s.log.Warn("clear the old token setting", "err", err)
			}
		})
		return
	}
	if s.envToken {
		return
	}
	go func() {
		tok, loc, err := s.tokens.Token()
		if err != nil {
			s.log.Warn("read the Hugging Face token", "err", err)
			return
		}
		if tok != "" {
			s.log.Debug("using the stored Hugging Face token", "where", loc.String())
			s.hf.SetToken(tok)
		}
	}()
}

// ClearCache drops every cached paper; the user's own data stays.
func (s *Service) ClearCache(ctx context.Context) error {
	if err := s.store.ClearCache(); err != nil {
		return err
	}
	s.index.Rebuild(nil)
	s.index.ClearBodies()
	s.ft.texts.clear()
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
	Theme     string `json:"theme" ts:"'system' | 'light' | 'dark'"`
	Density   string `json:"density" ts:"'compact' | 'cards'"`
	Layout    string `json:"layout" ts:"'auto' | 'two-pane' | 'single'"`
	Sort      string `json:"sort" ts:"'upvotes' | 'published'"` // the day's order
	LastView  string `json:"lastView"`                          // an app address, "#/…"
	TopPerDay int    `json:"topPerDay"`                         // week and month views: papers per day, 0 = all
}

// uiKeys are the settings UIState holds, by their JSON names.
var uiKeys = []string{config.Theme, config.Density, config.Layout, config.LastView, config.TopPerDay, config.Sort}

// UI returns the window's stored look and place.
func (s *Service) UI(ctx context.Context) (UIState, error) {
	var st UIState
	for key, dst := range map[string]any{config.Theme: &st.Theme, config.Density: &st.Density, config.Layout: &st.Layout,
		config.LastView: &st.LastView, config.TopPerDay: &st.TopPerDay, config.Sort: &st.Sort} {
		s.setting(key, dst)
	}
	return st, nil
}

// SetUI stores one UIState field (key is its JSON name), after checking it.
func (s *Service) SetUI(ctx context.Context, key string, value any) error {
	if !slices.Contains(uiKeys, key) {
		return paper.Errorf(paper.EINVALID, "there is no UI setting %q", termtext.Line(key))
	}
	return s.setSetting(key, value)
}

// Theme is the stored theme: system, light or dark.
func (s *Service) Theme() string {
	var theme string
	s.setting(config.Theme, &theme)
	return theme
}
