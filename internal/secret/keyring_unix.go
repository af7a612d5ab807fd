//go:build linux || freebsd || openbsd || netbsd || dragonfly

package secret

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/godbus/dbus/v5"
)

const (
	keyringName = "the system keyring"
	isWindows   = false
)

// secretService is the Secret Service's D-Bus name.
const secretService = "org.freedesktop.secrets"

// keyringAvailable reports whether a Secret Service answers on the session
// bus, or can be started there. Without a session bus it is false at once:
// no bus is started for it (godbus would try dbus-launch).
func keyringAvailable() bool {
	if !sessionBusKnown() {
		return false
	}
	conn, err := dbus.SessionBus()
	if err != nil {
		return false
	}
	var owned bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, secretService).Store(&owned); err == nil && owned {
		return true
	}
	var activatable []string
	if err := conn.BusObject().Call("org.freedesktop.DBus.ListActivatableNames", 0).Store(&activatable); err != nil {
		return false
	}
	return slices.Contains(activatable, secretService)
}

// sessionBusKnown reports whether a session bus address is set or its
// usual socket exists.
func sessionBusKnown() bool {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return true
	}
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = "/run/user/" + strconv.Itoa(os.Getuid())
	}
	_, err := os.Stat(filepath.Join(dir, "bus"))
	return err == nil
}
