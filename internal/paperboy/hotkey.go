package paperboy

import (
	"context"
	"os"
	"path/filepath"

	"github.com/paperboy-reader/paperboy/internal/autostart"
	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// GlobalKey is the system-wide search key as the window registers it.
type GlobalKey interface {
	// Apply makes accel the key, or releases the key when enabled is
	// false. On an error the previous key still holds.
	Apply(accel string, enabled bool) error
	// Backend names how keys are registered here: x11, portal, windows or
	// unsupported.
	Backend() string
	// Dismiss gives the focus back to where it was before the key summoned
	// the window (the key pressed again while the palette is open).
	Dismiss()
}

// HotkeyState is what Settings shows of the system-wide key and of starting
// at login.
type HotkeyState struct {
	Accelerator string `json:"accelerator"` // "Ctrl+Alt+P"
	Enabled     bool   `json:"enabled"`
	// Backend is x11, portal, windows or unsupported; "" in the browser
	// mode, which has no system-wide key.
	Backend string `json:"backend" ts:"'x11' | 'portal' | 'windows' | 'unsupported' | ''"`
	// Status says in plain words whether the key works, and if not why.
	Status string           `json:"status"`
	Error  *paper.ErrorInfo `json:"error"` // the last registration failure
	// StartAtLogin: Paperboy starts hidden at login, so the key is always there.
	StartAtLogin          bool `json:"startAtLogin"`
	StartAtLoginSupported bool `json:"startAtLoginSupported"`
}

// Hotkey returns the system-wide key's settings and state.
func (s *Service) Hotkey(ctx context.Context) (HotkeyState, error) {
	st := HotkeyState{StartAtLoginSupported: autostart.Supported()}
	s.setting(config.Hotkey, &st.Accelerator)
	s.setting(config.HotkeyEnabled, &st.Enabled)
	if st.StartAtLoginSupported {
		on, err := autostart.Enabled()
		if err != nil {
			s.log.Warn("read start at login", "err", err)
		}
		st.StartAtLogin = on
	}
	s.mu.Lock()
	st.Error = s.hotkeyErr
	s.mu.Unlock()
	switch {
	case s.globalKey == nil:
		st.Status = "The system-wide key works in the desktop app; in the browser use the app's own Ctrl+K."
	case s.globalKey.Backend() == "unsupported":
		st.Backend = "unsupported"
		st.Status = `This desktop lets no application register a system-wide key. Bind the command paperboy --search "" to a key in your desktop's keyboard settings instead.`
	case st.Error != nil:
		st.Backend = s.globalKey.Backend()
		st.Status = st.Error.Message
	case !st.Enabled:
		st.Backend = s.globalKey.Backend()
		st.Status = "Off."
	default:
		st.Backend = s.globalKey.Backend()
		st.Status = st.Accelerator + " opens Paperboy's search from any application."
	}
	return st, nil
}

// SetHotkey makes accel the system-wide key (enabled) or turns the key off,
// at once. When the key can't be registered (another application holds it),
// the error says so, and the previous key stays in force and stored.
func (s *Service) SetHotkey(ctx context.Context, accel string, enabled bool) (HotkeyState, error) {
	if err := s.checkSetting(config.Hotkey, accel); err != nil {
		return HotkeyState{}, err
	}
	if s.globalKey != nil {
		if err := s.globalKey.Apply(accel, enabled); err != nil {
			info := paper.Info(err)
			s.mu.Lock()
			s.hotkeyErr = &info
			s.mu.Unlock()
			st, _ := s.Hotkey(ctx)
			return st, err
		}
	}
	s.mu.Lock()
	s.hotkeyErr = nil
	s.mu.Unlock()
	if err := s.setSetting(config.Hotkey, accel); err != nil {
		return HotkeyState{}, err
	}
	if err := s.setSetting(config.HotkeyEnabled, enabled); err != nil {
		return HotkeyState{}, err
	}
	return s.Hotkey(ctx)
}

// ApplyHotkey registers the stored key, if it is on: the window calls it
// once at start (a desktop portal may ask the user first, so not on the
// start-up path). A failure shows in Hotkey's state.
func (s *Service) ApplyHotkey() {
	if s.globalKey == nil {
		return
	}
	var accel string
	var enabled bool
	s.setting(config.Hotkey, &accel)
	s.setting(config.HotkeyEnabled, &enabled)
	if !enabled {
		return
	}
	if err := s.globalKey.Apply(accel, true); err != nil {
		info := paper.Info(err)
		s.mu.Lock()
		s.hotkeyErr = &info
		s.mu.Unlock()
		s.log.Warn("system-wide key", "key", accel, "err", err)
	}
}

// DismissSearch gives the focus back after the system-wide key summoned the
// window (the palette was closed by the key).
func (s *Service) DismissSearch(ctx context.Context) {
	if s.globalKey != nil {
		s.globalKey.Dismiss()
	}
}

// SetStartAtLogin starts Paperboy hidden at login (on), so that the
// system-wide key is always there, or stops doing so.
func (s *Service) SetStartAtLogin(ctx context.Context, on bool) (HotkeyState, error) {
	if !autostart.Supported() {
		return HotkeyState{}, paper.Errorf(paper.EUNSUPPORTED, "starting at login is not supported on this system yet")
	}
	var err error
	if on {
		exe, xerr := os.Executable()
		if xerr == nil {
			exe, xerr = filepath.EvalSymlinks(exe)
		}
		if xerr != nil {
			return HotkeyState{}, paper.Wrap(paper.EINTERNAL, xerr, "can't tell where Paperboy is installed: %v", xerr)
		}
		err = autostart.Enable([]string{exe, "--hidden", "--data-dir", s.dataDir})
	} else {
		err = autostart.Disable()
	}
	if err != nil {
		return HotkeyState{}, paper.Wrap(paper.EINTERNAL, err, "can't change starting at login: %v", err)
	}
	if err := s.setSetting(config.StartAtLogin, on); err != nil {
		return HotkeyState{}, err
	}
	return s.Hotkey(ctx)
}
