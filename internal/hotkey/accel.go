package hotkey

import (
	"fmt"
	"strings"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Modifiers is a set of modifier keys.
type Modifiers uint8

// The modifier keys an accelerator may hold. Super is the Windows / logo key.
const (
	Ctrl Modifiers = 1 << iota
	Alt
	Shift
	Super
)

// modifierNames lists the modifiers in the order String writes them.
var modifierNames = []struct {
	mod  Modifiers
	name string
}{{Ctrl, "Ctrl"}, {Alt, "Alt"}, {Shift, "Shift"}, {Super, "Super"}}

// modifierAliases maps every spelling Parse accepts (lower case) to a modifier.
// "Meta", "Win", "Cmd" and "Logo" are what browsers, Windows and macOS call Super.
var modifierAliases = map[string]Modifiers{
	"ctrl": Ctrl, "control": Ctrl,
	"alt": Alt, "option": Alt,
	"shift": Shift,
	"super": Super, "meta": Super, "win": Super, "cmd": Super, "command": Super, "logo": Super,
}

// Accelerator is a parsed key combination: modifiers and one key.
type Accelerator struct {
	Mods Modifiers
	Key  Key
}

// String formats a as Parse reads it, in a fixed order: "Ctrl+Alt+Shift+Super+Key".
func (a Accelerator) String() string {
	var b strings.Builder
	for _, m := range modifierNames {
		if a.Mods&m.mod != 0 {
			b.WriteString(m.name)
			b.WriteByte('+')
		}
	}
	b.WriteString(a.Key.Name)
	return b.String()
}

// Key is a key an accelerator can end with, with its name on each platform.
type Key struct {
	Name   string // as Paperboy writes it: "P", "F5", "Space"
	Keysym uint32 // X11 keysym
	VK     uint16 // Windows virtual-key code
	XKB    string // xkbcommon keysym name, for the portal's trigger ("p", "F5", "space")
}

// keys maps every spelling Parse accepts (lower case) to a key; see buildKeys.
var keys = buildKeys()

func buildKeys() map[string]Key {
	m := map[string]Key{}
	add := func(k Key, aliases ...string) {
		m[strings.ToLower(k.Name)] = k
		for _, a := range aliases {
			m[strings.ToLower(a)] = k
		}
	}
	for c := 'A'; c <= 'Z'; c++ {
		lower := string(c + 'a' - 'A')
		// "KeyP" is the browser's KeyboardEvent.code for P.
		add(Key{Name: string(c), Keysym: uint32(c + 'a' - 'A'), VK: uint16(c), XKB: lower}, "Key"+string(c))
	}
	for c := '0'; c <= '9'; c++ {
		add(Key{Name: string(c), Keysym: uint32(c), VK: uint16(c), XKB: string(c)}, "Digit"+string(c))
	}
	for n := 1; n <= 24; n++ {
		name := fmt.Sprintf("F%d", n)
		add(Key{Name: name, Keysym: 0xffbe + uint32(n-1), VK: 0x70 + uint16(n-1), XKB: name})
	}
	add(Key{"Space", 0x0020, 0x20, "space"})
	add(Key{"Enter", 0xff0d, 0x0d, "Return"}, "Return")
	add(Key{"Tab", 0xff09, 0x09, "Tab"})
	add(Key{"Escape", 0xff1b, 0x1b, "Escape"}, "Esc")
	add(Key{"Backspace", 0xff08, 0x08, "BackSpace"})
	add(Key{"Delete", 0xffff, 0x2e, "Delete"}, "Del")
	add(Key{"Insert", 0xff63, 0x2d, "Insert"}, "Ins")
	add(Key{"Home", 0xff50, 0x24, "Home"})
	add(Key{"End", 0xff57, 0x23, "End"})
	add(Key{"PageUp", 0xff55, 0x21, "Page_Up"}, "PgUp", "Prior")
	add(Key{"PageDown", 0xff56, 0x22, "Page_Down"}, "PgDn", "Next")
	add(Key{"Left", 0xff51, 0x25, "Left"}, "ArrowLeft")
	add(Key{"Up", 0xff52, 0x26, "Up"}, "ArrowUp")
	add(Key{"Right", 0xff53, 0x27, "Right"}, "ArrowRight")
	add(Key{"Down", 0xff54, 0x28, "Down"}, "ArrowDown")
	add(Key{"Minus", 0x002d, 0xbd, "minus"}, "-")
	add(Key{"Equal", 0x003d, 0xbb, "equal"}, "=")
	add(Key{"Comma", 0x002c, 0xbc, "comma"}, ",")
	add(Key{"Period", 0x002e, 0xbe, "period"}, ".")
	add(Key{"Slash", 0x002f, 0xbf, "slash"}, "/")
	add(Key{"Semicolon", 0x003b, 0xba, "semicolon"}, ";")
	add(Key{"Quote", 0x0027, 0xde, "apostrophe"}, "'", "Apostrophe")
	add(Key{"Backquote", 0x0060, 0xc0, "grave"}, "`", "Grave")
	add(Key{"BracketLeft", 0x005b, 0xdb, "bracketleft"}, "[")
	add(Key{"BracketRight", 0x005d, 0xdd, "bracketright"}, "]")
	add(Key{"Backslash", 0x005c, 0xdc, "backslash"}, "\\")
	return m
}

// Parse reads an accelerator such as "Ctrl+Alt+P" or "super+shift+k": modifiers and one key
// joined by "+", in any order and any case. It accepts the browser's KeyboardEvent.code names
// too ("KeyP", "Digit1", "ArrowUp", "Meta"), so Settings can pass what it recorded. At least one
// of Ctrl, Alt or Super is required: a bare key or Shift+key would swallow ordinary typing.
// Errors are *paper.Error with code EINVALID and a message for the user.
func Parse(s string) (Accelerator, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return Accelerator{}, invalid("no key combination given: press one such as Ctrl+Alt+P")
	}
	var a Accelerator
	var keyName string
	for part := range strings.SplitSeq(text, "+") {
		part = strings.TrimSpace(part)
		if part == "" {
			return Accelerator{}, invalid("%q has an empty part: write keys joined by +, such as Ctrl+Alt+P", text)
		}
		lower := strings.ToLower(part)
		if m, ok := modifierAliases[lower]; ok {
			if a.Mods&m != 0 {
				return Accelerator{}, invalid("%q names %s twice", text, modifierName(m))
			}
			a.Mods |= m
			continue
		}
		k, ok := keys[lower]
		if !ok {
			return Accelerator{}, invalid("%q: %q is not a key Paperboy can register; use a letter, a digit, F1–F24, "+
				"Space, Enter, Tab, Escape, an arrow, Home/End/PageUp/PageDown, Insert/Delete or punctuation", text, part)
		}
		if keyName != "" {
			return Accelerator{}, invalid("%q has two keys (%s and %s): a shortcut is modifiers and one key", text, keyName, k.Name)
		}
		a.Key, keyName = k, k.Name
	}
	if keyName == "" {
		return Accelerator{}, invalid("%q has no key: add one after the modifiers, such as %sP", text, a.String())
	}
	if a.Mods&(Ctrl|Alt|Super) == 0 {
		return Accelerator{}, invalid("%q needs Ctrl, Alt or Super: without one it would swallow ordinary typing", text)
	}
	return a, nil
}

func modifierName(m Modifiers) string {
	for _, n := range modifierNames {
		if n.mod == m {
			return n.name
		}
	}
	return "a modifier"
}

// portalTrigger formats a as the XDG shortcuts specification writes a trigger ("CTRL+ALT+p"),
// the preferred trigger Paperboy suggests to the desktop portal.
func (a Accelerator) portalTrigger() string {
	var parts []string
	for _, m := range []struct {
		mod  Modifiers
		name string
	}{{Ctrl, "CTRL"}, {Alt, "ALT"}, {Shift, "SHIFT"}, {Super, "LOGO"}} {
		if a.Mods&m.mod != 0 {
			parts = append(parts, m.name)
		}
	}
	return strings.Join(append(parts, a.Key.XKB), "+")
}

func invalid(format string, args ...any) error {
	return paper.Errorf(paper.EINVALID, format, args...)
}
