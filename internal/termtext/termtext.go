// Package termtext makes untrusted text (titles, abstracts, error messages
// quoted from an API) safe to print on a terminal or to hand to tools that
// print it.
//
// A terminal obeys control characters: ESC starts sequences that clear the
// screen (ESC [2J), set the window title (ESC ]0;…BEL) or make the terminal
// type a reply into the shell (ESC [6n); C1 controls such as U+009B (CSI) do
// the same on some terminals; bidirectional controls (U+202E …) reorder what
// is shown so a line reads differently from what it is. Line and Text replace
// each of them, and every invalid UTF-8 byte, with a visible escape ("\x1b",
// "\u202e", "\xff"), so nothing is hidden and nothing is obeyed. EscapeJSON
// does the same for JSON text, as \uXXXX escapes that decode to the same value.
package termtext

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

// Line returns s safe to print within one line: tabs and newlines become
// spaces, every other unsafe character a visible escape. Safe text is
// returned as it is.
func Line(s string) string { return clean(s, false) }

// Text returns s safe to print as a block of lines: it keeps newlines and
// tabs and escapes every other unsafe character, as Line does.
func Text(s string) string { return clean(s, true) }

// Unsafe reports whether r must not reach a terminal as it is: a C0 control
// (tab and newline included: callers decide about those), DEL, a C1 control,
// or a bidirectional control or line separator.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, // ARABIC LETTER MARK
		r == 0x200e, r == 0x200f, // LRM, RLM
		r >= 0x202a && r <= 0x202e, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069, // LRI, RLI, FSI, PDI
		r == 0x2028, r == 0x2029:   // LINE and PARAGRAPH SEPARATOR
		return true
	}
	return false
}

func clean(s string, multiline bool) string {
	if isClean(s, multiline) {
		return s
	}
	b := make([]byte, 0, len(s)+16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = fmt.Appendf(b, `\x%02x`, s[i])
		case (r == '\n' || r == '\t') && multiline:
			b = append(b, byte(r))
		case r == '\n' || r == '\t':
			b = append(b, ' ')
		case r < 0x80 && Unsafe(r):
			b = fmt.Appendf(b, `\x%02x`, r)
		case Unsafe(r):
			b = fmt.Appendf(b, `\u%04x`, r)
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

func isClean(s string, multiline bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		if c == '\n' || c == '\t' {
			if !multiline {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || Unsafe(r) {
			return false
		}
		i += size
	}
	return true
}

// EscapeJSON returns the JSON text b with DEL, C1 controls, bidirectional
// controls and line separators written as \uXXXX escapes and each invalid
// UTF-8 byte as \ufffd (U+FFFD, the replacement character). The value b
// encodes is otherwise unchanged. encoding/json escapes C0 controls itself
// but passes C1 and bidirectional controls through, and json.RawMessage keeps
// invalid bytes.
//
// b must be JSON text: outside strings, JSON has only ASCII, and within one
// every escape is ASCII, so each replaced character is a string character.
// b is returned as it is when there is nothing to replace.
func EscapeJSON(b []byte) []byte {
	i := firstUnsafeJSON(b)
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:i]...)
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf && c != 0x7f {
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = append(out, `\ufffd`...)
		case Unsafe(r):
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

func firstUnsafeJSON(b []byte) int {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf && c != 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if (r == utf8.RuneError && size == 1) || Unsafe(r) {
			return i
		}
		i += size
	}
	return -1
}

// WriteJSON writes v to w as JSON (indented by indent when it is not empty,
// HTML characters left as they are) followed by a newline, with EscapeJSON
// applied: what the CLI's --json prints.
func WriteJSON(w io.Writer, v any, indent string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(EscapeJSON(buf.Bytes()))
	return err
}
