//go:build !windows && !darwin

package hotkey

import (
	"context"
	"os"
)

// New returns the Registrar for this session: X11 under an X server, or one that explains
// why it can't register a key. New's error is only ever ctx's.
func New(ctx context.Context) (Registrar, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		return newUnsupported("this Wayland desktop offers no global shortcuts portal"), nil
	}
	if os.Getenv("DISPLAY") == "" {
		return newUnsupported("no X11 display or Wayland session"), nil
	}
	x, err := newX11("")
	if err != nil {
		return newUnsupported("the X display could not be reached"), nil
	}
	return x, nil
}
