package search

import (
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// scanner folds text, splits it into tokens and interns them in a dict in
// one pass, reusing its buffers: the build spends most of its time here.
// ASCII words, nearly all of the text, never leave the string: their packed
// key is loaded from it and lowercased eight bytes at a time.
type scanner struct {
	ids []uint32 // of the tokens of the last scan, in order
	buf []byte
	tmp []byte
}

// Byte classes.
const (
	cSep  = iota // ends a token
	cWord        // ASCII letter or digit
	cHigh        // starts a multi-byte rune
)

var byteClass = func() (c [256]uint8) {
	for i := range 256 {
		b := byte(i)
		switch {
		case b >= utf8.RuneSelf:
			c[i] = cHigh
		case isWordByte(b):
			c[i] = cWord
		}
	}
	return c
}()

// scan replaces sc.ids with the ids in d of the tokens of s at least
// minLen bytes long, inserting new ones: the same tokens as terms(s).
func (sc *scanner) scan(d *dict, s string, minLen int) {
	sc.scanRange(d, s, 0, len(s), minLen)
}

// scanRange is scan of s[from:end], where s[end] (if any) ends a token.
func (sc *scanner) scanRange(d *dict, s string, from, end, minLen int) {
	ids := sc.ids[:0]
	for i := from; i < end; {
		c := byteClass[s[i]]
		if c == cSep {
			i++
			continue
		}
		start := i
		if c == cWord && i+16 <= len(s) {
			// Find the end of an ASCII word of up to 16 bytes in one or
			// two loads, which are its key once lowercased and masked.
			w0 := le64(s[i : i+8])
			if m := ^wordBytes(w0) & highBits; m != 0 {
				n := bits.TrailingZeros64(m) >> 3
				if s[i+n] < utf8.RuneSelf {
					if n >= minLen {
						k0 := (w0 | lowerBits) & (1<<(8*n) - 1)
						id := d.first(k0, 0)
						if id == 0 {
							id = d.id(k0, 0) + 1
						}
						ids = append(ids, id-1)
					}
					i += n + 1 // and the separator
					continue
				}
			} else {
				w1 := le64(s[i+8 : i+16])
				if m := ^wordBytes(w1) & highBits; m != 0 {
					n := bits.TrailingZeros64(m) >> 3
					if s[i+8+n] < utf8.RuneSelf {
						k0, k1 := w0|lowerBits, (w1|lowerBits)&(1<<(8*n)-1)
						id := d.first(k0, k1)
						if id == 0 {
							id = d.id(k0, k1) + 1
						}
						ids = append(ids, id-1)
						i += 8 + n + 1
						continue
					}
				}
			}
		}
		// Near the end of s, or a long or non-ASCII token: byte by byte.
		for i < len(s) && byteClass[s[i]] == cWord {
			i++
		}
		if i < len(s) && byteClass[s[i]] == cHigh {
			ids, i = sc.foldToken(d, s, start, minLen, ids)
			continue
		}
		n := i - start
		if n < minLen {
			continue
		}
		if n > keyBytes {
			sc.tmp = appendLowerASCII(sc.tmp[:0], s[start:i])
			ids = append(ids, d.longID(sc.tmp))
			continue
		}
		k0, k1 := packASCII(s, start, n)
		ids = append(ids, d.id(k0, k1))
	}
	sc.ids = ids
}

const (
	lowerBits = 0x2020202020202020
	highBits  = 0x8080808080808080
	ones      = 0x0101010101010101
)

// wordBytes returns w with 0x80 in each byte that is an ASCII letter or
// digit and 0 in the others, comparing all eight at once: with the high
// bits cleared, adding 0x80-lo to a byte sets its high bit when it is at
// least lo, without a carry into the next byte.
func wordBytes(w uint64) uint64 {
	y := w &^ highBits
	l := y | lowerBits // letters lowercased
	letter := (l + (0x80-'a')*ones) &^ (l + (0x7f-'z')*ones)
	digit := (y + (0x80-'0')*ones) &^ (y + (0x7f-'9')*ones)
	return (letter | digit) &^ w & highBits
}

// foldToken is scan's slow path for a token at s[i:] that holds non-ASCII
// runes: it folds them, which may split it in several tokens, and returns
// where the token ends.
func (sc *scanner) foldToken(d *dict, s string, i, minLen int, ids []uint32) ([]uint32, int) {
	buf := sc.buf[:0]
	emit := func() {
		if len(buf) >= max(minLen, 1) {
			ids = append(ids, d.idOf(buf))
		}
		buf = buf[:0]
	}
token:
	for i < len(s) {
		c := s[i]
		switch byteClass[c] {
		case cSep:
			break token
		case cWord:
			buf = append(buf, c|0x20) // lowercase; digits have the bit already
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			sc.tmp = appendFoldRune(sc.tmp[:0], r)
			split := false
			for _, f := range string(sc.tmp) {
				if f < utf8.RuneSelf && byteClass[f] != cSep || f >= utf8.RuneSelf && (unicode.IsLetter(f) || unicode.IsDigit(f)) {
					if split {
						// A folded rune that holds a separator splits
						// the token.
						emit()
						split = false
					}
					buf = utf8.AppendRune(buf, f)
				} else {
					split = true
				}
			}
			i += size
			if split {
				break token
			}
		}
	}
	emit()
	sc.buf = buf
	return ids, i
}

// keyBytes is the longest token a packed key holds; longer ones (rare)
// are interned through a map.
const keyBytes = 16

// packASCII returns the key of the ASCII word s[i:i+n], lowercased, with
// 0 < n <= keyBytes: its bytes little endian, zero padded. No token holds
// a zero byte, so keys of different tokens differ.
func packASCII(s string, i, n int) (k0, k1 uint64) {
	j := i + n
	switch {
	case j < 8:
		for b := range n {
			k0 |= uint64(s[i+b]|0x20) << (8 * b)
		}
	case n <= 8:
		// Load the eight bytes that end with the word and shift out
		// those before it.
		k0 = (le64(s[j-8:j]) | lowerBits) >> (64 - 8*n)
	default:
		k0 = le64(s[i:i+8]) | lowerBits
		k1 = (le64(s[j-8:j]) | lowerBits) >> (128 - 8*n)
	}
	return k0, k1
}

func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// packBytes returns the key of a folded token of at most keyBytes bytes.
func packBytes(b []byte) (k0, k1 uint64) {
	for j := len(b) - 1; j >= 0; j-- {
		if j >= 8 {
			k1 = k1<<8 | uint64(b[j])
		} else {
			k0 = k0<<8 | uint64(b[j])
		}
	}
	return k0, k1
}

// unpack returns the token a key holds.
func unpack(k0, k1 uint64) string {
	var b [keyBytes]byte
	n := 0
	for _, k := range [2]uint64{k0, k1} {
		for ; k != 0; k >>= 8 {
			b[n] = byte(k)
			n++
		}
	}
	return string(b[:n])
}

func appendLowerASCII(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = append(dst, s[i]|0x20)
	}
	return dst
}
