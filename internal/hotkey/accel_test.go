package hotkey

import (
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, in, want string
		mods           Modifiers
	}{
		{"default", "Ctrl+Alt+P", "Ctrl+Alt+P", Ctrl | Alt},
		{"any case and order", "shift+super+k", "Shift+Super+K", Shift | Super},
		{"spaces around parts", " Ctrl + Alt + p ", "Ctrl+Alt+P", Ctrl | Alt},
		{"browser names", "Meta+KeyP", "Super+P", Super},
		{"control and win", "Control+Win+Digit1", "Ctrl+Super+1", Ctrl | Super},
		{"function key", "Alt+f12", "Alt+F12", Alt},
		{"F24", "Ctrl+F24", "Ctrl+F24", Ctrl},
		{"Return is Enter", "Ctrl+Return", "Ctrl+Enter", Ctrl},
		{"arrow", "Super+ArrowUp", "Super+Up", Super},
		{"punctuation by name", "Ctrl+Alt+Slash", "Ctrl+Alt+Slash", Ctrl | Alt},
		{"punctuation by character", "Ctrl+/", "Ctrl+Slash", Ctrl},
		{"all four", "Super+Shift+Alt+Ctrl+Space", "Ctrl+Alt+Shift+Super+Space", Ctrl | Alt | Shift | Super},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := a.String(); got != tt.want {
				t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
			}
			if a.Mods != tt.mods {
				t.Errorf("Parse(%q).Mods = %b, want %b", tt.in, a.Mods, tt.mods)
			}
			// What String writes, Parse reads back to the same accelerator.
			again, err := Parse(a.String())
			if err != nil || again != a {
				t.Errorf("Parse(%q) = %v, %v; want %v", a.String(), again, err, a)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, in, wantMsg string
	}{
		{"empty", "  ", "no key combination given"},
		{"trailing plus", "Ctrl+", "has an empty part"},
		{"double plus", "Ctrl++P", "has an empty part"},
		{"unknown key", "Ctrl+Hyper+P", `"Hyper" is not a key`},
		{"modifier twice", "Ctrl+Control+P", "names Ctrl twice"},
		{"two keys", "Ctrl+P+K", "has two keys (P and K)"},
		{"no key", "Ctrl+Alt", `has no key: add one after the modifiers, such as Ctrl+Alt+P`},
		{"bare key", "P", "needs Ctrl, Alt or Super"},
		{"shift only", "Shift+P", "needs Ctrl, Alt or Super"},
		{"F25", "Ctrl+F25", `"F25" is not a key`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want an error", tt.in)
			}
			if code := paper.ErrorCode(err); code != paper.EINVALID {
				t.Errorf("Parse(%q) error code = %q, want %q", tt.in, code, paper.EINVALID)
			}
			if msg := paper.ErrorMessage(err); !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("Parse(%q) message = %q, want it to contain %q", tt.in, msg, tt.wantMsg)
			}
		})
	}
}

func TestPortalTrigger(t *testing.T) {
	tests := map[string]string{
		"Ctrl+Alt+P":         "CTRL+ALT+p",
		"Super+Shift+K":      "SHIFT+LOGO+k",
		"Ctrl+PageDown":      "CTRL+Page_Down",
		"Alt+F5":             "ALT+F5",
		"Ctrl+Alt+Backslash": "CTRL+ALT+backslash",
	}
	for in, want := range tests {
		a, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.portalTrigger(); got != want {
			t.Errorf("%s: trigger %q, want %q", in, got, want)
		}
	}
}

// Every key has a name, a keysym, a virtual-key code and an xkb name, and its name parses back.
func TestKeyTableIsComplete(t *testing.T) {
	for spelling, k := range keys {
		if k.Name == "" || k.Keysym == 0 || k.VK == 0 || k.XKB == "" {
			t.Errorf("key %q is incomplete: %+v", spelling, k)
		}
		if got := keys[strings.ToLower(k.Name)]; got != k {
			t.Errorf("key %q: its name %q parses to %+v", spelling, k.Name, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"Ctrl+Alt+P", "super+shift+k", "Ctrl++", "+", "Meta+KeyP", "Alt+F12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			if paper.ErrorCode(err) != paper.EINVALID {
				t.Fatalf("Parse(%q): error without code EINVALID: %v", s, err)
			}
			return
		}
		again, err := Parse(a.String())
		if err != nil || again != a {
			t.Fatalf("Parse(%q) = %v, but Parse(%q) = %v, %v", s, a, a.String(), again, err)
		}
	})
}
