package app

import "strconv"

// Settings shows where data lives and manages the cache.
type Settings struct{ b *Backend }

// SettingsInfo is what the settings view shows.
type SettingsInfo struct {
	DataDir    string `json:"dataDir"`
	CacheBytes int64  `json:"cacheBytes"`
	Papers     int    `json:"papers"`
	Days       int    `json:"days"`
	Version    string `json:"version"`
}

// Info describes the data directory and the cache.
func (s *Settings) Info() (SettingsInfo, error) {
	st, err := s.b.Store.Stats()
	if err != nil {
		return SettingsInfo{}, s.b.fail("settings", err)
	}
	return SettingsInfo{DataDir: s.b.Store.Dir(), CacheBytes: st.LSMBytes + st.VlogBytes, Papers: st.Papers, Days: st.Days, Version: s.b.Version}, nil
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

func itoa(n int) string { return strconv.Itoa(n) }

// Log records a line from the frontend (e.g. its first render, for the
// launch-to-cards benchmark) in the app's log.
func (s *Settings) Log(msg string) error {
	s.b.log().Info("frontend", "msg", truncateRunes(msg, 500))
	return nil
}
