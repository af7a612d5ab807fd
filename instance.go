package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"

	"github.com/godbus/dbus/v5"
)

// instanceID names the single-instance lock: one running window per data
// directory, so two libraries can be open side by side.
func instanceID(dataDir string) string {
	sum := sha256.Sum256([]byte(dataDir))
	return "paperboy_" + hex.EncodeToString(sum[:6])
}

// forwardToRunning hands args to a Paperboy already running on this data
// directory, over the session bus, in the message format Wails'
// SingleInstanceLock listens for. It reports whether one took them. We do this
// ourselves, before opening the store, because the running instance holds the
// store's lock and because Wails' own forwarding exits with status 1.
func forwardToRunning(id string, args []string) bool {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return false
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return false
	}
	defer conn.Close()
	wid := "wails_app_" + strings.NewReplacer("-", "_", ".", "_").Replace(id)
	name, path := "org."+wid+".SingleInstance", dbus.ObjectPath("/org/"+wid+"/SingleInstance")
	var owner string
	if err := conn.BusObject().Call("org.freedesktop.DBus.GetNameOwner", 0, name).Store(&owner); err != nil || owner == "" {
		return false
	}
	wd, _ := os.Getwd()
	msg, _ := json.Marshal(map[string]any{"Args": args, "WorkingDirectory": wd})
	return conn.Object(name, path).Call(name+".SendMessage", 0, string(msg)).Err == nil
}
