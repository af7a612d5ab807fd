//go:build !darwin

package hotkey

// notify delivers a press on ch without blocking: if a press is already waiting, this one
// merges into it.
func notify(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
