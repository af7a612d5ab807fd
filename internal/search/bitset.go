package search

import (
	"slices"
	"unsafe"
)

// bitset is a growable set of doc numbers. Writers clone before changing
// one that a published snapshot holds.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) has(i uint32) bool {
	w := int(i / 64)
	return w < len(b) && b[w]&(1<<(i%64)) != 0
}

func (b *bitset) put(i uint32, v bool) {
	w := int(i / 64)
	if !v {
		if w < len(*b) {
			(*b)[w] &^= 1 << (i % 64)
		}
		return
	}
	for w >= len(*b) {
		*b = append(*b, 0)
	}
	(*b)[w] |= 1 << (i % 64)
}

func (b bitset) clone() bitset { return slices.Clone(b) }

// unsafeString views b as a string without copying; b must not change
// while the string is in use.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
