package termtext

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLineAndText(t *testing.T) {
	tests := []struct {
		name, in, line, text string
	}{
		{"plain", "Attention Is All You Need — naïve café", "Attention Is All You Need — naïve café", "Attention Is All You Need — naïve café"},
		{"window title", "\x1b]0;pwned\x07Title", `\x1b]0;pwned\x07Title`, `\x1b]0;pwned\x07Title`},
		{"clear screen", "a\x1b[2Jb", `a\x1b[2Jb`, `a\x1b[2Jb`},
		{"device status report", "\x1b[6n", `\x1b[6n`, `\x1b[6n`},
		{"C1 CSI", "a\u009b2Jb", `a\u009b2Jb`, `a\u009b2Jb`},
		{"NEL", "a\u0085b", `a\u0085b`, `a\u0085b`},
		{"bidi override", "abc\u202edcba\u202c", `abc\u202edcba\u202c`, `abc\u202edcba\u202c`},
		{"bidi isolates and marks", "\u2066x\u2069\u200e\u200f\u061c", `\u2066x\u2069\u200e\u200f\u061c`, `\u2066x\u2069\u200e\u200f\u061c`},
		{"line separator", "a\u2028b", `a\u2028b`, `a\u2028b`},
		{"carriage return", "safe\rEVIL", `safe\x0dEVIL`, `safe\x0dEVIL`},
		{"backspace and DEL", "a\bb\x7f", `a\x08b\x7f`, `a\x08b\x7f`},
		{"newline and tab", "a\nb\tc", "a b c", "a\nb\tc"},
		{"invalid UTF-8", "a\xffb\xc2", `a\xffb\xc2`, `a\xffb\xc2`},
		{"raw C1 byte is invalid UTF-8", "a\x9bb", `a\x9bb`, `a\x9bb`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.in); got != tt.line {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
			}
			if got := Text(tt.in); got != tt.text {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.text)
			}
		})
	}
}

func TestEscapeJSON(t *testing.T) {
	in := []byte(`{"title":"a` + "\u009b2J\u202e\x7f" + `","raw":{"x":"` + "\xff\xfe" + `"},"ok":"é"}`)
	got := EscapeJSON(in)
	want := `{"title":"a\u009b2J\u202e\u007f","raw":{"x":"\ufffd\ufffd"},"ok":"é"}`
	if string(got) != want {
		t.Errorf("EscapeJSON = %s, want %s", got, want)
	}
	var a, b any
	if err := json.Unmarshal(in, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &b); err != nil {
		t.Fatal(err)
	}
	if ja, jb := mustMarshal(t, a), mustMarshal(t, b); ja != jb {
		t.Errorf("the value changed: %s, then %s", ja, jb)
	}
	clean := []byte(`{"a":"plain"}`)
	if got := EscapeJSON(clean); &got[0] != &clean[0] {
		t.Error("clean JSON was copied")
	}
}

func TestWriteJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, map[string]string{"title": "<b>\x1b[2J\u009b\u202e</b>"}, "  "); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"title\": \"<b>\\u001b[2J\\u009b\\u202e</b>\"\n}\n"
	if buf.String() != want {
		t.Errorf("WriteJSON wrote %q, want %q", buf.String(), want)
	}
}

func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkSafe fails if s holds anything a terminal could obey.
func checkSafe(t *testing.T, s string, multiline bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("invalid UTF-8 in %q", s)
	}
	for _, r := range s {
		if (r == '\n' || r == '\t') && multiline {
			continue
		}
		if Unsafe(r) {
			t.Fatalf("unsafe %U in %q", r, s)
		}
	}
	if strings.ContainsRune(s, 0x1b) || strings.ContainsRune(s, 0x9b) {
		t.Fatalf("escape introducer in %q", s)
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b]0;t\x07", "\u009b6n", "\u202e", "\xff\xfe", "a\nb\tc\r", "\xc2\x9b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSafe(t, Line(s), false)
		checkSafe(t, Text(s), true)
		if isClean(s, true) && Text(s) != s {
			t.Fatalf("safe text changed: %q → %q", s, Text(s))
		}
	})
}

func FuzzEscapeJSON(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b]0;t\x07", "\u009b6n", "\u202e\u2066", "\xff\xfe", "a\"b\\c", "\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// As encoding/json writes a string field…
		enc, err := json.Marshal(map[string]string{"s": s})
		if err != nil {
			t.Fatal(err)
		}
		checkJSON(t, enc)
		// …and as a json.RawMessage keeps raw API bytes: any byte but the
		// ones that end or escape a string, or that JSON forbids in one.
		var raw []byte
		for i := range len(s) {
			if c := s[i]; c != '"' && c != '\\' && c >= 0x20 {
				raw = append(raw, c)
			}
		}
		checkJSON(t, []byte(`{"s":"`+string(raw)+`"}`))
	})
}

// checkJSON checks that EscapeJSON(in) is safe, valid JSON with in's value.
func checkJSON(t *testing.T, in []byte) {
	t.Helper()
	out := EscapeJSON(in)
	checkSafe(t, string(out), false)
	var a, b map[string]string
	if err := json.Unmarshal(in, &a); err != nil {
		t.Fatalf("test input %q: %v", in, err)
	}
	if err := json.Unmarshal(out, &b); err != nil {
		t.Fatalf("EscapeJSON(%q) = %q: %v", in, out, err)
	}
	if a["s"] != b["s"] {
		t.Fatalf("value changed: %q → %q", a["s"], b["s"])
	}
}
