package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/termtext"
)

// Setting is one user setting: its key (as stored and exported), its default
// (JSON) and the rule its values follow, in a user's words.
type Setting struct {
	Key     string
	Default json.RawMessage
	Rule    string // "a whole number of minutes from 0 (off) to 10080 (7 days)"
	check   func(json.RawMessage) bool
}

// Setting keys.
const (
	SyncInterval     = "syncInterval"     // minutes between automatic syncs, 0 = off
	Theme            = "theme"            // system | light | dark
	Density          = "density"          // compact | cards
	Layout           = "layout"           // auto | two-pane | single
	LastView         = "lastView"         // the route last shown, "#/…", or ""
	FullTextBudgetMB = "fullTextBudgetMB" // disk the cached full texts may take
	Hotkey           = "hotkey"           // the system-wide key that raises the window
	HotkeyEnabled    = "hotkeyEnabled"
	StartAtLogin     = "startAtLogin"
	TopPerDay        = "topPerDay" // papers per day in week and month views, 0 = all
	Sort             = "sort"      // upvotes | published: the order of a day's papers
	// Which papers' full texts are fetched by themselves (more on demand):
	FullTextSaved      = "fullTextSaved"      // saved papers
	FullTextTopics     = "fullTextTopics"     // papers matching these watched topics (their ids)
	FullTextMinUpvotes = "fullTextMinUpvotes" // papers with more upvotes than this; 0 = off
)

// MaxFullTextTopics is how many topics the full-text rule may name.
const MaxFullTextTopics = 100

// MaxSyncInterval is the longest sync interval, in minutes (7 days).
const MaxSyncInterval = 7 * 24 * 60

// registry holds every user setting, by key. A key not here is not a setting.
var registry = map[string]Setting{
	SyncInterval: intSetting(SyncInterval, 30, 0, MaxSyncInterval, "a whole number of minutes from 0 (off) to 10080 (7 days)"),
	Theme:        oneOf(Theme, "system", "light", "dark"),
	Density:      oneOf(Density, "compact", "cards"),
	Layout:       oneOf(Layout, "auto", "two-pane", "single"),
	LastView: {Key: LastView, Default: json.RawMessage(`""`),
		Rule: `"" or a view's address starting with "#/", at most 200 characters`, check: isView},
	FullTextBudgetMB: intSetting(FullTextBudgetMB, 500, 50, 10000, "a whole number of megabytes from 50 to 10000"),
	Hotkey: {Key: Hotkey, Default: json.RawMessage(`"Ctrl+Alt+P"`),
		Rule: `a key with modifiers, such as "Ctrl+Alt+P" or "Super+F2", at most 40 characters`, check: isHotkey},
	HotkeyEnabled: boolSetting(HotkeyEnabled, false),
	StartAtLogin:  boolSetting(StartAtLogin, false),
	TopPerDay:     intSetting(TopPerDay, 0, 0, 100, "a whole number from 0 (all papers) to 100"),
	Sort:          oneOf(Sort, "upvotes", "published"),
	FullTextSaved: boolSetting(FullTextSaved, true),
	FullTextTopics: {Key: FullTextTopics, Default: json.RawMessage(`[]`),
		Rule: "a list of at most 100 topic ids (lowercase letters, digits and -, at most 40 each)", check: isTopicIDs},
	FullTextMinUpvotes: intSetting(FullTextMinUpvotes, 0, 0, 100000, "a whole number of upvotes from 0 (off) to 100000"),
}

// Settings returns every user setting, sorted by key.
func Settings() []Setting {
	all := make([]Setting, 0, len(registry))
	for _, s := range registry {
		s.Default = slices.Clone(s.Default)
		all = append(all, s)
	}
	slices.SortFunc(all, func(a, b Setting) int { return strings.Compare(a.Key, b.Key) })
	return all
}

// Lookup returns the setting key, and whether there is one.
func Lookup(key string) (Setting, bool) {
	s, ok := registry[key]
	s.Default = slices.Clone(s.Default)
	return s, ok
}

// Default returns the default value of the setting key, as JSON, and
// whether key is a setting.
func Default(key string) (json.RawMessage, bool) {
	s, ok := Lookup(key)
	return s.Default, ok
}

// ValidateSetting checks raw (one JSON value) as a value of the setting key.
// An unknown key or a value out of its range is an EINVALID error whose
// message names the rule: `syncInterval must be a whole number of minutes
// from 0 (off) to 10080 (7 days); got 153722868`.
func ValidateSetting(key string, raw json.RawMessage) error {
	s, ok := registry[key]
	if !ok {
		return paper.Errorf(paper.EINVALID, "%q is not a Paperboy setting", termtext.Line(clipText(key)))
	}
	raw = bytes.TrimSpace(raw)
	if !json.Valid(raw) || !s.check(raw) {
		return paper.Errorf(paper.EINVALID, "%s must be %s; got %s", key, s.Rule, termtext.Line(clipText(string(raw))))
	}
	return nil
}

func clipText(s string) string {
	if len(s) <= 60 {
		return s
	}
	cut := 60
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func intSetting(key string, def, lo, hi int, rule string) Setting {
	return Setting{Key: key, Default: json.RawMessage(strconv.Itoa(def)), Rule: rule, check: func(raw json.RawMessage) bool {
		// Digits only: no fraction, no exponent, no string, and ParseInt
		// refuses what would overflow before the range is checked.
		n, err := strconv.ParseInt(string(raw), 10, 64)
		return err == nil && n >= int64(lo) && n <= int64(hi)
	}}
}

func boolSetting(key string, def bool) Setting {
	return Setting{Key: key, Default: json.RawMessage(strconv.FormatBool(def)), Rule: "true or false", check: func(raw json.RawMessage) bool {
		return string(raw) == "true" || string(raw) == "false"
	}}
}

// oneOf is a setting whose value is one of values; the first is the default.
func oneOf(key string, values ...string) Setting {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = strconv.Quote(v)
	}
	return Setting{Key: key, Default: json.RawMessage(quoted[0]), Rule: "one of " + strings.Join(quoted, ", "),
		check: func(raw json.RawMessage) bool {
			s, ok := jsonString(raw)
			return ok && slices.Contains(values, s)
		}}
}

func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

func isView(raw json.RawMessage) bool {
	s, ok := jsonString(raw)
	if !ok || utf8.RuneCountInString(s) > 200 || !utf8.ValidString(s) {
		return false
	}
	if strings.ContainsFunc(s, termtext.Unsafe) {
		return false
	}
	return s == "" || strings.HasPrefix(s, "#/")
}

func isTopicIDs(raw json.RawMessage) bool {
	var ids []string
	if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &ids) != nil || len(ids) > MaxFullTextTopics {
		return false
	}
	for _, id := range ids {
		if id == "" || len(id) > 40 || strings.TrimFunc(id, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' }) != "" {
			return false
		}
	}
	return true
}

// Hotkey syntax: modifiers and one key joined by "+", e.g. "Ctrl+Alt+P",
// case-insensitive. At least one modifier other than Shift, so that the key
// cannot take over plain typing.
var (
	modifiers = map[string]string{ // name → the modifier it is
		"ctrl": "ctrl", "control": "ctrl", "alt": "alt", "option": "alt", "optionoralt": "alt",
		"shift": "shift", "super": "super", "meta": "super", "win": "super", "cmd": "cmd", "command": "cmd",
		"cmdorctrl": "cmdorctrl", "commandorcontrol": "cmdorctrl",
	}
	namedKeys = []string{"space", "tab", "enter", "return", "escape", "esc", "backspace", "delete", "insert",
		"home", "end", "pageup", "pagedown", "up", "down", "left", "right", "plus", "minus"}
)

func isHotkey(raw json.RawMessage) bool {
	s, ok := jsonString(raw)
	if !ok || len(s) > 40 {
		return false
	}
	parts := strings.Split(s, "+")
	if len(parts) < 2 {
		return false
	}
	seen := map[string]bool{}
	for _, p := range parts[:len(parts)-1] {
		m, ok := modifiers[strings.ToLower(strings.TrimSpace(p))]
		if !ok || seen[m] {
			return false
		}
		seen[m] = true
	}
	if len(seen) == 1 && seen["shift"] {
		return false
	}
	return isKey(strings.ToLower(strings.TrimSpace(parts[len(parts)-1])))
}

func isKey(k string) bool {
	switch {
	case len(k) == 1:
		c := k[0]
		return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte(",./;'[]\\-=`", c) >= 0
	case len(k) >= 2 && len(k) <= 3 && k[0] == 'f':
		n, err := strconv.Atoi(k[1:])
		return err == nil && n >= 1 && n <= 24 && k[1] != '0'
	}
	return slices.Contains(namedKeys, k)
}

// String is s in one line, for help text.
func (s Setting) String() string { return fmt.Sprintf("%s: %s (default %s)", s.Key, s.Rule, s.Default) }
