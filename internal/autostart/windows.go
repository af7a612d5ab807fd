//go:build windows

package autostart

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

const (
	runKey = `Software\Microsoft\Windows\CurrentVersion\Run`
	// Task Manager's Startup tab records the user's on/off switch here, beside the Run key.
	approvedKey = `Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run`
	valueName   = "Paperboy"
)

// Supported reports whether start at login works here: it does on Windows.
func Supported() bool { return true }

// Enable writes the Run value that starts command when the user logs in, and clears a
// "disabled" mark Task Manager may have left for it.
func Enable(command []string) error {
	if err := checkCommand(command); err != nil {
		return err
	}
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "could not turn on start at login: the Run key could not be opened")
	}
	defer k.Close()
	if err := k.SetStringValue(valueName, windows.ComposeCommandLine(command)); err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "could not turn on start at login: the Run key could not be written")
	}
	if a, err := registry.OpenKey(registry.CURRENT_USER, approvedKey, registry.SET_VALUE); err == nil {
		a.DeleteValue(valueName)
		a.Close()
	}
	return nil
}

// Disable deletes the Run value; without one there is nothing to do.
func Disable() error {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "could not turn off start at login: the Run key could not be opened")
	}
	defer k.Close()
	if err := k.DeleteValue(valueName); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return paper.Wrap(paper.EINTERNAL, err, "could not turn off start at login: the Run value could not be deleted")
	}
	return nil
}

// Enabled reports whether Windows will start Paperboy at login: the Run value exists, its
// program exists, and Task Manager has not switched it off.
func Enabled() (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, paper.Wrap(paper.EINTERNAL, err, "could not read the Run key")
	}
	defer k.Close()
	line, _, err := k.GetStringValue(valueName)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, paper.Wrap(paper.EINTERNAL, err, "could not read the Run key")
	}
	args, err := windows.DecomposeCommandLine(line)
	if err != nil || len(args) == 0 {
		return false, nil
	}
	if _, err := os.Stat(args[0]); err != nil {
		return false, nil
	}
	return !disabledInTaskManager(), nil
}

// disabledInTaskManager reads Task Manager's mark: a binary value whose first byte is odd
// (3, 7) when the user switched the entry off there, even (2, 6) when on.
func disabledInTaskManager() bool {
	a, err := registry.OpenKey(registry.CURRENT_USER, approvedKey, registry.QUERY_VALUE)
	if err != nil {
		return false
	}
	defer a.Close()
	data, _, err := a.GetBinaryValue(valueName)
	return err == nil && len(data) > 0 && data[0]&1 == 1
}
