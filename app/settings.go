package app

import "github.com/paperboy-reader/paperboy/internal/paperboy"

// Settings shows where data lives, manages the cache, and keeps the UI's
// own state.
type Settings struct{ svc *paperboy.Service }

// Info describes the data directory and the cache.
func (s *Settings) Info() (paperboy.SettingsInfo, error) { return s.svc.Settings(bg()) }

// SetSyncInterval sets the minutes between automatic syncs (0 = off).
func (s *Settings) SetSyncInterval(minutes int) error { return s.svc.SetSyncInterval(bg(), minutes) }

// SetToken stores a Hugging Face token ("" clears it).
func (s *Settings) SetToken(token string) error { return s.svc.SetToken(bg(), token) }

// ClearCache drops every cached paper; saved and read state stay.
func (s *Settings) ClearCache() error { return s.svc.ClearCache(bg()) }

// UI returns the UI's stored look and place.
func (s *Settings) UI() (paperboy.UIState, error) { return s.svc.UI(bg()) }

// SetUI stores one UI setting (key: theme, density, layout, lastView, topPerDay).
func (s *Settings) SetUI(key string, value any) error { return s.svc.SetUI(bg(), key, value) }

// Log records a line from the frontend in the app's log.
func (s *Settings) Log(msg string) error {
	s.svc.FrontendLog(msg)
	return nil
}

// Hotkey returns the system-wide search key's settings and state.
func (s *Settings) Hotkey() (paperboy.HotkeyState, error) { return s.svc.Hotkey(bg()) }

// SetHotkey makes accel ("Ctrl+Alt+P") the system-wide key, or turns it off.
func (s *Settings) SetHotkey(accel string, enabled bool) (paperboy.HotkeyState, error) {
	return s.svc.SetHotkey(bg(), accel, enabled)
}

// SetStartAtLogin starts Paperboy hidden at login, or stops doing so.
func (s *Settings) SetStartAtLogin(on bool) (paperboy.HotkeyState, error) {
	return s.svc.SetStartAtLogin(bg(), on)
}

// DismissSearch gives the focus back after the system-wide key summoned the window.
func (s *Settings) DismissSearch() error {
	s.svc.DismissSearch(bg())
	return nil
}

// Notices returns what the user must know about the data directory (damage
// repaired, a read-only disk), oldest first.
func (s *Settings) Notices() ([]paperboy.Notice, error) { return s.svc.Notices(bg()), nil }
