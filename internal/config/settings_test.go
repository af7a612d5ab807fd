package config

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestValidateSetting(t *testing.T) {
	tests := []struct {
		key  string
		good []string
		bad  []string
	}{
		{SyncInterval, []string{"0", "30", "10080", " 15 "},
			[]string{"153722868", "-5", "10081", "1.5", "1e3", `"30"`, "null", "true", "99999999999999999999", "", "[30]"}},
		{Theme, []string{`"system"`, `"light"`, `"dark"`}, []string{`"auto"`, `"Dark"`, "1", "null", `""`}},
		{Density, []string{`"compact"`, `"cards"`}, []string{`"comfortable"`, "0"}},
		{Layout, []string{`"auto"`, `"two-pane"`, `"single"`}, []string{`"two pane"`, `["auto"]`}},
		{LastView, []string{`""`, `"#/"`, `"#/day/2026-05-26"`, `"#/search?q=diffusion%20models"`, `"` + "#/" + strings.Repeat("a", 198) + `"`},
			[]string{`"javascript:alert(1)"`, `"https://evil.example/#/"`, `"` + "#/" + strings.Repeat("a", 199) + `"`, `"#/\u001b[2J"`, `"#/\u202e"`, "7"}},
		{FullTextBudgetMB, []string{"50", "500", "10000"}, []string{"49", "10001", "0", "-1", "500.0"}},
		{Hotkey, []string{`"Ctrl+Alt+P"`, `"ctrl+shift+k"`, `"Super+F2"`, `"CmdOrCtrl+Shift+Space"`, `"Alt+,"`, `"Control + Option + PageDown"`},
			[]string{`""`, `"P"`, `"Shift+P"`, `"Ctrl+Ctrl+P"`, `"Ctrl+Control+P"`, `"Ctrl+"`, `"Ctrl+Alt"`, `"Ctrl+F25"`, `"Ctrl+F0"`,
				`"Hyper+P"`, `"Ctrl+PP"`, `"` + strings.Repeat("Ctrl+", 8) + `P"`, "1"}},
		{HotkeyEnabled, []string{"true", "false"}, []string{"1", `"true"`, "null"}},
		{StartAtLogin, []string{"true", "false"}, []string{"0"}},
		{TopPerDay, []string{"0", "10", "100"}, []string{"101", "-1"}},
		{FullTextSaved, []string{"true", "false"}, []string{"1", "null"}},
		{FullTextTopics, []string{`[]`, `["t-1a2b"]`, `["a","b-c"]`, `["` + strings.Repeat("a", 40) + `"]`},
			[]string{`null`, `"t-1"`, `[""]`, `["T-1"]`, `["a b"]`, `["` + strings.Repeat("a", 41) + `"]`, `[1]`, `["a\u0000"]`,
				"[" + strings.Repeat(`"a",`, 100) + `"a"]`}},
		{FullTextMinUpvotes, []string{"0", "50", "100000"}, []string{"-1", "100001", "5.5", `"50"`}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			for _, v := range tt.good {
				if err := ValidateSetting(tt.key, json.RawMessage(v)); err != nil {
					t.Errorf("%s = %s: %v, want it accepted", tt.key, v, err)
				}
			}
			s, _ := Lookup(tt.key)
			for _, v := range tt.bad {
				err := ValidateSetting(tt.key, json.RawMessage(v))
				if paper.ErrorCode(err) != paper.EINVALID {
					t.Errorf("%s = %s: got %v, want an %s error", tt.key, v, err, paper.EINVALID)
					continue
				}
				if msg := paper.ErrorMessage(err); !strings.Contains(msg, tt.key+" must be "+s.Rule) {
					t.Errorf("%s = %s: message %q does not name the rule", tt.key, v, msg)
				}
			}
		})
	}
}

func TestEverySettingHasAValidDefault(t *testing.T) {
	all := Settings()
	if len(all) != 14 {
		t.Errorf("got %d settings, want 14", len(all))
	}
	for _, s := range all {
		def, ok := Default(s.Key)
		if !ok || string(def) != string(s.Default) {
			t.Errorf("Default(%s) = %s, %v; want %s", s.Key, def, ok, s.Default)
		}
		if err := ValidateSetting(s.Key, def); err != nil {
			t.Errorf("the default of %s is invalid: %v", s.Key, err)
		}
	}
	if def, _ := Default(SyncInterval); string(def) != "30" {
		t.Errorf("default sync interval %s, want 30", def)
	}
	// a caller cannot change the registry through what it is given
	def, _ := Default(Theme)
	def[1] = 'X'
	if again, _ := Default(Theme); string(again) != `"system"` {
		t.Errorf("the default changed to %s", again)
	}
}

func TestUnknownSetting(t *testing.T) {
	for _, key := range []string{"hfToken", "nope", "", "\x1b[2J"} {
		err := ValidateSetting(key, json.RawMessage("1"))
		if paper.ErrorCode(err) != paper.EINVALID || !strings.Contains(paper.ErrorMessage(err), "is not a Paperboy setting") {
			t.Errorf("%q: got %v, want an %s error", key, err, paper.EINVALID)
		}
		if strings.Contains(paper.ErrorMessage(err), "\x1b") {
			t.Errorf("%q: the message carries the escape", key)
		}
		if _, ok := Default(key); ok {
			t.Errorf("%q has a default", key)
		}
	}
}

func TestErrorMessageQuotesTheValueSafely(t *testing.T) {
	err := ValidateSetting(SyncInterval, json.RawMessage("153722868"))
	if got, want := paper.ErrorMessage(err), "syncInterval must be a whole number of minutes from 0 (off) to 10080 (7 days); got 153722868"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	err = ValidateSetting(Theme, json.RawMessage(`"`+strings.Repeat("x", 100)+`\u009b"`))
	if msg := paper.ErrorMessage(err); len(msg) > 200 || strings.ContainsRune(msg, 0x9b) {
		t.Errorf("message %q is too long or unsafe", msg)
	}
}
