package autostart

import "github.com/paperboy-reader/paperboy/internal/paper"

// Supported reports whether start at login works here: not on macOS, yet.
func Supported() bool { return false }

// Enable fails on macOS with ErrUnsupported.
func Enable(command []string) error {
	if err := checkCommand(command); err != nil {
		return err
	}
	return &paper.Error{Code: paper.EINVALID, Err: ErrUnsupported,
		Message: "start at login is not supported on macOS yet: add Paperboy under System Settings → General → Login Items"}
}

// Disable does nothing on macOS.
func Disable() error { return nil }

// Enabled is always false on macOS.
func Enabled() (bool, error) { return false, nil }
