package paperboy

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/hotkey"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// fakeKey is a GlobalKey whose desktop refuses the keys in taken.
type fakeKey struct {
	mu        sync.Mutex
	taken     []string
	held      string // the key in force, "" for none
	dismissed int
}

func (k *fakeKey) Apply(accel string, enabled bool) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if !enabled {
		k.held = ""
		return nil
	}
	if slices.Contains(k.taken, accel) {
		return hotkey.ErrTaken
	}
	k.held = accel
	return nil
}

func (k *fakeKey) Backend() string { return "x11" }
func (k *fakeKey) Dismiss()        { k.mu.Lock(); k.dismissed++; k.mu.Unlock() }

func TestHotkeySettings(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		t.Setenv("XDG_CONFIG_HOME", t.TempDir())
		h := newHarness(t)
		key := &fakeKey{taken: []string{"Ctrl+Alt+T"}}
		h.key = key
		s := h.reopen()
		ctx := t.Context()
		st, err := s.Hotkey(ctx)
		if err != nil || st.Accelerator != "Ctrl+Alt+P" || st.Enabled || st.Backend != "x11" || st.StartAtLogin || !st.StartAtLoginSupported {
			t.Fatalf("defaults: %+v, %v", st, err)
		}
		if st, err = s.SetHotkey(ctx, "Ctrl+Alt+K", true); err != nil || key.held != "Ctrl+Alt+K" || !strings.Contains(st.Status, "Ctrl+Alt+K opens") {
			t.Fatalf("set: %+v, %v (held %q)", st, err, key.held)
		}
		// taken by another application: said so, and the old key stays
		st, err = s.SetHotkey(ctx, "Ctrl+Alt+T", true)
		if paper.ErrorCode(err) != paper.ETAKEN || st.Error == nil || !strings.Contains(st.Status, "taken by another application") ||
			st.Accelerator != "Ctrl+Alt+K" || key.held != "Ctrl+Alt+K" {
			t.Errorf("a taken key: %+v, %v (held %q)", st, err, key.held)
		}
		if _, err := s.SetHotkey(ctx, "Banana", true); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("a malformed key: %v", err)
		}
		if st, err = s.SetHotkey(ctx, "Ctrl+Alt+K", false); err != nil || key.held != "" || st.Enabled || st.Error != nil {
			t.Errorf("off: %+v, %v", st, err)
		}
		// the stored key is registered again at the next start
		if _, err := s.SetHotkey(ctx, "Super+F2", true); err != nil {
			t.Fatal(err)
		}
		key.held = ""
		s = h.reopen()
		s.ApplyHotkey()
		if key.held != "Super+F2" {
			t.Errorf("after a restart the key is %q", key.held)
		}
		s.DismissSearch(ctx)
		if key.dismissed != 1 {
			t.Error("DismissSearch did not reach the window")
		}
		if st, err = s.SetStartAtLogin(ctx, true); err != nil || !st.StartAtLogin {
			t.Errorf("start at login: %+v, %v", st, err)
		}
		if st, err = s.SetStartAtLogin(ctx, false); err != nil || st.StartAtLogin {
			t.Errorf("no start at login: %+v, %v", st, err)
		}
	})
}
