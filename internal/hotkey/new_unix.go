//go:build !windows && !darwin

package hotkey

import (
	"context"
	"errors"
	"os"

	"github.com/godbus/dbus/v5"
)

// New returns the Registrar for this session: the desktop portal under Wayland, X11 under an
// X server, or one that explains why neither works. ctx bounds only the time spent asking
// the portal whether it is there; New's error is only ever ctx's. The portal
// wins under Wayland even when DISPLAY is set too: an X grab through Xwayland would see only
// the keys pressed in other X11 windows.
func New(ctx context.Context) (Registrar, error) {
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		return newWayland(ctx)
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

func newWayland(ctx context.Context) (Registrar, error) {
	const noPortal = "this Wayland desktop offers no global shortcuts portal"
	conn, err := connectSessionBus()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return newUnsupported("the session bus could not be reached"), nil
	}
	p, err := newPortal(ctx, conn)
	switch {
	case err == nil:
		return p, nil
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, errNoPortal):
		return newUnsupported(noPortal), nil
	default:
		return newUnsupported("the desktop portal did not answer"), nil
	}
}

// connectSessionBus opens a private connection to the session bus, without launching one
// when there is none (a portal needs a running session anyway).
func connectSessionBus() (*dbus.Conn, error) {
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		return nil, err
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return nil, err
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}
